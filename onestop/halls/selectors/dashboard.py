"""The imbalance dashboard and the planning view's numbers.

Figures over the last ``days`` days, per hall and grouped by urban/suburban area and by
working day versus rest day (weekends and holidays, from the working-day calendar, so a
make-up working Saturday counts as a working day):

* visitors per open day — tickets issued divided by days the hall had tickets or staff;
* mean wait — from joining the queue (or the booked time, for an early visitor on time) to
  the first call;
* utilisation — handling time recorded at the counters divided by staffed counter time.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from onestop.calendar.services import is_working_day
from onestop.halls import clock
from onestop.halls.models import DemandForecast, Hall, Slot, StaffingPlan, Ticket, TicketService

from .forecast import DayOutlook


@dataclass
class Figures:
    visitors: int = 0
    open_days: int = 0
    wait_total: float = 0.0
    waited: int = 0
    work_minutes: float = 0.0
    staffed_minutes: float = 0.0

    def add(self, other: Figures) -> None:
        self.visitors += other.visitors
        self.open_days += other.open_days
        self.wait_total += other.wait_total
        self.waited += other.waited
        self.work_minutes += other.work_minutes
        self.staffed_minutes += other.staffed_minutes

    @property
    def per_day(self) -> float:
        return self.visitors / self.open_days if self.open_days else 0.0

    @property
    def mean_wait(self) -> float | None:
        return self.wait_total / self.waited if self.waited else None

    @property
    def utilisation(self) -> float | None:
        return self.work_minutes / self.staffed_minutes if self.staffed_minutes else None


@dataclass
class HallFigures:
    hall: Hall
    working: Figures = field(default_factory=Figures)
    rest: Figures = field(default_factory=Figures)

    @property
    def total(self) -> Figures:
        f = Figures()
        f.add(self.working)
        f.add(self.rest)
        return f


@dataclass
class Imbalance:
    first: date
    last: date
    halls: list[HallFigures]
    by_area: dict[str, dict[str, Figures]]

    @property
    def urban_suburban_ratio(self) -> float | None:
        urban = self.by_area.get("urban", {}).get("all")
        suburban = self.by_area.get("suburban", {}).get("all")
        if not urban or not suburban or not suburban.per_day:
            return None
        return urban.per_day / suburban.per_day

    @property
    def working_rest_ratio(self) -> float | None:
        working, rest = Figures(), Figures()
        for area in self.by_area.values():
            working.add(area["working"])
            rest.add(area["rest"])
        return working.per_day / rest.per_day if rest.per_day else None


def imbalance(*, days: int = 28, now: datetime | None = None) -> Imbalance:
    now = now or clock.now()
    halls = list(Hall.objects.filter(is_active=True).order_by("area", "code"))
    figures = {h.pk: HallFigures(hall=h) for h in halls}
    last = now.astimezone(halls[0].tz).date() if halls else now.date()
    first = last - timedelta(days=days)
    day_kind: dict[date, bool] = {}

    def working(d: date) -> bool:
        if d not in day_kind:
            day_kind[d] = is_working_day(d)
        return day_kind[d]

    open_days: dict[int, set[date]] = defaultdict(set)
    for hall_id, day, issued, first_call, booked in Ticket.objects.filter(
        hall__in=halls, day__gte=first, day__lt=last
    ).values_list("hall_id", "day", "issued_at", "first_called_at", "booked_start"):
        f = figures[hall_id].working if working(day) else figures[hall_id].rest
        f.visitors += 1
        open_days[hall_id].add(day)
        if first_call is not None:
            begin = max(issued, booked) if booked else issued
            f.wait_total += max((first_call - begin).total_seconds() / 60, 0.0)
            f.waited += 1
    for hall_id, day, seconds in TicketService.objects.filter(
        ticket__hall__in=halls, ticket__day__gte=first, ticket__day__lt=last, handling_seconds__isnull=False
    ).values_list("ticket__hall_id", "ticket__day", "handling_seconds"):
        f = figures[hall_id].working if working(day) else figures[hall_id].rest
        f.work_minutes += seconds / 60
    for hall_id, day, opens, closes in StaffingPlan.objects.filter(
        hall__in=halls, date__gte=first, date__lt=last
    ).values_list("hall_id", "date", "opens", "closes"):
        f = figures[hall_id].working if working(day) else figures[hall_id].rest
        f.staffed_minutes += (datetime.combine(day, closes) - datetime.combine(day, opens)).total_seconds() / 60
        open_days[hall_id].add(day)
    for hall_id, days_open in open_days.items():
        for d in days_open:
            (figures[hall_id].working if working(d) else figures[hall_id].rest).open_days += 1
    by_area: dict[str, dict[str, Figures]] = {}
    for hf in figures.values():
        area = by_area.setdefault(hf.hall.area, {"working": Figures(), "rest": Figures(), "all": Figures()})
        area["working"].add(hf.working)
        area["rest"].add(hf.rest)
        area["all"].add(hf.working)
        area["all"].add(hf.rest)
    return Imbalance(first=first, last=last, halls=list(figures.values()), by_area=by_area)


@dataclass(frozen=True)
class HourPlan:
    hour: int
    counters: float
    expected: float
    utilisation: float
    wait: float
    capacity: int
    booked: int


def day_plan(*, hall: Hall, day: date) -> list[HourPlan]:
    """Hour by hour for the planning view: counters staffed, expected arrivals (forecast
    walk-ins plus bookings), predicted utilisation and wait, bookable capacity and bookings."""
    outlook = DayOutlook(hall=hall, day=day)
    capacity: dict[int, int] = defaultdict(int)
    booked: dict[int, int] = defaultdict(int)
    start = hall.local(day, time.min)
    for slot_start, cap, bk in Slot.objects.filter(
        hall=hall, start__gte=start, start__lt=start + timedelta(days=1)
    ).values_list("start", "capacity", "booked"):
        hour = slot_start.astimezone(hall.tz).hour
        capacity[hour] += cap
        booked[hour] += bk
    hours = sorted(set(outlook.counters) | set(capacity) | {h for (wd, h) in outlook.table if wd == day.weekday()})
    out = []
    for hour in hours:
        out.append(
            HourPlan(
                hour=hour,
                counters=outlook.counters.get(hour, 0.0),
                expected=outlook.expected_arrivals(hour),
                utilisation=outlook.utilisation(hour),
                wait=outlook.wait_minutes(hour),
                capacity=capacity.get(hour, 0),
                booked=booked.get(hour, 0),
            )
        )
    return out


def weekly_forecast(*, hall: Hall) -> dict[int, float]:
    """Expected arrivals per weekday (sum over hours)."""
    out: dict[int, float] = defaultdict(float)
    for weekday, arrivals in DemandForecast.objects.filter(hall=hall).values_list("weekday", "arrivals"):
        out[weekday] += arrivals
    return dict(out)
