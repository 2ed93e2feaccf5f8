"""Queueing formulas used by the forecast, the recommendations and the simulation."""

from __future__ import annotations

import math

# Above this utilisation M/M/c has no steady state; the forecast then adds a backlog term.
SATURATION = 0.98


def erlang_c_probability(servers: int, offered_load: float) -> float:
    """Probability that an arrival waits in M/M/c (``offered_load`` = λ/μ in Erlangs)."""
    if servers <= 0:
        return 1.0
    if offered_load <= 0:
        return 0.0
    if offered_load >= servers:
        return 1.0
    # Erlang B by the stable recurrence, then C from B.
    b = 1.0
    for k in range(1, servers + 1):
        b = offered_load * b / (k + offered_load * b)
    rho = offered_load / servers
    return b / (1 - rho + rho * b)


def erlang_c_mean_wait(servers: int, arrival_rate: float, service_rate: float) -> float:
    """Mean time in queue for M/M/c, in the time unit of the rates; ``inf`` when overloaded."""
    if arrival_rate <= 0:
        return 0.0
    if servers <= 0 or service_rate <= 0:
        return math.inf
    capacity = servers * service_rate
    if arrival_rate >= capacity:
        return math.inf
    return erlang_c_probability(servers, arrival_rate / service_rate) / (capacity - arrival_rate)


def predicted_wait(counters: float, arrivals_per_hour: float, handling_minutes: float) -> float:
    """Predicted mean wait in minutes for an hour with ``counters`` staffed (may be fractional).

    M/M/c by Erlang C, interpolated between the neighbouring whole numbers of counters. When
    the hour is saturated the steady-state formula does not apply, so the wait at
    ``SATURATION`` is taken and half an hour's backlog growth per unit of excess load is added.
    """
    if arrivals_per_hour <= 0:
        return 0.0
    if counters <= 0 or handling_minutes <= 0:
        return math.inf
    lam = arrivals_per_hour / 60.0
    mu = 1.0 / handling_minutes
    rho = lam / (counters * mu)
    excess = 0.0
    if rho > SATURATION:
        excess = (rho - SATURATION) * 30.0
        lam = SATURATION * counters * mu
    low = max(math.floor(counters), 1)
    high = max(math.ceil(counters), 1)

    def at(c: int) -> float:
        w = erlang_c_mean_wait(c, lam, mu)
        if math.isinf(w):
            w = erlang_c_mean_wait(c, SATURATION * c * mu, mu) + (lam / (c * mu) - SATURATION) * 30.0
        return w

    w_low, w_high = at(low), at(high)
    frac = counters - math.floor(counters) if high != low else 0.0
    return (1 - frac) * w_low + frac * w_high + excess
