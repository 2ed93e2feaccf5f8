"""Names on the permit pages are in the reader's language, and mean the permit's decision."""

from types import SimpleNamespace

from django.urls import reverse
from django.utils import translation

from onestop.permits import services
from onestop.permits.models import ReviewStatus
from onestop.permits.views.cases import _titled
from onestop.permits.workflow import PermitState

from .conftest import fresh


def test_issued_permits_are_titled_in_the_readers_language():
    documents = [
        SimpleNamespace(kind="work_permit", title="外国人工作许可证"),
        SimpleNamespace(kind="residence_permit", title="工作类居留许可"),
        SimpleNamespace(kind="something_else", title="Stored title"),
    ]
    with translation.override("en"):
        titles = [d.display_title for d in _titled(documents)]
    assert titles == ["Foreigner's work permit", "Work-type residence permit", "Stored title"]


def test_a_refusal_reads_as_a_permit_decision_not_a_visa_refusal():
    with translation.override("zh-hans"):
        assert str(PermitState.REFUSED.label) == "不予批准"
        assert str(ReviewStatus.REFUSED.label) == "不予批准"


def test_the_biometrics_hall_is_named_in_the_readers_language(login, build, employer, biometrics_slot):
    hall = biometrics_slot.hall
    hall.names = {**hall.names, "zh-hans": "通州出入境接待大厅"}
    hall.save(update_fields=["names"])
    application = build("submitted")
    with translation.override("zh-hans"):
        services.application_biometrics_book(application=application, by=employer)
    app = fresh(application)
    assert app.biometrics_place == "通州出入境接待大厅"  # stored as the booker read it
    with translation.override("en"):
        assert app.biometrics_place_display == "Tongzhou Exit-Entry Hall"
    page = login(employer).get(reverse("permits:detail", args=[app.pk]) + "?lang=en")
    assert "Tongzhou Exit-Entry Hall" in page.content.decode()


def test_a_biometrics_option_names_the_hall_the_local_time_and_the_expected_wait(biometrics_slot):
    from onestop.halls.selectors.recommend import Recommendation
    from onestop.permits.integration import option_label

    hall = biometrics_slot.hall
    rec = Recommendation(
        slot=biometrics_slot,
        hall=hall,
        service=biometrics_slot.service,
        start=biometrics_slot.start,
        end=biometrics_slot.end,
        predicted_wait_min=12.0,
        distance_km=None,
        free=3,
    )
    with translation.override("en"):
        label = option_label(rec)
    local = biometrics_slot.start.astimezone(hall.tz)
    assert label.startswith("Tongzhou Exit-Entry Hall · ")
    assert local.strftime("%H:%M") in label
    assert label.endswith("expected wait: about 10 minutes")
