"""Working-day arithmetic around National Day and Spring Festival, with the make-up
Saturdays and Sundays (调休) that the chinesecalendar package lists for 2025 and 2026."""

import logging
from datetime import date

import pytest

from onestop.calendar.models import CalendarDay
from onestop.calendar.services import (
    add_working_days,
    calendar_changed,
    is_working_day,
    next_working_day,
    working_days_between,
    year_has_data,
    years_without_data,
)

pytestmark = pytest.mark.usefixtures("calendar_data")

D = date


@pytest.mark.parametrize(
    ("day", "working", "why"),
    [
        (D(2025, 9, 28), True, "Sunday before National Day 2025 is a make-up working day"),
        (D(2025, 9, 30), True, "ordinary Tuesday"),
        (D(2025, 10, 1), False, "National Day"),
        (D(2025, 10, 6), False, "Mid-autumn Festival inside the Golden Week"),
        (D(2025, 10, 8), False, "last day of the 2025 holiday (a Wednesday)"),
        (D(2025, 10, 9), True, "first working day after the holiday"),
        (D(2025, 10, 11), True, "Saturday after National Day 2025 is a make-up working day"),
        (D(2025, 10, 12), False, "ordinary Sunday"),
        (D(2026, 9, 20), True, "Sunday make-up working day before National Day 2026"),
        (D(2026, 9, 25), False, "Mid-autumn Festival 2026 (a Friday)"),
        (D(2026, 10, 7), False, "last day of National Day 2026"),
        (D(2026, 10, 10), True, "Saturday make-up working day after National Day 2026"),
        (D(2025, 1, 26), True, "Sunday make-up working day before Spring Festival 2025"),
        (D(2025, 1, 28), False, "New Year's Eve 2025 holiday"),
        (D(2025, 2, 4), False, "last day of Spring Festival 2025"),
        (D(2025, 2, 8), True, "Saturday make-up working day after Spring Festival 2025"),
        (D(2026, 2, 14), True, "Saturday make-up working day before Spring Festival 2026"),
        (D(2026, 2, 23), False, "Monday, last day of Spring Festival 2026"),
        (D(2026, 2, 28), True, "Saturday make-up working day after Spring Festival 2026"),
        (D(2026, 1, 4), True, "Sunday make-up working day after New Year 2026"),
    ],
)
def test_is_working_day_knows_holidays_and_make_up_days(day, working, why):
    assert is_working_day(day) is working, why


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (D(2025, 9, 26), 1, D(2025, 9, 28)),  # Friday -> the make-up Sunday
        (D(2025, 9, 28), 1, D(2025, 9, 29)),
        (D(2025, 9, 30), 1, D(2025, 10, 9)),  # across the whole Golden Week
        (D(2025, 9, 30), 3, D(2025, 10, 11)),  # ends on the make-up Saturday
        (D(2025, 9, 30), 4, D(2025, 10, 13)),
        (D(2026, 9, 30), 1, D(2026, 10, 8)),
        (D(2026, 9, 30), 3, D(2026, 10, 10)),
        (D(2026, 9, 18), 1, D(2026, 9, 20)),  # Friday -> make-up Sunday 2026
        (D(2025, 1, 24), 1, D(2025, 1, 26)),
        (D(2025, 1, 27), 1, D(2025, 2, 5)),
        (D(2025, 2, 7), 1, D(2025, 2, 8)),
        (D(2026, 2, 13), 1, D(2026, 2, 14)),
        (D(2026, 2, 14), 1, D(2026, 2, 24)),
        (D(2026, 2, 24), 4, D(2026, 2, 28)),
        (D(2025, 12, 31), 1, D(2026, 1, 4)),  # across the year boundary
        (D(2025, 10, 1), 0, D(2025, 10, 1)),  # zero days: the start itself
    ],
)
def test_add_working_days_across_holidays(start, days, due):
    assert add_working_days(start, days) == due


@pytest.mark.parametrize(
    ("start", "end", "count"),
    [
        (D(2025, 9, 30), D(2025, 10, 12), 3),  # Oct 9, 10 and the make-up Saturday 11
        (D(2025, 9, 26), D(2025, 9, 30), 3),  # make-up Sunday 28, Mon 29, Tue 30
        (D(2026, 9, 30), D(2026, 10, 11), 3),
        (D(2025, 1, 24), D(2025, 2, 9), 6),  # Jan 26, 27, Feb 5, 6, 7, 8
        (D(2026, 2, 13), D(2026, 3, 1), 6),  # Feb 14, 24, 25, 26, 27, 28
        (D(2025, 10, 1), D(2025, 10, 1), 0),
        (D(2025, 10, 9), D(2025, 10, 1), 0),  # end before start
    ],
)
def test_working_days_between_across_holidays(start, end, count):
    assert working_days_between(start, end) == count


def test_add_and_between_agree():
    start = D(2025, 9, 15)
    for days in (1, 5, 10, 20):
        assert working_days_between(start, add_working_days(start, days)) == days


def test_next_working_day_skips_the_golden_week():
    assert next_working_day(D(2025, 10, 1)) == D(2025, 10, 9)
    assert next_working_day(D(2025, 10, 9)) == D(2025, 10, 9)
    assert next_working_day(D(2026, 2, 15)) == D(2026, 2, 24)


def test_negative_days_are_refused():
    with pytest.raises(ValueError, match="negative"):
        add_working_days(D(2025, 1, 1), -1)


def test_year_without_data_falls_back_to_weekdays_with_a_warning(caplog):
    caplog.set_level(logging.WARNING, logger="onestop.calendar.services")
    calendar_changed()
    # 2030-09-30 is a Monday; without data October 1 is an ordinary Tuesday.
    assert add_working_days(D(2030, 9, 30), 5) == D(2030, 10, 7)
    assert is_working_day(D(2030, 10, 1)) is True
    assert is_working_day(D(2030, 10, 5)) is False  # Saturday
    assert working_days_between(D(2030, 9, 27), D(2030, 10, 4)) == 5
    assert year_has_data(2030) is False
    assert years_without_data(D(2026, 12, 1), D(2030, 1, 1)) == [2027, 2028, 2029, 2030]
    warnings = [r for r in caplog.records if "no working-day calendar for 2030" in r.getMessage()]
    assert len(warnings) == 1  # warned once per process and calendar version, not for every day
    assert warnings[0].levelno == logging.WARNING


def test_deadline_running_into_a_year_without_data_does_not_crash():
    due = add_working_days(D(2026, 12, 20), 30)
    assert due.year == 2027
    assert working_days_between(D(2026, 12, 20), due) == 30


def test_year_has_data_for_package_years():
    assert year_has_data(2025) and year_has_data(2026)


def test_an_edit_is_seen_at_once(django_capture_on_commit_callbacks):
    day = D(2026, 2, 28)
    assert is_working_day(day) is True
    CalendarDay.objects.filter(date=day).delete()  # signal: tables refreshed
    assert is_working_day(day) is False


def test_other_processes_reload_when_the_shared_version_changes():
    from django.core.cache import cache

    from onestop.calendar.services import _VERSION_KEY

    day = D(2026, 2, 28)
    assert is_working_day(day) is True
    # Another process changed the data (no signal here) and bumped the shared version.
    CalendarDay.objects.filter(date=day).update(kind=CalendarDay.Kind.HOLIDAY)
    assert is_working_day(day) is True  # this process still uses its loaded table
    cache.set(_VERSION_KEY, "changed-elsewhere", None)
    assert is_working_day(day) is False


def test_a_cleared_cache_never_serves_an_old_table():
    from django.core.cache import cache

    day = D(2026, 2, 28)
    assert is_working_day(day) is True
    CalendarDay.objects.filter(date=day).update(kind=CalendarDay.Kind.HOLIDAY)
    cache.clear()
    assert is_working_day(day) is False
