"""Check-out and return by MRZ or number, late returns, due dates (calendar days by
default, working days across National Day when the policy says so) and the cancellation
rule."""

from datetime import date, timedelta

import pytest

from onestop.cases.models import AuditEvent
from onestop.cases.services import NotPermitted
from onestop.core.errors import Conflict, ValidationFailed
from onestop.passports.models import CustodyEvent, Passport, PassportPolicy, PassportStatus, Reservation
from onestop.passports.policies import add_months, return_due_after_cancellation, return_due_after_trip
from onestop.passports.services import (
    on_trip_cancelled,
    passport_check_out,
    passport_return,
    reservation_release,
)
from tests.conftest import mrz_for

from .conftest import future, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def reserved(make_person, make_passport, make_trip):
    person = make_person("张伟")
    passport = make_passport(person, number="PE4440001", expires_on=future(2000))
    trip = make_trip([person], start=20, days=5)
    return passport, trip


def _mrz(passport):
    line1, line2 = mrz_for(
        passport.holder,
        number=passport.reveal_number(),
        expires_on=passport.expires_on,
        birth=passport.holder.birth_date,
    )
    return f"{line1}\n{line2}"


def test_check_out_then_return_by_mrz(reserved, officer):
    passport, trip = reserved
    reservation = passport_check_out(text=_mrz(passport), by=officer)
    assert reservation.trip_case_id == trip.case_id and reservation.status == "checked_out"
    assert Passport.objects.get(pk=passport.pk).status == PassportStatus.CHECKED_OUT
    back = passport_return(text=_mrz(passport), by=officer)
    assert back.status == "returned" and not back.returned_late and back.days_late == 0
    assert Passport.objects.get(pk=passport.pk).status == PassportStatus.IN_CUSTODY
    verbs = list(passport.events.values_list("verb", flat=True))
    assert verbs == ["registered", "reserved", "checked_out", "returned"]
    audit = AuditEvent.objects.filter(action="passports.passport.checked_out").get()
    assert audit.data["by_mrz"] is True and "PE4440001" not in str(audit.data)


def test_check_out_and_return_by_typed_number(reserved, officer):
    passport, _trip = reserved
    passport_check_out(text="pe4440001", by=officer)
    with pytest.raises(Conflict) as err:
        passport_check_out(text="PE4440001", by=officer)
    assert err.value.code == "passports.already_out"
    passport_return(text="PE4440001", by=officer)
    with pytest.raises(Conflict) as err:
        passport_return(text="PE4440001", by=officer)
    assert err.value.code == "passports.not_out"


def test_late_return_is_recorded_with_its_days(reserved, officer):
    passport, _trip = reserved
    reservation = passport_check_out(text="PE4440001", by=officer)
    Reservation.objects.filter(pk=reservation.pk).update(due_on=today() - timedelta(days=4))  # test set-up
    back = passport_return(text="PE4440001", by=officer)
    assert back.returned_late and back.days_late == 4
    assert passport.events.latest("pk").verb == CustodyEvent.Verb.RETURNED_LATE


def test_check_out_refusals(reserved, make_person, make_passport, officer, liaison):
    passport, _trip = reserved
    bad_mrz = _mrz(passport).replace("\n", "\nX", 1)[:-1]
    with pytest.raises(ValidationFailed) as err:
        passport_check_out(text=bad_mrz, by=officer)
    assert "code" in err.value.fields
    with pytest.raises(ValidationFailed) as err:
        passport_check_out(text="PE9999999", by=officer)
    assert err.value.code == "passports.unknown_number"
    idle = make_passport(make_person(), number="PE4440002")
    with pytest.raises(Conflict) as err:
        passport_check_out(text="PE4440002", by=officer)
    assert err.value.code == "passports.not_reserved" and idle.number_masked in str(err.value.message)
    with pytest.raises(NotPermitted):
        passport_check_out(text="PE4440001", by=liaison)
    assert Passport.objects.get(pk=passport.pk).status == PassportStatus.RESERVED


def test_mrz_that_does_not_match_the_registry_is_refused(reserved, officer):
    passport, _trip = reserved
    line1, line2 = mrz_for(
        passport.holder,
        number="PE4440001",
        expires_on=passport.expires_on + timedelta(days=1),
        birth=passport.holder.birth_date,
    )
    with pytest.raises(ValidationFailed) as err:
        passport_check_out(text=f"{line1}\n{line2}", by=officer)
    assert err.value.code == "passports.mrz_expiry_mismatch"


def test_return_with_a_later_reservation_leaves_it_reserved(make_person, make_passport, make_trip, officer):
    person = make_person()
    make_passport(person, number="PE4440003")
    make_trip([person], start=20, days=5)
    make_trip([person], start=40, days=5)
    first = passport_check_out(text="PE4440003", by=officer)
    assert first.starts_on == future(20)  # the earliest reservation goes out first
    passport_return(text="PE4440003", by=officer)
    assert Passport.objects.get(number_masked=first.passport.number_masked).status == PassportStatus.RESERVED


def test_release_keeps_a_checked_out_passport_out(make_person, make_passport, make_trip, officer):
    person = make_person()
    passport = make_passport(person, number="PE4440004")
    make_trip([person], start=20, days=5)
    later = make_trip([person], start=40, days=5)
    passport_check_out(text="PE4440004", by=officer)
    reservation_release(reservation=Reservation.objects.get(trip_case_id=later.case_id), by=officer)
    assert Passport.objects.get(pk=passport.pk).status == PassportStatus.CHECKED_OUT
    with pytest.raises(Conflict):
        reservation_release(reservation=Reservation.objects.get(trip_case_id=later.case_id), by=officer)


# --- due dates -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [(date(2026, 1, 31), 6, date(2026, 7, 31)), (date(2026, 8, 31), 6, date(2027, 2, 28)),
     (date(2027, 8, 31), 6, date(2028, 2, 29)), (date(2026, 12, 15), 1, date(2027, 1, 15))],
)  # fmt: skip
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


def test_due_date_is_seven_calendar_days_after_the_last_approved_day_even_across_national_day():
    # departs Thursday 24 September 2026, 5 approved days: back on Monday 28 September
    due = return_due_after_trip(departs_on=date(2026, 9, 24), approved_days=5, policy=PassportPolicy())
    assert due == date(2026, 10, 5)  # inside the Golden Week: calendar days do not care


def test_due_date_in_working_days_skips_national_day_and_counts_the_make_up_saturday():
    from onestop.calendar.services import calendar_seed_from_package, year_has_data

    if not year_has_data(2026):
        calendar_seed_from_package(years=[2026])
    policy = PassportPolicy(return_days_are_working_days=True)
    due = return_due_after_trip(departs_on=date(2026, 9, 24), approved_days=5, policy=policy)
    # 29, 30 Sep; 1-7 Oct holiday; 8, 9 Oct; Saturday 10 Oct (make-up); 12, 13 Oct
    assert due == date(2026, 10, 13)
    assert return_due_after_cancellation(cancelled_on=date(2026, 9, 30), policy=policy) == date(2026, 10, 15)
    assert return_due_after_cancellation(cancelled_on=date(2026, 9, 30), policy=PassportPolicy()) == date(2026, 10, 7)


def test_a_due_date_on_a_day_off_moves_to_the_next_working_day_when_the_policy_says_so():
    from onestop.calendar.services import calendar_seed_from_package, year_has_data

    if not year_has_data(2026):
        calendar_seed_from_package(years=[2026])
    policy = PassportPolicy(due_moves_to_working_day=True)
    # back Monday 28 September; seven days later is Monday 5 October, inside the Golden Week
    assert return_due_after_trip(departs_on=date(2026, 9, 24), approved_days=5, policy=policy) == date(2026, 10, 8)
    # cancelled on 30 September: 7 October is a holiday too
    assert return_due_after_cancellation(cancelled_on=date(2026, 9, 30), policy=policy) == date(2026, 10, 8)
    # a Saturday moves to Monday; a working day stays where it is
    assert return_due_after_trip(departs_on=date(2026, 11, 10), approved_days=5, policy=policy) == date(2026, 11, 23)
    assert return_due_after_trip(departs_on=date(2026, 11, 9), approved_days=5, policy=policy) == date(2026, 11, 20)
    # the make-up Saturday 10 October 2026 is a working day: a due date on it stays
    assert return_due_after_cancellation(cancelled_on=date(2026, 10, 3), policy=policy) == date(2026, 10, 10)


def test_policy_row_changes_the_due_date_of_new_reservations(make_person, make_passport, make_trip):
    PassportPolicy.objects.create(return_days_after_trip=10)
    person = make_person()
    passport = make_passport(person)
    trip = make_trip([person], start=20, days=5)
    assert passport.reservations.get().due_on == trip.returns_on + timedelta(days=10)


def test_cancelled_trip_releases_what_is_in_custody_and_sets_due_for_what_is_out(
    make_person, make_passport, make_trip, officer, reviewer
):
    from onestop.cases.workflow import listeners_for

    assert on_trip_cancelled in listeners_for("trip", "cancel")
    a, b = make_person(), make_person()
    pa, pb = make_passport(a, number="PE4440005"), make_passport(b, number="PE4440006")
    trip = make_trip([a, b], start=20, days=5)
    passport_check_out(text="PE4440005", by=officer)
    on_trip_cancelled(trip.case, reviewer, {})
    out = Reservation.objects.get(passport=pa)
    assert out.due_on == today() + timedelta(days=7) and out.trip_cancelled_on == today()
    assert Reservation.objects.get(passport=pb).status == "released"
    assert Passport.objects.get(pk=pb.pk).status == PassportStatus.IN_CUSTODY
    assert Passport.objects.get(pk=pa.pk).status == PassportStatus.CHECKED_OUT


def test_cancelling_an_approved_trip_through_the_trips_service(make_person, make_passport, make_trip, officer, liaison):
    """When the trips workflow declares "cancel", the listener runs inside that move."""
    from onestop.trips.services import trip_cancel

    a, b = make_person(), make_person()
    pa, pb = make_passport(a, number="PE4440007"), make_passport(b, number="PE4440008")
    trip = make_trip([a, b], start=20, days=5)
    passport_check_out(text="PE4440007", by=officer)
    trip_cancel(trip=trip, by=liaison, reason="The conference was called off")
    assert Reservation.objects.get(passport=pa).due_on == today() + timedelta(days=7)
    assert Reservation.objects.get(passport=pb).status == "released"
    assert Passport.objects.get(pk=pb.pk).status == PassportStatus.IN_CUSTODY
