"""Fast insertion of many trips for benchmarks and load tests.

This bypasses the workflow on purpose: it writes finished rows (case, trip, delegation,
destinations) with ``bulk_create`` in a realistic mix of states, so a benchmark can fill a
database with 100,000 trips in seconds. It writes no timeline, audit or materials and must
never run on a production database; the services are the only way real trips are made.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from onestop.cases.models import Case, CaseSequence

from .models import FundingSource, Trip, TripDestination, TripMember
from .workflow import APPROVAL_PREFIX, KIND, LIAISON_QUEUE, PREFIX, REVIEW_QUEUE, TripState

# Share of each state among a city's trips over several years: nearly all are decided; the
# FAO holds a few percent at any time.
STATE_MIX: tuple[tuple[str, float], ...] = (
    (TripState.DRAFT, 0.020),
    (TripState.SUBMITTED, 0.015),
    (TripState.IN_REVIEW, 0.010),
    (TripState.CORRECTION_REQUESTED, 0.005),
    (TripState.RESUBMITTED, 0.003),
    (TripState.APPROVED, 0.860),
    (TripState.REJECTED, 0.040),
    (TripState.WITHDRAWN, 0.047),
)
_PLACES = (
    ("JP", "Tokyo"), ("KR", "Seoul"), ("DE", "Berlin"), ("FR", "Paris"), ("GB", "London"), ("US", "New York"),
    ("SG", "Singapore"), ("AU", "Sydney"), ("RU", "Moscow"), ("BR", "São Paulo"), ("KE", "Nairobi"),
    ("EG", "Cairo"), ("IT", "Rome"), ("ES", "Madrid"), ("TH", "Bangkok"), ("AE", "Dubai"),
)  # fmt: skip
_PURPOSES = (
    "学术交流与合作研究", "参加国际学术会议", "经贸洽谈与项目考察", "友好城市交流访问", "技术培训与考察",
    "Joint research meeting", "International conference", "Trade and investment talks",
)  # fmt: skip
OPEN_STATES = frozenset(
    {TripState.DRAFT, TripState.SUBMITTED, TripState.IN_REVIEW, TripState.CORRECTION_REQUESTED, TripState.RESUBMITTED}
)
BATCH = 2000


def _states(n: int, rng: random.Random, mix: tuple[tuple[str, float], ...]) -> list[str]:
    names = [s for s, _w in mix]
    weights = [w for _s, w in mix]
    return rng.choices(names, weights=weights, k=n)


def _reserve_numbers(prefix: str, n: int, year: int) -> int:
    """Take ``n`` consecutive numbers from the counter of ``prefix``; returns the first, so
    numbers given out later by the services never collide with these."""
    with transaction.atomic():
        CaseSequence.objects.get_or_create(prefix=prefix, year=year)
        seq = CaseSequence.objects.select_for_update().get(prefix=prefix, year=year)
        first = seq.last + 1
        seq.last += n
        seq.save(update_fields=["last"])
    return first


def _queue(state: str) -> str:
    if state in (TripState.SUBMITTED, TripState.RESUBMITTED, TripState.IN_REVIEW):
        return REVIEW_QUEUE
    if state == TripState.CORRECTION_REQUESTED:
        return LIAISON_QUEUE
    return ""


def trips_bulk_create(
    *,
    n: int,
    organizations: Sequence[Any],
    persons: Iterable[Any],
    reviewers: Sequence[Any] = (),
    seed: int = 2026,
    state_mix: tuple[tuple[str, float], ...] = STATE_MIX,
) -> int:
    """Insert ``n`` trips spread over ``organizations``, with delegations drawn from
    ``persons`` of each organization (1–6 persons, the first one leading) and 1–3
    destinations, in the proportions of ``state_mix``. Open trips waiting for the FAO get
    deadlines around today, some past; trips in review are assigned to one of ``reviewers``
    when given. Returns ``n``."""
    if n <= 0:
        return 0
    rng = random.Random(seed)
    by_org: dict[int, list[Any]] = defaultdict(list)
    for person in persons:
        by_org[person.organization_id].append(person)
    orgs = [org for org in organizations if by_org.get(org.pk)] or list(organizations)
    if not orgs:
        raise ValueError("trips_bulk_create needs at least one organization")
    now = timezone.now()
    year = timezone.localdate().year
    next_number = _reserve_numbers(PREFIX, n, year)
    done = 0
    while done < n:
        size = min(BATCH, n - done)
        states = _states(size, rng, state_mix)
        approvals = sum(1 for state in states if state == TripState.APPROVED)
        next_approval = _reserve_numbers(APPROVAL_PREFIX, approvals, year) if approvals else 0
        with transaction.atomic():
            cases = []
            plans = []
            for i, state in enumerate(states):
                org = orgs[rng.randrange(len(orgs))]
                departs = timezone.localdate() + timedelta(days=rng.randint(-200, 120))
                days = rng.randint(3, 10)
                is_open = state in OPEN_STATES
                submitted = state != TripState.DRAFT
                due = (
                    now + timedelta(days=rng.randint(-4, 9), hours=rng.randint(0, 23))
                    if is_open and submitted
                    else None
                )
                purpose = _PURPOSES[rng.randrange(len(_PURPOSES))]
                cases.append(
                    Case(
                        number=f"{PREFIX}-{year}-{next_number + done + i:06d}",
                        kind=KIND,
                        state=state,
                        title=purpose,
                        organization=org,
                        queue=_queue(state),
                        assigned_to=reviewers[rng.randrange(len(reviewers))]
                        if reviewers and state == TripState.IN_REVIEW
                        else None,
                        is_open=is_open,
                        sla_unit="working_days",
                        sla_budget=5,
                        sla_started_at=now - timedelta(days=rng.randint(0, 7)) if submitted else None,
                        due_at=due,
                        paused_at=now if state == TripState.CORRECTION_REQUESTED else None,
                        submitted_at=now - timedelta(days=rng.randint(0, 30)) if submitted else None,
                        closed_at=None if is_open else now,
                    )
                )
                plans.append((org, state, departs, days, purpose))
            Case.objects.bulk_create(cases, batch_size=BATCH)
            trips = []
            for case, (org, state, departs, days, purpose) in zip(cases, plans, strict=True):
                approval_number = ""
                if state == TripState.APPROVED:
                    approval_number = f"{APPROVAL_PREFIX}-{year}-{next_approval:06d}"
                    next_approval += 1
                trips.append(
                    Trip(
                        case=case,
                        organization=org,
                        purpose=purpose,
                        inviter_name="Partner institution",
                        inviter_country=_PLACES[rng.randrange(len(_PLACES))][0],
                        departs_on=departs,
                        returns_on=departs + timedelta(days=days - 1),
                        funding_source=FundingSource.BUDGET,
                        approval_number=approval_number,
                        approved_at=now if state == TripState.APPROVED else None,
                    )
                )
            Trip.objects.bulk_create(trips, batch_size=BATCH)
            members, destinations = [], []
            for trip in trips:
                pool = by_org.get(trip.organization_id) or []
                for index, person in enumerate(rng.sample(pool, k=min(len(pool), rng.randint(1, 6)))):
                    role = TripMember.Role.LEADER if index == 0 else TripMember.Role.MEMBER
                    members.append(TripMember(trip=trip, person=person, role=role))
                stops = rng.sample(_PLACES, k=rng.randint(1, 3))
                span = (trip.returns_on - trip.departs_on).days
                for order, (country, city) in enumerate(stops, start=1):
                    start = trip.departs_on + timedelta(days=span * (order - 1) // len(stops))
                    end = trip.departs_on + timedelta(days=span * order // len(stops))
                    destinations.append(
                        TripDestination(
                            trip=trip, country=country, city=city, arrive_on=start, depart_on=end, order=order
                        )
                    )
            TripMember.objects.bulk_create(members, batch_size=BATCH)
            TripDestination.objects.bulk_create(destinations, batch_size=BATCH)
        done += size
    return n
