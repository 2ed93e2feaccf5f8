"""An organization with a passport more than 30 days overdue cannot submit new trips
(configurable); the submission fails with a clear message and nothing changes."""

from datetime import timedelta

import pytest
from django.utils import translation

from onestop.cases.models import AuditEvent, Case, TimelineEntry
from onestop.core.errors import Conflict
from onestop.passports.models import PassportPolicy, Reservation
from onestop.passports.selectors import organization_block
from onestop.passports.services import passport_check_out, passport_return

from .conftest import today

pytestmark = pytest.mark.django_db


@pytest.fixture
def overdue(make_person, make_passport, make_trip, officer):
    """A passport of the organization checked out and due back ``days`` ago."""

    def _make(days: int):
        person = make_person("张伟")
        passport = make_passport(person, number="PE3330001")
        make_trip([person], start=20, days=5)
        reservation = passport_check_out(text="PE3330001", by=officer)
        Reservation.objects.filter(pk=reservation.pk).update(due_on=today() - timedelta(days=days))  # test set-up
        return passport

    return _make


def _submit(trip, liaison):
    from onestop.trips import services

    return services.trip_submit(trip=trip, by=liaison)


def test_submission_is_refused_with_the_message_and_nothing_changes(overdue, make_person, make_trip, liaison):
    passport = overdue(34)
    draft = make_trip([make_person()], state="draft")
    timeline_before = TimelineEntry.objects.filter(case_id=draft.case_id).count()
    audit_before = AuditEvent.objects.count()
    with translation.override("en"), pytest.raises(Conflict) as err:
        _submit(draft, liaison)
    assert err.value.code == "passports.organization_blocked"
    assert str(err.value.message) == (
        f"Passport {passport.number_masked} of 张伟 is 34 days overdue; return it before submitting new trips."
    )
    case = Case.objects.get(pk=draft.case_id)
    assert case.state == "draft" and case.submitted_at is None and case.due_at is None and case.queue == ""
    assert TimelineEntry.objects.filter(case_id=draft.case_id).count() == timeline_before
    assert not AuditEvent.objects.filter(action="trip.case.submit", object_id=str(draft.case_id)).exists()
    assert AuditEvent.objects.count() == audit_before


def test_resubmission_is_refused_too(overdue, make_person, make_trip, liaison, reviewer):
    from onestop.trips import services

    trip = make_trip([make_person()], state="in_review")
    services.trip_request_correction(trip=trip, by=reviewer, note="Add the itinerary")
    overdue(31)
    with pytest.raises(Conflict) as err:
        services.trip_resubmit(trip=trip, by=liaison)
    assert err.value.code == "passports.organization_blocked"
    assert Case.objects.get(pk=trip.case_id).state == "correction_requested"


def test_exactly_thirty_days_overdue_does_not_block(overdue, make_person, make_trip, liaison):
    overdue(30)
    draft = make_trip([make_person()], state="draft")
    _submit(draft, liaison)
    assert Case.objects.get(pk=draft.case_id).state == "submitted"


def test_the_block_ends_when_the_passport_comes_back(overdue, make_person, make_trip, liaison, officer):
    overdue(40)
    passport_return(text="PE3330001", by=officer)
    draft = make_trip([make_person()], state="draft")
    _submit(draft, liaison)
    assert Case.objects.get(pk=draft.case_id).state == "submitted"


def test_other_organizations_and_the_policy_switch(overdue, make_person, make_trip, liaison, other_liaison, other_org):
    overdue(40)
    assert organization_block(organization=other_org) is None
    other = make_trip([make_person(organization=other_org)], state="draft", by=other_liaison)
    _submit(other, other_liaison)
    assert Case.objects.get(pk=other.case_id).state == "submitted"
    PassportPolicy.objects.create(block_after_days=60)
    draft = make_trip([make_person()], state="draft")
    _submit(draft, liaison)  # 40 days is below the new limit
    assert Case.objects.get(pk=draft.case_id).state == "submitted"
    PassportPolicy.objects.filter(key="default").update(block_after_days=10, block_enabled=False)
    draft2 = make_trip([make_person()], state="draft")
    _submit(draft2, liaison)
    assert Case.objects.get(pk=draft2.case_id).state == "submitted"
