"""Reads on requests, always scoped to what the reader may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from onestop.accounts.roles import Role
from onestop.cases.services import transition_allowed_for
from onestop.core.errors import NotFound

from ..models import HotlineRequest, ReturnVisit, RoutingEvent
from ..workflow import WORKFLOW, State

SEE_ALL = frozenset({Role.HOTLINE_AGENT, Role.DISPATCHER, Role.SUPERVISOR, Role.ADMIN})
STAFF = SEE_ALL | {Role.DEPARTMENT_HANDLER}


def _base() -> QuerySet[HotlineRequest]:
    return HotlineRequest.objects.select_related("case", "case__applicant", "category", "district", "department")


def requests_visible(*, user: Any) -> QuerySet[HotlineRequest]:
    """Agents, dispatchers and supervisors see every request; a department handler sees
    the requests now with their organization (or below it); a citizen sees their own."""
    if not getattr(user, "is_authenticated", False):
        return HotlineRequest.objects.none()
    roles = user.role_names
    if roles & SEE_ALL:
        return _base()
    scope = Q(case__applicant=user)
    if Role.DEPARTMENT_HANDLER in roles and user.organization_id:
        scope |= Q(case__organization__path__startswith=user.organization.path)
    return _base().filter(scope)


def access_request(*, user: Any, number: str) -> HotlineRequest:
    """The request numbered ``number`` if ``user`` may see it; NotFound otherwise (the
    same answer for a missing and a forbidden request)."""
    request = requests_visible(user=user).filter(case__number=number).first()
    if request is None:
        raise NotFound("hotline.request_not_found")
    return request


def request_by_tracking(*, code: str) -> HotlineRequest:
    request = _base().filter(tracking_code=code).first() if code else None
    if request is None:
        raise NotFound("hotline.request_not_found")
    return request


def request_list(
    *,
    user: Any,
    state: str = "",
    category: str = "",
    district: str = "",
    department: int | None = None,
    query: str = "",
    overdue: bool = False,
    queue_only: bool = False,
) -> QuerySet[HotlineRequest]:
    qs = requests_visible(user=user)
    if queue_only:
        qs = qs.filter(case__is_open=True, case__queue__in=list(user.role_names))
    if state:
        qs = qs.filter(case__state=state)
    if category:
        qs = qs.filter(category__code=category)
    if district:
        qs = qs.filter(district__code=district)
    if department:
        qs = qs.filter(department_id=department)
    if overdue:
        qs = qs.filter(case__is_open=True, case__due_at__lt=timezone.now())
    query = (query or "").strip()
    if query:
        qs = qs.filter(Q(case__number__iexact=query) | Q(description__icontains=query) | Q(address__icontains=query))
    return qs.order_by("case__due_at", "-created_at") if queue_only or overdue else qs.order_by("-created_at")


def caller_history(*, phone: str, limit: int = 10) -> list[HotlineRequest]:
    """Earlier requests from the same phone number, newest first (for the agent's screen)."""
    from ..services.intake import phone_digits

    digits = phone_digits(phone)
    if len(digits) < 5:
        return []
    return list(_base().filter(phone_digits=digits).order_by("-created_at")[:limit])


def actions_for(*, user: Any, request: HotlineRequest) -> list:
    """The transitions ``user`` may trigger on ``request`` now (for buttons)."""
    case = request.case
    allowed = [t for t in WORKFLOW.available(case.state) if transition_allowed_for(case=case, transition=t, user=user)]
    if Role.DEPARTMENT_HANDLER in user.role_names and not (user.role_names & SEE_ALL):
        allowed = [t for t in allowed if t.name != "return" or request.returned_count == 0]
    return allowed


def routing_history(*, request: HotlineRequest) -> list[RoutingEvent]:
    return list(
        request.routing_events.select_related(
            "category", "department", "previous_category", "previous_department", "by"
        )
    )


def return_visits_open(*, limit: int | None = None) -> QuerySet[ReturnVisit]:
    qs = ReturnVisit.objects.filter(status=ReturnVisit.Status.OPEN).select_related(
        "request", "request__case", "request__category", "request__department"
    )
    return qs.order_by("due_at")[:limit] if limit else qs.order_by("due_at")


def corrections(*, since=None) -> QuerySet[RoutingEvent]:
    """Routing corrections made by people: hand dispatches and re-dispatches (after a
    department returned a request, or a dispatcher moved it). The texts with their final
    category are the router's next training data."""
    qs = RoutingEvent.objects.filter(
        kind__in=[RoutingEvent.Kind.DISPATCHED, RoutingEvent.Kind.REDISPATCHED], category__isnull=False
    ).select_related("request", "category", "department", "previous_category", "previous_department")
    if since is not None:
        qs = qs.filter(at__gte=since)
    return qs.order_by("at", "pk")


def open_states() -> list[str]:
    return [State.DISPATCHING, State.ASSIGNED, State.IN_PROGRESS, State.REPLIED]
