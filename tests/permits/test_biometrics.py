"""The one in-person step: biometrics, booked from the case through the halls module and
counted as the case's one visit when the employee checks in."""

from datetime import timedelta

import pytest
from django.urls import reverse

from onestop.cases.models import CaseVisit
from onestop.core.errors import Conflict
from onestop.permits import services

from .conftest import fresh, reviews


def test_booking_from_the_case_links_the_appointment(build, employer, biometrics_slot):
    application = build("submitted")
    booking = services.application_biometrics_book(application=application, by=employer)
    app = fresh(application)
    assert app.biometrics_appointment_id == booking.pk and app.biometrics_code == booking.code
    assert app.biometrics_at == biometrics_slot.start
    assert app.biometrics_place == "Tongzhou Exit-Entry Hall"
    from onestop.halls.models import Appointment

    appointment = Appointment.objects.get(pk=booking.pk)
    assert appointment.case_id == app.case_id and appointment.person_id == app.person_id
    assert appointment.service.code == "biometrics"
    with pytest.raises(Conflict) as err:
        services.application_biometrics_book(application=application, by=employer)
    assert err.value.code == "permits.biometrics_booked"


def test_biometrics_cannot_be_booked_for_a_draft(build, employer, biometrics_slot):
    application = build("draft")
    with pytest.raises(Conflict) as err:
        services.application_biometrics_book(application=application, by=employer)
    assert err.value.code == "permits.biometrics_state"


def test_check_in_at_the_hall_is_the_cases_one_visit(build, employer, biometrics_slot):
    from onestop.halls import clock
    from onestop.halls.services import appointment_check_in

    application = build("submitted")
    booking = services.application_biometrics_book(application=application, by=employer)
    assert not CaseVisit.objects.filter(case=application.case).exists()
    with clock.frozen_at(biometrics_slot.start - timedelta(minutes=10)):
        appointment_check_in(code=booking.code, hall=biometrics_slot.hall)
    assert CaseVisit.objects.filter(case=application.case).count() == 1


def test_residence_approval_follows_the_booking(build, employer, exit_officer, no_biometrics_rule, biometrics_slot):
    no_biometrics_rule.biometrics_before_residence_approval = True
    no_biometrics_rule.save()
    application = build("under_review")
    services.application_biometrics_book(application=application, by=employer)
    _work, residence = reviews(application)
    services.review_decide(review=residence, by=exit_officer, verdict="approved")
    residence.refresh_from_db()
    assert residence.status == "approved"


def test_one_click_booking_page(login, employer, build, biometrics_slot):
    application = build("submitted")
    client = login(employer)
    page = client.get(reverse("permits:biometrics", args=[application.pk]))
    assert page.status_code == 200 and b"Tongzhou Exit-Entry Hall" in page.content
    response = client.post(reverse("permits:biometrics", args=[application.pk]), {"best": "1"})
    assert response.status_code == 302
    assert fresh(application).biometrics_appointment_id is not None


def test_booking_a_chosen_slot_through_the_api(api, employer, build, biometrics_slot):
    application = build("submitted")
    response = api(employer).post(
        f"/api/v1/permits/applications/{application.pk}/biometrics/", {"slot": biometrics_slot.pk}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["place"] == "Tongzhou Exit-Entry Hall"


def test_the_booking_line_names_the_hall_in_the_readers_language(build, employer, biometrics_slot):
    from django.utils import translation

    from onestop.cases.models import TimelineEntry
    from onestop.cases.selectors import case_timeline

    hall = biometrics_slot.hall
    hall.names = {
        "en": "Tongzhou Exit-Entry Hall",
        "zh-hans": "通州出入境接待大厅",
        "ar": "قاعة الدخول والخروج في تونغتشو",
    }
    hall.save(update_fields=["names"])
    application = build("submitted")
    with translation.override("en"):
        services.application_biometrics_book(application=application, by=employer)
    entry = TimelineEntry.objects.get(case=application.case, code="permits.biometrics_booked")
    assert entry.params == {"place": "Tongzhou Exit-Entry Hall", "_refs": {"place": ["halls.hall", "tongzhou-test"]}}

    with translation.override("en"):
        texts = [line.text for line in case_timeline(case=application.case)]
    assert "Biometrics appointment booked at Tongzhou Exit-Entry Hall." in texts
    with translation.override("ar"):
        texts = [line.text for line in case_timeline(case=application.case)]
    assert any("قاعة الدخول والخروج في تونغتشو" in text for text in texts)
    assert not any("Tongzhou Exit-Entry Hall" in text for text in texts)
    with translation.override("zh-hans"):
        texts = [line.text for line in case_timeline(case=application.case)]
    assert any("通州出入境接待大厅" in text for text in texts)

    # Lines written before the reference hold only the name as booked: matched by name.
    entry.params = {"place": "Tongzhou Exit-Entry Hall"}
    entry.save(update_fields=["params"])
    with translation.override("ar"):
        texts = [line.text for line in case_timeline(case=application.case)]
    assert any("قاعة الدخول والخروج في تونغتشو" in text for text in texts)
    # A code no hall has any more falls back to the stored name.
    entry.params = {"place": "Closed hall", "_refs": {"place": ["halls.hall", "closed-hall"]}}
    entry.save(update_fields=["params"])
    with translation.override("en"):
        texts = [line.text for line in case_timeline(case=application.case)]
    assert "Biometrics appointment booked at Closed hall." in texts
