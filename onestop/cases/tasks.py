from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from onestop.calendar.services import working_days_between

from .audit import audit_record
from .models import Case, SlaUnit
from .services import case_note


@shared_task
def sla_scan() -> dict:
    """Warn before a deadline (one working day, or a quarter of an hours budget) and mark
    breaches. Each case is warned once and marked breached once."""
    now = timezone.now()
    today = timezone.localdate()
    warned = breached = 0
    running = Case.objects.filter(
        is_open=True, due_at__isnull=False, paused_at__isnull=True, clock_stopped_at__isnull=True
    )
    for case in running.filter(breached_at__isnull=True, due_at__lt=now).iterator():
        with transaction.atomic():
            if Case.objects.filter(pk=case.pk, breached_at__isnull=True).update(breached_at=now):
                case_note(case=case, by=None, code="cases.sla_breached", public=False)
                audit_record(actor=None, action=f"{case.kind}.case.sla_breached", obj=case)
                _escalate(case)
                breached += 1
    for case in running.filter(warned_at__isnull=True, due_at__gte=now).iterator():
        if case.sla_unit == SlaUnit.HOURS:
            soon = case.due_at - now <= timedelta(hours=max(case.sla_budget or 0, 4) / 4)
        else:
            soon = working_days_between(today, timezone.localtime(case.due_at).date()) <= 1
        if soon and Case.objects.filter(pk=case.pk, warned_at__isnull=True).update(warned_at=now):
            case_note(case=case, by=None, code="cases.sla_warning", public=False)
            _escalate(case, warning=True)
            warned += 1
    return {"warned": warned, "breached": breached}


def _escalate(case: Case, *, warning: bool = False) -> None:
    from onestop.notify.services import notify_sla

    case_id = case.pk
    transaction.on_commit(lambda: notify_sla(case_id=case_id, warning=warning))
