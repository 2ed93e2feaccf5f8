"""One week at ten service halls: OneStop against the old way, on the same visitors.

A discrete-event simulation (SimPy). The same stream of visitors — where they live, what
they need, when they would like to come, how long each service takes them — is played
twice:

* **baseline**: no bookings. Everyone walks in at the time they wanted, to the hall they
  pick by proximity with an urban bias (an urban hall "feels" half as far), and each hall
  serves its own queue first come, first served.
* **onestop**: the real code on a throwaway SQLite database. Most visitors book in one
  click (``recommend_slots`` with the time they would like to come → ``appointment_book``)
  some time before they want to come, arrive around the time they are given and check in at
  the kiosk (``appointment_check_in``); walk-ins
  answer the kiosk's triage questions (``triage_services`` → ``ticket_issue``), and half of
  them look at the live waits first (``hall_waits``) and pick the hall with the best wait
  plus travel time. Every counter calls with ``ticket_call_next`` (the calling policy) and
  finishes with ``ticket_complete``. The halls' forecast is learnt (``forecast_refresh``)
  from four weeks of history generated like the baseline — the crowding the system sees.

Both runs have the same counters and staffing; counters keep serving after closing until
everyone who arrived is served. A booked visitor so late that they arrive after closing
finds the doors shut and goes home (``late_after_closing``; the baseline has no bookings,
so nobody is late). A visitor's wait is measured from arrival (or from the booked start,
for a booked visitor who is early) to the first call.

``erlang_c_bound_mean_wait_min`` is the mean wait of one pooled M/M/c system with every
staffed counter of the city, hour by hour, for the visitors' own desired hours: the
Erlang C wait of each hour (pooled arrivals, pooled counters, the stream's mean work per
visitor), weighted by arrivals. ``erlang_c_stationary_mean_wait_min`` is the same formula
for the week's average load. ``python -m bench.halls_sim [--small]``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import statistics
import sys
import time as walltime
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
TZ = ZoneInfo("Asia/Shanghai")
WEEK_START = date(2026, 3, 2)  # a Monday
ORIGIN = datetime.combine(WEEK_START, time(0), tzinfo=TZ)

# code, area, lat, lon, counters on weekdays, Saturday counters
HALLS = [
    ("chaoyang", "urban", 39.9219, 116.4436, 5, 3),
    ("haidian", "urban", 39.9593, 116.2982, 5, 0),
    ("dongcheng", "urban", 39.9288, 116.4160, 5, 0),
    ("xicheng", "urban", 39.9123, 116.3660, 5, 0),
    ("fengtai", "urban", 39.8585, 116.2867, 5, 0),
    ("tongzhou", "suburban", 39.9097, 116.6566, 3, 3),
    ("shunyi", "suburban", 40.1302, 116.6546, 3, 0),
    ("changping", "suburban", 40.2207, 116.2312, 3, 0),
    ("daxing", "suburban", 39.7269, 116.3414, 3, 0),
    ("fangshan", "suburban", 39.7487, 116.1433, 3, 0),
]
SMALL_HALLS = ["chaoyang", "dongcheng", "tongzhou"]

# code, prefix, mean handling minutes, bookable
SERVICES = [
    ("work_residence_permit", "W", 28, True),
    ("biometrics", "B", 8, True),
    ("visa_extension", "V", 20, True),
    ("permit_collection", "C", 7, True),
    ("general_enquiry", "E", 10, False),
]
HANDLING_SHAPE = 3.0  # gamma shape of handling times: a coefficient of variation of 0.58
# what visitors need: services of the visit, triage leaf, share
NEEDS = [
    (("work_residence_permit", "biometrics"), "permit-apply", 0.25),
    (("biometrics",), "permit-biometrics", 0.20),
    (("visa_extension",), "visa", 0.30),
    (("permit_collection",), "permit-collect", 0.15),
    (("general_enquiry",), "other", 0.10),
]
OPEN = (9, 17)
SATURDAY = (9, 13)
# the wish profile: when visitors would like to come (relative weight per hour and day)
HOUR_WISH = {9: 1.06, 10: 1.10, 11: 1.05, 12: 0.95, 13: 0.95, 14: 1.0, 15: 0.98, 16: 0.91}
DAY_WISH = {0: 1.03, 1: 1.0, 2: 0.98, 3: 0.98, 4: 1.01, 5: 1.0}
URBAN_HOME_SHARE = 0.7  # where visitors live: mostly in the urban districts
URBAN_BIAS = 0.5  # the baseline: an urban hall feels half as far
TRAVEL_KMH = 30.0


@dataclass
class Scenario:
    halls: list[tuple]
    days: int
    load: float = 0.85
    book_share: float = 0.75
    waits_share: float = 0.5  # of walk-ins, those who check the live waits before leaving
    kiosk_redirect: float = 0.5  # of the others, those who follow the kiosk to a quicker hall nearby
    no_show: float = 0.03
    seed: int = 2026
    history_weeks: int = 4


@dataclass
class Visitor:
    id: int
    home: tuple[float, float]
    services: tuple[str, ...]
    triage: str
    wish: float  # minutes from ORIGIN
    books: bool
    checks_waits: bool
    punctuality: float  # minutes relative to the booked start (negative: early)
    no_show: bool
    durations: dict[str, float] = field(default_factory=dict)


# --- the stream ------------------------------------------------------------------------


def open_hours(day: date) -> tuple[int, int] | None:
    if day.weekday() == 6:
        return None
    return SATURDAY if day.weekday() == 5 else OPEN


def counters_on(hall: tuple, day: date) -> int:
    return hall[5] if day.weekday() == 5 else hall[4]


def staffed_minutes(scn: Scenario) -> dict[tuple[int, int], float]:
    """Counter-minutes staffed in each (day, hour) over all halls."""
    out: dict[tuple[int, int], float] = defaultdict(float)
    for d in range(scn.days):
        day = WEEK_START + timedelta(days=d)
        hours = open_hours(day)
        if hours is None:
            continue
        for hall in scn.halls:
            for h in range(*hours):
                out[(d, h)] += 60 * counters_on(hall, day)
    return out


def mean_work(services: dict[str, float]) -> float:
    return sum(share * sum(services[s] for s in needs) for needs, _t, share in NEEDS)


def home_location(rng: random.Random, halls: list[tuple]) -> tuple[float, float]:
    urban = [h for h in halls if h[1] == "urban"]
    suburban = [h for h in halls if h[1] == "suburban"]
    pool = urban if (rng.random() < URBAN_HOME_SHARE or not suburban) else suburban
    hall = rng.choice(pool)
    return (hall[2] + rng.gauss(0, 0.05), hall[3] + rng.gauss(0, 0.06))


def make_stream(scn: Scenario, rng: random.Random) -> list[Visitor]:
    """Visitors whose total work is ``scn.load`` of the staffed counter time; their wished
    hours follow the wish profile in proportion to staffing (so the pooled load of every hour
    stays below one)."""
    minutes = {code: m for code, _p, m, _b in SERVICES}
    capacity = staffed_minutes(scn)
    weights = {
        k: cap * HOUR_WISH[k[1]] * DAY_WISH[(WEEK_START + timedelta(days=k[0])).weekday()]
        for k, cap in capacity.items()
    }
    total_weight = sum(weights.values())
    n = round(scn.load * sum(capacity.values()) / mean_work(minutes))
    cells = list(weights)
    cell_weights = [weights[c] for c in cells]
    needs = [n_ for n_ in NEEDS]
    visitors = []
    for i in range(n):
        d, h = rng.choices(cells, cell_weights)[0]
        need = rng.choices(needs, [x[2] for x in needs])[0]
        services, triage = need[0], need[1]
        bookable = all(dict((c, b) for c, _p, _m, b in SERVICES)[s] for s in services)
        v = Visitor(
            id=i,
            home=home_location(rng, scn.halls),
            services=services,
            triage=triage,
            wish=d * 1440 + h * 60 + rng.uniform(0, 60),
            books=bookable and rng.random() < scn.book_share,
            checks_waits=rng.random() < scn.waits_share,
            punctuality=rng.gauss(-8, 6) if rng.random() > 0.05 else rng.uniform(20, 40),
            no_show=rng.random() < scn.no_show,
        )
        v.durations = {s: rng.gammavariate(HANDLING_SHAPE, minutes[s] / HANDLING_SHAPE) for s in services}
        visitors.append(v)
    assert total_weight > 0
    return sorted(visitors, key=lambda v: v.wish)


def distance(a: tuple[float, float], b: tuple[float, float]) -> float:
    from onestop.halls.selectors.recommend import distance_km

    return distance_km(a, b)


def open_at(hall: tuple, minute: float) -> bool:
    day = WEEK_START + timedelta(days=int(minute // 1440))
    hours = open_hours(day)
    if hours is None or counters_on(hall, day) == 0:
        return False
    hour = (minute % 1440) / 60
    return hours[0] <= hour < hours[1]


def closed_for_the_day(hall: tuple, minute: float) -> bool:
    """The hall has closed for the day at ``minute`` (or does not open that day)."""
    day = WEEK_START + timedelta(days=int(minute // 1440))
    hours = open_hours(day)
    if hours is None or counters_on(hall, day) == 0:
        return True
    return (minute % 1440) / 60 >= hours[1]


def baseline_choice(v: Visitor, halls: list[tuple]) -> tuple:
    candidates = [h for h in halls if open_at(h, v.wish)] or halls
    return min(candidates, key=lambda h: distance(v.home, (h[2], h[3])) * (URBAN_BIAS if h[1] == "urban" else 1.0))


# --- baseline: FIFO per hall, no bookings ------------------------------------------------


def run_baseline(scn: Scenario, visitors: list[Visitor]) -> dict:
    import simpy

    env = simpy.Environment()
    waits: list[float] = []
    busy: dict[str, float] = defaultdict(float)
    queues: dict[str, simpy.Store] = {h[0]: simpy.Store(env) for h in scn.halls}
    served = [0]

    def arrive(v: Visitor, hall: tuple):
        yield env.timeout(v.wish)
        queues[hall[0]].put((v.wish, v))

    def counter(hall: tuple, day_index: int):
        day = WEEK_START + timedelta(days=day_index)
        hours = open_hours(day)
        start, end = day_index * 1440 + hours[0] * 60, day_index * 1440 + hours[1] * 60
        yield env.timeout(start)
        while True:
            queue = queues[hall[0]]
            if env.now >= end:  # after closing: serve who is still there, then go home
                if not queue.items:
                    return
                arrived, v = yield queue.get()
            else:
                get = queue.get()
                yield get | env.timeout(end - env.now)
                if not get.triggered:  # closing time came first
                    get.cancel()
                    continue
                arrived, v = get.value
            waits.append(env.now - arrived)
            duration = sum(v.durations.values())
            busy[hall[0]] += duration
            served[0] += 1
            yield env.timeout(duration)

    for v in visitors:
        env.process(arrive(v, baseline_choice(v, scn.halls)))
    for d in range(scn.days):
        day = WEEK_START + timedelta(days=d)
        if open_hours(day) is None:
            continue
        for hall in scn.halls:
            for _c in range(counters_on(hall, day)):
                env.process(counter(hall, d))
    env.run()
    return {"waits": waits, "busy": busy, "served": served[0]}


# --- OneStop: the real code ----------------------------------------------------------------


def setup_database() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DATABASE_URL"] = "sqlite://:memory:"
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "1"
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import logging

    import django

    django.setup()
    from django.apps import apps
    from django.conf import settings
    from django.core.management import call_command

    logging.disable(logging.WARNING)
    settings.MIGRATION_MODULES = {a.label: None for a in apps.get_app_configs()}
    call_command("migrate", run_syncdb=True, verbosity=0)


def build_world(scn: Scenario, rng: random.Random) -> dict:
    from onestop.halls.models import (
        BookingPolicy,
        Counter,
        Hall,
        HallService,
        OpeningHours,
        Service,
        StaffingPlan,
        TriageNode,
    )

    services = {
        code: Service.objects.create(code=code, name=code, prefix=prefix, handling_minutes=m, bookable=b)
        for code, prefix, m, b in SERVICES
    }
    BookingPolicy.objects.create(
        service=None,
        slot_minutes=30,
        min_minutes_ahead=30,
        max_days_ahead=14,
        per_person_active_limit=2,
        check_in_early_minutes=90,
        late_minutes=15,
    )
    root = TriageNode.objects.create(key="start", question={"en": "What do you need?"})
    for needs, key, _share in NEEDS:
        node = TriageNode.objects.create(key=key, parent=root, answer={"en": key}, service=services[needs[0]])
        node.extra_services.set([services[s] for s in needs[1:]])
    halls = {}
    for code, area, lat, lon, weekday_counters, saturday_counters in scn.halls:
        hall = Hall.objects.create(
            code=code, name=code, names={"en": code.title()}, district=code, area=area, latitude=lat, longitude=lon
        )
        for weekday in range(5):
            OpeningHours.objects.create(hall=hall, weekday=weekday, opens=time(OPEN[0]), closes=time(OPEN[1]))
        if saturday_counters:
            OpeningHours.objects.create(hall=hall, weekday=5, opens=time(SATURDAY[0]), closes=time(SATURDAY[1]))
        for svc in services.values():
            HallService.objects.create(hall=hall, service=svc, booking_share=90)
        counters = [
            Counter.objects.create(hall=hall, number=n, comprehensive=True) for n in range(1, weekday_counters + 1)
        ]
        rows = []
        for d in range(-7 * scn.history_weeks, scn.days):
            day = WEEK_START + timedelta(days=d)
            hours = open_hours(day)
            n = saturday_counters if day.weekday() == 5 else weekday_counters
            if hours is None or n == 0:
                continue
            rows += [
                StaffingPlan(hall=hall, counter=c, date=day, opens=time(hours[0]), closes=time(hours[1]))
                for c in counters[:n]
            ]
        StaffingPlan.objects.bulk_create(rows)
        halls[code] = hall
    _history(scn, rng, halls, services)
    from onestop.halls import clock
    from onestop.halls.services import forecast_refresh, slots_generate_range

    clock.set_now(ORIGIN)  # plan as on the Monday morning: the history is "the weeks before"
    try:
        forecast_refresh(weeks=scn.history_weeks, today=WEEK_START)
        for hall in halls.values():
            slots_generate_range(hall=hall, first=WEEK_START, days=scn.days)
    finally:
        clock.set_now(None)
    return {"halls": halls, "services": services}


def history_choice(v: Visitor, scn: Scenario) -> tuple:
    """Where a visitor of the weeks before went: walk-ins who looked at the waits or followed
    the kiosk ended up near home with no urban bias (a proxy for "best wait plus travel"),
    the others went the old way."""
    informed = scn.waits_share + (1 - scn.waits_share) * scn.kiosk_redirect
    if v.books or random.Random(v.id * 104729).random() >= informed:
        return baseline_choice(v, scn.halls)
    candidates = [h for h in scn.halls if open_at(h, v.wish)] or scn.halls
    return min(candidates, key=lambda h: distance(v.home, (h[2], h[3])))


def _history(scn: Scenario, rng: random.Random, halls: dict, services: dict) -> None:
    """The weeks before, as the forecast sees them: the same kind of visitors, bookers marked as
    on-time bookings, everyone at the hall the old way would pick (which overstates the urban
    walk-ins: a conservative forecast)."""
    from onestop.halls.models import Ticket, TicketService

    spec = {h[0]: h for h in scn.halls}
    tickets, items = [], []
    for week in range(scn.history_weeks, 0, -1):
        past = make_stream(scn, random.Random(rng.random()))
        seqs: dict = defaultdict(int)
        for v in past:
            hall = history_choice(v, scn)
            moment = ORIGIN + timedelta(minutes=v.wish) - timedelta(weeks=week)
            day = moment.astimezone(TZ).date()
            first = services[v.services[0]]
            seqs[(hall[0], day, first.prefix)] += 1
            seq = seqs[(hall[0], day, first.prefix)]
            tickets.append(
                Ticket(
                    hall=halls[hall[0]],
                    day=day,
                    prefix=first.prefix,
                    seq=seq,
                    number=f"{first.prefix}{seq:03d}",
                    current_service=first,
                    status="done",
                    issued_at=moment,
                    # the weeks before ran OneStop too: bookers came as on-time bookings
                    booked_start=moment if v.books else None,
                )
            )
            items.append([(services[s], round(v.durations[s] * 60)) for s in v.services])
    created = Ticket.objects.bulk_create(tickets, batch_size=2000)
    TicketService.objects.bulk_create(
        [
            TicketService(ticket=t, service=svc, position=i, handling_seconds=secs, done_at=t.issued_at)
            for t, parts in zip(created, items, strict=True)
            for i, (svc, secs) in enumerate(parts)
        ],
        batch_size=2000,
    )
    assert all(code in spec for code in halls)


def run_onestop(scn: Scenario, visitors: list[Visitor], world: dict) -> dict:
    import simpy

    from onestop.core.errors import DomainError
    from onestop.halls import clock
    from onestop.halls.models import Counter, StaffingPlan, Ticket, TicketStatus
    from onestop.halls.selectors.queue import quicker_halls, waits_for
    from onestop.halls.selectors.recommend import recommend_slots
    from onestop.halls.selectors.triage import triage_node, triage_services
    from onestop.halls.services import (
        appointment_book,
        appointment_check_in,
        appointments_mark_no_show,
        ticket_add_service,
        ticket_call_next,
        ticket_complete,
        ticket_issue,
    )

    env = simpy.Environment()
    halls, services = world["halls"], world["services"]
    hall_specs = {h[0]: h for h in scn.halls}
    wake: dict[str, simpy.Event] = {code: env.event() for code in halls}
    by_ticket: dict[int, Visitor] = {}
    stats = {
        "booked": 0,
        "walk_in": 0,
        "no_show": 0,
        "after_closing": 0,
        "fallback": 0,
        "displacement_h": [],
        "extra_km": [],
    }

    def tick() -> None:
        clock.set_now(ORIGIN + timedelta(minutes=env.now))

    def announce(hall_code: str) -> None:
        event = wake[hall_code]
        wake[hall_code] = env.event()
        event.succeed()

    def walk_in(v: Visitor):
        yield env.timeout(max(v.wish - env.now, 0))
        tick()
        candidates = [h for h in scn.halls if open_at(h, v.wish)] or scn.halls
        if v.checks_waits:
            waits = waits_for(service_code=v.services[0], halls=[halls[h[0]] for h in candidates])

            def cost(h):
                estimate = waits.get(halls[h[0]].pk)
                wait = estimate.minutes if estimate is not None and estimate.minutes is not None else 120.0
                return wait + distance(v.home, (h[2], h[3])) / TRAVEL_KMH * 60

            hall_spec = min(candidates, key=cost)
        else:
            hall_spec = baseline_choice(v, scn.halls)
            _here, quicker = quicker_halls(hall=halls[hall_spec[0]], service_code=v.services[0])
            if quicker and random.Random(v.id * 7919).random() < scn.kiosk_redirect:
                yield env.timeout(quicker[0].travel_minutes)
                tick()
                hall_spec = hall_specs[quicker[0].hall.code]
        code = hall_spec[0]
        chosen = triage_services(node=triage_node(key=v.triage))
        ticket = ticket_issue(hall=halls[code], services=chosen)
        by_ticket[ticket.pk] = v
        stats["walk_in"] += 1
        announce(code)

    def booker(v: Visitor):
        lead = v.wish - 60 * random.Random(v.id).uniform(6, 60)
        yield env.timeout(max(lead - env.now, 0))
        tick()
        earliest = ORIGIN + timedelta(minutes=v.wish - 120)
        latest = ORIGIN + timedelta(minutes=v.wish + 48 * 60)
        recs = recommend_slots(
            service=services[v.services[0]],
            near=v.home,
            limit=1,
            days=14,
            earliest=earliest,
            latest=latest,
            wished=ORIGIN + timedelta(minutes=v.wish),
        )
        if not recs:
            stats["fallback"] += 1
            yield from walk_in(v)
            return
        try:
            appointment = appointment_book(user=None, service_code=v.services[0], slot=recs[0].slot)
        except DomainError:
            stats["fallback"] += 1
            yield from walk_in(v)
            return
        stats["booked"] += 1
        start = (appointment.start - ORIGIN).total_seconds() / 60
        stats["displacement_h"].append(abs(start - v.wish) / 60)
        nearest = min(distance(v.home, (h[2], h[3])) for h in scn.halls)
        stats["extra_km"].append(distance(v.home, (recs[0].hall.latitude, recs[0].hall.longitude)) - nearest)
        if v.no_show:
            stats["no_show"] += 1
            return
        yield env.timeout(max(start + v.punctuality - env.now, 0))
        tick()
        hall = appointment.hall
        if closed_for_the_day(hall_specs[hall.code], env.now):
            stats["after_closing"] += 1  # so late that the doors are shut: goes home unserved
            return
        ticket = appointment_check_in(code=appointment.code, hall=hall)
        for extra in v.services[1:]:
            ticket_add_service(ticket=ticket, service=services[extra], by=None)
        by_ticket[ticket.pk] = v
        announce(hall.code)

    def counter_proc(counter: Counter, shifts: list[tuple[float, float]]):
        code = counter.hall.code
        for start, end in shifts:
            if env.now < start:
                yield env.timeout(start - env.now)
            while True:
                tick()
                ticket = ticket_call_next(counter=counter, by=None)
                if ticket is None:
                    if env.now >= end:
                        break
                    yield wake[code] | env.timeout(end - env.now)
                    continue
                v = by_ticket[ticket.pk]
                while True:
                    yield env.timeout(v.durations.get(ticket.current_service.code, 5.0))
                    tick()
                    ticket = ticket_complete(ticket=ticket, by=None)
                    if ticket.status != TicketStatus.SERVING:
                        break
                if ticket.status == TicketStatus.TRANSFERRED:
                    announce(code)

    def sweeper():
        for d in range(scn.days):
            yield env.timeout(max(d * 1440 + 23 * 60 - env.now, 0))
            tick()
            appointments_mark_no_show()

    for v in visitors:
        env.process(booker(v) if v.books else walk_in(v))
    shifts_by_counter: dict[int, list] = defaultdict(list)
    for counter_id, day, opens, closes in StaffingPlan.objects.filter(date__gte=WEEK_START).values_list(
        "counter_id", "date", "opens", "closes"
    ):
        offset = (day - WEEK_START).days * 1440
        shifts_by_counter[counter_id].append(
            (offset + opens.hour * 60 + opens.minute, offset + closes.hour * 60 + closes.minute)
        )
    for counter in Counter.objects.select_related("hall").prefetch_related("services"):
        env.process(counter_proc(counter, sorted(shifts_by_counter[counter.pk])))
    env.process(sweeper())
    env.run()
    clock.set_now(None)

    waits, busy = [], defaultdict(float)
    by_kind: dict[str, list[float]] = defaultdict(list)
    for issued, first_call, booked_start, appointment_id in Ticket.objects.filter(
        issued_at__gte=ORIGIN, first_called_at__isnull=False
    ).values_list("issued_at", "first_called_at", "booked_start", "appointment_id"):
        begin = max(issued, booked_start) if booked_start else issued
        wait = max((first_call - begin).total_seconds() / 60, 0.0)
        waits.append(wait)
        kind = "booked_on_time" if booked_start else ("booked_late" if appointment_id else "walk_in")
        by_kind[kind].append(wait)
    from onestop.halls.models import TicketService

    for hall_code, seconds in TicketService.objects.filter(ticket__issued_at__gte=ORIGIN).values_list(
        "ticket__hall__code", "handling_seconds"
    ):
        busy[hall_code] += (seconds or 0) / 60
    unserved = Ticket.objects.filter(issued_at__gte=ORIGIN).exclude(status=TicketStatus.DONE).count()
    assert all(code in hall_specs for code in busy)
    return {
        "waits": waits,
        "busy": busy,
        "served": len(waits),
        "unserved": unserved,
        "stats": stats,
        "by_kind": by_kind,
    }


# --- figures -------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = math.floor(k), math.ceil(k)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def erlang_bounds(scn: Scenario, visitors: list[Visitor]) -> tuple[float, float, float]:
    """(hourly pooled bound, stationary pooled bound, peak pooled utilisation).

    The arrival rate of each open hour is the stream's expected rate for that hour (the
    wish profile the visitors were drawn from), the servers are every counter staffed in
    that hour, the service time is the stream's mean work per visitor."""
    from onestop.halls.queueing import erlang_c_mean_wait

    capacity = staffed_minutes(scn)
    work = statistics.fmean(sum(v.durations.values()) for v in visitors)
    weights = {
        k: cap * HOUR_WISH[k[1]] * DAY_WISH[(WEEK_START + timedelta(days=k[0])).weekday()]
        for k, cap in capacity.items()
    }
    scale = len(visitors) / sum(weights.values())
    total, weighted, peak = 0.0, 0.0, 0.0
    for cell, weight in weights.items():
        rate = weight * scale  # expected arrivals in this hour
        servers = round(capacity[cell] / 60)
        peak = max(peak, rate * work / (servers * 60))
        total += rate
        weighted += rate * erlang_c_mean_wait(servers, rate / 60, 1 / work)
    open_minutes = len(capacity) * 60
    stationary = erlang_c_mean_wait(
        round(sum(capacity.values()) / open_minutes), len(visitors) / open_minutes, 1 / work
    )
    return weighted / total, stationary, peak


def utilisation(scn: Scenario, busy: dict[str, float]) -> dict[str, float]:
    out = {}
    for hall in scn.halls:
        staffed = sum(
            60
            * counters_on(hall, WEEK_START + timedelta(days=d))
            * (
                (open_hours(WEEK_START + timedelta(days=d)) or (0, 0))[1]
                - (open_hours(WEEK_START + timedelta(days=d)) or (0, 0))[0]
            )
            for d in range(scn.days)
        )
        out[hall[0]] = round(busy.get(hall[0], 0.0) / staffed, 3) if staffed else 0.0
    return out


def summary(waits: list[float]) -> dict:
    return {
        "mean_wait_min": round(statistics.fmean(waits), 2) if waits else 0.0,
        "p95_wait_min": round(percentile(waits, 0.95), 2),
        "median_wait_min": round(percentile(waits, 0.5), 2),
        "max_wait_min": round(max(waits), 1) if waits else 0.0,
    }


def simulate(scn: Scenario) -> dict:
    started = walltime.monotonic()
    rng = random.Random(scn.seed)
    setup_database()
    visitors = make_stream(scn, rng)
    world = build_world(scn, random.Random(scn.seed + 1))
    base = run_baseline(scn, visitors)
    one = run_onestop(scn, visitors, world)
    bound, stationary, peak = erlang_bounds(scn, visitors)
    base_summary, one_summary = summary(base["waits"]), summary(one["waits"])
    stats = one["stats"]
    result = {
        "scenario": {
            "halls": len(scn.halls),
            "days": scn.days,
            "visitors": len(visitors),
            "counters_weekday": sum(h[4] for h in scn.halls),
            "load": scn.load,
            "mean_work_min": round(statistics.fmean(sum(v.durations.values()) for v in visitors), 2),
            "book_share": scn.book_share,
            "walk_ins_checking_waits": scn.waits_share,
            "walk_ins_following_kiosk": scn.kiosk_redirect,
            "seed": scn.seed,
            "peak_pooled_hourly_utilisation": round(peak, 3),
        },
        "baseline": {**base_summary, "served": base["served"], "utilisation": utilisation(scn, base["busy"])},
        "onestop": {
            **one_summary,
            "served": one["served"],
            "unserved": one["unserved"],
            "utilisation": utilisation(scn, one["busy"]),
            "booked": stats["booked"],
            "walk_ins": stats["walk_in"],
            "no_shows": stats["no_show"],
            "late_after_closing": stats["after_closing"],
            "booking_fallbacks": stats["fallback"],
            "by_kind": {kind: {"served": len(w), **summary(w)} for kind, w in sorted(one["by_kind"].items())},
            "mean_shift_from_wished_time_h": round(statistics.fmean(stats["displacement_h"]), 2)
            if stats["displacement_h"]
            else 0.0,
            "booked_within_1h_of_wished_time": round(
                sum(1 for h in stats["displacement_h"] if h < 1) / len(stats["displacement_h"]), 3
            )
            if stats["displacement_h"]
            else 0.0,
            "mean_extra_distance_km": round(statistics.fmean(stats["extra_km"]), 2) if stats["extra_km"] else 0.0,
        },
        "erlang_c_bound_mean_wait_min": round(bound, 2),
        "erlang_c_stationary_mean_wait_min": round(stationary, 2),
    }
    result["targets"] = {
        "mean_at_most_half_baseline": one_summary["mean_wait_min"] <= base_summary["mean_wait_min"] / 2,
        "p95_at_most_20_min": one_summary["p95_wait_min"] <= 20,
        "within_1_5x_erlang_c_bound": one_summary["mean_wait_min"] <= 1.5 * bound,
    }
    result["runtime_s"] = round(walltime.monotonic() - started, 1)
    return result


def scenario(small: bool) -> Scenario:
    if small:
        return Scenario(halls=[h for h in HALLS if h[0] in SMALL_HALLS], days=1, history_weeks=2)
    return Scenario(halls=list(HALLS), days=6)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="three halls, one day (for tests)")
    parser.add_argument("--days", type=int, default=None, help="simulate fewer days (trying parameters)")
    parser.add_argument("--out", default=str(RESULTS / "halls_sim.json"))
    args = parser.parse_args(argv)
    scn = scenario(args.small)
    if args.days:
        scn.days = args.days
    result = simulate(scn)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return result


if __name__ == "__main__":
    main()
