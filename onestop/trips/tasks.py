"""Background jobs of the trips app.

Beat schedule entries (config/settings.py ``CELERY_BEAT_SCHEDULE``):
``trips-readiness-scan`` every 15 minutes and ``trips-report-reminders`` daily.
"""

from __future__ import annotations

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(bind=True, max_retries=5, default_retry_delay=60)
def trip_readiness_refresh_task(self, case_id: int) -> str | None:
    """Check one trip's passports and visas (queued after a passport or visa moved)."""
    from .services import trip_readiness_refresh_case

    try:
        return trip_readiness_refresh_case(case_id=case_id)
    except Exception as exc:  # retried; the periodic scan is the last safety net
        raise self.retry(exc=exc)


def enqueue_readiness_refresh(*, case_id: int) -> None:
    """Queue the check; with the broker down the periodic scan catches up."""
    try:
        trip_readiness_refresh_task.delay(case_id)
    except Exception:
        logger.exception("could not queue the readiness check of trip case %s; the scan will do it", case_id)


@shared_task
def trips_readiness_scan() -> dict:
    """Every trip waiting for its passports and visas, or for its collection, checked again."""
    from .services import trips_readiness_scan as scan

    return scan()


@shared_task
def trips_report_reminders() -> dict:
    """Daily: reminders before and on the report's due date, and the overdue notice."""
    from .services import trips_report_reminders as remind

    return remind()
