"""The calling policy, as a table: who does a counter call next?"""

from datetime import datetime, timedelta

import pytest

from onestop.halls.policy import CallingRules, CounterView, WaitingTicket, choose_next, order_for_counter

T0 = datetime(2026, 3, 2, 10, 0)
RULES = CallingRules(
    due_window_minutes=5,
    starvation_minutes=30,
    requeue_bonus_minutes=10,
    quick_visit_minutes=10,
    quick_head_start_minutes=10,
)
BIO = CounterView(id=1, services=frozenset({"bio"}))
ANY = CounterView(id=2, comprehensive=True)


def m(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def walk(id, service="bio", at=0, head=0, target=None, requeued=False, minutes=None):
    return WaitingTicket(
        id=id,
        service=service,
        queued_at=m(at),
        head_start_minutes=head,
        target_counter=target,
        requeued=requeued,
        minutes=minutes,
    )


def booked(id, service="bio", at=0, start=0, head=0, minutes=None):
    return WaitingTicket(
        id=id, service=service, queued_at=m(at), booked_start=m(start), head_start_minutes=head, minutes=minutes
    )


CASES = [
    # (description, counter, waiting, now (minutes), expected id)
    ("nobody waiting", BIO, [], 0, None),
    ("only services the counter cannot do", BIO, [walk(1, "visa")], 0, None),
    ("comprehensive counter serves anything", ANY, [walk(1, "visa")], 0, 1),
    ("FIFO among walk-ins", BIO, [walk(1, at=-5), walk(2, at=-10)], 0, 2),
    ("ties go to the lower id", BIO, [walk(2, at=-5), walk(1, at=-5)], 0, 1),
    (
        "an on-time booking goes before a walk-in waiting longer",
        BIO,
        [walk(1, at=-20), booked(2, at=-2, start=0)],
        0,
        2,
    ),
    ("a booking becomes due five minutes before its start", BIO, [walk(1, at=-1), booked(2, at=-10, start=4)], 0, 2),
    (
        "an early booking is not due yet and waits like a walk-in from its due time",
        BIO,
        [walk(1, at=-1), booked(2, at=-30, start=20)],
        0,
        1,
    ),
    ("earlier booked start first among due bookings", BIO, [booked(1, start=-3), booked(2, start=-8)], 0, 2),
    (
        "a starving walk-in goes before a due booking that became due later",
        BIO,
        [walk(1, at=-40), booked(2, start=0)],
        0,
        1,
    ),
    (
        "a due booking goes before a walk-in that started starving later",
        BIO,
        [walk(1, at=-31), booked(2, start=-10)],
        0,
        2,
    ),
    ("priority head start moves a walk-in ahead", BIO, [walk(1, at=-10), walk(2, at=-5, head=20)], 0, 2),
    ("the head start is bounded: a long wait beats it", BIO, [walk(1, at=-26), walk(2, at=-5, head=20)], 0, 1),
    ("priority also makes a walk-in starve sooner", BIO, [walk(1, at=-15, head=20), booked(2, start=2)], 0, 1),
    ("a transfer to this counter comes first", BIO, [booked(1, start=-5), walk(2, at=-1, target=1)], 0, 2),
    ("a transfer to another counter is not called here", BIO, [walk(1, at=-30, target=9)], 0, None),
    ("a visitor back for a further service gets a bonus", BIO, [walk(1, at=-15), walk(2, at=-8, requeued=True)], 0, 2),
    ("the bonus is bounded too", BIO, [walk(1, at=-20), walk(2, at=-8, requeued=True)], 0, 1),
    (
        "a quick visit goes before a long one that came a little earlier",
        BIO,
        [walk(1, at=-8, minutes=30), walk(2, at=-3, minutes=8)],
        0,
        2,
    ),
    ("the quick head start is bounded", BIO, [walk(1, at=-14, minutes=30), walk(2, at=-3, minutes=8)], 0, 1),
    ("a visit of unknown length gets no quick head start", BIO, [walk(1, at=-8), walk(2, at=-3)], 0, 1),
    (
        "a quick visit becomes due sooner",
        BIO,
        [walk(1, at=-26, minutes=10), booked(2, start=0, minutes=30)],
        0,
        1,
    ),
    (
        "a quick booking ranks as if due earlier",
        BIO,
        [booked(1, start=-2, minutes=30), booked(2, start=0, minutes=8)],
        0,
        2,
    ),
    (
        "a quick booking is not due before its due window",
        BIO,
        [walk(1, at=-1, minutes=30), booked(2, at=-10, start=20, minutes=8)],
        0,
        1,
    ),
    (
        "an early quick booking ranks earlier too",
        BIO,
        [walk(1, at=-1, minutes=30), booked(2, at=-10, start=10, minutes=8)],
        0,
        2,
    ),
]


@pytest.mark.parametrize(("description", "counter", "waiting", "now", "expected"), CASES, ids=[c[0] for c in CASES])
def test_choose_next(description, counter, waiting, now, expected):
    chosen = choose_next(counter, waiting, m(now), RULES)
    assert (chosen.id if chosen else None) == expected


def test_nobody_starves_behind_a_stream_of_bookings():
    """A booking becomes due every two minutes and the counter calls every two minutes: the
    walk-in is called once the bookings that were due before it started starving are served —
    within the starvation time plus the due window plus one call."""
    walk_in = walk(999, at=0)
    waiting = [walk_in]
    called_at = None
    for step in range(60):
        now = m(2 * step)
        waiting.append(booked(step, at=2 * step - 1, start=2 * step))
        chosen = choose_next(BIO, waiting, now, RULES)
        waiting.remove(chosen)
        if chosen.id == 999:
            called_at = 2 * step
            break
    assert called_at is not None
    assert called_at <= RULES.starvation_minutes + RULES.due_window_minutes + 2


def test_order_for_counter_is_the_calling_order():
    waiting = [walk(1, at=-3), booked(2, start=0), walk(3, "visa", at=-50), walk(4, at=-6, head=20)]
    order = [t.id for t in order_for_counter(BIO, waiting, m(0), RULES)]
    assert order == [2, 4, 1]
    # calling repeatedly gives the same sequence
    remaining, seq = list(waiting), []
    while (chosen := choose_next(BIO, remaining, m(0), RULES)) is not None:
        seq.append(chosen.id)
        remaining.remove(chosen)
    assert seq == order
