"""Writes on the case kernel. Apps call these; nothing else changes a case's state."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onestop.calendar.services import add_working_days, working_days_between
from onestop.core.db import insert_with_children, statement_cursor
from onestop.core.errors import Conflict, DomainError, ValidationFailed

from .audit import audit_record
from .models import Case, CaseRating, CaseSequence, CaseVisit, SlaUnit, TimelineEntry
from .workflow import Clock, Transition, Workflow, get_workflow, listeners_for

ERR_TRANSITION_UNKNOWN = _("This action does not exist for this kind of case.")
ERR_TRANSITION_NOT_ALLOWED = _("This action is not possible while the case is “%(state)s”.")
ERR_NOT_PERMITTED = _("You may not perform this action on this case.")
ERR_NOTE_REQUIRED = _("Please give a reason.")
ERR_RATING_NOT_CLOSED = _("A case can be rated once it is completed.")
ERR_RATING_TWICE = _("This case has already been rated.")
ERR_RATING_RANGE = _("The rating must be a whole number from 1 to 5.")


class NotPermitted(DomainError):
    status = 403


def _local_end_of_day(day) -> datetime:
    tz = timezone.get_current_timezone()
    return datetime.combine(day, time(23, 59, 59), tzinfo=tz)


def next_case_number(prefix: str, *, year: int | None = None) -> str:
    """Allocate the next number for ``prefix`` in ``year`` in one statement (an
    ``UPDATE ... RETURNING`` on the counter row; the first number of a prefix and year
    inserts the row). The statement locks the row, so concurrent cases never get the same
    number (the unique index is the last defence).

    Called inside a transaction, the row stays locked until that transaction ends and the
    numbers have no gaps. Called outside any transaction, the increment commits at once:
    the number is reserved without holding the row, and is lost (a gap) if the case it was
    meant for is then not created. See ADR 0008.
    """
    year = year or timezone.localdate().year
    connection = connections[DEFAULT_DB_ALIAS]
    # table and column names come from the model; the values are parameters
    table, prefix_col, year_col, last = map(
        connection.ops.quote_name, (CaseSequence._meta.db_table, "prefix", "year", "last")
    )
    with statement_cursor(connection) as cursor:
        cursor.execute(
            f"UPDATE {table} SET {last} = {last} + 1 WHERE {prefix_col} = %s AND {year_col} = %s "  # noqa: S608
            f"RETURNING {last}",
            [prefix, year],
        )
        row = cursor.fetchone()
        if row is None:
            cursor.execute(
                f"INSERT INTO {table} ({prefix_col}, {year_col}, {last}) VALUES (%s, %s, 1) "  # noqa: S608
                f"ON CONFLICT ({prefix_col}, {year_col}) DO UPDATE SET {last} = {table}.{last} + 1 "
                f"RETURNING {last}",
                [prefix, year],
            )
            row = cursor.fetchone()
    return f"{prefix}-{year}-{row[0]:06d}"


def _check_transition(
    case: Case, workflow: Workflow, transition: Transition, *, by: Any, note: str, system: bool
) -> None:
    """Source state, role, note and guards; raises before anything is written."""
    if case.state not in transition.source:
        raise Conflict(
            "cases.transition_not_allowed",
            ERR_TRANSITION_NOT_ALLOWED % {"state": workflow.state_label(case.state)},
        )
    if not system and not (getattr(by, "is_authenticated", False) and by.role_names & transition.roles):
        raise NotPermitted("cases.not_permitted", ERR_NOT_PERMITTED)
    if transition.requires_note and not note.strip():
        raise ValidationFailed("cases.note_required", ERR_NOTE_REQUIRED, fields={"note": [ERR_NOTE_REQUIRED]})
    for guard in transition.guards:
        problem = guard(case, by)
        if problem:
            raise Conflict(f"{case.kind}.{transition.name}.guard", problem)


def _move(case: Case, workflow: Workflow, transition: Transition, now: datetime) -> None:
    """Put ``case`` (in memory) in the transition's target state: clock, queue, open/closed."""
    case.state = transition.target
    _apply_clock(case, transition, now)
    if transition.queue is not None:
        case.queue = transition.queue
        if transition.queue == "":
            case.assigned_to = None
    if transition.clock == Clock.START and case.submitted_at is None:
        case.submitted_at = now
    if transition.target in workflow.final_states:
        case.is_open = False
        case.closed_at = now
        case.queue = ""
    else:
        case.is_open = True
        case.closed_at = None


def case_create(
    *,
    kind: str,
    by: Any,
    title: str = "",
    organization: Any = None,
    applicant: Any = None,
    applicant_from_actor: bool = True,
    parent: Case | None = None,
    queue: str = "",
    number: str = "",
    sla_budget: int | None = None,
    sla_unit: str = "",
    transition: str = "",
    note: str = "",
    data: dict | None = None,
    system: bool = False,
) -> Case:
    """Create a case in its workflow's initial state, numbered, with its first timeline line.

    ``applicant`` defaults to ``by`` (a user) unless ``applicant_from_actor`` is False, in
    which case it is exactly what is given (None: nobody). ``sla_budget``/``sla_unit``
    replace the workflow's default budget (as ``case_set_sla`` would). ``number`` is a
    number already taken with ``next_case_number`` (otherwise one is taken here, inside the
    transaction).

    ``transition`` names a declared transition out of the initial state to apply at once
    (with ``note``, ``data`` and ``system`` as for ``case_transition``): the case is
    inserted directly in the target state with its clock started, and gets both timeline
    lines and both audit events, as if created and then moved. The transition's checks run
    before anything is written; its guards see the case before it is saved, its effects
    and listeners see the saved case (the caller's detail rows do not exist yet).
    """
    workflow = get_workflow(kind)
    move = None
    if transition:
        move = workflow.by_name.get(transition)
        if move is None:
            raise Conflict("cases.transition_unknown", ERR_TRANSITION_UNKNOWN)
    if applicant is None and applicant_from_actor:
        applicant = _actor(by)
    budget = sla_budget if sla_budget is not None else workflow.sla_budget
    case = Case(
        kind=kind,
        state=workflow.initial,
        title=title[:300],
        organization=organization,
        applicant=applicant,
        parent=parent,
        queue=queue,
        sla_unit=(sla_unit or workflow.sla_unit) if budget else "",
        sla_budget=budget,
    )
    if move is not None:
        _check_transition(case, workflow, move, by=by, note=note, system=system)
    # savepoint=False: the writes below stand or fall with the caller's transaction
    with transaction.atomic(savepoint=False):
        case.number = number or next_case_number(workflow.prefix)
        now = timezone.now()
        if move is not None:
            _move(case, workflow, move, now)
        actor = _actor(by)
        lines = [TimelineEntry(case=case, actor=actor, code="cases.created", params={"number": case.number})]
        if move is not None:
            lines.append(
                TimelineEntry(case=case, actor=actor, code=f"{kind}.{move.name}", params=data or {}, note=note)
            )
        insert_with_children(case, lines)
        case._loaded_state = case.state
        audit_record(
            actor=by,
            action=f"{kind}.case.created",
            obj=case,
            new={"state": workflow.initial, "number": case.number},
        )
        if move is not None:
            _after_move(case, move, by=by, old_state=workflow.initial, note=note, data=data)
    return case


def _after_move(case: Case, transition: Transition, *, by: Any, old_state: str, note: str, data: dict | None) -> None:
    audit_record(
        actor=by,
        action=f"{case.kind}.case.{transition.name}",
        obj=case,
        old={"state": old_state},
        new={"state": case.state},
        data={"note": note} if note else {},
    )
    for effect in (*transition.effects, *listeners_for(case.kind, transition.name)):
        effect(case, by, data or {})
    if transition.notify_applicant:
        _notify_on_commit(case, transition)


def _actor(by: Any):
    return by if getattr(by, "pk", None) else None


def _clock_start(case: Case, now: datetime) -> None:
    if not case.sla_budget:
        return
    case.sla_started_at = now
    case.paused_at = None
    case.clock_stopped_at = None
    case.warned_at = None
    case.breached_at = None
    if case.sla_unit == SlaUnit.HOURS:
        case.due_at = now + timedelta(hours=case.sla_budget)
    else:
        start_day = timezone.localtime(now).date()
        case.due_at = _local_end_of_day(add_working_days(start_day, case.sla_budget))


def _clock_pause(case: Case, now: datetime) -> None:
    if case.sla_started_at and case.paused_at is None:
        case.paused_at = now


def _clock_resume(case: Case, now: datetime) -> None:
    """Push the deadline back by the time the case waited for the applicant."""
    if case.paused_at is None or case.due_at is None:
        return
    if case.sla_unit == SlaUnit.HOURS:
        case.due_at += now - case.paused_at
    else:
        waited = working_days_between(timezone.localtime(case.paused_at).date(), timezone.localtime(now).date())
        if waited:
            due_day = timezone.localtime(case.due_at).date()
            case.due_at = _local_end_of_day(add_working_days(due_day, waited))
    case.paused_at = None


def case_set_sla(*, case: Case, budget: int, unit: str = SlaUnit.WORKING_DAYS) -> Case:
    """Override the workflow's default budget for this case (before the clock starts)."""
    case.sla_budget = budget
    case.sla_unit = unit
    case.save(update_fields=["sla_budget", "sla_unit", "updated_at"])
    return case


def _apply_clock(case: Case, transition: Transition, now: datetime) -> None:
    if transition.clock == Clock.START:
        _clock_start(case, now)
    elif transition.clock == Clock.PAUSE:
        _clock_pause(case, now)
    elif transition.clock == Clock.RESUME:
        _clock_resume(case, now)
    elif transition.clock == Clock.STOP:
        case.paused_at = None
        if case.sla_started_at and case.clock_stopped_at is None:
            case.clock_stopped_at = now


def transition_allowed_for(*, case: Case, transition: Transition, user: Any) -> bool:
    if case.state not in transition.source:
        return False
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.role_names & transition.roles)


def case_transition(
    *,
    case: Case,
    name: str,
    by: Any,
    note: str = "",
    data: dict | None = None,
    system: bool = False,
) -> Case:
    """Move ``case`` along the declared transition ``name``.

    Inside one transaction: lock the row, check source state, role and guards, change the
    state, apply the clock rule and queue, write the timeline line and the audit event, run
    the transition's effects. Notifications to the applicant go out after commit.
    """
    workflow = get_workflow(case.kind)
    transition = workflow.by_name.get(name)
    if transition is None:
        raise Conflict("cases.transition_unknown", ERR_TRANSITION_UNKNOWN)
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        _check_transition(locked, workflow, transition, by=by, note=note, system=system)
        old_state = locked.state
        _move(locked, workflow, transition, timezone.now())
        locked._in_transition = True
        try:
            locked.save()
        finally:
            locked._in_transition = False
        TimelineEntry.objects.create(
            case=locked, actor=_actor(by), code=f"{case.kind}.{name}", params=data or {}, note=note
        )
        _after_move(locked, transition, by=by, old_state=old_state, note=note, data=data)
    # hand the fresh values back to the caller's instance
    for field in (
        "state",
        "queue",
        "assigned_to_id",
        "is_open",
        "closed_at",
        "due_at",
        "paused_at",
        "sla_started_at",
        "submitted_at",
        "warned_at",
        "breached_at",
        "updated_at",
    ):
        setattr(case, field, getattr(locked, field))
    case._loaded_state = locked.state
    return case


def _notify_on_commit(case: Case, transition: Transition) -> None:
    from onestop.notify.services import notify_case_event

    if case.applicant_id is None and not case.tells_organization:
        return  # nobody to tell: no query after commit
    case_id, code = case.pk, f"{case.kind}.{transition.name}"
    transaction.on_commit(lambda: notify_case_event(case_id=case_id, code=code))


def case_note(
    *, case: Case, by: Any, code: str, params: dict | None = None, note: str = "", public: bool = True
) -> TimelineEntry:
    """Add a timeline line that is not a state change (a document issued, a reminder...)."""
    return TimelineEntry.objects.create(
        case=case, actor=_actor(by), code=code, params=params or {}, note=note, public=public
    )


def case_assign(*, case: Case, assignee: Any, by: Any) -> Case:
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if not locked.is_open:
            raise Conflict("cases.closed", _("The case is closed."))
        if assignee is not None and locked.queue and locked.queue not in assignee.role_names:
            raise ValidationFailed(
                "cases.assignee_role",
                _("This person does not work in the case's queue."),
                fields={"assignee": [_("This person does not work in the case's queue.")]},
            )
        old = locked.assigned_to_id
        locked.assigned_to = assignee
        locked.save(update_fields=["assigned_to", "updated_at"])
        audit_record(
            actor=by,
            action=f"{case.kind}.case.assigned",
            obj=locked,
            old={"assigned_to": old},
            new={"assigned_to": getattr(assignee, "pk", None)},
        )
        case_note(
            case=locked,
            by=by,
            code="cases.assigned",
            public=False,
            params={"assignee": str(assignee) if assignee else ""},
        )
    case.assigned_to = locked.assigned_to
    return case


def case_record_visit(*, case: Case, by: Any, purpose: str, place: str = "", at: datetime | None = None) -> CaseVisit:
    """Record that the applicant came in person. The platform's promise is at most one."""
    with transaction.atomic():
        visit = CaseVisit.objects.create(
            case=case, at=at or timezone.now(), purpose=purpose, place=place, recorded_by=_actor(by)
        )
        audit_record(actor=by, action=f"{case.kind}.case.visit_recorded", obj=case, data={"purpose": purpose})
        case_note(case=case, by=by, code="cases.visit", params={"purpose": purpose, "place": place})
    return visit


def case_rate(*, case: Case, by: Any, score: int, comment: str = "") -> CaseRating:
    if not isinstance(score, int) or not 1 <= score <= 5:
        raise ValidationFailed("cases.rating_range", ERR_RATING_RANGE, fields={"score": [ERR_RATING_RANGE]})
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if locked.is_open:
            raise Conflict("cases.rating_not_closed", ERR_RATING_NOT_CLOSED)
        if CaseRating.objects.filter(case=locked).exists():
            raise Conflict("cases.rating_twice", ERR_RATING_TWICE)
        rating = CaseRating.objects.create(case=locked, score=score, comment=comment.strip(), by=_actor(by))
        audit_record(actor=by, action=f"{case.kind}.case.rated", obj=locked, new={"score": score})
    return rating
