"""One-click booking: the best hall and time for a service, with alternatives (ADR 0203).

Every free slot in the booking window gets a predicted wait: the M/M/c wait of its hour
from the forecast walk-ins, the appointments already booked in that hour (plus this one)
and the counters staffed then. Slots are ranked by predicted wait (in 5-minute bands, so
a minute's difference does not send anyone across the city), then by distance (in 3 km
bands) when a location is given, then by start time. The first is the proposal; the
alternatives favour other halls and keep a place for the best time on another day, so the
visitor sees a real choice.

This is what moves demand: an urban hall whose history shows crowds predicts long waits,
so its slots rank below a quieter suburban hall's — and as a quiet hour fills with
bookings its own prediction rises and the next visitor is sent elsewhere.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from onestop.core.errors import ValidationFailed
from onestop.halls import clock
from onestop.halls.models import (
    Appointment,
    AppointmentStatus,
    DemandForecast,
    Hall,
    HallClosure,
    HallService,
    Service,
    ServiceDay,
    Slot,
    StaffingPlan,
)
from onestop.halls.queueing import predicted_wait

from .forecast import HourForecast, typical_visit_minutes
from .reference import policy_for

ERR_LOCATION = _("Latitude must be between -90 and 90 and longitude between -180 and 180.")
WAIT_BAND_MINUTES = 5
DISTANCE_BAND_KM = 3
# with a wished time, an hour away from it weighs like this many minutes of waiting
SHIFT_MINUTES_PER_HOUR = 30.0
# with a location, each kilometre to the hall weighs like this many minutes of waiting
KM_COST_MINUTES = 1.0


@dataclass
class Recommendation:
    slot: Slot
    hall: Hall
    service: Service
    start: datetime
    end: datetime
    predicted_wait_min: float
    distance_km: float | None
    free: int
    shift_min: float | None = None  # minutes away from the wished time, when one was given
    reasons: list[str] = field(default_factory=list)

    @property
    def cost_min(self) -> float:
        """The predicted wait plus, with a wished time, the cost of coming at another time and,
        with a location, of the way there."""
        shift = (self.shift_min or 0.0) * SHIFT_MINUTES_PER_HOUR / 60
        travel = (self.distance_km or 0.0) * KM_COST_MINUTES
        return self.predicted_wait_min + shift + travel

    @property
    def rank_key(self) -> tuple:
        cost = self.cost_min
        wait_band = math.floor(cost / WAIT_BAND_MINUTES) if math.isfinite(cost) else 10**6
        distance_band = math.floor(self.distance_km / DISTANCE_BAND_KM) if self.distance_km is not None else 0
        return (wait_band, distance_band, self.shift_min or 0.0, self.start, self.hall.pk)


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


class Outlook:
    """Predicted waits for many (hall, day, hour) cells, loaded with four queries."""

    def __init__(self, *, halls: list[Hall], first: date, last: date, default_minutes: float):
        ids = [h.pk for h in halls]
        self.halls = {h.pk: h for h in halls}
        self.default_minutes = default_minutes
        self.table: dict[tuple[int, int, int], HourForecast] = {
            (f.hall_id, f.weekday, f.hour): HourForecast(f.arrivals, f.walkins, f.work_minutes)
            for f in DemandForecast.objects.filter(hall_id__in=ids)
        }
        self.counters: dict[tuple[int, date, int], float] = defaultdict(float)
        for row in StaffingPlan.objects.filter(hall_id__in=ids, date__gte=first, date__lte=last).values_list(
            "hall_id", "date", "opens", "closes"
        ):
            hall_id, day, opens, closes = row
            hall = self.halls[hall_id]
            t, end = hall.local(day, opens), hall.local(day, closes)
            while t < end:
                step = min(t.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1), end)
                self.counters[(hall_id, day, t.hour)] += (step - t).total_seconds() / 3600
                t = step
        # each hall's typical visit: the unit in which the hour's work is turned into arrivals
        by_hall: dict[int, dict[tuple[int, int], HourForecast]] = defaultdict(dict)
        for (hall_id, weekday, hour), cell in self.table.items():
            by_hall[hall_id][(weekday, hour)] = cell
        self.visit_minutes = {
            hall_id: typical_visit_minutes(cells, default_minutes) for hall_id, cells in by_hall.items()
        }
        self.minutes_of = {
            (hs.hall_id, hs.service_id): float(hs.minutes)
            for hs in HallService.objects.filter(hall_id__in=ids).select_related("service")
        }
        self.booked: dict[tuple[int, date, int], float] = defaultdict(float)  # booked work, minutes
        lo = min(h.local(first, time.min) for h in halls) if halls else None
        hi = max(h.local(last, time.max) for h in halls) if halls else None
        if lo is not None:
            for hall_id, start, service_id in Appointment.objects.filter(
                Q(status=AppointmentStatus.BOOKED) | Q(status=AppointmentStatus.CHECKED_IN),
                hall_id__in=ids,
                start__gte=lo,
                start__lte=hi,
            ).values_list("hall_id", "start", "service_id"):
                local = start.astimezone(self.halls[hall_id].tz)
                minutes = self.minutes_of.get((hall_id, service_id), default_minutes)
                self.booked[(hall_id, local.date(), local.hour)] += minutes

    def wait(self, hall_id: int, day: date, hour: int, *, extra_minutes: float = 0.0) -> float:
        """Predicted wait of the hour: the forecast walk-ins' work plus the booked visits' (each
        at its service's handling time) plus ``extra_minutes``, as arrivals of the hall's
        typical visit at the staffed counters (Erlang C, ``queueing.predicted_wait``)."""
        cell = self.table.get((hall_id, day.weekday(), hour))
        walk_in_work = cell.walkins * cell.minutes_per_arrival if cell and cell.arrivals > 0 else 0.0
        work = walk_in_work + self.booked.get((hall_id, day, hour), 0.0) + extra_minutes
        minutes = self.visit_minutes.get(hall_id, self.default_minutes)
        return predicted_wait(self.counters.get((hall_id, day, hour), 0.0), work / minutes, minutes)


def recommend_slots(
    *,
    service: Service,
    near: tuple[float, float] | None = None,
    days: int = 14,
    limit: int = 5,
    hall_ids: set[int] | None = None,
    earliest: datetime | None = None,
    latest: datetime | None = None,
    wished: datetime | None = None,
    now: datetime | None = None,
) -> list[Recommendation]:
    """Ranked free slots for ``service`` (see the module docstring). ``earliest``/``latest``
    narrow the window inside the booking policy's limits; ``wished`` is when the visitor
    would like to come: being away from it costs ``SHIFT_MINUTES_PER_HOUR`` per hour."""
    now = now or clock.now()
    policy = policy_for(service)
    lo = now + timedelta(minutes=policy.min_minutes_ahead)
    hi = now + timedelta(days=min(days, policy.max_days_ahead))
    if earliest is not None:
        lo = max(lo, earliest)
    if latest is not None:
        hi = min(hi, latest)
    if hi <= lo:
        return []
    offered = HallService.objects.filter(service=service, is_active=True, hall__is_active=True)
    if hall_ids is not None:
        offered = offered.filter(hall_id__in=hall_ids)
    offered = list(offered.select_related("hall"))
    if not offered:
        return []
    halls = [hs.hall for hs in offered]
    ids = [h.pk for h in halls]
    slots = list(
        Slot.objects.filter(
            service=service, hall_id__in=ids, start__gte=lo, start__lt=hi, booked__lt=F("capacity")
        ).order_by("start")
    )
    if not slots:
        return []
    first = min(s.start.astimezone(halls[0].tz).date() for s in slots) - timedelta(days=1)
    last = max(s.start.astimezone(halls[0].tz).date() for s in slots) + timedelta(days=1)
    closed_days = set(
        HallClosure.objects.filter(hall_id__in=ids, date__gte=first, date__lte=last).values_list("hall_id", "date")
    )
    closed_days |= set(
        ServiceDay.objects.filter(hall_service__in=offered, closed=True, date__gte=first, date__lte=last).values_list(
            "hall_service__hall_id", "date"
        )
    )
    outlook = Outlook(halls=halls, first=first, last=last, default_minutes=float(service.handling_minutes))
    by_id = {h.pk: h for h in halls}
    recs: list[Recommendation] = []
    for slot in slots:
        hall = by_id[slot.hall_id]
        local = slot.start.astimezone(hall.tz)
        if (hall.pk, local.date()) in closed_days:
            continue
        slot.hall = hall
        extra = outlook.minutes_of.get((hall.pk, service.pk), float(service.handling_minutes))
        wait = outlook.wait(hall.pk, local.date(), local.hour, extra_minutes=extra)
        dist = distance_km(near, (hall.latitude, hall.longitude)) if near is not None else None
        recs.append(
            Recommendation(
                slot=slot,
                hall=hall,
                service=service,
                start=slot.start,
                end=slot.end,
                predicted_wait_min=wait,
                distance_km=dist,
                free=slot.free,
                shift_min=abs((slot.start - wished).total_seconds()) / 60 if wished is not None else None,
            )
        )
    recs.sort(key=lambda r: r.rank_key)
    chosen = _diverse(recs, limit)
    _explain(chosen, recs)
    return chosen


def _diverse(ranked: list[Recommendation], limit: int) -> list[Recommendation]:
    """The best; then the best of each other hall, keeping one place (from three choices up)
    for the best time on another day, so the visitor also sees a quieter day; then the rest."""
    if limit <= 0 or not ranked:
        return []
    best = ranked[0]
    out = [best]
    best_day = best.start.astimezone(best.hall.tz).date()
    other_day = next((r for r in ranked[1:] if r.start.astimezone(r.hall.tz).date() != best_day), None)
    room = limit - (1 if other_day is not None and limit >= 3 else 0)
    seen_halls = {best.hall.pk}
    for rec in ranked[1:]:
        if len(out) >= room:
            break
        if rec.hall.pk not in seen_halls and rec is not other_day:
            out.append(rec)
            seen_halls.add(rec.hall.pk)
    if other_day is not None and len(out) < limit:
        out.append(other_day)
    seen_days = {(r.hall.pk, r.start.date()) for r in out}
    for rec in ranked[1:]:
        if len(out) >= limit:
            return out
        key = (rec.hall.pk, rec.start.date())
        if key not in seen_days and rec not in out:
            out.append(rec)
            seen_days.add(key)
    for rec in ranked[1:]:
        if len(out) >= limit:
            break
        if rec not in out:
            out.append(rec)
    return out


def _explain(chosen: list[Recommendation], ranked: list[Recommendation]) -> None:
    if not chosen:
        return
    min_wait = min(r.predicted_wait_min for r in ranked)
    distances = [r.distance_km for r in ranked if r.distance_km is not None]
    min_dist = min(distances) if distances else None
    soonest = min(r.start for r in ranked)
    for rec in chosen:
        if rec.predicted_wait_min - min_wait < WAIT_BAND_MINUTES:
            rec.reasons.append("short_wait")
        if min_dist is not None and rec.distance_km is not None and rec.distance_km - min_dist < DISTANCE_BAND_KM:
            rec.reasons.append("near")
        if rec.start == soonest:
            rec.reasons.append("soonest")


def slot_recommend(
    *, service_code: str, near: tuple[float, float] | None = None, days: int = 14, limit: int = 5
) -> list[Recommendation]:
    """The proposal and alternatives for booking ``service_code`` (first = best)."""
    service = Service.objects.filter(code=service_code, is_active=True, bookable=True).first()
    if service is None:
        from onestop.halls.services.booking import ERR_SERVICE_UNKNOWN

        raise ValidationFailed(
            "halls.service_unknown", ERR_SERVICE_UNKNOWN, fields={"service_code": [ERR_SERVICE_UNKNOWN]}
        )
    if near is not None:
        lat, lon = near
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise ValidationFailed("halls.location", ERR_LOCATION, fields={"near": [ERR_LOCATION]})
    return recommend_slots(service=service, near=near, days=days, limit=limit)


def quieter_alternatives(
    *, hall: Hall, service: Service, near: tuple[float, float] | None = None, limit: int = 3
) -> list[Recommendation]:
    """Bookable times elsewhere or on other days that are predicted quieter than ``hall`` today."""
    recs = recommend_slots(service=service, near=near or (hall.latitude, hall.longitude), limit=limit + 3)
    return [r for r in recs if r.hall.pk != hall.pk or r.start.date() != clock.now().date()][:limit]
