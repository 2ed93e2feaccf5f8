"""Deadlines per type and category, on the working-day calendar where days are meant."""

from datetime import date, datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from onestop.hotline import policies, services

SH = ZoneInfo("Asia/Shanghai")


def at(y, m, d, h=10):
    return datetime(y, m, d, h, 0, tzinfo=SH)


def _submit_at(submit, when, **kwargs):
    with mock.patch("django.utils.timezone.now", return_value=when):
        return submit(**kwargs)


@pytest.mark.parametrize(
    ("request_type", "category", "budget", "unit"),
    [
        ("emergency", "noise", 2, "hours"),
        ("complaint", "water_supply", 24, "hours"),
        ("inquiry", "noise", 7, "working_days"),
        ("inquiry", "visa_residence", 15, "working_days"),
        ("inquiry", None, 7, "working_days"),
    ],
)
def test_default_deadlines(world, request_type, category, budget, unit):
    deadline = policies.deadline_for(
        request_type=request_type, category=world.categories[category] if category else None
    )
    assert (deadline.budget, deadline.unit) == (budget, unit)


def test_a_policy_row_overrides_and_the_most_specific_wins(world):
    noise = world.categories["noise"]
    services.deadline_policy_set(budget=3, unit="working_days", category=noise)
    services.deadline_policy_set(budget=1, unit="working_days", request_type="complaint", category=noise)
    assert policies.deadline_for(request_type="inquiry", category=noise).budget == 3
    assert policies.deadline_for(request_type="complaint", category=noise).budget == 1
    # an emergency keeps its two hours unless a policy names the emergency type itself
    assert policies.deadline_for(request_type="emergency", category=noise).unit == "hours"
    services.deadline_policy_set(budget=4, unit="hours", request_type="emergency", contact_hours=1)
    deadline = policies.deadline_for(request_type="emergency", category=noise)
    assert (deadline.budget, deadline.unit, deadline.contact_hours) == (4, "hours", 1)


def test_an_ordinary_request_counts_working_days_across_national_day(world, submit):
    # 2025: Oct 1-8 holidays; Sat Sep 28 and Sat Oct 11 are make-up working days (calendar data).
    request = _submit_at(submit, at(2025, 9, 29), category="noise", district="west")
    # Sep 30 (1), Oct 9 (2), Oct 10 (3), Oct 11 make-up Saturday (4), Oct 13 (5), 14 (6), 15 (7)
    assert timezone.localtime(request.case.due_at).date() == date(2025, 10, 15)


def test_a_complex_request_gets_fifteen_working_days_across_spring_festival(world, submit):
    # 2026: Feb 15-23 Spring Festival; Sat Feb 14 and Sat Feb 28 are make-up working days.
    request = _submit_at(submit, at(2026, 2, 12), category="visa_residence")
    # Feb 13 (1), Sat 14 make-up (2), Feb 24-27 (3-6), Sat 28 make-up (7), Mar 2-6 (8-12), Mar 9-11 (13-15)
    assert timezone.localtime(request.case.due_at).date() == date(2026, 3, 11)


def test_utilities_count_hours_through_a_holiday(world, submit):
    request = _submit_at(submit, at(2025, 10, 1, 9), category="water_supply")
    assert request.case.due_at == at(2025, 10, 2, 9)


def test_the_citizen_must_be_contacted_within_24_hours(world, submit):
    when = at(2025, 10, 1, 9)
    request = _submit_at(submit, when, category="noise")
    assert request.contact_due_at == when + timedelta(hours=24)
