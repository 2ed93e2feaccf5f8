"""Recompute the demand forecast from ticket history (ADR 0203)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.db import transaction

from onestop.halls import clock
from onestop.halls.models import DemandForecast, Hall, HallClosure, HallService, OpeningHours, Ticket, TicketService

DEFAULT_WEEKS = 8
DEFAULT_ALPHA = 0.35
# weight of the pooled estimate (the weekday's level × the hall's shape of the day over all
# weekdays) against the weekday-and-hour cell's own average: a cell sees one day a week, so on
# its own it is mostly noise; the shape of the day is steadier than one weekday's hour
POOL_WEIGHT = 0.5


def forecast_refresh(
    *, hall: Hall | None = None, weeks: int = DEFAULT_WEEKS, alpha: float = DEFAULT_ALPHA, today: date | None = None
) -> int:
    """Store, per hall × weekday × hour, the exponentially smoothed number of arrivals on that
    weekday and hour over the last ``weeks`` weeks (oldest week first, weight ``alpha`` on
    each newer week), how many of them were walk-ins (everyone not served as an on-time
    booking: late bookings queue like walk-ins), and the handling work they brought. Days the hall was closed are skipped rather than counted as zero.

    Each stored figure blends (``POOL_WEIGHT``) that cell's own average with a pooled one:
    the weekday's smoothed total spread over its hours by the hall's shape of the day (every
    day in the window). Returns the number of rows written."""
    if not 0 < alpha <= 1:
        raise ValueError("alpha must be in (0, 1]")
    halls = [hall] if hall is not None else list(Hall.objects.filter(is_active=True))
    written = 0
    for h in halls:
        today_h = today or clock.now().astimezone(h.tz).date()
        written += _refresh_hall(h, weeks=weeks, alpha=alpha, today=today_h)
    return written


def _refresh_hall(hall: Hall, *, weeks: int, alpha: float, today: date) -> int:
    first = today - timedelta(days=7 * weeks)
    minutes = {hs.service_id: hs.minutes for hs in HallService.objects.filter(hall=hall).select_related("service")}
    work_by_ticket: dict[int, float] = defaultdict(float)
    for ticket_id, service_id, seconds in TicketService.objects.filter(
        ticket__hall=hall, ticket__day__gte=first, ticket__day__lt=today
    ).values_list("ticket_id", "service_id", "handling_seconds"):
        work_by_ticket[ticket_id] += seconds / 60 if seconds else minutes.get(service_id, 10)
    cells: dict[tuple[date, int], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for pk, day, issued_at, booked_start in Ticket.objects.filter(hall=hall, day__gte=first, day__lt=today).values_list(
        "pk", "day", "issued_at", "booked_start"
    ):
        cell = cells[(day, issued_at.astimezone(hall.tz).hour)]
        cell[0] += 1
        cell[1] += 0 if booked_start else 1
        cell[2] += work_by_ticket.get(pk, 0.0)
    closed = set(HallClosure.objects.filter(hall=hall, date__gte=first, date__lt=today).values_list("date", flat=True))
    open_weekdays = set(OpeningHours.objects.filter(hall=hall).values_list("weekday", flat=True))
    all_days = [first + timedelta(days=i) for i in range((today - first).days)]
    own: dict[tuple[int, int], list[float]] = {}
    for weekday in range(7):
        if weekday not in open_weekdays:
            continue
        days = [d for d in all_days if d.weekday() == weekday and d not in closed]
        for hour in range(24):
            smoothed: list[float] | None = None
            for d in days:
                x = cells.get((d, hour), [0.0, 0.0, 0.0])
                smoothed = (
                    list(x)
                    if smoothed is None
                    else [alpha * a + (1 - alpha) * b for a, b in zip(x, smoothed, strict=True)]
                )
            if smoothed and smoothed[0] > 0.01:
                own[(weekday, hour)] = smoothed
    # the shape of the day over all weekdays: each hour's share of a day's arrivals, walk-ins and
    # work, from every day in the window (five times the data of one weekday's hour)
    shape: dict[int, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for (_day, hour), x in cells.items():
        shape[hour] = [a + b for a, b in zip(shape[hour], x, strict=True)]
    rows = []
    for weekday in range(7):
        hours = [h for (wd, h) in own if wd == weekday]
        if not hours:
            continue
        level = [sum(own[(weekday, h)][k] for h in hours) for k in range(3)]
        norm = [sum(shape[h][k] for h in hours) for k in range(3)]
        for hour in hours:
            pooled = [level[k] * shape[hour][k] / norm[k] if norm[k] > 0 else own[(weekday, hour)][k] for k in range(3)]
            x = [POOL_WEIGHT * p + (1 - POOL_WEIGHT) * o for p, o in zip(pooled, own[(weekday, hour)], strict=True)]
            rows.append(
                DemandForecast(hall=hall, weekday=weekday, hour=hour, arrivals=x[0], walkins=x[1], work_minutes=x[2])
            )
    with transaction.atomic():
        DemandForecast.objects.filter(hall=hall).delete()
        DemandForecast.objects.bulk_create(rows)
    return len(rows)
