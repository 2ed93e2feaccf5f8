"""Passports are scarce: concurrent claims on one booklet resolve to exactly one winner,
and the database itself refuses overlapping live reservations. Runs in the PostgreSQL pass."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction

from onestop.core.errors import DomainError
from onestop.passports.models import Passport, Reservation
from onestop.passports.services import passport_check_out, passport_reserve

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(fn, args_list):
    barrier = threading.Barrier(len(args_list))
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(args):
        try:
            barrier.wait()
            fn(*args)
            result = "ok"
        except DomainError as exc:
            result = exc.code
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(a,)) for a in args_list]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def test_four_overlapping_trips_reserve_one_passport_at_once(make_person, make_passport, make_trip):
    person = make_person()
    passport = make_passport(person)
    trips = [make_trip([make_person()], state="in_review", start=30 + i) for i in range(4)]

    def reserve(trip):
        passport_reserve(
            passport=Passport.objects.get(pk=passport.pk),
            trip_case=trip.case,
            organization=trip.organization,
            starts_on=trip.departs_on,
            ends_on=trip.returns_on,
            due_on=trip.returns_on + timedelta(days=7),
            by=None,
        )

    outcomes = _race(reserve, [(t,) for t in trips])
    assert outcomes.count("ok") == 1, outcomes
    assert set(outcomes) - {"ok"} <= {"passports.reservation_overlap", "passports.reservation_race"}
    assert Reservation.objects.filter(passport=passport, status="active").count() == 1
    assert Passport.objects.get(pk=passport.pk).status == "reserved"


def test_the_database_refuses_overlapping_live_reservations(make_person, make_passport, make_trip):
    person = make_person()
    passport = make_passport(person)
    a, b = (make_trip([make_person()], state="in_review", start=30 + i) for i in range(2))
    start = a.departs_on
    Reservation.objects.create(
        passport=passport,
        trip_case=a.case,
        organization=a.organization,
        starts_on=start,
        ends_on=start + timedelta(days=4),
        due_on=start + timedelta(days=11),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Reservation.objects.create(
            passport=passport,
            trip_case=b.case,
            organization=b.organization,
            starts_on=start + timedelta(days=4),
            ends_on=start + timedelta(days=8),
            due_on=start + timedelta(days=15),
        )
    # released reservations do not count
    Reservation.objects.filter(trip_case=a.case).update(status="released")
    Reservation.objects.create(
        passport=passport,
        trip_case=b.case,
        organization=b.organization,
        starts_on=start + timedelta(days=4),
        ends_on=start + timedelta(days=8),
        due_on=start + timedelta(days=15),
    )


def test_three_officers_scan_the_same_booklet(make_person, make_passport, make_trip, make_user, fao):
    person = make_person()
    passport = make_passport(person, number="PE9990001")
    trip = make_trip([make_person()], state="in_review")
    passport_reserve(
        passport=passport,
        trip_case=trip.case,
        organization=trip.organization,
        starts_on=trip.departs_on,
        ends_on=trip.returns_on,
        due_on=trip.returns_on + timedelta(days=7),
        by=None,
    )
    # test set-up: the approval stands without issuing its PDF (not what this test is about)
    from onestop.cases.models import Case
    from onestop.trips.models import Trip

    Trip.objects.filter(pk=trip.pk).update(approved_at=trip.case.created_at)
    Case.objects.filter(pk=trip.case_id).update(state="approved")
    officers = [make_user("passport_officer", org=fao) for _ in range(3)]
    outcomes = _race(lambda officer: passport_check_out(text="PE9990001", by=officer), [(o,) for o in officers])
    assert outcomes.count("ok") == 1, outcomes
    assert Reservation.objects.filter(passport=passport, status="checked_out").count() == 1
    assert Passport.objects.get(pk=passport.pk).status == "checked_out"
