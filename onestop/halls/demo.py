"""Demo halls: ten exit-entry halls (five urban, five suburban) and the FAO hall, with
services, counters, staffing for the coming two weeks, six weeks of ticket history shaped
like the old urban/weekday crowding (so the forecast has something to learn), appointments
in every state and a live queue today (empty before the halls open: every ticket lies in
the past). Idempotent."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import F

from onestop.halls import clock
from onestop.halls.demo_data import (
    FAO_HALL,
    FAO_HALL_NAMES,
    HALLS,
    PRIORITY_GROUPS,
    SERVICES,
    TRIAGE,
    addresses,
    district_names,
    hall_names,
)
from onestop.halls.models import (
    Appointment,
    BookingPolicy,
    Counter,
    Hall,
    HallService,
    OpeningHours,
    PriorityGroup,
    Service,
    Slot,
    StaffingPlan,
    Ticket,
    TicketService,
    TicketStatus,
    TriageNode,
)

ORDER = 40
HISTORY_DAYS = 28
PLAN_DAYS = 14
EE_SERVICES = ["work_residence_permit", "biometrics", "visa_extension", "permit_collection", "general_enquiry"]
# arrivals per open weekday hour, by area, before OneStop: the crowding the reports describe
HOUR_PROFILE = {9: 1.5, 10: 1.7, 11: 1.3, 13: 0.8, 14: 1.0, 15: 0.9, 16: 0.6, 17: 0.5, 18: 0.4}
WEEKDAY_FACTOR = {0: 1.35, 1: 1.1, 2: 1.0, 3: 1.0, 4: 1.15, 5: 0.6, 6: 0.5}
AREA_RATE = {"urban": 13.5, "suburban": 2.5}
MIX = {
    "work_residence_permit": 0.25,
    "biometrics": 0.3,
    "visa_extension": 0.25,
    "permit_collection": 0.12,
    "general_enquiry": 0.08,
}
# The live queue's script, in minutes from its first ticket: twelve tickets three minutes
# apart, the first call at minute 40, the next moves at minute 49 (when the queue ends).
LIVE_ISSUE_STEP = 3
LIVE_FIRST_CALL = 40
LIVE_NEXT_MOVES = 49


def seed(world: dict) -> None:
    orgs = world.get("orgs", {})
    services = _services()
    _policies()
    _priority_groups()
    halls = _halls(orgs, services)
    _triage(services)
    today = clock.now().astimezone(halls[0].tz).date()
    for hall in halls:
        _staffing(hall, today - timedelta(days=HISTORY_DAYS), today + timedelta(days=PLAN_DAYS))
    if not Ticket.objects.filter(day__lt=today).exists():
        _history(halls, services, today)
    from onestop.halls.services import forecast_refresh, slots_generate_range

    forecast_refresh()
    for hall in halls:
        last = hall.local(today + timedelta(days=1), time.min)
        if not Slot.objects.filter(hall=hall, start__gte=last).exists():  # a second run keeps what is there
            slots_generate_range(hall=hall, first=today - timedelta(days=5), days=PLAN_DAYS + 6)
    users = world.get("users", {})
    if users and not Ticket.objects.filter(day=today, appointment__isnull=True).exists():
        _live_queue(users, halls, services, today)
    if users and not Appointment.objects.exists():
        _appointments(users, halls, today)
    world["halls"] = {h.code: h for h in halls}
    world.setdefault("logins", []).append(
        "(halls: the kiosk at /halls/kiosk/chaoyang/ opens for hall staff; the board is /halls/board/chaoyang/)"
    )


def _services() -> dict[str, Service]:
    out = {}
    for code, prefix, minutes, bookable, order, names, materials in SERVICES:
        service, _created = Service.objects.get_or_create(
            code=code,
            defaults={
                "name": names["zh-hans"],
                "names": names,
                "prefix": prefix,
                "handling_minutes": minutes,
                "bookable": bookable,
                "order": order,
                "required_materials": materials,
            },
        )
        out[code] = service
    return out


def _policies() -> None:
    BookingPolicy.objects.get_or_create(service=None)


def _priority_groups() -> None:
    for code, head_start, order, names in PRIORITY_GROUPS:
        PriorityGroup.objects.get_or_create(
            code=code,
            defaults={"name": names["zh-hans"], "names": names, "head_start_minutes": head_start, "order": order},
        )


def _triage(services: dict[str, Service]) -> None:
    if TriageNode.objects.exists():
        return
    nodes: dict[str, TriageNode] = {}
    for order, (key, parent, answer, question, service, extra) in enumerate(TRIAGE):
        node = TriageNode.objects.create(
            key=key,
            parent=nodes.get(parent),
            answer=answer,
            question=question,
            service=services.get(service) if service else None,
            order=order,
        )
        node.extra_services.set([services[c] for c in extra])
        nodes[key] = node


def _hours(hall: Hall, saturday: bool, sunday: bool, thursday_evening: bool) -> None:
    if hall.opening_hours.exists():
        return
    rows = []
    for weekday in range(5):
        rows += [
            OpeningHours(hall=hall, weekday=weekday, opens=time(9), closes=time(12)),
            OpeningHours(hall=hall, weekday=weekday, opens=time(13), closes=time(17)),
        ]
    if thursday_evening:
        rows.append(OpeningHours(hall=hall, weekday=3, opens=time(17), closes=time(19), extended=True))
    if saturday:
        rows.append(OpeningHours(hall=hall, weekday=5, opens=time(9), closes=time(13), extended=True))
    if sunday:
        rows.append(OpeningHours(hall=hall, weekday=6, opens=time(9), closes=time(12), extended=True))
    OpeningHours.objects.bulk_create(rows)


def _halls(orgs: dict, services: dict[str, Service]) -> list[Hall]:
    ee_org = orgs.get("psb-eeb")
    halls = []
    for (
        code,
        district,
        area,
        lat,
        lon,
        zh_addr,
        latin_addr,
        n_counters,
        n_comprehensive,
        saturday,
        sunday,
        thursday,
    ) in HALLS:
        names = hall_names(district)
        hall, _created = Hall.objects.get_or_create(
            code=code,
            defaults={
                "name": names["zh-hans"],
                "names": names,
                "district": district,
                "district_names": district_names(district),
                "area": area,
                "address": zh_addr,
                "addresses": addresses(zh_addr, latin_addr),
                "latitude": lat,
                "longitude": lon,
                "organization": ee_org,
            },
        )
        _hours(hall, saturday, sunday, thursday)
        for svc in EE_SERVICES:
            HallService.objects.get_or_create(hall=hall, service=services[svc])
        _counters(hall, n_counters, n_comprehensive, services)
        halls.append(hall)
    code, district, area, lat, lon, zh_addr, latin_addr = FAO_HALL
    fao, _created = Hall.objects.get_or_create(
        code=code,
        defaults={
            "name": FAO_HALL_NAMES["zh-hans"],
            "names": FAO_HALL_NAMES,
            "district": district,
            "district_names": district_names(district),
            "area": area,
            "address": zh_addr,
            "addresses": addresses(zh_addr, latin_addr),
            "latitude": lat,
            "longitude": lon,
            "organization": orgs.get("fao"),
        },
    )
    _hours(fao, False, False, False)
    HallService.objects.get_or_create(hall=fao, service=services["passport_collection"])
    HallService.objects.get_or_create(hall=fao, service=services["general_enquiry"], defaults={"booking_share": 0})
    _counters(fao, 2, 2, services)
    halls.append(fao)
    return halls


def _counters(hall: Hall, total: int, comprehensive: int, services: dict[str, Service]) -> None:
    if hall.counters.exists():
        return
    specialised = [
        ["work_residence_permit", "biometrics"],
        ["visa_extension", "permit_collection"],
        ["biometrics", "permit_collection", "general_enquiry"],
    ]
    for number in range(1, total + 1):
        counter = Counter.objects.create(hall=hall, number=number, comprehensive=number <= comprehensive)
        if number > comprehensive:
            codes = specialised[(number - comprehensive - 1) % len(specialised)]
            counter.services.set([services[c] for c in codes])


def _staffing(hall: Hall, first: date, last: date) -> None:
    if StaffingPlan.objects.filter(hall=hall, date=last).exists():
        return
    counters = list(hall.counters.filter(is_active=True))
    hours = {}
    for row in hall.opening_hours.all():
        hours.setdefault(row.weekday, []).append((row.opens, row.closes))
    existing = set(
        StaffingPlan.objects.filter(hall=hall, date__gte=first, date__lte=last).values_list(
            "counter_id", "date", "opens"
        )
    )
    rows = []
    day = first
    while day <= last:
        for opens, closes in hours.get(day.weekday(), []):
            # on extended hours only the comprehensive counters work
            staff = counters if closes <= time(17) and day.weekday() < 5 else [c for c in counters if c.comprehensive]
            for counter in staff:
                if (counter.pk, day, opens) not in existing:
                    rows.append(StaffingPlan(hall=hall, counter=counter, date=day, opens=opens, closes=closes))
        day += timedelta(days=1)
    StaffingPlan.objects.bulk_create(rows)


def _history(halls: list[Hall], services: dict[str, Service], today: date) -> None:
    """Tickets of the past weeks, walk-ins only (before online booking), bulk-inserted. Each
    hall-day is run through a first-come-first-served queue over its staffed counters, so the
    recorded waits follow the load."""
    rng = random.Random(40)
    ee = [h for h in halls if h.code != "fao"]
    codes, weights = zip(*MIX.items(), strict=True)
    for hall in ee:
        hours = {}
        for row in hall.opening_hours.all():
            hours.setdefault(row.weekday, []).append((row.opens, row.closes))
        staffed = {}
        for day, opens in StaffingPlan.objects.filter(hall=hall, date__lt=today).values_list("date", "opens"):
            staffed[(day, opens)] = staffed.get((day, opens), 0) + 1
        tickets, seqs = [], {}
        for offset in range(HISTORY_DAYS, 0, -1):
            day = today - timedelta(days=offset)
            for opens, closes in hours.get(day.weekday(), []):
                free = [hall.local(day, opens)] * max(staffed.get((day, opens), 1), 1)
                arrivals = []
                for hour in range(opens.hour, closes.hour):
                    rate = AREA_RATE[hall.area] * HOUR_PROFILE.get(hour, 0.5) * WEEKDAY_FACTOR[day.weekday()]
                    for _i in range(_poisson(rng, rate)):
                        arrivals.append(hall.local(day, time(hour, rng.randrange(60), rng.randrange(60))))
                for issued in sorted(arrivals):
                    svc = services[rng.choices(codes, weights)[0]]
                    handling = max(60, int(rng.gammavariate(4, svc.handling_minutes * 15)))
                    free.sort()
                    called = max(issued, free[0])
                    free[0] = called + timedelta(seconds=handling)
                    seq = seqs[(day, svc.prefix)] = seqs.get((day, svc.prefix), 0) + 1
                    tickets.append(
                        (
                            Ticket(
                                hall=hall,
                                day=day,
                                prefix=svc.prefix,
                                seq=seq,
                                number=f"{svc.prefix}{seq:03d}",
                                current_service=svc,
                                status=TicketStatus.DONE,
                                issued_at=issued,
                                called_at=called,
                                first_called_at=called,
                                served_at=called,
                                done_at=free[0],
                            ),
                            svc,
                            handling,
                        )
                    )
        with transaction.atomic():
            created = Ticket.objects.bulk_create([t for t, _s, _h in tickets], batch_size=1000)
            TicketService.objects.bulk_create(
                [
                    TicketService(
                        ticket=t, service=svc, position=0, started_at=t.served_at, done_at=t.done_at, handling_seconds=h
                    )
                    for t, (_t, svc, h) in zip(created, tickets, strict=True)
                ],
                batch_size=1000,
            )


def _poisson(rng: random.Random, lam: float) -> int:
    # Knuth's method: fine for the small rates used here
    limit, k, p = pow(2.718281828459045, -lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def _first_slot(hall: Hall, service: Service, day: date) -> Slot | None:
    start = hall.local(day, time.min)
    return (
        Slot.objects.filter(
            hall=hall, service=service, start__gte=start, start__lt=start + timedelta(days=1), booked__lt=F("capacity")
        )
        .order_by("start")
        .first()
    )


def _open_day(hall: Hall, day: date, step: int) -> date:
    for _i in range(10):
        if hall.opening_hours.filter(weekday=day.weekday()).exists():
            return day
        day += timedelta(days=step)
    return day


def _appointments(users: dict, halls: list[Hall], today: date) -> None:
    """One appointment of the demo applicant in each state, through the real services."""
    from onestop.halls.services import (
        appointment_book,
        appointment_cancel,
        appointment_check_in,
        appointments_mark_no_show,
        ticket_call_next,
        ticket_complete,
    )

    applicant = users.get("applicant")
    clerk = users.get("clerk")
    if applicant is None:
        return
    by_code = {h.code: h for h in halls}
    hall = by_code["tongzhou"]
    biometrics = Service.objects.get(code="biometrics")
    visa = Service.objects.get(code="visa_extension")
    # completed, two open days ago
    past = _open_day(hall, today - timedelta(days=2), -1)
    slot = _first_slot(hall, visa, past)
    if slot is not None:
        with clock.frozen_at(slot.start - timedelta(days=1)):
            done = appointment_book(user=applicant, service_code=visa.code, slot=slot)
        with clock.frozen_at(slot.start - timedelta(minutes=5)):
            appointment_check_in(code=done.code, hall=hall, by=None)
        counter = hall.counters.filter(comprehensive=True).first()
        with clock.frozen_at(slot.start):
            called = ticket_call_next(counter=counter, by=clerk)
        if called is not None:
            with clock.frozen_at(slot.start + timedelta(minutes=12)):
                ticket_complete(ticket=called, by=clerk)
    # no-show, the open day before
    missed_day = _open_day(hall, today - timedelta(days=1), -1)
    slot = _first_slot(hall, biometrics, missed_day)
    if slot is not None:
        with clock.frozen_at(slot.start - timedelta(days=1)):
            appointment_book(user=applicant, service_code=biometrics.code, slot=slot)
        with clock.frozen_at(slot.end + timedelta(hours=2)):
            appointments_mark_no_show()
    # cancelled and booked, in the coming days
    future = _open_day(by_code["daxing"], today + timedelta(days=2), 1)
    slot = _first_slot(by_code["daxing"], visa, future)
    if slot is not None:
        cancelled = appointment_book(user=applicant, service_code=visa.code, slot=slot)
        appointment_cancel(appointment=cancelled, by=applicant, reason="demo")
    appointment_book(user=applicant, service_code=biometrics.code, hall=by_code["shunyi"])
    # checked in today, at the hall open every day (only booked while it is too early)
    chaoyang = by_code["chaoyang"]
    slot = _first_slot(chaoyang, visa, today)
    if slot is not None:
        now = clock.now()
        with clock.frozen_at(min(now, slot.start - timedelta(hours=3))):
            booked = appointment_book(user=applicant, service_code=visa.code, slot=slot)
        check_in = max(slot.start - timedelta(minutes=5), min(now, slot.end))
        if check_in <= now:
            with clock.frozen_at(check_in):
                appointment_check_in(code=booked.code, hall=chaoyang, by=None)


def _live_timeline(hall: Hall, today: date, now: datetime) -> Callable[[float], datetime] | None:
    """When today's live queue happened, as ``at(minute of the script)``: it ends ``now``, or
    when the opening period it fell in closed if that has ended, and starts LIVE_NEXT_MOVES
    minutes earlier, or when that period opened if that is later (the script's steps then
    shrink to fit). So no ticket is issued or called after ``now`` or outside opening hours.
    ``None`` when the hall has not opened yet today or is closed today."""
    from onestop.halls.selectors.reference import opening_periods

    begun = [
        (hall.local(today, opens), hall.local(today, closes))
        for opens, closes, _extended in opening_periods(hall=hall, day=today)
        if hall.local(today, opens) <= now
    ]
    if not begun:
        return None
    opens, closes = begun[-1]
    end = min(now, closes)
    start = max(opens, end - timedelta(minutes=LIVE_NEXT_MOVES))
    share = (end - start) / timedelta(minutes=LIVE_NEXT_MOVES)
    return lambda minute: min(end, start + timedelta(minutes=minute * share))


def _live_queue(users: dict, halls: list[Hall], services: dict[str, Service], today: date) -> None:
    """Today's queue at Chaoyang with tickets in every state, all of them issued and moved
    before now; none before the hall opens (the demo clerk is at counter 1 either way)."""
    from onestop.halls.services import (
        counter_sign_in,
        ticket_call_next,
        ticket_complete,
        ticket_issue,
        ticket_no_show,
        ticket_start,
        ticket_transfer,
    )

    hall = next(h for h in halls if h.code == "chaoyang")
    clerk = users.get("clerk")
    if clerk is None or not hall.opening_hours.filter(weekday=today.weekday()).exists():
        return
    counters = list(hall.counters.order_by("number"))
    at = _live_timeline(hall, today, clock.now())
    if at is None:  # not open yet: an empty queue for today
        counter_sign_in(counter=counters[0], clerk=clerk)
        return
    elderly = PriorityGroup.objects.filter(code="elderly").first()
    plan = [
        ["biometrics"],
        ["visa_extension"],
        ["work_residence_permit", "biometrics"],
        ["permit_collection"],
        ["general_enquiry"],
        ["biometrics"],
        ["visa_extension"],
        ["work_residence_permit"],
        ["biometrics"],
        ["permit_collection"],
        ["visa_extension"],
        ["biometrics"],
    ]
    for i, codes in enumerate(plan):
        with clock.frozen_at(at(LIVE_ISSUE_STEP * i)):
            ticket_issue(
                hall=hall, services=[services[c] for c in codes], by=None, priority_group=elderly if i == 5 else None
            )
    with clock.frozen_at(at(LIVE_FIRST_CALL)):
        first = ticket_call_next(counter=counters[0], by=clerk)
        ticket_start(ticket=first, by=clerk)
    with clock.frozen_at(at(LIVE_NEXT_MOVES)):
        ticket_complete(ticket=first, by=clerk)  # done, or on to its next service at the same desk
        second = ticket_call_next(counter=counters[1], by=clerk)
        if second is not None:
            ticket_no_show(ticket=second, by=clerk)
        third = ticket_call_next(counter=counters[1], by=clerk)
        if third is not None:
            ticket_transfer(ticket=third, by=clerk, service=services["general_enquiry"])
        serving = ticket_call_next(counter=counters[2], by=clerk)
        if serving is not None:
            ticket_start(ticket=serving, by=clerk)
        ticket_call_next(counter=counters[3], by=clerk)  # left "called"
    counter_sign_in(counter=counters[0], clerk=clerk)
