"""After the trip: the dates travelled, the report due in working days (across holidays),
late reports, reminders sent once, closing, and cancelling an approved trip."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from onestop.core.errors import Conflict, NotFound, ValidationFailed
from onestop.trips import services
from onestop.trips.models import ReportReminder, Trip, TripReport
from onestop.trips.selectors import access_trip

from .conftest import report_upload


def today() -> date:
    return timezone.localdate()


def _approved_long_ago(trip, on: date) -> None:
    """Tests need trips travelled in the past: the approval is moved back (test data only)."""
    from datetime import datetime, time

    Trip.objects.filter(pk=trip.pk).update(
        approved_at=datetime.combine(on, time(9), tzinfo=timezone.get_current_timezone())
    )


# --- the return -----------------------------------------------------------------------------


def test_recording_the_return_sets_the_report_due_date(after_trip, liaison):
    trip = after_trip("collected")
    services.trip_return_record(trip=trip, by=liaison, departed_on=today(), returned_on=today())
    trip = access_trip(user=liaison, pk=trip.pk)
    assert trip.case.state == "returned"
    assert trip.actual_departs_on == trip.actual_returns_on == today()
    assert trip.report_due_on == services.report_due_date(returned_on=today())
    assert trip.report_due_on > today()


def test_the_report_is_due_ten_working_days_after_a_return_before_national_day(after_trip, liaison):
    """Back on 30 September 2025: 1–8 October are holidays and Saturday 11 October a make-up
    working day, so ten working days end on Tuesday 21 October (not on 14 October)."""
    trip = after_trip("collected")
    _approved_long_ago(trip, date(2025, 9, 1))
    services.trip_return_record(trip=trip, by=liaison, departed_on=date(2025, 9, 25), returned_on=date(2025, 9, 30))
    assert Trip.objects.get(pk=trip.pk).report_due_on == date(2025, 10, 21)


def test_the_due_date_follows_the_policy(after_trip, liaison):
    from onestop.trips.models import TripPolicy

    TripPolicy.objects.filter(is_active=True).update(report_due_working_days=3)
    # Spring Festival 2026: Saturday 14 February is a make-up working day, 15–23 February are
    # days off: three working days after Friday 13 February end on Wednesday 25 February.
    assert services.report_due_date(returned_on=date(2026, 2, 13)) == date(2026, 2, 25)


@pytest.mark.parametrize(
    "departed, returned, field",
    [
        (None, 0, "departed_on"),
        (0, None, "returned_on"),
        (0, -1, "returned_on"),  # back before leaving
        (0, 1, "returned_on"),  # back in the future
        (-400, 0, "departed_on"),  # before the approval
    ],
)
def test_bad_dates_are_refused_naming_the_field(after_trip, liaison, departed, returned, field):
    trip = after_trip("collected")

    def day(offset):
        return None if offset is None else today() + timedelta(days=offset)

    with pytest.raises(ValidationFailed) as caught:
        services.trip_return_record(trip=trip, by=liaison, departed_on=day(departed), returned_on=day(returned))
    assert field in caught.value.fields
    assert Trip.objects.get(pk=trip.pk).case.state == "collected"


def test_the_passport_officer_takes_the_passports_back_with_the_return(after_trip, passport_officer):
    from onestop.passports.models import Reservation

    trip = after_trip("collected")
    services.trip_return_record(
        trip=trip, by=passport_officer, departed_on=today(), returned_on=today(), hand_back_passports=True
    )
    rows = Reservation.objects.filter(trip_case=trip.case)
    assert set(rows.values_list("status", flat=True)) == {"returned"}
    assert not any(rows.values_list("returned_late", flat=True))


def test_a_liaison_officer_of_another_organization_cannot_record_the_return(after_trip, other_liaison):
    with pytest.raises(NotFound):
        services.trip_return_record(
            trip=after_trip("collected"), by=other_liaison, departed_on=today(), returned_on=today()
        )


def test_the_return_waits_for_the_collection(after_trip, liaison):
    with pytest.raises(Conflict):
        services.trip_return_record(
            trip=after_trip("ready_for_collection"), by=liaison, departed_on=today(), returned_on=today()
        )


# --- the report -----------------------------------------------------------------------------


def test_the_report_is_kept_in_the_dossier_and_goes_to_the_office(after_trip, liaison):
    from onestop.dossier.models import CaseMaterial

    trip = after_trip("returned")
    report = services.trip_report_submit(
        trip=trip, by=liaison, summary=" Signed the agreement. ", countries=["sg", "SG"], upload=report_upload()
    )
    assert report.summary == "Signed the agreement." and report.countries_visited == ["SG"]
    assert report.days_late == 0 and not report.is_late
    row = CaseMaterial.objects.get(pk=report.case_material_id)
    assert row.case_id == trip.case_id and row.type.code == "trip_report"
    case = access_trip(user=liaison, pk=trip.pk).case
    assert case.state == "report_submitted" and case.queue == "fao_reviewer"


def test_a_late_report_counts_the_working_days_late(after_trip, liaison):
    trip = after_trip("returned")
    due = today() - timedelta(days=20)
    Trip.objects.filter(pk=trip.pk).update(report_due_on=due)
    report = services.trip_report_submit(trip=trip, by=liaison, summary="Late.", countries=["SG"],
                                         upload=report_upload())  # fmt: skip
    from onestop.calendar.services import working_days_between

    assert report.days_late == working_days_between(due, today()) > 0


@pytest.mark.parametrize(
    "summary, countries, upload, field",
    [
        ("", ["SG"], True, "summary"),
        ("x" * 5001, ["SG"], True, "summary"),
        ("Fine.", [], True, "countries"),
        ("Fine.", ["XX"], True, "countries"),
        ("Fine.", ["SG"], False, "file"),
    ],
)
def test_an_incomplete_report_is_refused(after_trip, liaison, summary, countries, upload, field):
    trip = after_trip("returned")
    with pytest.raises(ValidationFailed) as caught:
        services.trip_report_submit(
            trip=trip, by=liaison, summary=summary, countries=countries, upload=report_upload() if upload else None
        )
    assert field in caught.value.fields
    assert not TripReport.objects.filter(trip=trip).exists()


def test_a_returned_report_is_completed_and_closed(after_trip, liaison, reviewer):
    trip = after_trip("report_submitted")
    with pytest.raises(ValidationFailed):
        services.trip_report_return(trip=trip, by=reviewer, note=" ")
    services.trip_report_return(trip=trip, by=reviewer, note="Add the meeting minutes.")
    trip = access_trip(user=liaison, pk=trip.pk)
    assert trip.case.state == "returned"
    # the document on file is kept: a summary alone completes it
    report = services.trip_report_submit(trip=trip, by=liaison, summary="With the minutes.", countries=["SG"])
    assert report.revisions == 1 and report.case_material_id
    services.trip_close(trip=access_trip(user=liaison, pk=trip.pk), by=reviewer)
    case = access_trip(user=liaison, pk=trip.pk).case
    assert case.state == "closed" and not case.is_open
    services.trip_rate(trip=access_trip(user=liaison, pk=trip.pk), by=liaison, score=5)


# --- reminders ------------------------------------------------------------------------------


def test_reminders_before_on_and_after_the_due_date_are_sent_once(after_trip, liaison, reviewer):
    from onestop.calendar.services import add_working_days
    from onestop.notify.models import Notification

    trip = after_trip("returned")
    due = add_working_days(date(2026, 3, 2), 5)  # Monday 9 March 2026
    Trip.objects.filter(pk=trip.pk).update(report_due_on=due)

    assert services.trips_report_reminders(today=date(2026, 3, 2)) == {"before": 0, "due": 0, "overdue": 0}
    assert services.trips_report_reminders(today=date(2026, 3, 4))["before"] == 1  # three working days ahead
    assert services.trips_report_reminders(today=date(2026, 3, 5))["before"] == 0  # already sent
    assert services.trips_report_reminders(today=due)["due"] == 1
    assert services.trips_report_reminders(today=due + timedelta(days=1))["overdue"] == 1
    assert services.trips_report_reminders(today=due + timedelta(days=2))["overdue"] == 0

    assert set(ReportReminder.objects.filter(trip=trip).values_list("kind", flat=True)) == {"before", "due", "overdue"}
    codes = list(Notification.objects.filter(recipient=liaison, case=trip.case).values_list("code", flat=True))
    assert {"trips.report_before", "trips.report_due", "trips.report_overdue"} <= set(codes)
    assert Notification.objects.filter(recipient=reviewer, code="trips.report_overdue_office").exists()


def test_no_reminder_once_the_report_is_in(after_trip):
    trip = after_trip("report_submitted")
    Trip.objects.filter(pk=trip.pk).update(report_due_on=today() - timedelta(days=3))
    assert services.trips_report_reminders(today=today()) == {"before": 0, "due": 0, "overdue": 0}


# --- cancelling -------------------------------------------------------------------------------


def test_cancelling_releases_passports_withdraws_visas_and_cancels_the_booking(after_trip, liaison, collection_hall):
    from onestop.passports.models import Reservation
    from onestop.visas.models import VisaApplication

    trip = after_trip("ready_for_collection")
    appointment = services.trip_collection_book(trip=trip, by=liaison)
    with pytest.raises(ValidationFailed):
        services.trip_cancel(trip=trip, by=liaison, reason="")
    services.trip_cancel(trip=trip, by=liaison, reason="The partner postponed the meeting.")
    assert access_trip(user=liaison, pk=trip.pk).case.state == "cancelled"
    assert set(Reservation.objects.filter(trip_case=trip.case).values_list("status", flat=True)) == {"released"}
    appointment.refresh_from_db()
    assert appointment.status == "cancelled"
    assert not VisaApplication.objects.filter(trip_case=trip.case, case__state__in=["prepared", "submitted"]).exists()


def test_a_collected_trip_cancelled_owes_its_passports_back_within_the_policy(after_trip, reviewer):
    from onestop.passports.models import Reservation
    from onestop.passports.policies import return_due_after_cancellation

    trip = after_trip("collected")
    services.trip_cancel(trip=trip, by=reviewer, reason="Travel warning for the region.")
    rows = Reservation.objects.filter(trip_case=trip.case)
    assert set(rows.values_list("status", flat=True)) == {"checked_out"}
    assert set(rows.values_list("due_on", flat=True)) == {return_due_after_cancellation(cancelled_on=today())}


def test_a_trip_after_its_return_cannot_be_cancelled(after_trip, liaison, other_liaison):
    trip = after_trip("returned")
    with pytest.raises(Conflict):
        services.trip_cancel(trip=trip, by=liaison, reason="Too late.")
    with pytest.raises(NotFound):
        services.trip_cancel(trip=after_trip("approved"), by=other_liaison, reason="Not mine.")


def test_the_policy_refuses_a_report_delay_or_trip_limit_of_zero(make_user):
    from django.core.exceptions import ValidationError

    from onestop.trips.models import TripPolicy
    from onestop.trips.services.policy import trip_policy_save

    admin = make_user("admin")
    for field in ("report_due_working_days", "max_trips_per_person_per_year"):
        with pytest.raises(ValidationError) as caught:
            trip_policy_save(policy=TripPolicy(name="strict", **{field: 0}), by=admin)
        assert field in caught.value.message_dict
    saved = trip_policy_save(policy=TripPolicy(name="2027", report_due_working_days=15), by=admin)
    assert services.report_due_date(returned_on=date(2026, 3, 2)) == date(2026, 3, 23)
    assert saved.is_active
