"""Slot generation: staffing × handling times → bookable capacity (ADR 0202)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import F

from onestop.halls.models import Hall, Slot
from onestop.halls.selectors.forecast import forecast_table, visit_mix
from onestop.halls.selectors.reference import (
    counters_with_services,
    offered_services,
    opening_periods,
    policy_for,
    service_days,
    staffing_for_day,
)


@dataclass(frozen=True)
class SlotsResult:
    created: int
    updated: int
    removed: int
    capacity: int


def _overlap_minutes(a0: datetime, a1: datetime, b0: datetime, b1: datetime) -> float:
    return max((min(a1, b1) - max(a0, b0)).total_seconds() / 60, 0.0)


class PlanContext:
    """What slot planning needs about a hall that does not change from day to day: offered
    services, their policies, the service mix and each counter's weights. Built once for a
    range of days."""

    def __init__(self, hall: Hall):
        self.hall = hall
        self.all_offered = offered_services(hall=hall)
        self.all_offered_ids = {hs.service_id for hs in self.all_offered}
        self.bookable = [hs for hs in self.all_offered if hs.service.bookable]
        self.slot_minutes = {hs.service_id: policy_for(hs.service).slot_minutes for hs in self.bookable}
        self.visits = visit_mix(hall=hall)
        self.mix = self.visits.share
        self.counters = {c.pk: c for c in counters_with_services(hall=hall)}
        self.forecast = forecast_table(hall=hall)

    def walk_in_minutes(self, day: date, start: datetime, end: datetime) -> float:
        """Forecast walk-in handling work arriving between ``start`` and ``end``."""
        total = 0.0
        t = start
        while t < end:
            step = min(t.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1), end)
            cell = self.forecast.get((day.weekday(), t.astimezone(self.hall.tz).hour))
            if cell is not None and cell.arrivals > 0:
                total += cell.walkins * cell.minutes_per_arrival * (step - t).total_seconds() / 3600
            t = step
        return total

    def weights(self, offered_ids: set[int]) -> dict[int, dict[int, float]]:
        """Per counter, the share of its bookable time each of ``offered_ids`` gets. Walk-in
        only services are left out: their work is in the forecast walk-ins already."""
        out: dict[int, dict[int, float]] = {}
        for cid, counter in self.counters.items():
            handled = (
                self.all_offered_ids
                if counter.comprehensive
                else {s.pk for s in counter.services.all()} & self.all_offered_ids
            )
            handled &= offered_ids
            total = sum(self.mix.get(sid, 0.0) for sid in handled)
            if total > 0:
                out[cid] = {sid: self.mix.get(sid, 0.0) / total for sid in handled if sid in offered_ids}
        return out


# Bookable capacity of a slot window: the staffed time times this target, less the forecast
# walk-in work, within [MIN_BOOKING_SHARE, the hall service's booking share] (ADR 0202).
TARGET_UTILISATION = 0.95
MIN_BOOKING_SHARE = 0.2


def slot_plan(
    *, hall: Hall, day: date, context: PlanContext | None = None
) -> dict[tuple[int, datetime], tuple[datetime, int]]:
    """The slots ``day`` should have: (service id, start) -> (end, capacity).

    For every slot window the counter-minutes staffed inside the hall's opening hours are
    split among the bookable services each counter handles, in proportion to the recent share
    of the hall's work of visits starting with each service (equal shares without history). Of that time bookings get the
    share the forecast walk-ins leave free below ``TARGET_UTILISATION`` — at most the hall
    service's booking share, at least ``MIN_BOOKING_SHARE`` — times the day's capacity
    percentage; divided by the mean length of such a visit (the service's handling time
    without history), that is the capacity. Fractions carry
    over to the next window, so small capacities are not lost to rounding.
    """
    periods = opening_periods(hall=hall, day=day)
    if not periods:
        return {}
    shifts = staffing_for_day(hall=hall, day=day)
    if not shifts:
        return {}
    ctx = context or PlanContext(hall)
    overrides = service_days(hall=hall, day=day)
    offered = [hs for hs in ctx.bookable if not (overrides.get(hs.pk) and overrides[hs.pk].closed)]
    if not offered:
        return {}
    weights = ctx.weights({hs.service_id for hs in offered})
    plan: dict[tuple[int, datetime], tuple[datetime, int]] = {}
    for hs in offered:
        minutes = ctx.slot_minutes[hs.service_id]
        override = overrides.get(hs.pk)
        scale = (override.capacity_percent if override else 100) / 100
        visit_minutes = ctx.visits.visit_minutes.get(hs.service_id) or hs.minutes
        carry = 0.0
        for opens, closes, _extended in periods:
            start = hall.local(day, opens)
            period_end = hall.local(day, closes)
            while start + timedelta(minutes=minutes) <= period_end:
                end = start + timedelta(minutes=minutes)
                counter_minutes = staffed = 0.0
                for shift in shifts:
                    overlap = _overlap_minutes(start, end, shift.start, shift.end)
                    staffed += overlap
                    share = weights.get(shift.counter_id, {}).get(hs.service_id)
                    if share:
                        counter_minutes += overlap * share
                # bookings get what the forecast walk-ins leave below the target, within the
                # hall's booking share and never below the floor
                room = TARGET_UTILISATION - ctx.walk_in_minutes(day, start, end) / staffed if staffed else 0.0
                share_now = min(hs.booking_share / 100, max(MIN_BOOKING_SHARE, room))
                exact = counter_minutes * share_now * scale / visit_minutes + carry
                capacity = math.floor(exact + 1e-9)
                carry = exact - capacity
                if hs.max_per_slot is not None:
                    capacity = min(capacity, hs.max_per_slot)
                if capacity > 0:
                    plan[(hs.service_id, start)] = (end, capacity)
                start = end
    return plan


def slots_generate(*, hall: Hall, date: date, context: PlanContext | None = None) -> SlotsResult:
    """Create, resize or remove the hall's slots for ``date`` to match the plan. Idempotent.

    A slot never shrinks below what is already booked, and a slot with bookings is kept (at
    its booked count) even when the plan drops it; unbooked slots the plan drops are removed.
    """
    day = date
    plan = slot_plan(hall=hall, day=day, context=context)
    day_start = hall.local(day, time.min)
    day_end = day_start + timedelta(days=1)
    created = updated = removed = 0
    with transaction.atomic():
        existing = {
            (s.service_id, s.start): s
            for s in Slot.objects.select_for_update().filter(hall=hall, start__gte=day_start, start__lt=day_end)
        }
        to_create = []
        for key, (end, capacity) in plan.items():
            slot = existing.get(key)
            if slot is None:
                to_create.append(Slot(hall=hall, service_id=key[0], start=key[1], end=end, capacity=capacity))
            elif slot.capacity != max(capacity, slot.booked) or slot.end != end:
                # GREATEST keeps the constraint even if a booking lands between read and write
                Slot.objects.filter(pk=slot.pk).update(capacity=_greatest(capacity), end=end)
                updated += 1
        Slot.objects.bulk_create(to_create)
        created = len(to_create)
        for key, slot in existing.items():
            if key in plan:
                continue
            if slot.booked == 0 and not slot.appointments.exists():
                slot.delete()
                removed += 1
            elif slot.capacity != slot.booked:
                Slot.objects.filter(pk=slot.pk).update(capacity=F("booked"))
                updated += 1
    total = sum(capacity for _end, capacity in plan.values())
    return SlotsResult(created=created, updated=updated, removed=removed, capacity=total)


def _greatest(capacity: int):
    from django.db.models import Value
    from django.db.models.functions import Greatest

    return Greatest(F("booked"), Value(capacity))


def slots_generate_range(*, hall: Hall, first: date, days: int) -> SlotsResult:
    created = updated = removed = capacity = 0
    context = PlanContext(hall)
    for i in range(days):
        r = slots_generate(hall=hall, date=first + timedelta(days=i), context=context)
        created, updated, removed, capacity = (
            created + r.created,
            updated + r.updated,
            removed + r.removed,
            capacity + r.capacity,
        )
    return SlotsResult(created, updated, removed, capacity)
