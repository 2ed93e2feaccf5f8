"""Reads on trips: scoping, the liaison officer's dashboard and the FAO work queue.

List selectors return querysets whose page costs a fixed number of queries whatever the
number of rows: related rows come through ``select_related`` and one ``prefetch_related``
per relation, counts through a subquery annotation.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from onestop.accounts.roles import Role
from onestop.cases.selectors import sla_status
from onestop.core.errors import NotFound

from ..models import Trip, TripDestination, TripMember, TripPolicy
from ..workflow import KIND, REVIEW_QUEUE, TripState

# Roles of the foreign-affairs office: they see every organization's trips.
FAO_ROLES = frozenset({str(Role.FAO_REVIEWER), str(Role.PASSPORT_OFFICER), str(Role.VISA_OFFICER)})
LIAISON_ROLES = frozenset({str(Role.LIAISON)})
QUEUE_STATES = (TripState.SUBMITTED, TripState.RESUBMITTED, TripState.IN_REVIEW, TripState.CORRECTION_REQUESTED)


def trip_review_sla(*, case: Any) -> str:
    """The review deadline's status ('none', 'paused', 'ok', 'warning', 'breached'). The
    review clock covers submission to decision only: an approved trip stays open for its
    passports, visas, collection and report, and those have their own dates, so it shows
    no review deadline."""
    if case.state not in QUEUE_STATES:
        return "none"
    return sla_status(case)


def user_org_path(user: Any) -> str:
    """Materialized path of the user's organization ("" when none), cached on the user."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "organization_id", None):
        return ""
    cached = getattr(user, "_trips_org_path", None)
    if cached is None:
        cached = user.organization.path
        user._trips_org_path = cached
    return cached


def trip_policy_active() -> TripPolicy:
    """The active policy row, or the defaults when an administrator has not saved one."""
    return TripPolicy.objects.filter(is_active=True).first() or TripPolicy(name="default")


def _base() -> QuerySet[Trip]:
    return Trip.objects.select_related("case", "organization", "case__assigned_to")


def trips_visible_to(*, user: Any) -> QuerySet[Trip]:
    """Trips ``user`` may see: FAO staff all of them, a liaison officer their organization's
    subtree, anyone else none."""
    qs = _base()
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    held = user.role_names
    if held & FAO_ROLES:
        return qs
    if held & LIAISON_ROLES:
        ids = user_org_ids(user)
        if ids:
            return qs.filter(organization_id__in=ids)
    return qs.none()


def user_org_ids(user: Any) -> list[int]:
    """Ids of the user's organization and everything below it (one small query, cached on the
    user). Filtering trips by an explicit id list lets the database walk the
    ``trips_org_created`` index instead of joining organizations."""
    cached = getattr(user, "_trips_org_ids", None)
    if cached is None:
        from onestop.accounts.models import Organization

        path = user_org_path(user)
        cached = list(Organization.objects.filter(path__startswith=path).values_list("pk", flat=True)) if path else []
        user._trips_org_ids = cached
    return cached


def access_trip(*, user: Any, pk: Any) -> Trip:
    """Fetch a trip the user may see, with its delegation and destinations. Missing and
    forbidden trips raise the same ``NotFound``."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFound("trips.not_found")
    trip = (
        trips_visible_to(user=user)
        .prefetch_related(
            Prefetch("members", queryset=TripMember.objects.select_related("person")),
            "destinations",
        )
        .filter(pk=pk)
        .first()
    )
    if trip is None:
        raise NotFound("trips.not_found")
    return trip


def can_act_as_liaison(*, user: Any, trip: Trip) -> bool:
    path = user_org_path(user)
    return bool(path and str(Role.LIAISON) in user.role_names and trip.organization.path.startswith(path))


def _member_count() -> Subquery:
    return Coalesce(
        Subquery(
            TripMember.objects.filter(trip=OuterRef("pk"))
            .order_by()
            .values("trip")
            .annotate(n=Count("pk"))
            .values("n")[:1]
        ),
        0,
    )


def _leaders() -> Prefetch:
    return Prefetch(
        "members",
        queryset=TripMember.objects.filter(role=TripMember.Role.LEADER).select_related("person"),
        to_attr="leaders",
    )


def _list_shape(qs: QuerySet[Trip]) -> QuerySet[Trip]:
    return qs.annotate(member_count=_member_count()).prefetch_related(
        Prefetch("destinations", queryset=TripDestination.objects.order_by("order", "arrive_on", "pk")),
        _leaders(),
    )


def _search(qs: QuerySet[Trip], q: str | None) -> QuerySet[Trip]:
    q = (q or "").strip()
    if not q:
        return qs
    if q.upper().startswith("TRP-"):
        return qs.filter(case__number__startswith=q.upper())
    return qs.filter(Q(purpose__icontains=q) | Q(inviter_name__icontains=q) | Q(case__number__icontains=q))


def trips_for_dashboard(*, user: Any, state: str | None = None, q: str | None = None) -> QuerySet[Trip]:
    """The liaison officer's trips (FAO staff: everybody's), newest first, filterable by
    state and by a search on case number, purpose or inviting party."""
    qs = trips_visible_to(user=user)
    if state:
        qs = qs.filter(case__state=state)
    qs = _search(qs, q)
    return _list_shape(qs).order_by("-created_at", "-pk")


def _queue_case_filter(*, user: Any, state: str | None, assigned: str | None, organization: Any, overdue: bool) -> Q:
    """The queue's conditions, on the case's own columns (see ``fao_work_queue``)."""
    cond = Q(kind=KIND, is_open=True)
    if state and state in {str(s) for s in QUEUE_STATES}:
        cond &= Q(state=state)
    else:
        cond &= Q(queue=REVIEW_QUEUE)
    if assigned == "me":
        cond &= Q(assigned_to=user)
    elif assigned == "none":
        cond &= Q(assigned_to__isnull=True)
    if organization:
        cond &= Q(organization_id=getattr(organization, "pk", organization))
    if overdue:
        cond &= Q(due_at__lt=timezone.now(), paused_at__isnull=True)
    return cond


def _prefixed(cond: Q, prefix: str) -> Q:
    out = Q()
    out.connector, out.negated = cond.connector, cond.negated
    out.children = [
        _prefixed(child, prefix) if isinstance(child, Q) else (prefix + child[0], child[1]) for child in cond.children
    ]
    return out


def fao_work_queue(
    *,
    user: Any,
    state: str | None = None,
    assigned: str | None = None,
    organization: Any = None,
    overdue: bool = False,
    q: str | None = None,
) -> QuerySet[Trip]:
    """Open trips for the FAO reviewers, most urgent deadline first.

    ``state`` empty means those waiting for the FAO (submitted, resubmitted, in review);
    ``assigned`` is "me", "none" or empty; ``overdue`` keeps trips past their deadline.
    """
    if not (getattr(user, "is_authenticated", False) and user.role_names & FAO_ROLES):
        return Trip.objects.none()
    cond = _queue_case_filter(user=user, state=state, assigned=assigned, organization=organization, overdue=overdue)
    qs = _search(_base().filter(_prefixed(cond, "case__")), q)
    return _list_shape(qs).order_by("case__due_at", "case__created_at", "pk")


def fao_work_queue_count(
    *,
    user: Any,
    state: str | None = None,
    assigned: str | None = None,
    organization: Any = None,
    overdue: bool = False,
    q: str | None = None,
) -> int:
    """How many trips ``fao_work_queue`` holds. Without a text search it counts the cases
    alone on the ``cases_queue_due`` index (every trip case has exactly one trip), which
    spares the database a join over every trip."""
    if (q or "").strip():
        return fao_work_queue(
            user=user, state=state, assigned=assigned, organization=organization, overdue=overdue, q=q
        ).count()
    if not (getattr(user, "is_authenticated", False) and user.role_names & FAO_ROLES):
        return 0
    from onestop.cases.models import Case

    cond = _queue_case_filter(user=user, state=state, assigned=assigned, organization=organization, overdue=overdue)
    return Case.objects.filter(cond).count()


def persons_selectable(*, trip: Trip, user: Any) -> QuerySet:
    """Persons of the trip's organization (and its sub-organizations) that ``user`` may see in
    the dossier and that are not yet in the delegation."""
    from onestop.dossier.selectors import persons_visible_to

    return (
        persons_visible_to(user=user)
        .filter(organization__path__startswith=trip.organization.path)
        .exclude(pk__in=trip.members.values("person_id"))
        .order_by("full_name", "pk")
    )


def trip_available_actions(*, trip: Trip, user: Any) -> list[str]:
    """Names of the workflow moves ``user`` may make on ``trip`` now, plus "take_over" when a
    reviewer may take a trip in review from a colleague. Guards that need the trip's
    contents (policy, materials) are checked when the move is made."""
    from onestop.cases.services import transition_allowed_for

    from ..workflow import guard_assigned_reviewer

    case = trip.case
    names: list[str] = []
    liaison = can_act_as_liaison(user=user, trip=trip)
    for transition in case.workflow.available(case.state):
        if not transition_allowed_for(case=case, transition=transition, user=user):
            continue
        granted = transition.roles & user.role_names
        if granted <= LIAISON_ROLES and not liaison:
            continue
        if guard_assigned_reviewer in transition.guards and case.assigned_to_id != user.pk:
            continue
        names.append(transition.name)
    if (
        case.state == TripState.IN_REVIEW
        and case.assigned_to_id != user.pk
        and str(Role.FAO_REVIEWER) in user.role_names
    ):
        names.append("take_over")
    return names


# The package's other modules (they use the helpers above), re-exported.
from .after import ReportDue as ReportDue  # noqa: E402
from .after import trip_report_due_candidates as trip_report_due_candidates  # noqa: E402
from .readiness import PassportLine as PassportLine  # noqa: E402
from .readiness import Readiness as Readiness  # noqa: E402
from .readiness import access_collection_signature as access_collection_signature  # noqa: E402
from .readiness import trip_collection_appointment as trip_collection_appointment  # noqa: E402
from .readiness import trip_collection_options as trip_collection_options  # noqa: E402
from .readiness import trip_readiness as trip_readiness  # noqa: E402
from .readiness import trip_visits_count as trip_visits_count  # noqa: E402
