"""Trip approval reserves each traveller's valid passport; overlaps conflict; a traveller
without a valid passport gets an application; withdrawal, rejection and cancellation
release the reservations."""

from datetime import timedelta

import pytest

from onestop.cases.models import Case
from onestop.core.errors import Conflict
from onestop.passports.models import PassportApplication, PassportStatus, Reservation

from .conftest import approve, future

pytestmark = pytest.mark.django_db


def test_approval_reserves_each_travellers_passport_with_the_due_date(make_person, make_passport, make_trip):
    a, b = make_person("张伟"), make_person("李娜")
    pa, pb = make_passport(a), make_passport(b)
    trip = make_trip([a, b], start=30, days=5)
    for passport in (pa, pb):
        passport.refresh_from_db()
        assert passport.status == PassportStatus.RESERVED
        reservation = passport.reservations.get()
        assert reservation.trip_case_id == trip.case_id
        assert (reservation.starts_on, reservation.ends_on) == (trip.departs_on, trip.returns_on)
        # departure + 5 approved days (departure and return count) + 7 days = return + 7
        assert reservation.due_on == trip.returns_on + timedelta(days=7)
        assert reservation.organization_id == trip.organization_id


def test_overlapping_trip_cannot_be_approved_and_the_message_names_traveller_and_trip(
    make_person, make_passport, make_trip, reviewer
):
    person = make_person("张伟")
    passport = make_passport(person)
    first = make_trip([person], start=30, days=5)
    second = make_trip([person], state="in_review", start=32, days=5)
    with pytest.raises(Conflict) as err:
        approve(second, reviewer)
    assert err.value.code == "passports.reservation_overlap"
    assert "张伟" in str(err.value.message) and first.case.number in str(err.value.message)
    assert passport.number_masked in str(err.value.message)
    # the approval was rolled back: the trip is still in review, nothing reserved for it
    assert Case.objects.get(pk=second.case_id).state == "in_review"
    assert not Reservation.objects.filter(trip_case_id=second.case_id).exists()


def test_non_overlapping_trips_both_reserve_the_same_passport(make_person, make_passport, make_trip):
    person = make_person()
    passport = make_passport(person)
    make_trip([person], start=30, days=5)
    make_trip([person], start=40, days=5)
    assert passport.reservations.filter(status="active").count() == 2


def test_passport_expiring_within_six_months_of_return_is_not_used(make_person, make_passport, make_trip):
    person = make_person("王芳")
    short = make_passport(person, expires_on=future(30 + 4 + 150))
    trip = make_trip([person], start=30, days=5)
    short.refresh_from_db()
    assert short.status == PassportStatus.IN_CUSTODY
    application = PassportApplication.objects.get(person=person)
    assert application.case.parent_id == trip.case_id
    assert application.kind == "renewal" and application.previous_passport_id == short.pk
    assert application.case.state == "draft"


def test_traveller_without_any_passport_gets_a_new_passport_application(make_person, make_trip):
    person = make_person()
    trip = make_trip([person])
    application = PassportApplication.objects.get(person=person)
    assert application.kind == "new"
    assert application.case.parent_id == trip.case_id


@pytest.mark.parametrize("how", ["reject", "withdraw"])
def test_reject_or_withdraw_releases_and_withdraws(how, make_person, make_passport, make_trip, reviewer, liaison):
    from onestop.passports.services import passport_reserve
    from onestop.trips import services

    person = make_person()
    passport = make_passport(person)
    trip = make_trip([person], state="in_review")
    # a reservation taken while the trip is in review (e.g. by the passport office)
    passport_reserve(
        passport=passport,
        trip_case=trip.case,
        organization=trip.organization,
        starts_on=trip.departs_on,
        ends_on=trip.returns_on,
        due_on=trip.returns_on + timedelta(days=7),
        by=None,
    )
    if how == "reject":
        services.trip_reject(trip=trip, by=reviewer, reason="No")
    else:
        services.trip_withdraw(trip=trip, by=liaison)
    passport.refresh_from_db()
    assert passport.status == PassportStatus.IN_CUSTODY
    assert passport.reservations.get().status == "released"
