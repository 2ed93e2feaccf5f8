"""Demand forecast and predicted waits (ADR 0203).

The forecast for hall × weekday × hour is an exponentially smoothed average of the tickets
issued in that hour on the same weekday over the last weeks (``services.forecast``
computes and stores it). A future hour's predicted wait combines the forecast walk-ins with
the appointments already booked in that hour and the counters staffed then, through the
M/M/c (Erlang C) formula in ``queueing.predicted_wait``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Q

from onestop.halls import clock
from onestop.halls.models import Appointment, AppointmentStatus, DemandForecast, Hall, HallService, TicketService
from onestop.halls.queueing import predicted_wait

from .reference import staffed_counters_by_hour


@dataclass(frozen=True)
class HourForecast:
    arrivals: float
    walkins: float
    work_minutes: float

    @property
    def minutes_per_arrival(self) -> float:
        return self.work_minutes / self.arrivals if self.arrivals > 0 else 0.0


def forecast_table(*, hall: Hall) -> dict[tuple[int, int], HourForecast]:
    return {
        (f.weekday, f.hour): HourForecast(f.arrivals, f.walkins, f.work_minutes)
        for f in DemandForecast.objects.filter(hall=hall)
    }


@dataclass(frozen=True)
class VisitMix:
    share: dict[int, float]  # first service of a visit -> share of the hall's handling work
    visit_minutes: dict[int, float]  # first service of a visit -> mean minutes the whole visit takes


def visit_mix(*, hall: Hall, days: int = 56, now: datetime | None = None) -> VisitMix:
    """How the hall's work divides among visits by the service they start with (what people
    book), over the last ``days``; a visit for a permit that also needs biometrics counts as
    one longer permit visit. Without history: equal shares and the typical handling times."""
    now = now or clock.now()
    offered = list(HallService.objects.filter(hall=hall, is_active=True).select_related("service"))
    if not offered:
        return VisitMix({}, {})
    typical = {hs.service_id: float(hs.minutes) for hs in offered}
    visits: dict[int, list] = {}
    for ticket_id, service_id, position, seconds in TicketService.objects.filter(
        ticket__hall=hall, ticket__issued_at__gte=now - timedelta(days=days), ticket__issued_at__lt=now
    ).values_list("ticket_id", "service_id", "position", "handling_seconds"):
        minutes = seconds / 60 if seconds else typical.get(service_id, 10.0)
        visit = visits.setdefault(ticket_id, [position, service_id, 0.0])
        if position < visit[0]:
            visit[0], visit[1] = position, service_id
        visit[2] += minutes
    work: dict[int, float] = defaultdict(float)
    count: dict[int, int] = defaultdict(int)
    for _position, first, minutes in visits.values():
        if first in typical:
            work[first] += minutes
            count[first] += 1
    total = sum(work.values())
    minutes_of = {sid: (work[sid] / count[sid] if count[sid] >= 5 else typical[sid]) for sid in typical}
    if total <= 0:
        return VisitMix({sid: 1 / len(typical) for sid in typical}, minutes_of)
    # every offered service keeps a small floor so a new service still gets slots
    floor = 0.05 / len(typical)
    shares = {sid: max(work.get(sid, 0.0) / total, floor) for sid in typical}
    norm = sum(shares.values())
    return VisitMix({sid: v / norm for sid, v in shares.items()}, minutes_of)


def booked_by_hour(*, hall: Hall, day: date) -> dict[int, int]:
    start = hall.local(day, datetime.min.time())
    end = start + timedelta(days=1)
    out: dict[int, int] = defaultdict(int)
    for when in Appointment.objects.filter(
        Q(status=AppointmentStatus.BOOKED) | Q(status=AppointmentStatus.CHECKED_IN),
        hall=hall,
        start__gte=start,
        start__lt=end,
    ).values_list("start", flat=True):
        out[when.astimezone(hall.tz).hour] += 1
    return dict(out)


def booked_work_by_hour(*, hall: Hall, day: date) -> dict[int, float]:
    """Minutes of work booked in each local hour of ``day``: each active appointment at its
    service's handling time at the hall."""
    minutes = {
        hs.service_id: float(hs.minutes) for hs in HallService.objects.filter(hall=hall).select_related("service")
    }
    start = hall.local(day, datetime.min.time())
    out: dict[int, float] = defaultdict(float)
    for when, service_id in Appointment.objects.filter(
        Q(status=AppointmentStatus.BOOKED) | Q(status=AppointmentStatus.CHECKED_IN),
        hall=hall,
        start__gte=start,
        start__lt=start + timedelta(days=1),
    ).values_list("start", "service_id"):
        out[when.astimezone(hall.tz).hour] += minutes.get(service_id, 10.0)
    return dict(out)


def typical_visit_minutes(table: dict[tuple[int, int], HourForecast], default: float) -> float:
    """The hall's forecast work per arrival over all hours (steadier than one hour's)."""
    work = sum(cell.work_minutes for cell in table.values())
    arrivals = sum(cell.arrivals for cell in table.values())
    return work / arrivals if arrivals > 0 and work > 0 else default


class DayOutlook:
    """Predicted waits per local hour of one day at one hall, computed like the recommender's
    (ADR 0203): forecast walk-in work plus booked work, as arrivals of the hall's typical
    visit at the staffed counters. Built once per (hall, day)."""

    def __init__(self, *, hall: Hall, day: date, table: dict | None = None, default_minutes: float = 12.0):
        self.hall = hall
        self.day = day
        self.table = table if table is not None else forecast_table(hall=hall)
        self.counters = staffed_counters_by_hour(hall=hall, day=day)
        self.booked = booked_by_hour(hall=hall, day=day)
        self.booked_work = booked_work_by_hour(hall=hall, day=day)
        self.default_minutes = default_minutes
        self.visit_minutes = typical_visit_minutes(self.table, default_minutes)

    def expected_arrivals(self, hour: int, *, extra: int = 0) -> float:
        cell = self.table.get((self.day.weekday(), hour))
        walkins = cell.walkins if cell else 0.0
        return walkins + self.booked.get(hour, 0) + extra

    def work(self, hour: int, *, extra_minutes: float = 0.0) -> float:
        cell = self.table.get((self.day.weekday(), hour))
        walk_in_work = cell.walkins * cell.minutes_per_arrival if cell and cell.arrivals > 0 else 0.0
        return walk_in_work + self.booked_work.get(hour, 0.0) + extra_minutes

    def wait_minutes(self, hour: int, *, extra_minutes: float = 0.0) -> float:
        work = self.work(hour, extra_minutes=extra_minutes)
        return predicted_wait(self.counters.get(hour, 0.0), work / self.visit_minutes, self.visit_minutes)

    def utilisation(self, hour: int) -> float:
        counters = self.counters.get(hour, 0.0)
        if counters <= 0:
            return 0.0
        return self.work(hour) / (counters * 60)


def predicted_wait_at(*, hall: Hall, at: datetime) -> float:
    local = at.astimezone(hall.tz)
    return DayOutlook(hall=hall, day=local.date()).wait_minutes(local.hour)
