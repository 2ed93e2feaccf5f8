"""Two reviewers press "assign to me" on the same trip at the same moment: exactly one gets
it (the case row is locked by the transition). Runs in the PostgreSQL pass."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from onestop.core.errors import DomainError
from onestop.trips import services
from onestop.trips.models import Trip


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_reviewers_cannot_both_take_the_same_trip(trip_in_state, make_user):
    trip = trip_in_state("submitted")
    reviewers = [make_user("fao_reviewer") for _ in range(4)]
    barrier = threading.Barrier(len(reviewers))
    outcomes: list[str] = []
    lock = threading.Lock()

    def take(reviewer):
        try:
            barrier.wait()
            services.trip_assign(trip=Trip.objects.select_related("case").get(pk=trip.pk), by=reviewer)
            result = "ok"
        except DomainError as exc:
            result = exc.code
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=take, args=(r,)) for r in reviewers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("ok") == 1
    assert len(outcomes) == 4
    # the losers find the trip already taken (never silently take it from the winner)
    assert set(outcomes) - {"ok"} <= {"trips.assign_taken", "trips.assign_state", "cases.transition_not_allowed"}
    case = Trip.objects.get(pk=trip.pk).case
    assert case.state == "in_review" and case.assigned_to_id in {r.pk for r in reviewers}
    from onestop.cases.models import TimelineEntry

    assert TimelineEntry.objects.filter(case=case, code="trip.assign").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_get_distinct_numbers(trip_in_state, reviewer):
    trips = [trip_in_state("in_review") for _ in range(4)]
    barrier = threading.Barrier(len(trips))
    errors: list[Exception] = []

    def approve(trip):
        try:
            barrier.wait()
            services.trip_approve(trip=Trip.objects.select_related("case").get(pk=trip.pk), by=reviewer)
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(t,)) for t in trips]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    numbers = list(Trip.objects.filter(pk__in=[t.pk for t in trips]).values_list("approval_number", flat=True))
    assert len(set(numbers)) == 4 and all(n.startswith("TRPA-") for n in numbers)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_one_collection_appointment_is_booked_once(after_trip, collection_hall, liaison, make_user, org):
    """Two liaison officers of the organization book the trip's collection at the same
    moment: the trip row is locked while one books, the other is told it is booked."""
    from onestop.halls.models import Appointment

    trip = after_trip("ready_for_collection")
    officers = [liaison, make_user("liaison", org=org), make_user("liaison", org=org)]
    barrier = threading.Barrier(len(officers))
    outcomes: list[str] = []
    lock = threading.Lock()

    def book(officer):
        try:
            barrier.wait()
            services.trip_collection_book(trip=Trip.objects.select_related("case", "organization").get(pk=trip.pk),
                                          by=officer)  # fmt: skip
            result = "ok"
        except DomainError as exc:
            result = exc.code
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=book, args=(o,)) for o in officers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("ok") == 1 and len(outcomes) == 3
    assert set(outcomes) - {"ok"} == {"trips.collection_booked"}
    assert Appointment.objects.filter(case=trip.case, status="booked").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_officers_record_one_collection(after_trip, passport_officer, make_user, liaison):
    """The collection is recorded once: the second officer finds the trip collected and no
    passport is checked out twice."""
    from onestop.passports.models import Reservation
    from onestop.trips.models import TripCollection

    trip = after_trip("ready_for_collection")
    officers = [passport_officer, make_user("passport_officer")]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def collect(officer):
        try:
            barrier.wait()
            services.trip_collect(trip=Trip.objects.select_related("case").get(pk=trip.pk), by=officer,
                                  signer_name=liaison.full_name, confirmed=True)  # fmt: skip
            outcomes.append("ok")
        except DomainError as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=collect, args=(o,)) for o in officers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "trips.not_ready_for_collection"]
    assert TripCollection.objects.filter(trip=trip).count() == 1
    assert set(Reservation.objects.filter(trip_case=trip.case).values_list("status", flat=True)) == {"checked_out"}
