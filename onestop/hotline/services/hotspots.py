"""The early-warning scan: unusual volumes per category and district, and clusters of
near-identical texts. Alerts go to the responsible department and the supervisors with
the requests behind them."""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onestop.calendar.services import is_working_day
from onestop.cases.audit import audit_record
from onestop.core.errors import Conflict

from .. import detection
from ..models import Category, District, HotlineRequest, HotspotAlert
from . import notifications
from .routing import department_for

HISTORY_DAYS = 60
TITLE_VOLUME = _("%(category)s in %(district)s")
TITLE_DUPLICATES = _("%(count)s near-identical requests")
ERR_ALERT_CLOSED = _("This alert is already closed.")


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.combine(day, time.min, tzinfo=tz)
    return start, start + timedelta(days=1)


def daily_counts(*, start: date, end: date) -> dict[tuple[int, int], dict[date, int]]:
    """Requests per (category, district) per local day, ``start`` to ``end`` inclusive."""
    since, _ = _day_bounds(start)
    _, until = _day_bounds(end)
    rows = (
        HotlineRequest.objects.filter(
            created_at__gte=since, created_at__lt=until, category__isnull=False, district__isnull=False
        )
        .annotate(day=TruncDate("created_at", tzinfo=timezone.get_current_timezone()))
        .values("category_id", "district_id", "day")
        .annotate(n=Count("id"))
    )
    series: dict[tuple[int, int], dict[date, int]] = defaultdict(dict)
    for row in rows:
        series[(row["category_id"], row["district_id"])][row["day"]] = row["n"]
    return series


def _link(alert: HotspotAlert) -> str:
    return f"{settings.SITE_URL}/hotline/alerts/{alert.pk}/"


def _title(alert: HotspotAlert) -> str:
    if alert.kind == HotspotAlert.Kind.VOLUME:
        return str(
            TITLE_VOLUME
            % {
                "category": alert.category.label if alert.category_id else "-",
                "district": alert.district.label if alert.district_id else "-",
            }
        )
    return str(TITLE_DUPLICATES % {"count": alert.count})


def alert_title(alert: HotspotAlert) -> str:
    return _title(alert)


def _store(
    *,
    kind: str,
    day: date,
    signature: str,
    count: int,
    baseline: float,
    p_value: float | None,
    category: Category | None,
    district: District | None,
    request_ids: list[int],
) -> tuple[HotspotAlert, bool]:
    with transaction.atomic():
        alert, created = HotspotAlert.objects.select_for_update().get_or_create(
            kind=kind,
            day=day,
            signature=signature,
            defaults={
                "count": count,
                "baseline": baseline,
                "p_value": p_value,
                "category": category,
                "district": district,
                "department": department_for(category=category, district=district),
            },
        )
        if not created and count > alert.count:
            alert.count, alert.baseline, alert.p_value = count, baseline, p_value
            alert.save(update_fields=["count", "baseline", "p_value"])
        alert.requests.add(*request_ids)
        if created:
            audit_record(actor=None, action="hotline.alert.raised", obj=alert, new={"kind": kind, "count": count})
            alert_id = alert.pk
            transaction.on_commit(lambda: _notify(alert_id))
    return alert, created


def _notify(alert_id: int) -> None:
    alert = HotspotAlert.objects.select_related("category", "district").filter(pk=alert_id).first()
    if alert is not None:
        notifications.alert_hotspot(alert=alert, title=_title(alert), link=_link(alert))


def hotspot_scan(*, day: date | None = None, history_days: int = HISTORY_DAYS) -> dict[str, Any]:
    """Look at ``day`` (today by default) against the days before it. Running it again
    the same day updates the day's alerts instead of raising new ones."""
    day = day or timezone.localdate()
    start = day - timedelta(days=history_days)
    raised = {"volume": 0, "duplicates": 0}
    categories = {c.pk: c for c in Category.objects.all()}
    districts = {d.pk: d for d in District.objects.all()}
    since, until = _day_bounds(day)
    kinds = [is_working_day(start + timedelta(days=i)) for i in range(history_days + 1)]
    for (category_id, district_id), by_day in daily_counts(start=start, end=day).items():
        if by_day.get(day, 0) < detection.MIN_COUNT:
            continue
        series = [by_day.get(start + timedelta(days=i), 0) for i in range(history_days + 1)]
        alarms = detection.ewma_poisson(series, kinds=kinds)
        if not alarms or alarms[-1].index != history_days:
            continue
        alarm = alarms[-1]
        ids = list(
            HotlineRequest.objects.filter(
                category_id=category_id, district_id=district_id, created_at__gte=since, created_at__lt=until
            ).values_list("pk", flat=True)
        )
        _alert, created = _store(
            kind=HotspotAlert.Kind.VOLUME,
            day=day,
            signature=f"{category_id}:{district_id}",
            count=alarm.count,
            baseline=alarm.baseline,
            p_value=alarm.p_value,
            category=categories.get(category_id),
            district=districts.get(district_id),
            request_ids=ids,
        )
        raised["volume"] += int(created)
    todays = list(
        HotlineRequest.objects.filter(created_at__gte=since - timedelta(hours=24), created_at__lt=until).values_list(
            "pk", "description", "category_id", "district_id"
        )
    )
    info = {pk: (category_id, district_id) for pk, _text, category_id, district_id in todays}
    for cluster in detection.duplicate_clusters((pk, text) for pk, text, _c, _d in todays):
        ids = sorted(cluster)
        category_id = Counter(info[i][0] for i in ids).most_common(1)[0][0]
        district_id = Counter(info[i][1] for i in ids).most_common(1)[0][0]
        signature = hashlib.sha256(str(ids[0]).encode()).hexdigest()[:32]
        _alert, created = _store(
            kind=HotspotAlert.Kind.DUPLICATES,
            day=day,
            signature=signature,
            count=len(ids),
            baseline=0.0,
            p_value=None,
            category=categories.get(category_id),
            district=districts.get(district_id),
            request_ids=ids,
        )
        raised["duplicates"] += int(created)
    return raised


def alert_acknowledge(*, alert: HotspotAlert, by: Any, close: bool = False) -> HotspotAlert:
    with transaction.atomic():
        locked = HotspotAlert.objects.select_for_update().get(pk=alert.pk)
        if locked.status == HotspotAlert.Status.CLOSED:
            raise Conflict("hotline.alert_closed", ERR_ALERT_CLOSED)
        old = locked.status
        locked.status = HotspotAlert.Status.CLOSED if close else HotspotAlert.Status.ACKNOWLEDGED
        locked.acknowledged_by = by
        locked.save(update_fields=["status", "acknowledged_by"])
        audit_record(
            actor=by, action="hotline.alert.status", obj=locked, old={"status": old}, new={"status": locked.status}
        )
    return locked
