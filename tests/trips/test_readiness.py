"""Readiness for collection: passports reserved and visas issued move the trip to "ready for
collection" (and back), triggered by the passports and visas apps' moves and by the scan;
what is missing is recorded on the trip by ids and codes."""

from __future__ import annotations

from datetime import date

import pytest

from onestop.trips import services
from onestop.trips.models import Trip
from onestop.trips.selectors import access_trip, trip_readiness

from .conftest import issue_visas, register_passports


@pytest.fixture
def approved(trip_in_state, reviewer, liaison, passport_officer, visa_table):
    """An approved trip (``country``) whose travellers had passports before the approval."""

    def _make(country: str = "SG", *, passports: bool = True):
        trip = trip_in_state("in_review", country=country)
        if passports:
            register_passports(trip, passport_officer)
        services.trip_approve(trip=trip, by=reviewer)
        return access_trip(user=liaison, pk=trip.pk)

    return _make


def test_a_visa_free_trip_with_reserved_passports_is_ready_once_checked(approved, liaison):
    trip = approved("SG")
    readiness = trip_readiness(trip=trip)
    assert [p.status for p in readiness.passports] == ["reserved", "reserved"]
    assert readiness.visas and all(v.state == "not_needed" for v in readiness.visas)
    assert readiness.ready

    services.trip_readiness_refresh(trip=trip)

    trip = access_trip(user=liaison, pk=trip.pk)
    assert trip.case.state == "ready_for_collection"
    assert trip.ready_at is not None and trip.readiness_missing == []
    assert trip.case.queue == "liaison"


def test_the_approval_checks_readiness_after_commit(trip_in_state, reviewer, liaison, passport_officer, visa_table,
                                                    django_capture_on_commit_callbacks):  # fmt: skip
    trip = trip_in_state("in_review", country="SG")
    register_passports(trip, passport_officer)
    with django_capture_on_commit_callbacks(execute=True):
        services.trip_approve(trip=trip, by=reviewer)
    assert Trip.objects.get(pk=trip.pk).case.state == "ready_for_collection"


def test_a_trip_waits_for_its_visas_and_records_what_is_missing(approved, liaison, visa_officer, visa_table,
                                                                django_capture_on_commit_callbacks):  # fmt: skip
    trip = approved("JP")
    services.trip_readiness_refresh(trip=trip)
    trip = access_trip(user=liaison, pk=trip.pk)
    assert trip.case.state == "approved"
    missing = trip.readiness_missing
    assert {row["kind"] for row in missing} == {"visa"}
    assert {row["country"] for row in missing} == {"JP"}
    assert all(row["application"].startswith("VSA-") for row in missing)
    assert all("name" not in row for row in missing)  # ids and codes only

    # The visa office issues the visas: the visa listener checks the trip after each commit.
    with django_capture_on_commit_callbacks(execute=True):
        issue_visas(trip, visa_officer, visa_table["JP"])
    trip = access_trip(user=liaison, pk=trip.pk)
    assert trip.case.state == "ready_for_collection"
    assert trip.readiness_missing == []


def test_a_traveller_without_passport_gets_an_application_and_the_issue_makes_the_trip_ready(
    approved, liaison, passport_officer, django_capture_on_commit_callbacks
):
    from onestop.passports.models import PassportApplication
    from onestop.passports.services import application_act, application_issue, application_update
    from tests.conftest import give_material

    trip = approved("SG", passports=False)
    lines = trip_readiness(trip=trip).passports
    assert {line.status for line in lines} == {"applying"}
    services.trip_readiness_refresh(trip=trip)
    assert Trip.objects.get(pk=trip.pk).readiness_missing[0]["status"] == "applying"

    for application in PassportApplication.objects.filter(case__parent=trip.case).select_related("case", "person"):
        give_material(application.person, "id_card")
        application_update(application=application, by=liaison, place_of_birth="Beijing", contact_phone="13800000000")
        application_act(application=application, name="submit", by=liaison)
        application_act(application=application, name="accept", by=passport_officer)
        application_act(application=application, name="prepare", by=passport_officer)
        with django_capture_on_commit_callbacks(execute=True):
            application_issue(application=application, by=passport_officer, number=f"E{application.pk + 8100000:08d}",
                              expires_on=date(2035, 1, 1))  # fmt: skip
    trip = access_trip(user=liaison, pk=trip.pk)
    assert trip.case.state == "ready_for_collection"
    assert {line.status for line in trip_readiness(trip=trip).passports} == {"reserved"}


def test_a_released_reservation_takes_the_trip_back_and_the_scan_finds_it(after_trip, passport_officer, liaison):
    from onestop.passports.models import Reservation
    from onestop.passports.services import reservation_release

    trip = after_trip("ready_for_collection")
    reservation = Reservation.objects.filter(trip_case=trip.case, status="active").first()
    reservation_release(reservation=reservation, by=passport_officer)  # at the desk: no transition of the trip

    result = services.trips_readiness_scan()

    assert result["checked"] >= 1
    trip = access_trip(user=liaison, pk=trip.pk)
    assert trip.case.state == "approved"
    assert trip.readiness_missing == [
        {"kind": "passport", "person_id": reservation.passport.holder_id, "status": "missing", "application": ""}
    ]


def test_a_refresh_on_a_trip_in_another_state_only_records_the_check(trip_in_state, liaison):
    trip = trip_in_state("submitted")
    services.trip_readiness_refresh(trip=trip)
    trip = access_trip(user=liaison, pk=trip.pk)
    assert trip.case.state == "submitted"
    assert trip.readiness_checked_at is not None


def test_the_passports_app_sees_the_states_after_approval_as_approved(after_trip):
    """The passports app lets a booklet out only for an approved trip; the new states keep
    the approval standing, cancellation ends it."""
    from onestop.passports.trips_link import trip_is_approved

    assert trip_is_approved(case_id=after_trip("ready_for_collection").case_id)
    assert not trip_is_approved(case_id=after_trip("cancelled").case_id)
