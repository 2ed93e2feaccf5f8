"""The daily scan: reminders before and on the due date, overdue marking and escalation
after it, the block notice; each sent once. The beat task runs the same scan."""

from datetime import timedelta

import pytest

from onestop.notify.models import Notification
from onestop.passports.models import Passport, PassportStatus, Reservation, ReservationNotice
from onestop.passports.services import passport_check_out, passports_due_scan

pytestmark = pytest.mark.django_db


@pytest.fixture
def out(make_person, make_passport, make_trip, officer):
    person = make_person("张伟")
    passport = make_passport(person, number="PE1110001")
    make_trip([person], start=20, days=5)
    reservation = passport_check_out(text="PE1110001", by=officer)
    return passport, reservation


def _codes(user):
    return sorted(Notification.objects.filter(recipient=user, channel="inapp").values_list("code", flat=True))


def _scan(today, capture):
    with capture(execute=True):
        return passports_due_scan(today=today)


def test_reminders_before_and_on_the_due_date_each_once(out, liaison, officer, django_capture_on_commit_callbacks):
    _passport, reservation = out
    due = reservation.due_on
    assert _scan(due - timedelta(days=4), django_capture_on_commit_callbacks).reminded == 0
    assert _scan(due - timedelta(days=3), django_capture_on_commit_callbacks).reminded == 1
    assert _scan(due - timedelta(days=2), django_capture_on_commit_callbacks).reminded == 0
    assert _scan(due, django_capture_on_commit_callbacks).reminded == 1
    assert _scan(due, django_capture_on_commit_callbacks).reminded == 0
    assert _codes(liaison) == ["passports.reminder_before", "passports.reminder_due"]
    assert _codes(officer) == []


def test_after_the_due_date_it_is_marked_overdue_and_escalated(
    out, liaison, officer, django_capture_on_commit_callbacks
):
    passport, reservation = out
    result = _scan(reservation.due_on + timedelta(days=1), django_capture_on_commit_callbacks)
    assert (result.marked_overdue, result.escalated, result.blocked) == (1, 1, 0)
    assert Passport.objects.get(pk=passport.pk).status == PassportStatus.OVERDUE
    assert "passports.escalated" in _codes(liaison) and "passports.escalated" in _codes(officer)
    again = _scan(reservation.due_on + timedelta(days=2), django_capture_on_commit_callbacks)
    assert (again.marked_overdue, again.escalated) == (0, 0)


def test_block_notice_after_thirty_days(out, liaison, officer, django_capture_on_commit_callbacks):
    _passport, reservation = out
    result = _scan(reservation.due_on + timedelta(days=31), django_capture_on_commit_callbacks)
    assert result.blocked == 1
    assert "passports.blocked" in _codes(liaison) and "passports.blocked" in _codes(officer)
    assert set(ReservationNotice.objects.filter(reservation=reservation).values_list("kind", flat=True)) == {
        "escalated",
        "blocked",
    }


def test_a_later_due_date_lifts_the_overdue_status(out, officer, django_capture_on_commit_callbacks):
    from onestop.passports.services import reservation_set_due

    passport, reservation = out
    _scan(reservation.due_on + timedelta(days=1), django_capture_on_commit_callbacks)
    from django.utils import timezone

    reservation_set_due(
        reservation=Reservation.objects.get(pk=reservation.pk),
        due_on=timezone.localdate() + timedelta(days=60),
        by=officer,
    )
    assert Passport.objects.get(pk=passport.pk).status == PassportStatus.CHECKED_OUT
    assert not ReservationNotice.objects.filter(reservation=reservation).exists()


def test_the_periodic_task_runs_the_scan(out):
    from onestop.passports.tasks import passports_due_scan as task

    result = task()
    assert set(result) == {"reminded", "escalated", "marked_overdue", "blocked", "expired"}
