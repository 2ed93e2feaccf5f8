"""The supervisor's figures. Definitions (for requests created in the period, rejected
ones left out):

- response rate: share contacted (or answered) no later than the contact deadline;
- resolution rate: of the requests the citizen rated, the share they said is resolved;
- satisfaction rate: of the rated requests, the share rated satisfied or basically satisfied;
- on-time rate: of the answered requests, the share answered before the deadline;
- overdue: open now and past the deadline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from onestop.accounts.models import organization_name

from ..models import HotlineRequest
from ..workflow import State


@dataclass
class Rates:
    key: Any
    label: str
    total: int = 0
    responded: int = 0
    replied: int = 0
    replied_on_time: int = 0
    rated: int = 0
    resolved: int = 0
    satisfied: int = 0
    overdue: int = 0

    @staticmethod
    def _rate(part: int, whole: int) -> float | None:
        return round(part / whole, 4) if whole else None

    @property
    def response_rate(self) -> float | None:
        return self._rate(self.responded, self.total)

    @property
    def resolution_rate(self) -> float | None:
        return self._rate(self.resolved, self.rated)

    @property
    def satisfaction_rate(self) -> float | None:
        return self._rate(self.satisfied, self.rated)

    @property
    def on_time_rate(self) -> float | None:
        return self._rate(self.replied_on_time, self.replied)


@dataclass
class Dashboard:
    start: date
    end: date
    overall: Rates
    by_department: list[Rates]
    by_category: list[Rates]
    daily: list[tuple[date, int]] = field(default_factory=list)


def _aggregates(now: datetime) -> dict[str, Any]:
    return {
        "total": Count("id"),
        "responded": Count("id", filter=Q(contacted_at__isnull=False, contacted_at__lte=F("contact_due_at"))),
        "replied": Count("id", filter=Q(replied_at__isnull=False)),
        "replied_on_time": Count("id", filter=Q(replied_at__isnull=False, replied_at__lte=F("case__due_at"))),
        "rated": Count("id", filter=~Q(satisfaction="")),
        "resolved": Count("id", filter=Q(resolved=True) & ~Q(satisfaction="")),
        "satisfied": Count(
            "id", filter=Q(satisfaction__in=[HotlineRequest.Satisfaction.SATISFIED, HotlineRequest.Satisfaction.BASIC])
        ),
        "overdue": Count("id", filter=Q(case__is_open=True, case__due_at__lt=now)),
    }


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return datetime.combine(start, time.min, tzinfo=tz), datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz)


def period_requests(*, start: date, end: date):
    since, until = _bounds(start, end)
    return HotlineRequest.objects.filter(created_at__gte=since, created_at__lt=until).exclude(
        case__state=State.REJECTED
    )


def dashboard_stats(*, start: date, end: date, now: datetime | None = None) -> Dashboard:
    """Rates overall, per department and per category, and requests per day, for
    requests created from ``start`` to ``end`` (local days, inclusive)."""
    now = now or timezone.now()
    qs = period_requests(start=start, end=end)
    aggregates = _aggregates(now)
    overall = Rates(key=None, label="", **qs.aggregate(**aggregates))
    by_department = []
    rows = (
        qs.values("department_id", "department__name", "department__name_en")
        .annotate(**aggregates)
        .order_by("department__name")
    )
    for row in rows:
        name, name_en = row.pop("department__name") or "", row.pop("department__name_en") or ""
        label = organization_name(name=name, name_en=name_en) if name else ""
        by_department.append(Rates(key=row.pop("department_id"), label=label, **row))
    by_category = []
    names = {}
    from ..models import Category

    for category in Category.objects.all():
        names[category.pk] = category.label
    rows = qs.values("category_id").annotate(**aggregates).order_by("category_id")
    for row in rows:
        key = row.pop("category_id")
        by_category.append(Rates(key=key, label=names.get(key, ""), **row))
    by_category.sort(key=lambda r: -r.total)
    daily_rows = (
        qs.annotate(day=TruncDate("created_at", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(n=Count("id"))
        .order_by("day")
    )
    counts = {row["day"]: row["n"] for row in daily_rows}
    days = (end - start).days + 1
    daily = [(start + timedelta(days=i), counts.get(start + timedelta(days=i), 0)) for i in range(days)]
    return Dashboard(
        start=start, end=end, overall=overall, by_department=by_department, by_category=by_category, daily=daily
    )


def overdue_requests(*, now: datetime | None = None, limit: int = 50):
    now = now or timezone.now()
    return list(
        HotlineRequest.objects.filter(case__is_open=True, case__due_at__lt=now)
        .exclude(case__state=State.REPLIED)
        .select_related("case", "category", "district", "department")
        .order_by("case__due_at")[:limit]
    )
