"""Reads on the case kernel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Case, TimelineEntry
from .references import resolve_params
from .workflow import TIMELINE_MESSAGES, get_workflow


def work_queue(*, user: Any, kind: str | None = None) -> QuerySet[Case]:
    """Open cases waiting in a queue of one of the user's roles, most urgent first.

    Back-office queues (reviewers, officers) are city-wide; the queues of organization roles
    (liaison officer, employer) hold only cases of the user's own organization subtree."""
    from onestop.accounts.roles import ORGANIZATION_ROLES

    held = set(user.role_names)
    office = held - ORGANIZATION_ROLES
    org_queues = held & ORGANIZATION_ROLES
    condition = Q(queue__in=list(office))
    if org_queues and user.organization_id:
        condition |= Q(queue__in=list(org_queues), organization__path__startswith=user.organization.path)
    qs = Case.objects.filter(condition, is_open=True)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.select_related("organization", "assigned_to").order_by("due_at", "created_at")


@dataclass
class TimelineLine:
    at: datetime
    text: str
    note: str
    actor: str


def _render(entry: TimelineEntry, kind: str) -> str:
    code = entry.code
    message = None
    if code.startswith(f"{kind}."):
        transition = get_workflow(kind).by_name.get(code[len(kind) + 1 :])
        if transition is not None:
            message = transition.timeline
    if message is None:
        message = TIMELINE_MESSAGES.get(code)
    if message is None:
        return code
    params = resolve_params(code, entry.params) if entry.params else {}
    try:
        return str(message) % params if params else str(message)
    except (KeyError, TypeError, ValueError):
        return str(message)


def case_timeline(*, case: Case, public_only: bool = True, include_children: bool = True) -> list[TimelineLine]:
    """The progress timeline, rendered in the active language; a parent case (a trip) shows
    its children's lines too, so the applicant follows one timeline."""
    ids = [case.pk]
    kinds = {case.pk: case.kind}
    if include_children:
        for child_id, child_kind in Case.objects.filter(parent=case).values_list("pk", "kind"):
            ids.append(child_id)
            kinds[child_id] = child_kind
    entries = TimelineEntry.objects.filter(case_id__in=ids).select_related("actor").order_by("at", "pk")
    if public_only:
        entries = entries.filter(public=True)
    return [
        TimelineLine(
            at=e.at,
            text=_render(e, kinds[e.case_id]),
            note=e.note,
            actor=str(e.actor) if e.actor_id else _("System"),
        )
        for e in entries
    ]


def sla_status(case: Case) -> str:
    """'none', 'paused', 'ok', 'warning' or 'breached' for badges and dashboards."""
    if not case.due_at or not case.is_open or case.clock_stopped_at:
        return "none"
    if case.paused_at:
        return "paused"
    now = timezone.now()
    if now > case.due_at:
        return "breached"
    if case.warned_at:
        return "warning"
    return "ok"
