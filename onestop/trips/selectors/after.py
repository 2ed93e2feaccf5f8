"""Reads after the trip: which trip reports are due, due soon or overdue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from ..models import Trip
from ..workflow import TripState


@dataclass(frozen=True)
class ReportDue:
    trip: Trip
    due_on: date
    working_days_left: int  # 0 on the due date; negative: working days overdue


def trip_report_due_candidates(*, today: date, remind_days: int) -> list[ReportDue]:
    """Trips back from travel whose report is not in, due within ``remind_days`` working
    days or already overdue, soonest first."""
    from onestop.calendar.services import working_days_between

    rows: QuerySet[Trip] = (
        Trip.objects.select_related("case", "organization")
        .filter(case__state=TripState.RETURNED, report_due_on__isnull=False)
        .order_by("report_due_on", "pk")
    )
    found: list[ReportDue] = []
    for trip in rows.iterator():
        due = trip.report_due_on
        if due >= today:
            left = working_days_between(today, due)
            if left > remind_days:
                continue
        else:
            left = -working_days_between(due, today)
        found.append(ReportDue(trip=trip, due_on=due, working_days_left=left))
    return found
