"""The halls' notion of "now".

Services read the time through ``now()`` so the discrete-event simulation in
``bench/halls_sim.py`` can run the real booking and queue code on simulated time with
``frozen_at(t)``. Outside that context manager it is ``django.utils.timezone.now()``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from django.utils import timezone

_state = threading.local()
_process: dict[str, datetime | None] = {"frozen": None}


def now() -> datetime:
    frozen = getattr(_state, "frozen", None)
    if frozen is None:
        frozen = _process["frozen"]
    return frozen if frozen is not None else timezone.now()


@contextmanager
def frozen_at(moment: datetime) -> Iterator[None]:
    if timezone.is_naive(moment):
        raise ValueError("frozen_at needs an aware datetime")
    previous = getattr(_state, "frozen", None)
    _state.frozen = moment
    try:
        yield
    finally:
        _state.frozen = previous


def set_now(moment: datetime | None) -> None:
    """Pin (or with None release) the clock for this thread; the simulation advances it."""
    _state.frozen = moment


def set_process_now(moment: datetime | None) -> None:
    """Pin the clock for every thread of the process (a browser test's live server runs in
    its own thread); None releases it. A thread's own ``set_now`` still wins."""
    if moment is not None and timezone.is_naive(moment):
        raise ValueError("set_process_now needs an aware datetime")
    _process["frozen"] = moment
