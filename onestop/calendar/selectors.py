"""Reads for the calendar pages, the system check and the coverage job."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings

from .models import CalendarDay, CalendarYear

# From this month on, next year's schedule is expected (the State Council publishes it in
# the autumn) and its absence is reported. Settings may move it; 1 warns all year.
DEFAULT_NEXT_YEAR_WARN_MONTH = 10


def next_year_warn_month() -> int:
    return int(getattr(settings, "CALENDAR_NEXT_YEAR_WARN_MONTH", DEFAULT_NEXT_YEAR_WARN_MONTH))


def calendar_missing_years(*, today: date) -> list[int]:
    """The years that should have official data by ``today`` and do not: the current year
    always, the next one from ``CALENDAR_NEXT_YEAR_WARN_MONTH`` on."""
    wanted = [today.year]
    if today.month >= next_year_warn_month():
        wanted.append(today.year + 1)
    present = set(CalendarYear.objects.filter(year__in=wanted).values_list("year", flat=True))
    return [y for y in wanted if y not in present]


@dataclass
class YearOverview:
    year: int
    record: CalendarYear | None
    days: list[CalendarDay]
    holidays: int
    workdays: int


def calendar_year_overview(*, year: int) -> YearOverview:
    days = list(CalendarDay.objects.filter(date__year=year).order_by("date"))
    holidays = sum(1 for d in days if d.kind == CalendarDay.Kind.HOLIDAY)
    return YearOverview(
        year=year,
        record=CalendarYear.objects.filter(year=year).first(),
        days=days,
        holidays=holidays,
        workdays=len(days) - holidays,
    )
