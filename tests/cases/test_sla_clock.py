"""The SLA clock counts working days from the calendar and pauses while the case waits
for the applicant."""

from datetime import date, datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from onestop.calendar.models import CalendarDay, CalendarYear
from onestop.calendar.services import calendar_changed
from onestop.cases.models import Case
from onestop.cases.selectors import sla_status
from onestop.cases.services import case_create, case_transition
from onestop.cases.tasks import sla_scan

SH = ZoneInfo("Asia/Shanghai")


def at(y, m, d, h=10):
    return datetime(y, m, d, h, 0, tzinfo=SH)


@pytest.fixture
def national_day_2026(db):
    """2026: Oct 1-7 holiday; Sun Sep 20 and Sat Oct 10 are make-up working days."""
    CalendarYear.objects.get_or_create(year=2026, defaults={"source": "test"})
    for d in range(1, 8):
        CalendarDay.objects.update_or_create(
            date=date(2026, 10, d), defaults={"kind": "holiday", "name": "National Day"}
        )
    for d in (date(2026, 9, 20), date(2026, 10, 10)):
        CalendarDay.objects.update_or_create(date=d, defaults={"kind": "workday", "name": "make-up"})
    calendar_changed()


def _move(case, name, by, when, note="n"):
    with mock.patch("django.utils.timezone.now", return_value=when):
        return case_transition(case=case, name=name, by=by, note=note)


def test_deadline_skips_national_day_and_counts_make_up_saturday(national_day_2026, make_user):
    liaison = make_user("liaison")
    case = case_create(kind="kerneltest", by=liaison, title="t")  # budget: 5 working days
    _move(case, "submit", liaison, at(2026, 9, 29))  # Tuesday
    # Sep 30 (1), Oct 8 (2), Oct 9 (3), Oct 10 make-up Saturday (4), Oct 12 (5)
    assert timezone.localtime(case.due_at).date() == date(2026, 10, 12)


def test_pause_moves_the_deadline_by_the_working_days_waited(national_day_2026, make_user):
    liaison, reviewer = make_user("liaison"), make_user("fao_reviewer")
    case = case_create(kind="kerneltest", by=liaison, title="t")
    _move(
        case, "submit", liaison, at(2026, 9, 14)
    )  # Monday → due Mon Sep 21 (Sun 20 is a make-up day: Sep 15,16,17,18,20)
    assert timezone.localtime(case.due_at).date() == date(2026, 9, 20)
    _move(case, "ask", reviewer, at(2026, 9, 15))
    assert case.paused_at is not None
    assert sla_status(Case.objects.get(pk=case.pk)) == "paused"
    _move(case, "answer", liaison, at(2026, 9, 18))  # waited Sep 16, 17, 18 = 3 working days
    assert case.paused_at is None
    # due Sep 20 + 3 working days: Sep 21, 22, 23
    assert timezone.localtime(case.due_at).date() == date(2026, 9, 23)


def test_sla_scan_warns_then_marks_breach_once(national_day_2026, make_user):
    liaison = make_user("liaison")
    case = case_create(kind="kerneltest", by=liaison, title="t")
    _move(case, "submit", liaison, at(2026, 11, 2))  # due Mon Nov 9
    with (
        mock.patch("django.utils.timezone.now", return_value=at(2026, 11, 6)),
        mock.patch("django.utils.timezone.localdate", return_value=date(2026, 11, 6)),
    ):
        assert sla_scan() == {"warned": 1, "breached": 0}
        assert sla_scan() == {"warned": 0, "breached": 0}
    with (
        mock.patch("django.utils.timezone.now", return_value=at(2026, 11, 10)),
        mock.patch("django.utils.timezone.localdate", return_value=date(2026, 11, 10)),
    ):
        assert sla_scan() == {"warned": 0, "breached": 1}
        assert sla_scan() == {"warned": 0, "breached": 0}
    case.refresh_from_db()
    assert case.breached_at is not None


def test_stopped_clock_on_an_open_case_is_never_warned_or_breached(national_day_2026, make_user):
    liaison, reviewer = make_user("liaison"), make_user("fao_reviewer")
    case = case_create(kind="kerneltest", by=liaison, title="t")
    _move(case, "submit", liaison, at(2026, 11, 2))  # due Mon Nov 9
    _move(case, "accept", reviewer, at(2026, 11, 3))  # decided in time; later steps keep it open
    case.refresh_from_db()
    assert case.is_open
    assert case.clock_stopped_at == at(2026, 11, 3)
    assert timezone.localtime(case.due_at).date() == date(2026, 11, 9)  # kept for reporting
    with (
        mock.patch("django.utils.timezone.now", return_value=at(2026, 11, 20)),
        mock.patch("django.utils.timezone.localdate", return_value=date(2026, 11, 20)),
    ):
        assert sla_status(case) == "none"
        assert sla_scan() == {"warned": 0, "breached": 0}
    case.refresh_from_db()
    assert case.breached_at is None and case.warned_at is None


def test_year_without_calendar_data_falls_back_to_weekdays(db, make_user):
    liaison = make_user("liaison")
    case = case_create(kind="kerneltest", by=liaison, title="t")
    _move(case, "submit", liaison, at(2031, 1, 2))  # Thursday, no data for 2031
    assert timezone.localtime(case.due_at).date() == date(2031, 1, 9)
