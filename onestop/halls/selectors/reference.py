"""Reads on reference data: policies, opening periods, staffing, counters' abilities."""

from __future__ import annotations

import time as time_module
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Prefetch

from onestop.halls.models import (
    BookingPolicy,
    Counter,
    Hall,
    HallClosure,
    HallService,
    OpeningHours,
    Service,
    ServiceDay,
    StaffingPlan,
)
from onestop.halls.policy import CounterView

_DEFAULT_POLICY = BookingPolicy()  # unsaved: the field defaults, used when no row exists


POLICY_CACHE_SECONDS = 30.0
_policies: dict[str, object] = {"loaded_at": None, "by_service": {}, "default": None}


def policies_changed(**_kwargs) -> None:
    """Drop this process's copy of the booking policies (connected to their save/delete);
    other processes reload within ``POLICY_CACHE_SECONDS``."""
    _policies["loaded_at"] = None


def policy_for(service: Service | None) -> BookingPolicy:
    """The service's own policy, else the default row, else the built-in defaults. The few
    policy rows are read once and kept for ``POLICY_CACHE_SECONDS``: every booking, check-in
    and recommendation needs them."""
    loaded = _policies["loaded_at"]
    if loaded is None or time_module.monotonic() - loaded > POLICY_CACHE_SECONDS:
        rows = list(BookingPolicy.objects.all())
        _policies["by_service"] = {p.service_id: p for p in rows if p.service_id is not None}
        _policies["default"] = next((p for p in rows if p.service_id is None), None)
        _policies["loaded_at"] = time_module.monotonic()
    if service is not None:
        own = _policies["by_service"].get(service.pk)
        if own is not None:
            return own
    return _policies["default"] or _DEFAULT_POLICY


def hall_is_closed(*, hall: Hall, day: date) -> bool:
    return not hall.is_active or HallClosure.objects.filter(hall=hall, date=day).exists()


def opening_periods(*, hall: Hall, day: date) -> list[tuple[time, time, bool]]:
    """(opens, closes, extended) for ``day`` in hall-local time; empty when closed."""
    if hall_is_closed(hall=hall, day=day):
        return []
    rows = OpeningHours.objects.filter(hall=hall, weekday=day.weekday()).order_by("opens")
    return [(r.opens, r.closes, r.extended) for r in rows]


def is_open_at(*, hall: Hall, at: datetime) -> bool:
    local = at.astimezone(hall.tz)
    return any(o <= local.time() < c for o, c, _e in opening_periods(hall=hall, day=local.date()))


def counters_with_services(*, hall: Hall) -> list[Counter]:
    return list(
        Counter.objects.filter(hall=hall, is_active=True)
        .prefetch_related(Prefetch("services", queryset=Service.objects.only("id", "code")))
        .select_related("clerk")
        .order_by("number")
    )


def offered_services(*, hall: Hall) -> list[HallService]:
    return list(
        HallService.objects.filter(hall=hall, is_active=True, service__is_active=True)
        .select_related("service")
        .order_by("service__order", "service__code")
    )


def counter_view(counter: Counter, offered_codes: frozenset[str] | None = None) -> CounterView:
    codes = frozenset(s.code for s in counter.services.all())
    if counter.comprehensive and offered_codes is not None:
        codes = offered_codes
    return CounterView(id=counter.pk, services=codes, comprehensive=counter.comprehensive)


def counter_handles(counter: Counter, service: Service) -> bool:
    return counter.comprehensive or any(s.pk == service.pk for s in counter.services.all())


def service_days(*, hall: Hall, day: date) -> dict[int, ServiceDay]:
    """The manager's overrides for ``day``, by hall-service id."""
    return {d.hall_service_id: d for d in ServiceDay.objects.filter(hall_service__hall=hall, date=day)}


def services_open_on(*, hall: Hall, day: date, services: list[Service]) -> set[int]:
    """Ids of ``services`` the hall offers on ``day`` (open, offered, not closed for the day)."""
    if hall_is_closed(hall=hall, day=day):
        return set()
    ids = [s.pk for s in services]
    offered = set(
        HallService.objects.filter(hall=hall, service_id__in=ids, is_active=True).values_list("service_id", flat=True)
    )
    if not offered:
        return offered
    closed = set(
        ServiceDay.objects.filter(hall_service__hall=hall, date=day, closed=True).values_list(
            "hall_service__service_id", flat=True
        )
    )
    return offered - closed


def service_closed_on(*, hall: Hall, service: Service, day: date) -> bool:
    return service.pk not in services_open_on(hall=hall, day=day, services=[service])


@dataclass(frozen=True)
class Shift:
    counter_id: int
    start: datetime
    end: datetime


def staffing_for_day(*, hall: Hall, day: date) -> list[Shift]:
    rows = StaffingPlan.objects.filter(hall=hall, date=day).order_by("counter_id", "opens")
    return [Shift(r.counter_id, hall.local(day, r.opens), hall.local(day, r.closes)) for r in rows]


def open_counter_ids(*, hall: Hall, at: datetime) -> set[int]:
    """Counters working at ``at``: staffed by the plan, or with a clerk signed in."""
    local = at.astimezone(hall.tz)
    staffed = set(
        StaffingPlan.objects.filter(
            hall=hall, date=local.date(), opens__lte=local.time(), closes__gt=local.time()
        ).values_list("counter_id", flat=True)
    )
    signed_in = set(Counter.objects.filter(hall=hall, is_active=True, clerk__isnull=False).values_list("pk", flat=True))
    return staffed | signed_in


def staffed_counters_by_hour(*, hall: Hall, day: date) -> dict[int, float]:
    """Counter-hours staffed in each local hour of ``day`` (0.5 = one counter for half the hour)."""
    out: dict[int, float] = defaultdict(float)
    for shift in staffing_for_day(hall=hall, day=day):
        t = shift.start
        while t < shift.end:
            hour_end = t.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
            step_end = min(hour_end, shift.end)
            out[t.astimezone(hall.tz).hour] += (step_end - t).total_seconds() / 3600
            t = step_end
    return dict(out)
