"""Delivery jobs: retries with exponential backoff, a channel that recovers, dead letters."""

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from onestop.cases.models import AuditEvent
from onestop.notify import services
from onestop.notify.models import Notification
from onestop.notify.services import notification_retry_now, notification_send, notify_user, retry_delay
from onestop.notify.tasks import notification_deliver, notifications_retry_due

from .gateways import FlakyGateway

pytestmark = pytest.mark.django_db


@pytest.fixture
def sms_user(make_user, settings):
    settings.NOTIFY_SMS_BACKEND = "tests.notify.gateways.FlakyGateway"
    user = make_user()
    user.phone = "13900001111"
    user.save()
    return user


def send_sms(user, capture):
    with capture(execute=True):
        notify_user(user=user, code="notify.case_changed", context={"number": "X", "state": "Y"}, channels=("sms",))
    return Notification.objects.get(recipient=user, channel="sms")


def make_due(row):
    Notification.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))


def test_a_failing_channel_that_recovers(sms_user, django_capture_on_commit_callbacks):
    FlakyGateway.failures_left = 2
    before = timezone.now()
    row = send_sms(sms_user, django_capture_on_commit_callbacks)
    assert row.status == "failed" and row.attempts == 1
    assert "gateway down" in row.last_error
    assert before + timedelta(seconds=55) < row.next_attempt_at <= timezone.now() + timedelta(seconds=61)

    assert notifications_retry_due() == {"queued": 0}  # not due yet
    make_due(row)
    assert notifications_retry_due() == {"queued": 1}
    row.refresh_from_db()
    assert row.status == "failed" and row.attempts == 2
    assert row.next_attempt_at > timezone.now() + timedelta(seconds=110)  # backoff doubled

    make_due(row)
    notifications_retry_due()
    row.refresh_from_db()
    assert row.status == "sent" and row.attempts == 3 and row.sent_at and row.last_error == ""
    assert row.next_attempt_at is None
    assert [d["reference"] for d in FlakyGateway.delivered] == [str(row.pk)]


def test_after_the_maximum_attempts_it_is_dead_and_kept(sms_user, settings, django_capture_on_commit_callbacks):
    settings.NOTIFY_MAX_ATTEMPTS = 2
    FlakyGateway.failures_left = 10
    row = send_sms(sms_user, django_capture_on_commit_callbacks)
    make_due(row)
    notifications_retry_due()
    row.refresh_from_db()
    assert row.status == "dead" and row.attempts == 2 and row.next_attempt_at is None
    assert AuditEvent.objects.filter(action="notify.notification.dead", object_id=str(row.pk)).exists()
    assert notifications_retry_due() == {"queued": 0}  # never picked up again by itself
    assert Notification.objects.filter(pk=row.pk).exists()

    # An administrator retries it once the provider is back.
    FlakyGateway.failures_left = 0
    with django_capture_on_commit_callbacks(execute=True):
        assert notification_retry_now(notification=row, by=None) is True
    row.refresh_from_db()
    assert row.status == "sent" and row.attempts == 3
    assert AuditEvent.objects.filter(action="notify.notification.retried").exists()


def test_retry_now_of_a_dead_one_that_still_fails_is_dead_again(sms_user, settings, django_capture_on_commit_callbacks):
    settings.NOTIFY_MAX_ATTEMPTS = 1
    FlakyGateway.failures_left = 10
    row = send_sms(sms_user, django_capture_on_commit_callbacks)
    assert row.status == "dead"
    with django_capture_on_commit_callbacks(execute=True):
        notification_retry_now(notification=row, by=None)
    row.refresh_from_db()
    assert row.status == "dead" and row.attempts == 2


def test_retry_now_ignores_sent_ones(make_user):
    user = make_user()
    row = notify_user(user=user, code="notify.welcome", channels=("inapp",))[0]
    assert notification_retry_now(notification=row, by=None) is False


def test_one_attempt_at_a_time(sms_user, django_capture_on_commit_callbacks):
    FlakyGateway.failures_left = 1
    row = send_sms(sms_user, django_capture_on_commit_callbacks)
    make_due(row)
    now = timezone.now()
    assert services._claim(row.pk, now) is True  # a worker holds it
    assert notification_send(notification_id=row.pk) == "skipped"  # the scan must not send it twice
    row.refresh_from_db()
    assert row.attempts == 1


def test_already_sent_is_not_sent_again(sms_user, django_capture_on_commit_callbacks):
    row = send_sms(sms_user, django_capture_on_commit_callbacks)
    assert row.status == "sent"
    assert notification_deliver(row.pk) == "skipped"
    assert len(FlakyGateway.delivered) == 1


def test_a_lost_job_is_sent_by_the_retry_scan(sms_user, django_capture_on_commit_callbacks):
    with mock.patch("onestop.notify.tasks.notification_deliver.delay", side_effect=ConnectionError("broker down")):
        row = send_sms(sms_user, django_capture_on_commit_callbacks)
    assert row.status == "pending" and row.attempts == 0
    assert notifications_retry_due() == {"queued": 1}
    row.refresh_from_db()
    assert row.status == "sent"


def test_errors_are_stored_without_identity_numbers(make_user, settings, django_capture_on_commit_callbacks):
    settings.NOTIFY_SMS_BACKEND = "tests.notify.gateways.LeakyErrorGateway"
    user = make_user()
    user.phone = "13900002222"
    user.save()
    row = send_sms(user, django_capture_on_commit_callbacks)
    assert row.status == "failed"
    assert "110101199003074514" not in row.last_error and "DeliveryError" in row.last_error


def test_email_backend_failure_is_retried(make_user, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "tests.notify.test_delivery.BrokenMailBackend"
    user = make_user()
    with django_capture_on_commit_callbacks(execute=True):
        notify_user(user=user, code="notify.welcome", channels=("email",))
    row = Notification.objects.get(recipient=user)
    assert row.status == "failed" and "SMTP" in row.last_error


class BrokenMailBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("SMTP server unreachable")


@pytest.mark.parametrize(("attempts", "seconds"), [(1, 60), (2, 120), (3, 240), (6, 1920), (20, 6 * 3600)])
def test_backoff_doubles_up_to_the_cap(attempts, seconds):
    assert retry_delay(attempts) == timedelta(seconds=seconds)
