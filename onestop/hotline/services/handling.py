"""What happens to a request after intake: dispatching, returns, contact, answers,
the citizen's rating, reopening, return visits and the deadline scan.

Every state change goes through ``case_transition``; each service wraps it together with
the hotline's own rows in one transaction.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onestop.calendar.services import add_working_days
from onestop.cases.audit import audit_record
from onestop.cases.models import Case
from onestop.cases.services import case_note, case_rate, case_transition
from onestop.core.errors import Conflict, ValidationFailed

from .. import policies
from ..models import Category, Feedback, HotlineRequest, Reply, ReturnVisit, RoutingEvent
from ..workflow import State
from . import notifications
from .routing import department_for

ERR_DEPARTMENT_REQUIRED = _("Choose the department, or a category the catalogue knows for this district.")
ERR_SAME_DEPARTMENT = _("The request is already with this department.")
ERR_REPLY_EMPTY = _("Write the answer to the citizen.")
ERR_NOT_RATEABLE = _("Only an answered request can be rated.")
ERR_SATISFACTION = _("Choose satisfied, basically satisfied or unsatisfied.")
ERR_VISIT_DONE = _("This return visit is already finished.")
ERR_NOTE_EMPTY = _("Write the note.")


def _end_of_day(day):
    return datetime.combine(day, time(23, 59, 59), tzinfo=timezone.get_current_timezone())


SCORES = {
    HotlineRequest.Satisfaction.SATISFIED: 5,
    HotlineRequest.Satisfaction.BASIC: 4,
    HotlineRequest.Satisfaction.UNSATISFIED: 2,
}


def _lock(request: HotlineRequest) -> HotlineRequest:
    return HotlineRequest.objects.select_for_update().select_related("case").get(pk=request.pk)


def _refresh(target: HotlineRequest, source: HotlineRequest) -> HotlineRequest:
    for field in [f.attname for f in HotlineRequest._meta.concrete_fields]:
        setattr(target, field, getattr(source, field))
    target.case = Case.objects.get(pk=source.case_id)
    return target


def _route_to(*, request: HotlineRequest, category: Category | None, department: Any) -> tuple[Category | None, Any]:
    category = category or request.category
    department = department or department_for(category=category, district=request.district)
    if department is None:
        raise ValidationFailed(
            "hotline.department_required", ERR_DEPARTMENT_REQUIRED, fields={"department": [ERR_DEPARTMENT_REQUIRED]}
        )
    return category, department


def _move_to_department(
    *, locked: HotlineRequest, category, department, by: Any, name: str, note: str, kind: str
) -> None:
    previous_category, previous_department = locked.category, locked.department
    RoutingEvent.objects.create(
        request=locked,
        kind=kind,
        category=category,
        department=department,
        previous_category=previous_category,
        previous_department=previous_department,
        reason=note,
        by=by,
    )
    locked.category, locked.department = category, department
    locked.save(update_fields=["category", "department"])
    Case.objects.filter(pk=locked.case_id).update(organization=department)
    case_transition(case=locked.case, name=name, by=by, note=note, data={"department": str(department)})
    request_id = locked.pk
    transaction.on_commit(lambda: notifications.alert_department(request_id=request_id))


def request_dispatch(
    *, request: HotlineRequest, by: Any, category: Category | None = None, department: Any = None, note: str = ""
) -> HotlineRequest:
    """A dispatcher sends a waiting request to a department (given, or the catalogue's
    department for the chosen category). A changed category or department is recorded
    as a correction the router learns from."""
    with transaction.atomic():
        locked = _lock(request)
        category, department = _route_to(request=locked, category=category, department=department)
        _move_to_department(
            locked=locked,
            category=category,
            department=department,
            by=by,
            name="dispatch",
            note=note,
            kind=RoutingEvent.Kind.DISPATCHED,
        )
    return _refresh(request, locked)


def request_reassign(
    *, request: HotlineRequest, by: Any, note: str, category: Category | None = None, department: Any = None
) -> HotlineRequest:
    """A dispatcher or supervisor moves a request that is with one department to another."""
    with transaction.atomic():
        locked = _lock(request)
        category, department = _route_to(request=locked, category=category, department=department)
        if department == locked.department and category == locked.category:
            raise Conflict("hotline.same_department", ERR_SAME_DEPARTMENT)
        _move_to_department(
            locked=locked,
            category=category,
            department=department,
            by=by,
            name="reassign",
            note=note,
            kind=RoutingEvent.Kind.REDISPATCHED,
        )
    return _refresh(request, locked)


def request_return(*, request: HotlineRequest, by: Any, reason: str) -> HotlineRequest:
    """First-receiver responsibility: the department that received a misrouted request
    may return it to the dispatcher once, saying why. The return is recorded."""
    with transaction.atomic():
        locked = _lock(request)
        case_transition(case=locked.case, name="return", by=by, note=reason)
        RoutingEvent.objects.create(
            request=locked,
            kind=RoutingEvent.Kind.RETURNED,
            category=None,
            department=None,
            previous_category=locked.category,
            previous_department=locked.department,
            reason=reason.strip(),
            by=by,
        )
        locked.returned_count += 1
        locked.save(update_fields=["returned_count"])
    return _refresh(request, locked)


def request_reject(*, request: HotlineRequest, by: Any, reason: str) -> HotlineRequest:
    with transaction.atomic():
        locked = _lock(request)
        case_transition(case=locked.case, name="reject", by=by, note=reason)
    return _refresh(request, locked)


def _mark_contacted(locked: HotlineRequest, now) -> None:
    if locked.contacted_at is None:
        locked.contacted_at = now
        locked.save(update_fields=["contacted_at"])


def request_contact(*, request: HotlineRequest, by: Any, note: str = "") -> HotlineRequest:
    """The department reached the citizen (the 24-hour contact rule)."""
    with transaction.atomic():
        locked = _lock(request)
        case_transition(case=locked.case, name="contact", by=by, note=note)
        if note.strip():
            Reply.objects.create(
                request=locked, kind=Reply.Kind.CONTACT, body=note.strip(), by=by, department=locked.department
            )
        _mark_contacted(locked, timezone.now())
    return _refresh(request, locked)


def request_reply(*, request: HotlineRequest, by: Any, body: str, article_slug: str = "") -> HotlineRequest:
    """The department answers. The citizen is told in the language of the request and
    asked to rate; a return-visit task is opened for a citizen who left a phone number."""
    body = (body or "").strip()
    if not body:
        raise ValidationFailed("hotline.reply_empty", ERR_REPLY_EMPTY, fields={"body": [ERR_REPLY_EMPTY]})
    now = timezone.now()
    with transaction.atomic():
        locked = _lock(request)
        case_transition(case=locked.case, name="reply", by=by, note=body)
        Reply.objects.create(
            request=locked,
            kind=Reply.Kind.REPLY,
            body=body,
            language=locked.reply_language,
            article_slug=article_slug[:80],
            by=by,
            department=locked.department,
        )
        _mark_contacted(locked, now)
        locked.replied_at = now
        locked.save(update_fields=["replied_at"])
        if locked.contact_phone:
            round_no = locked.reopened_count + 1
            due_day = add_working_days(timezone.localdate(), policies.RETURN_VISIT_WORKING_DAYS)
            ReturnVisit.objects.get_or_create(request=locked, round=round_no, defaults={"due_at": _end_of_day(due_day)})
        if notifications.citizens_without_account(locked):
            notifications.citizen_message(request_id=locked.pk, code="hotline.reply", extra={"reply": body[:500]})
    return _refresh(request, locked)


def request_note(*, request: HotlineRequest, by: Any, body: str) -> Reply:
    body = (body or "").strip()
    if not body:
        raise ValidationFailed("hotline.note_empty", ERR_NOTE_EMPTY, fields={"body": [ERR_NOTE_EMPTY]})
    with transaction.atomic():
        reply = Reply.objects.create(
            request=request, kind=Reply.Kind.NOTE, body=body, by=by, department=request.department
        )
        case_note(case=request.case, by=by, code="hotline.note", public=False, note=body)
    return reply


def request_close(*, request: HotlineRequest, by: Any, system: bool = False, note: str = "") -> HotlineRequest:
    with transaction.atomic():
        locked = _lock(request)
        case_transition(case=locked.case, name="close", by=by, note=note, system=system)
        ReturnVisit.objects.filter(request=locked, status=ReturnVisit.Status.OPEN).update(
            status=ReturnVisit.Status.NOT_NEEDED
        )
    return _refresh(request, locked)


def request_reopen(*, request: HotlineRequest, by: Any, reason: str, system: bool = False) -> HotlineRequest:
    """Back to the same department with a fresh deadline."""
    with transaction.atomic():
        locked = _lock(request)
        case_transition(case=locked.case, name="reopen", by=by, note=reason, system=system)
        locked.reopened_count += 1
        locked.replied_at = None
        locked.escalated_at = None
        locked.save(update_fields=["reopened_count", "replied_at", "escalated_at"])
        ReturnVisit.objects.filter(request=locked, status=ReturnVisit.Status.OPEN).update(
            status=ReturnVisit.Status.NOT_NEEDED
        )
        request_id = locked.pk
        transaction.on_commit(lambda: notifications.alert_department(request_id=request_id))
    return _refresh(request, locked)


def request_rate(
    *,
    request: HotlineRequest,
    satisfaction: str,
    resolved: bool,
    by: Any = None,
    comment: str = "",
    source: str = Feedback.Source.WEB,
) -> Feedback:
    """The citizen judges the answer: satisfied, basically satisfied or unsatisfied, and
    whether the problem is resolved.

    Satisfied or basically satisfied closes the request and records the kernel's service
    rating. Unsatisfied reopens it for the same department with a fresh deadline, and
    alerts the department and the duty supervisor; after the allowed number of reopenings
    it is closed with the unsatisfied rating for the supervisor to review.
    """
    if satisfaction not in SCORES:
        raise ValidationFailed("hotline.satisfaction", ERR_SATISFACTION, fields={"satisfaction": [ERR_SATISFACTION]})
    actor = by if getattr(by, "pk", None) else None
    with transaction.atomic():
        locked = _lock(request)
        if locked.case.state != State.REPLIED:
            raise Conflict("hotline.not_rateable", ERR_NOT_RATEABLE)
        feedback = Feedback.objects.create(
            request=locked,
            round=locked.reopened_count + 1,
            satisfaction=satisfaction,
            resolved=bool(resolved),
            comment=(comment or "").strip()[:2000],
            source=source,
            department=locked.department,
            by=actor,
        )
        locked.satisfaction, locked.resolved = satisfaction, bool(resolved)
        locked.save(update_fields=["satisfaction", "resolved"])
        audit_record(
            actor=actor,
            action="hotline.request.rated",
            obj=locked.case,
            new={"satisfaction": satisfaction, "resolved": bool(resolved)},
        )
        ReturnVisit.objects.filter(request=locked, status=ReturnVisit.Status.OPEN).update(
            status=ReturnVisit.Status.NOT_NEEDED
        )
        unsatisfied = satisfaction == HotlineRequest.Satisfaction.UNSATISFIED
        if unsatisfied and locked.reopened_count < policies.MAX_REOPENS:
            reason = feedback.comment or str(_("The citizen is not satisfied with the answer."))
            request_reopen(request=locked, by=actor, reason=reason, system=True)
        else:
            case_transition(case=locked.case, name="close", by=actor, system=True)
            case_rate(case=locked.case, by=actor, score=SCORES[satisfaction], comment=feedback.comment)
        if unsatisfied:
            transaction.on_commit(lambda: notifications.alert_unsatisfied(request=locked, comment=feedback.comment))
    _refresh(request, HotlineRequest.objects.get(pk=locked.pk))
    return feedback


def return_visit_complete(
    *, visit: ReturnVisit, by: Any, reached: bool, satisfaction: str = "", resolved: bool = False, note: str = ""
) -> ReturnVisit:
    """An agent called the citizen back: record the rating they gave, or that they could
    not be reached."""
    with transaction.atomic():
        locked = ReturnVisit.objects.select_for_update().get(pk=visit.pk)
        if locked.status != ReturnVisit.Status.OPEN:
            raise Conflict("hotline.visit_done", ERR_VISIT_DONE)
        if reached:
            request_rate(
                request=locked.request,
                satisfaction=satisfaction,
                resolved=resolved,
                by=by,
                comment=note,
                source=Feedback.Source.RETURN_VISIT,
            )
        locked.status = ReturnVisit.Status.DONE if reached else ReturnVisit.Status.UNREACHABLE
        locked.note, locked.done_by, locked.done_at = note.strip(), by, timezone.now()
        locked.save(update_fields=["status", "note", "done_by", "done_at"])
        case_note(
            case=locked.request.case,
            by=by,
            code="hotline.return_visit",
            public=False,
            note=note,
            params={"status": locked.get_status_display()},
        )
    return locked


def requests_deadline_scan(*, now=None) -> dict:
    """Missed contact deadlines alert the department and the duty supervisor; requests
    past their deadline are escalated to the duty supervisor; answers nobody rated within
    the allowed working days are closed. Each alert is sent once (conditional updates)."""
    now = now or timezone.now()
    counts = {"contact_overdue": 0, "escalated": 0, "closed_unrated": 0}
    open_states = [State.ASSIGNED, State.DISPATCHING]
    waiting = HotlineRequest.objects.filter(
        case__state__in=open_states,
        contacted_at__isnull=True,
        contact_alerted_at__isnull=True,
        contact_due_at__lt=now,
    ).select_related("case", "category", "district", "department")
    for request in waiting:
        if HotlineRequest.objects.filter(pk=request.pk, contact_alerted_at__isnull=True).update(contact_alerted_at=now):
            notifications.alert_contact_overdue(request=request)
            counts["contact_overdue"] += 1
    overdue = HotlineRequest.objects.filter(
        case__is_open=True,
        case__due_at__lt=now,
        case__paused_at__isnull=True,
        escalated_at__isnull=True,
        case__state__in=[State.DISPATCHING, State.ASSIGNED, State.IN_PROGRESS],
    ).select_related("case", "category", "district", "department")
    for request in overdue:
        if HotlineRequest.objects.filter(pk=request.pk, escalated_at__isnull=True).update(escalated_at=now):
            case_note(case=request.case, by=None, code="hotline.escalated", public=False)
            notifications.alert_escalated(request=request)
            counts["escalated"] += 1
    today = timezone.localtime(now).date()
    stale = HotlineRequest.objects.filter(case__state=State.REPLIED, replied_at__isnull=False).select_related("case")
    for request in stale.iterator():
        replied_day = timezone.localtime(request.replied_at).date()
        if add_working_days(replied_day, policies.AUTOCLOSE_WORKING_DAYS) < today:
            has_open_visit = request.return_visits.filter(status=ReturnVisit.Status.OPEN).exists()
            if not has_open_visit:
                try:
                    request_close(request=request, by=None, system=True)
                    counts["closed_unrated"] += 1
                except Conflict:
                    continue
    return counts
