"""Reads on visa applications and batches, scoped to what the user may see.

The Foreign Affairs Office sees every application; a liaison officer those of their
organization's subtree (read-only). Batches gather several organizations' applications, so
only the Foreign Affairs Office sees them. List selectors cost a fixed number of queries
per page whatever the number of rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from onestop.core.errors import NotFound

from ..access import OFFICER_ROLES, ORG_SCOPED_ROLES, SEE_ALL_ROLES
from ..models import Mission, VisaApplication, VisaBatch
from ..workflow import VisaState
from .readiness import readiness_for


def sees_all(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.role_names & SEE_ALL_ROLES)


def is_officer(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.role_names & OFFICER_ROLES)


def org_path(user: Any) -> str:
    """The liaison officer's organization path ("" for anyone else)."""
    if not getattr(user, "is_authenticated", False) or not user.role_names & ORG_SCOPED_ROLES:
        return ""
    return user.organization.path if user.organization_id else ""


def _base() -> QuerySet[VisaApplication]:
    return VisaApplication.objects.select_related(
        "case",
        "case__organization",
        "trip_case",
        "person",
        "person__organization",
        "passport",
        "batch",
        "batch__mission",
        "visa",
    )


def applications_visible_to(*, user: Any) -> QuerySet[VisaApplication]:
    if sees_all(user):
        return _base()
    path = org_path(user)
    if not path:
        return VisaApplication.objects.none()
    return _base().filter(case__organization__path__startswith=path)


def access_application(*, user: Any, pk: Any) -> VisaApplication:
    """The application ``pk`` if ``user`` may see it; ``NotFound`` for missing and forbidden."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFound("visas.application_not_found")
    application = applications_visible_to(user=user).filter(pk=pk).first()
    if application is None:
        raise NotFound("visas.application_not_found")
    return application


def applications_for(
    *,
    user: Any,
    state: str | None = None,
    country: str | None = None,
    q: str | None = None,
    trip_case_id: int | None = None,
) -> QuerySet[VisaApplication]:
    """Applications the user may see, filtered by state, country, trip, or a search on the
    case number, the trip's number or the traveller's name; the most urgent first."""
    qs = applications_visible_to(user=user)
    if state:
        qs = qs.filter(case__state=state)
    if country:
        qs = qs.filter(country=country.upper())
    if trip_case_id:
        qs = qs.filter(trip_case_id=trip_case_id)
    text = (q or "").strip()
    if text:
        qs = qs.filter(
            Q(case__number__icontains=text)
            | Q(trip_case__number__icontains=text)
            | Q(person__full_name__icontains=text)
            | Q(person__latin_name__icontains=text)
        )
    return qs.order_by("submit_by", "arrive_on", "pk")


def state_counts(*, user: Any) -> dict[str, int]:
    rows = applications_visible_to(user=user).order_by().values("case__state").annotate(n=Count("pk"))
    return {row["case__state"]: row["n"] for row in rows}


# --- the visa officer's work queue ------------------------------------------------------


@dataclass
class QueueLine:
    application: VisaApplication
    problems: list[str]

    @property
    def ready(self) -> bool:
        return not self.problems


@dataclass
class QueueGroup:
    country: str
    country_name: str
    lines: list[QueueLine] = field(default_factory=list)

    @property
    def ready_count(self) -> int:
        return sum(1 for line in self.lines if line.ready)


def prepared_applications(*, country: str | None = None) -> QuerySet[VisaApplication]:
    """Applications waiting to be submitted, by country, then by the date they must go by."""
    qs = _base().filter(case__kind="visa", case__state=VisaState.PREPARED)
    if country:
        qs = qs.filter(country=country.upper())
    return qs.order_by("country", "submit_by", "arrive_on", "pk")


def queue_groups(applications: list[VisaApplication]) -> list[QueueGroup]:
    """Group a page of prepared applications by country, with what stops each from being
    submitted (readiness in two queries for the whole page)."""
    from onestop.trips.countries import country_name

    problems = readiness_for(applications)
    groups: dict[str, QueueGroup] = {}
    for application in applications:
        group = groups.get(application.country)
        if group is None:
            group = groups[application.country] = QueueGroup(application.country, country_name(application.country))
        group.lines.append(QueueLine(application, problems.get(application.pk, [])))
    return list(groups.values())


def batch_candidates(*, country: str) -> list[QueueLine]:
    """The prepared applications of one country, with their readiness (batch form)."""
    applications = list(prepared_applications(country=country))
    problems = readiness_for(applications)
    return [QueueLine(a, problems.get(a.pk, [])) for a in applications]


# --- batches ----------------------------------------------------------------------------


def batches_for(*, user: Any, country: str | None = None, open_only: bool = False) -> QuerySet[VisaBatch]:
    """Batches (Foreign Affairs Office only), newest first, with their counts per outcome."""
    if not sees_all(user):
        return VisaBatch.objects.none()
    qs = VisaBatch.objects.select_related("mission", "created_by").annotate(
        total=Count("applications"),
        pending=Count("applications", filter=Q(applications__case__state=VisaState.SUBMITTED)),
        issued=Count("applications", filter=Q(applications__case__state=VisaState.ISSUED)),
        refused=Count("applications", filter=Q(applications__case__state=VisaState.REFUSED)),
    )
    if country:
        qs = qs.filter(country=country.upper())
    if open_only:
        qs = qs.filter(pending__gt=0)
    return qs.order_by("-submitted_on", "-pk")


def access_batch(*, user: Any, pk: Any) -> VisaBatch:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFound("visas.batch_not_found")
    batch = batches_for(user=user).filter(pk=pk).first()
    if batch is None:
        raise NotFound("visas.batch_not_found")
    return batch


def batch_applications(*, batch: VisaBatch) -> list[VisaApplication]:
    return list(_base().filter(batch=batch).order_by("person__full_name", "pk"))


def missions_accepting(*, country: str, requirement_kinds: set[str]) -> list[Mission]:
    """Active missions of ``country`` that take every one of ``requirement_kinds``."""
    from .requirements import mission_accepts, missions_for

    return [
        mission
        for mission in missions_for(country=country)
        if all(mission_accepts(mission=mission, requirement_kind=kind) for kind in requirement_kinds)
    ]


def visa_case_labels(*, trip_case_id: int) -> dict[int, str]:
    """What each visa case of a trip is about — "traveller · destination", the country in the
    active language — keyed by case id, for the trip's one timeline."""
    rows = VisaApplication.objects.filter(trip_case_id=trip_case_id).select_related("person")
    return {a.case_id: f"{a.person.full_name} · {a.country_name}" for a in rows}
