"""Outcomes: the visa recorded against the passport (number encrypted, masked, revealed
only with an audit line), refusals with their reason and date, withdrawal."""

from datetime import timedelta

import pytest

from onestop.cases.models import AuditEvent, TimelineEntry
from onestop.cases.services import NotPermitted
from onestop.core.errors import Conflict, ValidationFailed
from onestop.visas import services
from onestop.visas.models import Visa

from .conftest import today

pytestmark = pytest.mark.django_db


def _issue(application, officer, **kwargs):
    values = {
        "number": "jp 123 4567",
        "valid_from": application.arrive_on - timedelta(days=10),
        "valid_until": application.depart_on + timedelta(days=80),
        "entries": "multiple",
        "category": "短期滞在",
        "max_stay_days": 15,
    }
    values.update(kwargs)
    return services.visa_application_issue(application=application, by=officer, **values)


def test_issued_visa_is_recorded_against_the_passport(submitted, officer):
    _trip, batch, applications = submitted()
    application = applications[0]
    visa = _issue(application, officer)
    visa.refresh_from_db()
    application.refresh_from_db()
    assert application.case.state == "issued" and not application.case.is_open
    assert application.decided_on == today()
    assert visa.passport_id == application.passport_id is not None
    assert visa.person_id == application.person_id and visa.country == "JP"
    assert (visa.entries, visa.category, visa.max_stay_days) == ("multiple", "短期滞在", 15)
    assert visa.number_masked == "JP*****67"
    assert "JP1234567" not in visa.number_encrypted
    assert visa.reveal_number() == "JP1234567"
    assert application.passport.visas.get() == visa  # the passport registry entry knows its visas
    line = TimelineEntry.objects.get(case=application.case, code="visa.issue")
    assert line.params["valid_until"] == visa.valid_until.isoformat()
    event = AuditEvent.objects.get(action="visas.visa.recorded")
    assert event.new["number"] == "JP*****67"
    assert "JP1234567" not in str(AuditEvent.objects.filter(action__startswith="visas.").values_list("new", "data"))


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"number": "12"}, "number"),
        ({"number": "JP-12345!"}, "number"),
        ({"valid_from": None}, "valid_from"),
        ({"entries": "sometimes"}, "entries"),
        ({"max_stay_days": 0}, "max_stay_days"),
        ({"category": "x" * 41}, "category"),
    ],
)
def test_bad_visa_details_name_the_field(submitted, officer, change, field):
    application = submitted()[2][0]
    with pytest.raises(ValidationFailed) as caught:
        _issue(application, officer, **change)
    assert field in caught.value.fields
    assert not Visa.objects.exists()


def test_validity_must_run_forwards(submitted, officer):
    application = submitted()[2][0]
    with pytest.raises(ValidationFailed) as caught:
        _issue(application, officer, valid_from=application.depart_on, valid_until=application.arrive_on)
    assert "valid_until" in caught.value.fields


def test_decision_dates_cannot_be_in_the_future_or_before_submission(submitted, officer):
    application = submitted()[2][0]
    with pytest.raises(ValidationFailed) as caught:
        _issue(application, officer, issued_on=today() + timedelta(days=1))
    assert "issued_on" in caught.value.fields
    with pytest.raises(ValidationFailed) as caught:
        services.visa_application_refuse(
            application=application, by=officer, reason="x", refused_on=today() - timedelta(days=3)
        )
    assert "refused_on" in caught.value.fields


def test_one_visa_number_per_country(submitted, officer):
    first, second = submitted()[2]
    _issue(first, officer)
    with pytest.raises(Conflict) as caught:
        _issue(second, officer)
    assert caught.value.code == "visas.number_taken"
    second.case.refresh_from_db()
    assert second.case.state == "submitted"


def test_an_outcome_needs_a_submitted_application(trip_factory, table, officer):
    from .conftest import applications_of

    application = applications_of(trip_factory())[0]
    with pytest.raises(Conflict) as caught:
        _issue(application, officer)
    assert caught.value.code == "visas.not_submitted"
    with pytest.raises(Conflict):
        services.visa_application_refuse(application=application, by=officer, reason="x")


def test_refusal_keeps_the_reason_and_date(submitted, officer):
    application = submitted()[2][1]
    services.visa_application_refuse(application=application, by=officer, reason="  Purpose unclear  ")
    application.refresh_from_db()
    assert application.case.state == "refused"
    assert application.refusal_reason == "Purpose unclear" and application.decided_on == today()
    assert TimelineEntry.objects.get(case=application.case, code="visa.refuse").note == "Purpose unclear"


def test_withdrawal_of_a_submitted_application(submitted, officer):
    application = submitted()[2][0]
    services.visa_application_withdraw(application=application, by=officer, reason="The traveller falls ill")
    application.refresh_from_db()
    assert application.case.state == "withdrawn"
    with pytest.raises(Conflict):
        services.visa_application_withdraw(application=application, by=officer, reason="again")


def test_revealing_the_number_is_for_visa_officers_and_audited(submitted, officer, reviewer):
    application = submitted()[2][0]
    visa = _issue(application, officer)
    assert services.visa_reveal_number(user=officer, visa=visa) == "JP1234567"
    event = AuditEvent.objects.get(action="visas.visa.revealed")
    assert event.actor_id == officer.pk and event.data == {"number": "JP*****67"}
    for user in (reviewer, None):
        with pytest.raises(NotPermitted):
            services.visa_reveal_number(user=user, visa=visa)


def test_the_liaison_officer_is_told_of_the_outcome(submitted, officer, liaison, django_capture_on_commit_callbacks):
    from onestop.notify.models import Notification

    application = submitted()[2][0]
    with django_capture_on_commit_callbacks(execute=True):
        _issue(application, officer)
    assert Notification.objects.filter(recipient=liaison, code="visa.issue", case=application.case).exists()
