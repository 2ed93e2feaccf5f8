"""The system check and the periodic job that report a year without official data."""

from datetime import date
from unittest import mock

import pytest
from django.core import checks
from django.db import DatabaseError

from onestop.accounts.roles import Role
from onestop.calendar.checks import calendar_coverage_check
from onestop.calendar.models import CalendarYear
from onestop.calendar.tasks import coverage_check
from onestop.notify.models import Notification

pytestmark = pytest.mark.usefixtures("calendar_data")


def test_check_is_registered_and_only_warns():
    assert calendar_coverage_check in checks.registry.registry.registered_checks
    found = [m for m in checks.run_checks() if m.id and m.id.startswith("calendar.")]
    assert all(m.level == checks.WARNING for m in found)


def test_check_warns_about_next_year_in_the_autumn():
    messages = calendar_coverage_check(today=date(2026, 11, 24))
    assert [m.id for m in messages] == ["calendar.W002"]
    assert messages[0].level == checks.WARNING
    assert "2027" in messages[0].msg and "calendar_import --year 2027" in messages[0].hint


def test_check_is_quiet_when_the_year_is_covered():
    assert calendar_coverage_check(today=date(2026, 6, 1)) == []
    CalendarYear.objects.create(year=2027, source="test")
    assert calendar_coverage_check(today=date(2026, 11, 24)) == []


def test_check_warns_about_a_current_year_without_data():
    messages = calendar_coverage_check(today=date(2030, 3, 1))
    assert [m.id for m in messages] == ["calendar.W001"]


def test_next_year_warning_month_is_configurable(settings):
    settings.CALENDAR_NEXT_YEAR_WARN_MONTH = 1
    assert [m.id for m in calendar_coverage_check(today=date(2026, 2, 1))] == ["calendar.W002"]


def test_check_survives_a_database_without_tables():
    with mock.patch("onestop.calendar.selectors.calendar_missing_years", side_effect=DatabaseError("no such table")):
        assert calendar_coverage_check(today=date(2026, 11, 24)) == []


def test_coverage_job_tells_administrators_once(make_user):
    admin = make_user(Role.ADMIN, language="de")
    other = make_user(Role.FAO_REVIEWER)
    result = coverage_check.apply(kwargs={"today": "2026-11-24"}).get()
    assert result == {"missing": [2027], "notified": 1}
    note = Notification.objects.get(recipient=admin, channel="inapp")
    assert note.code == "calendar.year_missing" and "2027" in note.subject
    assert note.language == "de"
    assert not Notification.objects.filter(recipient=other).exists()
    again = coverage_check.apply(kwargs={"today": "2026-11-25"}).get()
    assert again == {"missing": [2027], "notified": 0}  # reminded at most once a week


def test_coverage_job_is_quiet_before_october(make_user):
    make_user(Role.ADMIN)
    assert coverage_check.apply(kwargs={"today": "2026-06-01"}).get() == {"missing": [], "notified": 0}
    assert not Notification.objects.exists()
