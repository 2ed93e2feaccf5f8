"""System check: warn (never fail) when a year the platform needs has no official calendar."""

from __future__ import annotations

from datetime import date

from django.core.checks import Warning
from django.db import DatabaseError
from django.utils import timezone


def calendar_coverage_check(app_configs=None, *, today: date | None = None, **kwargs) -> list[Warning]:
    from .selectors import calendar_missing_years

    today = today or timezone.localdate()
    try:
        missing = calendar_missing_years(today=today)
    except DatabaseError:
        # Before ``migrate`` (or with the database down) there is nothing to check yet.
        return []
    current = today.year
    return [
        Warning(
            f"The working-day calendar has no official data for {year}: deadlines in {year} "
            "count Monday to Friday only, without holidays or make-up working days.",
            hint=f"Run `manage.py calendar_import --year {year} --file <csv or json>` with the State "
            "Council's schedule, or `manage.py calendar_seed` if the chinesecalendar package covers it.",
            id="calendar.W001" if year == current else "calendar.W002",
        )
        for year in missing
    ]
