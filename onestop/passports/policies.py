"""The custody rules as functions of the active ``PassportPolicy`` (ADR 0502).

* A passport is valid for a trip when it expires at least ``validity_margin_months`` after
  the return date.
* The return is due ``return_days_after_trip`` days after the last approved day, i.e. the
  departure date plus the approved days (departure and return days both count, as in the
  trip policy) — by default seven calendar days after the return date.
* After a cancellation it is due ``return_days_after_cancellation`` days after the day of
  the cancellation.
* With ``return_days_are_working_days`` both counts use the working-day calendar instead.
* With ``due_moves_to_working_day`` a calendar-day count that ends on a weekend or holiday
  moves to the next working day (the office is closed on the day it would fall on).
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from onestop.calendar.services import add_working_days, next_working_day

from .models import PassportPolicy


def passport_policy() -> PassportPolicy:
    """The policy row, or its defaults while an administrator has not saved one."""
    return PassportPolicy.objects.filter(key="default").first() or PassportPolicy()


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months; the 31st becomes the month's last day when needed."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def valid_until_needed(*, returns_on: date, policy: PassportPolicy | None = None) -> date:
    """The earliest expiry date a passport may have to be used on a trip returning then."""
    policy = policy or passport_policy()
    return add_months(returns_on, policy.validity_margin_months)


def _add_days(start: date, days: int, policy: PassportPolicy) -> date:
    if policy.return_days_are_working_days:
        return add_working_days(start, days)
    due = start + timedelta(days=days)
    return next_working_day(due) if policy.due_moves_to_working_day else due


def return_due_after_trip(*, departs_on: date, approved_days: int, policy: PassportPolicy | None = None) -> date:
    """Departure date + approved days + the return days: counted from the last approved day."""
    policy = policy or passport_policy()
    last_day = departs_on + timedelta(days=max(approved_days, 1) - 1)
    return _add_days(last_day, policy.return_days_after_trip, policy)


def return_due_after_cancellation(*, cancelled_on: date, policy: PassportPolicy | None = None) -> date:
    policy = policy or passport_policy()
    return _add_days(cancelled_on, policy.return_days_after_cancellation, policy)
