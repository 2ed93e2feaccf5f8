from __future__ import annotations

import logging
from datetime import date

from celery import shared_task
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils import timezone

from onestop.accounts.roles import Role

from .selectors import calendar_missing_years

logger = logging.getLogger(__name__)
# Administrators are reminded about a missing year at most once in this many seconds.
REMIND_EVERY = 7 * 24 * 3600


@shared_task
def coverage_check(today: str | None = None) -> dict:
    """Daily: log and tell the administrators when the current year, or next year from
    October on, has no official holidays and make-up working days. ``today`` (YYYY-MM-DD)
    replaces the current date, for checks and tests."""
    from onestop.notify.services import notify_user

    day = date.fromisoformat(today) if today else timezone.localdate()
    missing = calendar_missing_years(today=day)
    notified = 0
    for year in missing:
        logger.warning("working-day calendar for %s is missing: deadlines count Monday-Friday only", year)
        if not cache.add(f"calendar:missing-reminded:{year}", 1, REMIND_EVERY):
            continue
        admins = get_user_model().objects.filter(is_active=True, role_grants__role=Role.ADMIN).distinct()
        for admin in admins:
            notify_user(user=admin, code="calendar.year_missing", context={"year": year})
            notified += 1
    return {"missing": missing, "notified": notified}
