"""Early SLA warnings for permit cases.

The kernel's ``sla_scan`` warns one working day before any deadline and marks breaches.
The permit policy may ask for an earlier warning (two working days by default): this scan
marks those cases warned with the kernel's own fields, so the kernel does not warn twice.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from onestop.cases.audit import audit_record
from onestop.cases.models import Case
from onestop.cases.services import case_note

from ..policies import permit_policy
from ..selectors import remaining_working_days
from ..workflow import KIND


def permits_sla_warn() -> dict:
    now = timezone.now()
    today = timezone.localdate()
    threshold = permit_policy().warning_working_days
    warned = 0
    running = Case.objects.filter(
        kind=KIND, is_open=True, due_at__isnull=False, paused_at__isnull=True, warned_at__isnull=True, due_at__gte=now
    )
    for case in running.iterator():
        due_on = timezone.localtime(case.due_at).date()
        if remaining_working_days(due_on=due_on, today=today) > threshold:
            continue
        with transaction.atomic():
            if not Case.objects.filter(pk=case.pk, warned_at__isnull=True).update(warned_at=now):
                continue
            case_note(case=case, by=None, code="cases.sla_warning", public=False)
            audit_record(actor=None, action="permit.case.sla_warning", obj=case, data={"threshold": threshold})
            case_id = case.pk
            transaction.on_commit(lambda case_id=case_id: _escalate(case_id))
            warned += 1
    return {"warned": warned}


def _escalate(case_id: int) -> None:
    """Alert whoever holds each open half: its officer, or everybody in its queue."""
    from django.contrib.auth import get_user_model

    from onestop.notify.services import notify_user

    from ..models import Review, ReviewKind, ReviewStatus

    reviews = Review.objects.filter(
        application__case_id=case_id, status__in=[ReviewStatus.PENDING, ReviewStatus.IN_REVIEW]
    ).select_related("officer", "application__case")
    users = get_user_model().objects.filter(is_active=True)
    for review in reviews:
        case = review.application.case
        recipients = [review.officer] if review.officer_id else list(users.filter(role_grants__role=review.queue))
        context = {
            "number": case.number,
            "due": timezone.localtime(case.due_at).strftime("%Y-%m-%d"),
            "review": ReviewKind(review.kind).label,  # lazy: the recipient's language
        }
        for user in recipients:
            notify_user(user=user, code="permits.sla_warning", context=context, case=case)
