"""Creating and delivering notifications.

``notify_user`` renders a registered message in the recipient's language and stores one
row per channel; rows for channels other than in-app are handed to the
``notification_deliver`` job after the surrounding transaction commits. Delivery failures
are recorded and retried with exponential backoff (``notifications_retry_due``); after
``NOTIFY_MAX_ATTEMPTS`` a row is marked dead and stays visible to the administrators.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import Promise

from onestop.cases.audit import audit_record
from onestop.core.logging import mask_text

from .channels import get_channel
from .messages import CHANNEL_NAMES, Message, get_message, register_message
from .models import Notification

__all__ = [
    "notification_mark_all_read",
    "notification_mark_read",
    "notification_retry_now",
    "notification_send",
    "notify_case_event",
    "notify_sla",
    "notify_user",
    "register_message",
]

logger = logging.getLogger(__name__)

DEFAULT_CHANNELS = ("inapp", "email")
CASE_EVENT_FALLBACK = "notify.case_changed"
# A claimed row is not picked up again for this long (the sender may still be working on it).
CLAIM_LEASE = timedelta(minutes=5)
_SUPPORTED = {code for code, _name in settings.LANGUAGES}


def _retry_base() -> int:
    return int(getattr(settings, "NOTIFY_RETRY_BASE_SECONDS", 60))


def _retry_cap() -> int:
    return int(getattr(settings, "NOTIFY_RETRY_MAX_SECONDS", 6 * 3600))


def _max_attempts() -> int:
    return max(int(getattr(settings, "NOTIFY_MAX_ATTEMPTS", 8)), 1)


def retry_delay(attempts: int) -> timedelta:
    """Wait after the ``attempts``-th failure: base, 2×base, 4×base… up to the cap."""
    return timedelta(seconds=min(_retry_base() * 2 ** max(attempts - 1, 0), _retry_cap()))


class _Params(dict):
    """Formatting parameters; a placeholder the caller did not supply renders empty and is
    logged, instead of breaking the notification."""

    code = ""

    def __missing__(self, key: str) -> str:
        logger.warning("notification %s: no value for %%(%s)s", self.code, key)
        return ""


def _language(user: Any) -> str:
    lang = getattr(user, "preferred_language", "") or ""
    return lang if lang in _SUPPORTED else settings.LANGUAGE_CODE


def _render(message: Message, context: dict[str, Any], lang: str) -> tuple[str, str]:
    with translation.override(lang):
        params = _Params({k: str(v) if isinstance(v, Promise) else v for k, v in context.items()})
        params.code = message.code
        subject = " ".join((str(message.subject) % params).split())[:300]
        body = str(message.body) % params
    return subject, body


def _enqueue(notification_id: int) -> None:
    from .tasks import notification_deliver

    try:
        notification_deliver.delay(notification_id)
    except Exception:  # broker down: the row stays due and notifications_retry_due sends it
        logger.exception("could not queue notification %s; the retry job will send it", notification_id)


def notify_user(
    *,
    user: Any,
    code: str,
    context: dict | None = None,
    channels: tuple[str, ...] | None = ("inapp", "email"),
    case: Any = None,
) -> list[Notification]:
    """Send the message ``code`` to ``user`` in the user's language on ``channels``.

    Stores one ``Notification`` per channel the user can be reached on (in-app always; e-mail
    with an address; SMS with a phone; WeChat with a linked OpenID). In-app rows are
    delivered at once; the others are queued for ``notification_deliver`` after commit.
    ``channels=None`` uses the message's registered channels (else in-app and e-mail).
    """
    message = get_message(code)
    if message is None:
        raise ImproperlyConfigured(f"no notification message registered under {code!r}")
    if channels is None:
        channels = message.channels or DEFAULT_CHANNELS
    unknown = set(channels) - set(CHANNEL_NAMES)
    if unknown:
        raise ValueError(f"unknown notification channels {sorted(unknown)}")
    if user is None or not getattr(user, "is_active", False):
        return []
    lang = _language(user)
    subject, body = _render(message, context or {}, lang)
    now = timezone.now()
    created: list[Notification] = []
    with transaction.atomic():
        for name in dict.fromkeys(channels):
            channel = get_channel(name)
            if not channel.address(user):
                logger.info("notification %s: user %s has no %s address; not sent there", code, user.pk, name)
                continue
            row = Notification(
                recipient=user,
                channel=name,
                code=code,
                language=lang,
                subject=subject,
                body=body,
                case=case if getattr(case, "pk", None) else None,
                next_attempt_at=now,
            )
            if channel.immediate:
                row.status, row.sent_at, row.next_attempt_at = Notification.Status.SENT, now, None
            row.save()
            created.append(row)
            if not channel.immediate:
                transaction.on_commit(lambda pk=row.pk: _enqueue(pk))
    return created


def _case_recipients(case: Any) -> list[Any]:
    from onestop.accounts.roles import Role

    users: dict[int, Any] = {}
    if case.applicant_id and case.applicant.is_active:
        users[case.applicant_id] = case.applicant
    if case.tells_organization:
        liaisons = get_user_model().objects.filter(
            is_active=True, organization_id=case.organization_id, role_grants__role=Role.LIAISON
        )
        for user in liaisons.distinct():
            users.setdefault(user.pk, user)
    return list(users.values())


def _case_context(case: Any) -> dict[str, Any]:
    try:
        state: Any = case.workflow.states(case.state).label  # lazy: rendered in each recipient's language
        kind: Any = case.workflow.verbose_name or case.kind
    except (ValueError, ImproperlyConfigured):
        state, kind = case.state, case.kind
    return {"number": case.number, "state": state, "title": case.title, "kind": kind, "site": settings.SITE_URL}


def notify_case_event(*, case_id: int, code: str) -> list[Notification]:
    """Tell the case's applicant and, for an organization's case, its liaison officers that
    the case moved (``code`` is ``"<kind>.<transition>"``). Uses the message registered
    under ``code``, else the generic "Your case … is now: …". Runs after the transition's
    commit; a failure here is logged and never undoes or breaks the transition."""
    from onestop.cases.models import Case

    try:
        case = Case.objects.select_related("applicant").filter(pk=case_id).first()
        if case is None:
            return []
        message_code = code if get_message(code) is not None else CASE_EVENT_FALLBACK
        context = _case_context(case) | {"transition": code.rsplit(".", 1)[-1]}
        sent: list[Notification] = []
        for user in _case_recipients(case):
            sent += notify_user(user=user, code=message_code, context=context, channels=None, case=case)
        return sent
    except Exception:
        logger.exception("notifications for case %s (%s) could not be created", case_id, code)
        return []


def notify_sla(*, case_id: int, warning: bool) -> list[Notification]:
    """A deadline is near (``warning``): alert the people working the case's queue (the
    assignee first among them). A deadline passed: alert the supervisors and administrators,
    and the assignee."""
    from onestop.accounts.roles import Role
    from onestop.cases.models import Case

    try:
        case = Case.objects.select_related("assigned_to").filter(pk=case_id).first()
        if case is None:
            return []
        users = get_user_model().objects.filter(is_active=True)
        roles = [case.queue] if warning else [Role.SUPERVISOR, Role.ADMIN]
        recipients = {u.pk: u for u in users.filter(role_grants__role__in=[r for r in roles if r]).distinct()}
        if case.assigned_to_id and case.assigned_to.is_active:
            recipients.setdefault(case.assigned_to_id, case.assigned_to)
        due = timezone.localtime(case.due_at).strftime("%Y-%m-%d %H:%M") if case.due_at else ""
        context = _case_context(case) | {"due": due}
        code = "notify.sla_warning" if warning else "notify.sla_breached"
        sent: list[Notification] = []
        for user in recipients.values():
            sent += notify_user(user=user, code=code, context=context, channels=None, case=case)
        return sent
    except Exception:
        logger.exception("deadline alerts for case %s could not be created", case_id)
        return []


# --- delivery -------------------------------------------------------------------------


def _claim(notification_id: int, now: datetime) -> bool:
    """Take the row for one attempt. The conditional update lets exactly one worker win
    when the after-commit job and the retry scan reach the same row."""
    return bool(
        Notification.objects.filter(
            pk=notification_id,
            status__in=[Notification.Status.PENDING, Notification.Status.FAILED],
            next_attempt_at__lte=now,
        ).update(next_attempt_at=now + CLAIM_LEASE)
    )


def _error_text(exc: Exception) -> str:
    return mask_text(f"{exc.__class__.__name__}: {exc}")[:1000]


def notification_send(*, notification_id: int, now: datetime | None = None) -> str:
    """One delivery attempt; returns the resulting status ("skipped" when the row is not due
    or another worker holds it). Never raises for a channel failure: it is recorded."""
    now = now or timezone.now()
    if not _claim(notification_id, now):
        return "skipped"
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    attempts = notification.attempts + 1
    try:
        get_channel(notification.channel).send(notification)
    except Exception as exc:
        error = _error_text(exc)
        if attempts >= _max_attempts():
            Notification.objects.filter(pk=notification.pk).update(
                status=Notification.Status.DEAD, attempts=attempts, last_error=error, next_attempt_at=None
            )
            logger.error(
                "notification %s (%s, %s) given up after %d attempts: %s",
                notification.pk,
                notification.code,
                notification.channel,
                attempts,
                error,
            )
            audit_record(
                actor=None,
                action="notify.notification.dead",
                obj=notification,
                data={"channel": notification.channel, "code": notification.code, "attempts": attempts},
            )
            return Notification.Status.DEAD
        Notification.objects.filter(pk=notification.pk).update(
            status=Notification.Status.FAILED,
            attempts=attempts,
            last_error=error,
            next_attempt_at=now + retry_delay(attempts),
        )
        logger.warning("notification %s attempt %d failed: %s", notification.pk, attempts, error)
        return Notification.Status.FAILED
    Notification.objects.filter(pk=notification.pk).update(
        status=Notification.Status.SENT,
        attempts=attempts,
        sent_at=timezone.now(),
        next_attempt_at=None,
        last_error="",
    )
    return Notification.Status.SENT


def notifications_due(*, now: datetime | None = None, limit: int = 500) -> list[int]:
    now = now or timezone.now()
    return list(
        Notification.objects.filter(
            status__in=[Notification.Status.PENDING, Notification.Status.FAILED], next_attempt_at__lte=now
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )


def notification_retry_now(*, notification: Notification, by: Any) -> bool:
    """Make a failed or dead notification due now and queue it. A dead one gets one more
    attempt (it is dead again if that fails). Returns False for one already sent."""
    if notification.status == Notification.Status.SENT:
        return False
    with transaction.atomic():
        updated = Notification.objects.filter(
            pk=notification.pk,
            status__in=[Notification.Status.PENDING, Notification.Status.FAILED, Notification.Status.DEAD],
        ).update(status=Notification.Status.PENDING, next_attempt_at=timezone.now())
        if not updated:
            return False
        audit_record(
            actor=by,
            action="notify.notification.retried",
            obj=notification,
            old={"status": notification.status, "attempts": notification.attempts},
        )
        transaction.on_commit(lambda: _enqueue(notification.pk))
    return True


def notification_mark_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


def notification_mark_all_read(*, user: Any) -> int:
    return Notification.objects.filter(recipient=user, channel=Notification.Channel.INAPP, read_at__isnull=True).update(
        read_at=timezone.now()
    )
