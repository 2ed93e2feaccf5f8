"""Everything the passports app reads about trips, in one place (ADR 0503).

The trips app does not know about passports; passports react to its transitions through
the kernel's listener hook and read the few facts they need here: the delegation, the
dates, the organization, and whether the trip stands approved.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

TRIP_KIND = "trip"
# States in which an approval no longer stands.
NOT_APPROVED_STATES = frozenset({"draft", "submitted", "in_review", "correction_requested", "resubmitted",
                                 "rejected", "withdrawn", "cancelled"})  # fmt: skip


@dataclass(frozen=True)
class TripFacts:
    case_id: int
    number: str
    state: str
    organization: Any
    departs_on: date | None
    returns_on: date | None
    approved_days: int | None  # departure and return days both count
    travellers: tuple[Any, ...]  # dossier persons, leader first


def trip_facts(*, case_id: int) -> TripFacts | None:
    """The facts of the trip whose case is ``case_id``; ``None`` when it is not a trip."""
    from django.db.models import Prefetch

    from onestop.trips.models import Trip, TripMember

    trip = (
        Trip.objects.select_related("case", "organization")
        .prefetch_related(Prefetch("members", queryset=TripMember.objects.select_related("person__organization")))
        .filter(case_id=case_id)
        .first()
    )
    if trip is None:
        return None
    return TripFacts(
        case_id=trip.case_id,
        number=trip.case.number,
        state=trip.case.state,
        organization=trip.organization,
        departs_on=trip.departs_on,
        returns_on=trip.returns_on,
        approved_days=trip.days,
        travellers=tuple(m.person for m in trip.members.all()),
    )


def trip_is_approved(*, case_id: int) -> bool:
    """True while the trip's approval stands: it was approved and is not cancelled."""
    from onestop.trips.models import Trip

    row = Trip.objects.filter(case_id=case_id).values("approved_at", "case__state").first()
    return bool(row and row["approved_at"] and row["case__state"] not in NOT_APPROVED_STATES)


def open_trip_cases_for(*, organization: Any) -> list[tuple[int, str]]:
    """(case id, number) of the organization's trips, newest first: a liaison officer picks
    the trip a passport application is filed for."""
    from onestop.cases.models import Case

    rows = (
        Case.objects.filter(kind=TRIP_KIND, organization__path__startswith=organization.path)
        .exclude(state__in=["rejected", "withdrawn", "cancelled"])
        .order_by("-created_at")
        .values_list("pk", "number")[:200]
    )
    return list(rows)


def trip_passports_changed(*, case_id: int) -> None:
    """Tell the trips app, after the commit, that a passport of the trip moved (reserved,
    released, lost), so it re-checks whether the trip is ready for collection."""
    from django.db import transaction

    try:
        from onestop.trips.tasks import enqueue_readiness_refresh
    except ImportError:  # a trips app without the collection step: nothing to tell
        return
    transaction.on_commit(lambda: enqueue_readiness_refresh(case_id=case_id))
