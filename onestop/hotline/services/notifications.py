"""Who hears about a request, in which language.

Staff (duty supervisors, department handlers) are notified through ``notify_user`` in
their own language. A citizen with an account hears about every step through the kernel
(``notify_case_event``). A citizen who left only a phone number or an e-mail address gets
the answer in the language of their request through the ``citizen_message_send`` job.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onestop.accounts.roles import Role

logger = logging.getLogger(__name__)

MESSAGES = {
    "hotline.emergency": (
        _("Emergency hotline request %(number)s"),
        _("An emergency request %(number)s (%(category)s, %(district)s) came in: %(excerpt)s"),
        ("inapp", "sms", "email"),
    ),
    "hotline.assigned": (
        _("New hotline request %(number)s for your department"),
        _(
            "Request %(number)s (%(category)s) was sent to your department. Contact the citizen by %(contact_due)s; answer by %(due)s."
        ),
        ("inapp", "email"),
    ),
    "hotline.contact_overdue": (
        _("Hotline request %(number)s: the citizen has not been contacted"),
        _("Nobody has contacted the citizen about request %(number)s; contact was due by %(contact_due)s."),
        ("inapp", "email"),
    ),
    "hotline.escalated": (
        _("Hotline request %(number)s is overdue"),
        _("Request %(number)s with %(department)s passed its deadline (%(due)s) without an answer."),
        ("inapp", "email"),
    ),
    "hotline.unsatisfied": (
        _("The citizen is not satisfied with the answer to %(number)s"),
        _("The citizen rated the answer to request %(number)s as unsatisfactory: %(comment)s"),
        ("inapp", "email"),
    ),
    "hotline.hotspot": (
        _("Early warning: %(title)s"),
        _("%(title)s on %(day)s: %(count)s requests (usually about %(baseline)s). Open %(link)s to see them."),
        ("inapp", "email"),
    ),
    "hotline.reply": (
        _("Answer to your request %(number)s"),
        _("Your request %(number)s has been answered: %(reply)s Rate the answer at %(link)s"),
        None,
    ),
    "hotline.received": (
        _("Your request %(number)s was received"),
        _("We received your request %(number)s. Follow it at %(link)s"),
        None,
    ),
}


def register_messages() -> None:
    from onestop.notify.messages import register_message

    for code, (subject, body, channels) in MESSAGES.items():
        register_message(code, subject=subject, body=body, channels=channels)


def _users_with_role(role: str, organization_id: int | None = None):
    users = get_user_model().objects.filter(is_active=True, role_grants__role=role)
    if organization_id is not None:
        users = users.filter(organization_id=organization_id)
    return users.distinct()


def duty_supervisors(*, at=None) -> list[Any]:
    """Supervisors on duty now; every supervisor when nobody is on the roster."""
    from ..models import SupervisorDuty

    at = at or timezone.now()
    on_duty = [
        d.user
        for d in SupervisorDuty.objects.filter(starts_at__lte=at, ends_at__gt=at, user__is_active=True).select_related(
            "user"
        )
    ]
    return on_duty or list(_users_with_role(Role.SUPERVISOR))


def department_handlers(*, department_id: int | None) -> list[Any]:
    if department_id is None:
        return []
    return list(_users_with_role(Role.DEPARTMENT_HANDLER, department_id))


def _send(users, code: str, context: dict, case: Any = None) -> int:
    from onestop.notify.services import notify_user

    sent = 0
    for user in users:
        try:
            notify_user(user=user, code=code, context=context, channels=None, case=case)
            sent += 1
        except Exception:  # a notification problem never breaks the hotline's own work
            logger.exception("hotline notification %s could not be created", code)
    return sent


def _context(request) -> dict:
    from django.conf import settings

    case = request.case
    return {
        "number": case.number,
        "category": request.category.label if request.category_id else "-",
        "district": request.district.label if request.district_id else "-",
        "department": str(request.department or "-"),
        "excerpt": request.description[:200],
        "due": timezone.localtime(case.due_at).strftime("%Y-%m-%d %H:%M") if case.due_at else "-",
        "contact_due": timezone.localtime(request.contact_due_at).strftime("%Y-%m-%d %H:%M")
        if request.contact_due_at
        else "-",
        "link": f"{settings.SITE_URL}/hotline/r/{case.number}/",
    }


def _load(request_id: int):
    from ..models import HotlineRequest

    return (
        HotlineRequest.objects.select_related("case", "category", "district", "department")
        .filter(pk=request_id)
        .first()
    )


def alert_emergency(*, request_id: int) -> int:
    """Alert the duty supervisor(s) at once (in-app, SMS and e-mail)."""
    request = _load(request_id)
    if request is None:
        return 0
    return _send(duty_supervisors(), "hotline.emergency", _context(request), request.case)


def alert_department(*, request_id: int) -> int:
    request = _load(request_id)
    if request is None:
        return 0
    return _send(
        department_handlers(department_id=request.department_id), "hotline.assigned", _context(request), request.case
    )


def alert_contact_overdue(*, request) -> int:
    users = department_handlers(department_id=request.department_id) + duty_supervisors()
    return _send(users, "hotline.contact_overdue", _context(request), request.case)


def alert_escalated(*, request) -> int:
    return _send(duty_supervisors(), "hotline.escalated", _context(request), request.case)


def alert_unsatisfied(*, request, comment: str) -> int:
    users = department_handlers(department_id=request.department_id) + duty_supervisors()
    return _send(users, "hotline.unsatisfied", _context(request) | {"comment": comment or "-"}, request.case)


def alert_hotspot(*, alert, title: str, link: str) -> int:
    users: dict[int, Any] = {u.pk: u for u in department_handlers(department_id=alert.department_id)}
    for user in _users_with_role(Role.SUPERVISOR):
        users.setdefault(user.pk, user)
    context = {
        "title": title,
        "day": alert.day.isoformat(),
        "count": alert.count,
        "baseline": f"{alert.baseline:.1f}",
        "link": link,
    }
    return _send(users.values(), "hotline.hotspot", context)


def citizen_message(*, request_id: int, code: str, extra: dict | None = None) -> None:
    """Queue a message to a citizen who has no account but left a contact, after commit."""
    from ..tasks import citizen_message_send

    def _queue():
        try:
            citizen_message_send.delay(request_id, code, extra or {})
        except Exception:
            logger.exception("could not queue the citizen message %s for request %s", code, request_id)

    transaction.on_commit(_queue)


def citizens_without_account(request) -> bool:
    return request.case.applicant_id is None and bool(request.contact_email or request.contact_phone)


__all__ = [
    "alert_contact_overdue",
    "alert_department",
    "alert_emergency",
    "alert_escalated",
    "alert_hotspot",
    "alert_unsatisfied",
    "citizen_message",
    "duty_supervisors",
    "register_messages",
]
