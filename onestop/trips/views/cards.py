"""The rows of the trip lists (dashboard and work queue), prepared once per page.

A list page shows up to ``PAGE_SIZE`` cards. Everything a card shows is computed here in
Python — the detail link, badge classes, the destinations line, the delegation — so the
template loops over plain values instead of resolving lookups, reversing URLs and running
filters for every card.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.urls import reverse
from django.utils.text import Truncator

from ..models import Trip
from ..selectors import QUEUE_STATES, trip_review_sla
from ..templatetags.trips_tags import sla_label, state_class

_PK_MARK = 987654321  # stands for the trip id in the reversed URL pattern


@dataclass(frozen=True)
class TripCard:
    pk: int
    url: str
    number: str
    state: str
    state_label: str
    state_class: str
    sla: str
    sla_label: str
    purpose: str
    organization: str
    destinations: str
    departs_on: date | None
    returns_on: date | None
    leader: str
    member_count: int
    due_at: datetime | None
    assignee: str
    assign_url: str


def _url_maker(name: str, *args: str):
    template = reverse(name, args=[_PK_MARK, *args])
    mark = str(_PK_MARK)
    return lambda pk: template.replace(mark, str(pk), 1)


def trip_cards(trips: Iterable[Trip], *, with_assign: bool = False) -> list[TripCard]:
    """One card per trip; ``trips`` come from the list selectors (destinations and leaders
    prefetched, ``member_count`` annotated, case and organization joined)."""
    detail_url = _url_maker("trips:detail")
    assign_url = _url_maker("trips:act", "assign") if with_assign else None
    cards = []
    for trip in trips:
        case = trip.case
        sla = trip_review_sla(case=case)
        leaders = getattr(trip, "leaders", None) or []
        cards.append(
            TripCard(
                pk=trip.pk,
                url=detail_url(trip.pk),
                number=case.number,
                state=case.state,
                state_label=str(case.state_label),
                state_class=state_class(case.state),
                sla=sla,
                sla_label=sla_label(sla) if sla != "none" else "",
                purpose=Truncator(trip.purpose).chars(160),
                organization=trip.organization.display_name(),
                destinations="; ".join(f"{d.city}, {d.country_name}" for d in trip.destinations.all()),
                departs_on=trip.departs_on,
                returns_on=trip.returns_on,
                leader=leaders[0].person.full_name if leaders else "",
                member_count=getattr(trip, "member_count", 0) or 0,
                due_at=case.due_at if case.is_open and case.state in QUEUE_STATES else None,
                assignee=case.assigned_to.full_name if case.assigned_to_id else "",
                assign_url=assign_url(trip.pk) if assign_url else "",
            )
        )
    return cards
