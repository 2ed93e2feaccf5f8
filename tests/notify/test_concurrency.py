"""Two workers reaching the same due notification send it once (PostgreSQL pass)."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from onestop.notify.channels import Gateway
from onestop.notify.models import Notification
from onestop.notify.services import notification_send


class SlowGateway(Gateway):
    channel = "sms"
    sent: list = []

    def send(self, *, to, subject, body, reference):
        time.sleep(0.2)  # hold the attempt open while the other worker tries
        SlowGateway.sent.append(reference)
        return reference


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_workers_send_once(make_user, settings):
    settings.NOTIFY_SMS_BACKEND = "tests.notify.test_concurrency.SlowGateway"
    SlowGateway.sent = []
    user = make_user()
    user.phone = "13900004444"
    user.save()
    row = Notification.objects.create(
        recipient=user,
        channel="sms",
        code="notify.welcome",
        language="en",
        subject="s",
        body="b",
        next_attempt_at=timezone.now() - timedelta(seconds=1),
    )
    results: list[str] = []
    barrier = threading.Barrier(4)

    def worker():
        try:
            barrier.wait()
            results.append(notification_send(notification_id=row.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["sent", "skipped", "skipped", "skipped"]
    assert SlowGateway.sent == [str(row.pk)]
    row.refresh_from_db()
    assert row.status == "sent" and row.attempts == 1
