"""Reads on the live queue: who waits, positions, wait estimates, the display board (ADR 0204).

Wait estimate for service s at a hall, now:

* ``m(x)``: the recent handling time of service x at the hall — the trimmed mean (10% cut
  at each end) of the last 40 finished handlings in 14 days, else the configured typical time;
* ``E(x)``: the counters open now (staffed by the plan or with a clerk signed in) that
  handle x; a comprehensive counter handles every service;
* the work ahead of a visitor is the sum of ``m(x)`` over the visitors the calling policy
  ranks before them, each weighted by ``|E(s) ∩ E(x)| / |E(x)|`` — the part of that
  visitor's work that lands on the counters able to serve s, assuming the work spreads evenly
  over the counters able to do it;
* plus the remaining work of visitors being served at those counters (``m`` minus elapsed,
  at least 10% of ``m``);
* the wait is that work divided by ``|E(s)|``. With no counter open it is unknown;
* for a visitor without a booking, the bookings that will become due before they are
  called are ahead of them too (ADR 0201 calls due bookings first): booked visitors checked
  in early, and today's bookings not yet checked in (until their lateness tolerance has
  passed). Their work is added in the order they become due while they become due before
  the estimated call and before the visitor starts competing with them (the starvation
  time of the calling policy).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Prefetch, Q

from onestop.halls import clock
from onestop.halls.models import (
    OPEN_STATES,
    WAITING_STATES,
    Appointment,
    AppointmentStatus,
    Counter,
    Hall,
    HallService,
    Service,
    StaffingPlan,
    Ticket,
    TicketService,
    TicketStatus,
)
from onestop.halls.policy import CounterView, WaitingTicket, becomes_due, due_rank, priority_key

from .reference import counter_view, is_open_at, policy_for

RECENT_DAYS = 14
RECENT_COUNT = 40


def _view(ticket: Ticket, typical: dict[int, float] | None = None) -> WaitingTicket:
    """The policy's view of a waiting ticket. With ``typical`` (service id -> the hall's
    configured handling minutes) and the ticket's unfinished items prefetched as ``open_items``,
    the expected length of the rest of the visit is filled in."""
    minutes = None
    items = getattr(ticket, "open_items", None)
    if typical is not None and items:
        minutes = sum(typical.get(item.service_id, float(item.service.handling_minutes)) for item in items)
    return WaitingTicket(
        id=ticket.pk,
        service=ticket.current_service.code if ticket.current_service_id else "",
        queued_at=ticket.issued_at,
        booked_start=ticket.booked_start,
        head_start_minutes=ticket.priority_group.head_start_minutes if ticket.priority_group_id else 0,
        target_counter=ticket.target_counter_id,
        requeued=ticket.status == TicketStatus.TRANSFERRED,
        minutes=minutes,
    )


def _open_items() -> Prefetch:
    return Prefetch(
        "items",
        queryset=TicketService.objects.filter(done_at__isnull=True).select_related("service").order_by("position"),
        to_attr="open_items",
    )


def typical_minutes(*, halls: list[Hall]) -> dict[int, dict[int, float]]:
    """Hall id -> service id -> the configured handling minutes (the hall's own, else the
    service's): what the calling policy uses to tell a quick visit."""
    out: dict[int, dict[int, float]] = defaultdict(dict)
    for hs in HallService.objects.filter(hall__in=halls).select_related("service"):
        out[hs.hall_id][hs.service_id] = float(hs.minutes)
    return out


def waiting_tickets(*, hall: Hall, day: date):
    return (
        Ticket.objects.filter(hall=hall, day=day, status__in=WAITING_STATES)
        .select_related("current_service", "priority_group")
        .prefetch_related(_open_items())
        .order_by("issued_at", "pk")
    )


def waiting_views(*, hall: Hall, day: date) -> list[WaitingTicket]:
    typical = typical_minutes(halls=[hall])[hall.pk]
    return [_view(t, typical) for t in waiting_tickets(hall=hall, day=day)]


def _recent_by_hall(halls: list[Hall], now: datetime) -> dict[int, dict[int, float]]:
    """Hall id -> service id -> recent handling minutes (see the module docstring)."""
    ids = [h.pk for h in halls]
    out: dict[int, dict[int, float]] = defaultdict(dict)
    for hs in HallService.objects.filter(hall_id__in=ids).select_related("service"):
        out[hs.hall_id][hs.service_id] = float(hs.minutes)
    samples: dict[tuple[int, int], list[int]] = defaultdict(list)
    rows = (
        TicketService.objects.filter(
            ticket__hall_id__in=ids,
            done_at__gte=now - timedelta(days=RECENT_DAYS),
            done_at__lte=now,
            handling_seconds__isnull=False,
        )
        .order_by("-done_at")
        .values_list("ticket__hall_id", "service_id", "handling_seconds")[: RECENT_COUNT * 8 * max(len(ids), 1)]
    )
    for hall_id, service_id, seconds in rows:
        bucket = samples[(hall_id, service_id)]
        if len(bucket) < RECENT_COUNT:
            bucket.append(seconds)
    for (hall_id, service_id), values in samples.items():
        if len(values) >= 5:
            values.sort()
            cut = len(values) // 10
            kept = values[cut : len(values) - cut] or values
            out[hall_id][service_id] = sum(kept) / len(kept) / 60
    return out


def recent_handling_minutes(*, hall: Hall, now: datetime | None = None) -> dict[int, float]:
    """Service id -> minutes, for every service the hall offers."""
    return dict(_recent_by_hall([hall], now or clock.now()).get(hall.pk, {}))


@dataclass
class QueueSnapshot:
    """Everything the estimator needs about one hall at one moment (built with few queries)."""

    hall: Hall
    now: datetime
    counters: list[Counter]
    views: dict[int, CounterView]
    open_ids: set[int]
    waiting: list[WaitingTicket]
    in_service: list[Ticket]
    minutes_by_code: dict[str, float]
    names: dict[str, str]  # offered service code -> name, in display order
    # bookings not yet due: (becomes due, ranked as due at, service), by the first
    coming: list[tuple[datetime, datetime, str]] = field(default_factory=list)
    typical_by_code: dict[str, float] = field(default_factory=dict)  # configured minutes (the policy's)

    @classmethod
    def build(cls, *, hall: Hall, now: datetime | None = None) -> QueueSnapshot:
        return cls.build_many(halls=[hall], now=now)[hall.pk]

    @classmethod
    def build_many(cls, *, halls: list[Hall], now: datetime | None = None) -> dict[int, QueueSnapshot]:
        """Snapshots of several halls with a fixed number of queries (for the waits page)."""
        now = now or clock.now()
        ids = [h.pk for h in halls]
        days = {h.pk: now.astimezone(h.tz).date() for h in halls}
        offered: dict[int, list[HallService]] = defaultdict(list)
        for hs in HallService.objects.filter(hall_id__in=ids, is_active=True).select_related("service"):
            offered[hs.hall_id].append(hs)
        counters: dict[int, list[Counter]] = defaultdict(list)
        for counter in (
            Counter.objects.filter(hall_id__in=ids, is_active=True)
            .prefetch_related(Prefetch("services", queryset=Service.objects.only("id", "code")))
            .order_by("number")
        ):
            counters[counter.hall_id].append(counter)
        staffed = Q(pk__in=[])
        for h in halls:
            local = now.astimezone(h.tz)
            staffed |= Q(hall_id=h.pk, date=local.date(), opens__lte=local.time(), closes__gt=local.time())
        open_ids = set(StaffingPlan.objects.filter(staffed).values_list("counter_id", flat=True))
        open_ids |= {c.pk for cs in counters.values() for c in cs if c.clerk_id}
        recent = _recent_by_hall(halls, now)
        late = timedelta(minutes=policy_for(None).late_minutes)
        zones = {h.pk: h.tz for h in halls}
        typical = typical_minutes(halls=halls)
        coming: dict[int, list[tuple[datetime, datetime, str]]] = defaultdict(list)

        def add_coming(hall_id: int, view: WaitingTicket) -> None:
            # due when their time comes (at once if it has come and they are not here yet)
            coming[hall_id].append((max(becomes_due(view), now), due_rank(view), view.service))

        for pk, hall_id, start, service_id, service in Appointment.objects.filter(
            hall_id__in=ids, status=AppointmentStatus.BOOKED, start__gte=now - late, start__lt=now + timedelta(hours=12)
        ).values_list("pk", "hall_id", "start", "service_id", "service__code"):
            if start.astimezone(zones[hall_id]).date() == days[hall_id]:  # not checked in yet
                minutes = typical[hall_id].get(service_id)
                add_coming(hall_id, WaitingTicket(-pk, service, start, booked_start=start, minutes=minutes))
        today = Q(pk__in=[])
        for h in halls:
            today |= Q(hall_id=h.pk, day=days[h.pk])
        waiting: dict[int, list[WaitingTicket]] = defaultdict(list)
        in_service: dict[int, list[Ticket]] = defaultdict(list)
        for ticket in (
            Ticket.objects.filter(today, status__in=OPEN_STATES)
            .select_related("current_service", "priority_group", "counter")
            .prefetch_related(_open_items())
            .order_by("issued_at", "pk")
        ):
            if ticket.status in WAITING_STATES:
                view = _view(ticket, typical[ticket.hall_id])
                waiting[ticket.hall_id].append(view)
                if view.booked_start is not None and becomes_due(view) > now:
                    add_coming(ticket.hall_id, view)
            else:
                in_service[ticket.hall_id].append(ticket)
        out = {}
        for h in halls:
            codes = {hs.service_id: hs.service.code for hs in offered[h.pk]}
            offered_codes = frozenset(codes.values())
            mine = counters[h.pk]
            out[h.pk] = cls(
                hall=h,
                now=now,
                counters=mine,
                views={c.pk: counter_view(c, offered_codes) for c in mine},
                open_ids=open_ids & {c.pk for c in mine},
                waiting=waiting[h.pk],
                in_service=in_service[h.pk],
                minutes_by_code={codes[sid]: m for sid, m in recent.get(h.pk, {}).items() if sid in codes},
                names={
                    hs.service.code: hs.service.display_name
                    for hs in sorted(offered[h.pk], key=lambda hs: (hs.service.order, hs.service.code))
                    if hs.service.is_active
                },
                coming=sorted(coming[h.pk]),
                typical_by_code={hs.service.code: float(hs.minutes) for hs in offered[h.pk]},
            )
        return out

    def able(self, service: str) -> frozenset[int]:
        """Open counters that handle ``service`` (computed once per service)."""
        cache = self.__dict__.setdefault("_able", {})
        if service not in cache:
            cache[service] = frozenset(cid for cid in self.open_ids if self.views[cid].handles(service))
        return cache[service]

    def _key(self, ticket: WaitingTicket) -> tuple:
        cache = self.__dict__.setdefault("_keys", {})
        if ticket.id not in cache:
            cache[ticket.id] = priority_key(ticket, self.now)
        return cache[ticket.id]

    def minutes(self, service: str) -> float:
        return self.minutes_by_code.get(service, 10.0)

    def _share(self, service: str, other_service: str, target_counter: int | None = None) -> float:
        """The part of one ``other_service`` visit's work that lands on the counters able to
        serve ``service``."""
        able = self.able(service)
        other_able = self.able(other_service)
        if target_counter is not None:
            other_able = other_able & {target_counter}
        if not other_able:
            return 0.0
        return self.minutes(other_service) * len(able & other_able) / len(other_able)

    def _work_ahead(self, service: str, ahead: list[WaitingTicket]) -> float | None:
        able = self.able(service)
        if not able:
            return None
        work = 0.0
        for other in ahead:
            work += self._share(service, other.service, other.target_counter)
        for ticket in self.in_service:
            if ticket.counter_id in able and ticket.current_service_id:
                code = ticket.current_service.code
                started = ticket.served_at or ticket.called_at or self.now
                elapsed = (self.now - started).total_seconds() / 60
                work += max(self.minutes(code) - elapsed, 0.1 * self.minutes(code))
        return work / len(able)

    def ahead_of(self, ticket: WaitingTicket) -> list[WaitingTicket]:
        able = self.able(ticket.service)
        mine = priority_key(ticket, self.now)
        out = []
        if not able:
            return out
        for other in self.waiting:
            if other.id == ticket.id:
                continue
            other_able = self.able(other.service)
            if other.target_counter is not None:
                other_able = other_able & {other.target_counter}
            if not (other_able & able):
                continue
            if self._key(other) < mine:
                out.append(other)
        return out

    def _with_coming(self, view: WaitingTicket, count: int, minutes: float | None) -> tuple[int, float | None]:
        """Add the bookings that become due before ``view`` is called (module docstring)."""
        if minutes is None or view.booked_start is not None or view.target_counter is not None:
            return count, minutes
        able = self.able(view.service)
        competes_at = becomes_due(view)  # from then on it is ranked by that time among the due
        for due, rank, service in self.coming:
            if due >= self.now + timedelta(minutes=minutes):
                break
            if rank >= competes_at:
                continue
            share = self._share(view.service, service)
            if share > 0:
                count += 1
                minutes += share / len(able)
        return count, minutes

    def new_arrival_wait(self, service: str) -> tuple[int, float | None]:
        """(people ahead, minutes) for a walk-in taking a ticket for ``service`` now."""
        probe = WaitingTicket(id=10**12, service=service, queued_at=self.now, minutes=self.typical_by_code.get(service))
        ahead = self.ahead_of(probe)
        return self._with_coming(probe, len(ahead), self._work_ahead(service, ahead))

    def ticket_wait(self, ticket: Ticket) -> tuple[int, float | None]:
        view = next((w for w in self.waiting if w.id == ticket.pk), None)
        if view is None:
            return 0, 0.0
        ahead = self.ahead_of(view)
        return self._with_coming(view, len(ahead), self._work_ahead(view.service, ahead))


@dataclass(frozen=True)
class WaitEstimate:
    hall: Hall
    service_code: str
    service_name: str
    waiting: int
    open_counters: int
    minutes: float | None


def _estimates(snap: QueueSnapshot, service_code: str | None = None) -> list[WaitEstimate]:
    out = []
    for code, name in snap.names.items():
        if service_code and code != service_code:
            continue
        ahead, minutes = snap.new_arrival_wait(code)
        out.append(
            WaitEstimate(
                hall=snap.hall,
                service_code=code,
                service_name=name,
                waiting=ahead,
                open_counters=len(snap.able(code)),
                minutes=minutes,
            )
        )
    return out


def hall_waits(*, hall: Hall, now: datetime | None = None, snapshot: QueueSnapshot | None = None) -> list[WaitEstimate]:
    """The estimated wait now for each service the hall offers."""
    snap = snapshot or QueueSnapshot.build(hall=hall, now=now)
    return _estimates(snap)


def waits_for(*, service_code: str, halls: list[Hall], now: datetime | None = None) -> dict[int, WaitEstimate]:
    """Hall id -> the estimated wait now for ``service_code`` (halls not offering it are left out)."""
    snaps = QueueSnapshot.build_many(halls=halls, now=now)
    out = {}
    for hall_id, snap in snaps.items():
        estimates = _estimates(snap, service_code)
        if estimates:
            out[hall_id] = estimates[0]
    return out


def all_waits(*, service_code: str | None = None, now: datetime | None = None) -> list[WaitEstimate]:
    """One estimate per open hall: for ``service_code``, or the hall's average over services."""
    halls = list(Hall.objects.filter(is_active=True).order_by("code"))
    out = []
    snaps = QueueSnapshot.build_many(halls=halls, now=now)
    for hall in halls:
        estimates = _estimates(snaps[hall.pk], service_code)
        if service_code:
            out.extend(estimates)
            continue
        if not estimates:
            continue
        known = [e.minutes for e in estimates if e.minutes is not None]
        out.append(
            WaitEstimate(
                hall=hall,
                service_code="",
                service_name="",
                waiting=max(e.waiting for e in estimates),
                open_counters=max(e.open_counters for e in estimates),
                minutes=sum(known) / len(known) if known else None,
            )
        )
    return out


@dataclass(frozen=True)
class BoardLine:
    number: str
    counter: int | None
    called_at: datetime
    recall: int


def board_lines(*, hall: Hall, limit: int = 8, now: datetime | None = None) -> list[BoardLine]:
    """The last numbers called, newest first, for the hall's screen."""
    now = now or clock.now()
    day = now.astimezone(hall.tz).date()
    tickets = (
        Ticket.objects.filter(hall=hall, day=day, called_at__isnull=False)
        .filter(
            Q(status__in=(TicketStatus.CALLED, TicketStatus.SERVING)) | Q(called_at__gte=now - timedelta(minutes=30))
        )
        .exclude(status__in=WAITING_STATES)
        .select_related("counter")
        .order_by("-called_at")[:limit]
    )
    return [
        BoardLine(t.number, t.counter.number if t.counter_id else None, t.called_at, t.recall_count) for t in tickets
    ]


def waiting_count(*, hall: Hall, now: datetime | None = None) -> int:
    now = now or clock.now()
    return Ticket.objects.filter(hall=hall, day=now.astimezone(hall.tz).date(), status__in=WAITING_STATES).count()


def counter_current(*, counter: Counter) -> Ticket | None:
    return (
        Ticket.objects.filter(counter=counter, status__in=(TicketStatus.CALLED, TicketStatus.SERVING))
        .select_related("current_service", "priority_group", "appointment")
        .prefetch_related("items__service")
        .order_by("-called_at")
        .first()
    )


def open_tickets(*, hall: Hall, now: datetime | None = None):
    now = now or clock.now()
    return (
        Ticket.objects.filter(hall=hall, day=now.astimezone(hall.tz).date(), status__in=OPEN_STATES)
        .select_related("current_service", "priority_group", "counter")
        .order_by("issued_at")
    )


@dataclass(frozen=True)
class QuickerHall:
    hall: Hall
    minutes: float
    distance_km: float
    travel_minutes: float


def quicker_halls(
    *,
    hall: Hall,
    service_code: str,
    now: datetime | None = None,
    radius_km: float = 15.0,
    km_per_hour: float = 25.0,
    min_saving_minutes: float = 5.0,
    limit: int = 2,
) -> tuple[float | None, list[QuickerHall]]:
    """The wait here now for ``service_code`` and the nearby halls where the visitor would be
    served at least ``min_saving_minutes`` sooner, travel included (shown at the kiosk). A
    hall that is closed by the time the visitor would get there is not offered."""
    from .recommend import distance_km

    near = [
        h
        for h in Hall.objects.filter(is_active=True).exclude(pk=hall.pk)
        if distance_km((hall.latitude, hall.longitude), (h.latitude, h.longitude)) <= radius_km
    ]
    waits = waits_for(service_code=service_code, halls=[hall, *near], now=now)
    here = waits.get(hall.pk)
    if here is None or here.minutes is None:
        return None, []
    out = []
    moment = now or clock.now()
    for other in near:
        estimate = waits.get(other.pk)
        if estimate is None or estimate.minutes is None:
            continue
        distance = distance_km((hall.latitude, hall.longitude), (other.latitude, other.longitude))
        travel = distance / km_per_hour * 60
        if not is_open_at(hall=other, at=moment + timedelta(minutes=travel)):
            continue  # closed by the time the visitor gets there
        if estimate.minutes + travel + min_saving_minutes <= here.minutes:
            out.append(QuickerHall(other, estimate.minutes, distance, travel))
    out.sort(key=lambda q: q.minutes + q.travel_minutes)
    return here.minutes, out[:limit]
