from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(ignore_result=True)
def notification_deliver(notification_id: int) -> str:
    """One delivery attempt for a stored notification (failures are recorded, not raised)."""
    return services.notification_send(notification_id=notification_id)


@shared_task
def notifications_retry_due() -> dict:
    """Every minute: queue the notifications whose (re)try time has come, including any
    whose after-commit job never ran."""
    due = services.notifications_due()
    for pk in due:
        notification_deliver.delay(pk)
    return {"queued": len(due)}
