"""The compliance figures managers watch: is the 7-working-day promise kept?"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone

from onestop.calendar.services import working_days_between
from onestop.cases.models import Case

from ..models import PermitApplication, Review, ReviewKind
from ..policies import permit_policy
from ..workflow import KIND, PermitState
from . import remaining_working_days


@dataclass(frozen=True)
class Bar:
    key: str  # what the bar counts: a number of days, "overdue", "paused", a month, a review kind
    value: float
    percent: float  # of the tallest bar in the chart, for drawing
    status: str = ""  # badge colour: ok | warning | breached | paused


@dataclass
class Compliance:
    start: date
    end: date
    sla_days: int
    decided: int = 0
    on_time: int = 0
    approved: int = 0
    refused: int = 0
    with_corrections: int = 0
    average_days: float | None = None
    median_days: float | None = None
    p95_days: float | None = None
    open_cases: int = 0
    breached_open: int = 0
    remaining: list[Bar] = field(default_factory=list)
    distribution: list[Bar] = field(default_factory=list)
    monthly: list[Bar] = field(default_factory=list)
    review_days: list[Bar] = field(default_factory=list)
    breaches: list[PermitApplication] = field(default_factory=list)

    @property
    def on_time_rate(self) -> float | None:
        return round(100 * self.on_time / self.decided, 1) if self.decided else None

    @property
    def correction_rate(self) -> float | None:
        return round(100 * self.with_corrections / self.decided, 1) if self.decided else None


def _bars(pairs: list[tuple[str, float, str]]) -> list[Bar]:
    top = max((v for _k, v, _s in pairs), default=0) or 1
    return [Bar(k, v, round(100 * v / top, 1), s) for k, v, s in pairs]


def percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile (the value at or below which ``q`` percent of cases fall)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))  # ceil without floats drifting
    return float(ordered[int(rank) - 1])


def compliance_dashboard(*, days: int = 90, today: date | None = None) -> Compliance:
    """Decisions taken in the last ``days`` calendar days and every case still open."""
    today = today or timezone.localdate()
    start = today - timedelta(days=days)
    policy = permit_policy()
    report = Compliance(start=start, end=today, sla_days=policy.sla_working_days)

    decided = list(
        PermitApplication.objects.filter(decided_at__date__gte=start, decided_at__isnull=False)
        .select_related("case")
        .values_list("decision_working_days", "on_time", "case__state", "round", "decided_at")
    )
    working = [d for d, *_rest in decided if d is not None]
    report.decided = len(decided)
    report.on_time = sum(1 for _d, on_time, *_r in decided if on_time)
    report.approved = sum(1 for _d, _o, state, *_r in decided if state == PermitState.APPROVED)
    report.refused = report.decided - report.approved
    report.with_corrections = sum(1 for _d, _o, _s, rounds, _at in decided if rounds > 1)
    if working:
        report.average_days = round(statistics.fmean(working), 1)
        report.median_days = float(statistics.median(working))
        report.p95_days = percentile(working, 95)

    # Distribution of decision times, 0 .. SLA+3 working days, the last bar "or more".
    cap = policy.sla_working_days + 3
    counts = [0] * (cap + 1)
    for d in working:
        counts[min(d, cap)] += 1
    report.distribution = _bars(
        [(str(i), c, "ok" if i <= policy.sla_working_days else "breached") for i, c in enumerate(counts)]
    )

    # On-time rate per month (the last six months with decisions).
    months: dict[str, list[int]] = {}
    for _d, on_time, _s, _r, at in decided:
        key = timezone.localtime(at).strftime("%Y-%m")
        bucket = months.setdefault(key, [0, 0])
        bucket[0] += 1
        bucket[1] += 1 if on_time else 0
    report.monthly = [
        Bar(key, round(100 * ok / n, 1), round(100 * ok / n, 1), "ok" if ok == n else "warning")
        for key, (n, ok) in sorted(months.items())[-6:]
    ]

    # Open cases by working days left on the clock.
    open_cases = list(
        Case.objects.filter(kind=KIND, is_open=True, due_at__isnull=False).values_list("due_at", "paused_at")
    )
    report.open_cases = len(open_cases)
    buckets: dict[str, int] = {"overdue": 0}
    for n in range(policy.sla_working_days + 1):
        buckets[str(n)] = 0
    buckets["paused"] = 0
    for due_at, paused_at in open_cases:
        if paused_at is not None:
            buckets["paused"] += 1
            continue
        left = remaining_working_days(due_on=timezone.localtime(due_at).date(), today=today)
        if left < 0:
            buckets["overdue"] += 1
        else:
            buckets[str(min(left, policy.sla_working_days))] += 1
    report.breached_open = buckets["overdue"]

    def _status(key: str) -> str:
        if key == "overdue":
            return "breached"
        if key == "paused":
            return "paused"
        return "warning" if int(key) <= policy.warning_working_days else "ok"

    report.remaining = _bars([(k, v, _status(k)) for k, v in buckets.items()])

    # Average working days from complete submission to each half's verdict.
    per_kind: dict[str, list[int]] = {k.value: [] for k in ReviewKind}
    rows = Review.objects.filter(
        decided_at__date__gte=start, application__case__submitted_at__isnull=False
    ).values_list("kind", "decided_at", "application__case__submitted_at", "application__paused_working_days")
    for kind, decided_at, submitted_at, paused in rows:
        span = working_days_between(timezone.localtime(submitted_at).date(), timezone.localtime(decided_at).date())
        per_kind[kind].append(max(span - paused, 0))
    report.review_days = _bars(
        [(kind, round(statistics.fmean(v), 1) if v else 0, "ok") for kind, v in per_kind.items()]
    )

    # Breaches: decided late, running past the deadline now, or marked by the SLA scan.
    report.breaches = list(
        PermitApplication.objects.filter(
            Q(on_time=False, decided_at__date__gte=start)
            | Q(case__is_open=True, case__paused_at__isnull=True, case__due_at__lt=timezone.now())
            | Q(case__breached_at__date__gte=start)
        )
        .select_related("case", "employer", "person")
        .order_by("-case__due_at")[:50]
    )
    return report
