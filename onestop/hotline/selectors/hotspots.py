"""Reads for the early-warning dashboard."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count, QuerySet

from onestop.core.errors import NotFound

from ..models import HotspotAlert


def alerts_visible(*, user) -> QuerySet[HotspotAlert]:
    """Supervisors and dispatchers see every alert; a department handler sees the alerts
    addressed to their department."""
    from .requests import SEE_ALL

    qs = HotspotAlert.objects.select_related("category", "district", "department")
    if user.role_names & SEE_ALL:
        return qs
    if user.organization_id:
        return qs.filter(department__path__startswith=user.organization.path)
    return qs.none()


def alert_list(*, user, status: str = "", kind: str = "") -> QuerySet[HotspotAlert]:
    qs = alerts_visible(user=user)
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-day", "-count")


def alert_get(*, user, pk: int) -> HotspotAlert:
    alert = alerts_visible(user=user).filter(pk=pk).first()
    if alert is None:
        raise NotFound("hotline.alert_not_found")
    return alert


def alerts_per_day(*, end: date, days: int = 60) -> list[tuple[date, int, int]]:
    """(day, volume alerts, duplicate alerts) for the ``days`` days up to ``end``."""
    start = end - timedelta(days=days - 1)
    rows = HotspotAlert.objects.filter(day__gte=start, day__lte=end).values("day", "kind").annotate(n=Count("id"))
    table: dict[date, dict[str, int]] = {}
    for row in rows:
        table.setdefault(row["day"], {})[row["kind"]] = row["n"]
    return [
        (
            start + timedelta(days=i),
            table.get(start + timedelta(days=i), {}).get(HotspotAlert.Kind.VOLUME, 0),
            table.get(start + timedelta(days=i), {}).get(HotspotAlert.Kind.DUPLICATES, 0),
        )
        for i in range(days)
    ]
