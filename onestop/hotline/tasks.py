"""Background jobs of the hotline.

Add to ``CELERY_BEAT_SCHEDULE``::

    "hotline-deadline-scan": {"task": "onestop.hotline.tasks.deadline_scan", "schedule": 300.0},
    "hotline-hotspot-scan": {"task": "onestop.hotline.tasks.hotspot_scan", "schedule": 900.0},
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import translation
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


@shared_task
def deadline_scan() -> dict:
    """Contact deadlines missed, overdue requests escalated, unrated answers closed,
    return visits opened."""
    from .services.handling import requests_deadline_scan

    return requests_deadline_scan()


@shared_task
def hotspot_scan(day: str | None = None) -> dict:
    """Early warning over today's (or ``day``'s) requests."""
    from datetime import date

    from .services.hotspots import hotspot_scan as scan

    return scan(day=date.fromisoformat(day) if day else None)


@shared_task(autoretry_for=(Exception,), retry_backoff=60, retry_backoff_max=6 * 3600, max_retries=8)
def citizen_message_send(request_id: int, code: str, extra: dict) -> str:
    """Send a message to a citizen without an account, in the language of their request,
    by e-mail and SMS where they gave those. Raises (and is retried) when a channel fails."""
    from .models import HotlineRequest
    from .services.notifications import MESSAGES

    request = HotlineRequest.objects.select_related("case").filter(pk=request_id).first()
    if request is None or code not in MESSAGES:
        return "skipped"
    subject_text, body_text, _channels = MESSAGES[code]
    params = {
        "number": request.case.number,
        "link": f"{settings.SITE_URL}/hotline/track/{request.tracking_code}/",
        "reply": "",
    } | (extra or {})
    with translation.override(request.reply_language or settings.LANGUAGE_CODE):
        subject = str(subject_text) % params
        body = str(body_text) % params
    sent = []
    if request.contact_email:
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [request.contact_email]).send(fail_silently=False)
        sent.append("email")
    if request.contact_phone:
        gateway = import_string(settings.NOTIFY_SMS_BACKEND)()
        gateway.send(to=request.contact_phone, subject=subject, body=body, reference=f"hotline-{request.pk}-{code}")
        sent.append("sms")
    return ",".join(sent) or "no contact"
