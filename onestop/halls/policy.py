"""Who a counter calls next: a pure function over plain values (ADR 0201).

The order, for one counter:

0. Visitors transferred to this very counter, longest waiting first.
1. "Due" visitors, by the time they became due:
   - an on-time booking becomes due ``due_window`` minutes before its booked start;
   - anyone else becomes due after waiting ``starvation_minutes`` (less their priority head
     start), so a steady stream of bookings never starves a walk-in.
2. Everybody else by effective arrival: the time they joined the queue, minus their priority
   group's head start and a bonus for visitors sent back to the queue by a transfer or for a
   further service of the same visit. Early bookings count from their due time.

A quick visit (the rest of the visit is expected to take at most ``quick_visit_minutes``)
gets a head start of ``quick_head_start_minutes`` on top of any priority group's, booked or
not: a walk-in is due that much sooner and ranks that much earlier, a due booking ranks as
if due that much earlier. Serving the short visits first (an express lane for collecting a
permit or a short question) lowers the mean wait for the same work; the head start is
bounded, so a long visit is overtaken by at most that many minutes' worth of quick ones.

Only tickets whose current service the counter handles (a comprehensive counter handles
every service) and that are not directed to another counter are eligible. Ties go to the
lower ticket id, so the result is deterministic.

Because a waiting visitor's rank only improves with time and every head start is bounded,
nobody waits forever: after ``starvation_minutes`` a visitor is in class 1, which is served
in the order its members became due.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class CallingRules:
    due_window_minutes: int = 5
    starvation_minutes: int = 15
    requeue_bonus_minutes: int = 10
    quick_visit_minutes: float = 10
    quick_head_start_minutes: int = 20


DEFAULT_RULES = CallingRules()


@dataclass(frozen=True)
class CounterView:
    id: int
    services: frozenset[str] = frozenset()
    comprehensive: bool = False

    def handles(self, service: str) -> bool:
        return self.comprehensive or service in self.services


@dataclass(frozen=True)
class WaitingTicket:
    id: int
    service: str
    queued_at: datetime
    booked_start: datetime | None = None
    head_start_minutes: int = 0
    target_counter: int | None = None
    requeued: bool = False
    minutes: float | None = None  # expected handling time of the rest of the visit, when known


def eligible(counter: CounterView, ticket: WaitingTicket) -> bool:
    if ticket.target_counter is not None and ticket.target_counter != counter.id:
        return False
    return counter.handles(ticket.service)


def is_quick(ticket: WaitingTicket, rules: CallingRules = DEFAULT_RULES) -> bool:
    return ticket.minutes is not None and ticket.minutes <= rules.quick_visit_minutes


def head_start(ticket: WaitingTicket, rules: CallingRules = DEFAULT_RULES) -> timedelta:
    """The priority group's head start, plus the quick visit's."""
    quick = rules.quick_head_start_minutes if is_quick(ticket, rules) else 0
    return timedelta(minutes=ticket.head_start_minutes + quick)


def becomes_due(ticket: WaitingTicket, rules: CallingRules = DEFAULT_RULES) -> datetime:
    """When ``ticket`` enters class 1: a booking ``due_window`` before its start, anyone else
    after waiting the starvation time less their head start."""
    if ticket.booked_start is not None:
        return ticket.booked_start - timedelta(minutes=rules.due_window_minutes)
    return ticket.queued_at + timedelta(minutes=rules.starvation_minutes) - head_start(ticket, rules)


def due_rank(ticket: WaitingTicket, rules: CallingRules = DEFAULT_RULES) -> datetime:
    """The time ``ticket`` is ranked by in class 1 (a quick booking as if due earlier)."""
    if ticket.booked_start is not None and is_quick(ticket, rules):
        return becomes_due(ticket, rules) - timedelta(minutes=rules.quick_head_start_minutes)
    return becomes_due(ticket, rules)


def priority_key(
    ticket: WaitingTicket, now: datetime, *, counter: CounterView | None = None, rules: CallingRules = DEFAULT_RULES
) -> tuple:
    """Sort key: the smallest key is called first."""
    if counter is not None and ticket.target_counter == counter.id:
        return (0, ticket.queued_at, ticket.id)
    if becomes_due(ticket, rules) <= now:
        return (1, due_rank(ticket, rules), ticket.id)
    if ticket.booked_start is not None:
        # early: ranked as if they had arrived at their due time
        return (2, becomes_due(ticket, rules) - head_start(ticket, rules), ticket.id)
    bonus = timedelta(minutes=rules.requeue_bonus_minutes) if ticket.requeued else timedelta(0)
    return (2, ticket.queued_at - head_start(ticket, rules) - bonus, ticket.id)


def choose_next(
    counter: CounterView, waiting: Iterable[WaitingTicket], now: datetime, rules: CallingRules = DEFAULT_RULES
) -> WaitingTicket | None:
    """The ticket ``counter`` should call now, or None when it can serve nobody waiting."""
    best: WaitingTicket | None = None
    best_key: tuple | None = None
    for ticket in waiting:
        if not eligible(counter, ticket):
            continue
        key = priority_key(ticket, now, counter=counter, rules=rules)
        if best_key is None or key < best_key:
            best, best_key = ticket, key
    return best


def order_for_counter(
    counter: CounterView, waiting: Iterable[WaitingTicket], now: datetime, rules: CallingRules = DEFAULT_RULES
) -> list[WaitingTicket]:
    """Everyone this counter could call, in the order it would call them if nobody else arrived."""
    mine = [t for t in waiting if eligible(counter, t)]
    return sorted(mine, key=lambda t: priority_key(t, now, counter=counter, rules=rules))
