"""Joint permit: working days from complete submission to decision, parallel reviews versus
the same reviews in sequence, over a simulated year (2026) of applications.

A discrete-event simulation (SimPy). Time runs in *working days*: one unit is one working
day of the real 2026 calendar (official holidays and make-up working days from the
platform's ``calendar`` app), so nights, weekends and holidays take no simulated time and a
moment ``t`` falls on working day ``floor(t)``. Day counts are then taken on real dates with
the platform's own ``working_days_between``, exactly as the SLA clock counts them; days the
employer spends answering a correction request are not on the clock (it is paused).

The review model, per half (work permit by the permit authority, residence permit by the
exit-entry administration), with the distributions chosen from the published figures
(17 working days sequentially before the reform, 7 promised after it) and ordinary
back-office practice:

* an officer of that authority is needed for the hands-on part (reading the file,
  entering the decision): gamma-distributed, mean 2.0 h (work) and 1.5 h (residence),
  shape 3; officers are a pool per authority (4 and 3 officers for ~12 applications a
  working day: about 75 % busy), first come first served;
* then external checks that do not occupy the officer (degree and contract verification;
  police record and address checks): log-normal, median 2.0 (work) and 2.4 (residence)
  working days, sigma 0.45;
* a half asks for corrections with probability 12 % (work) and 9 % (residence); the
  employer answers after a log-normal time, median 3 working days (not on the clock), then
  the half is re-reviewed: hands-on again plus checks with median 0.6 working days; a
  second round is asked with probability 3 %;
* a half refuses with probability 2.5 % (work) and 1.5 % (residence).

Parallel: both halves start at submission; corrections from both are sent as one request
when both have a verdict; the joint decision is taken when both are final. Sequential:
the work permit is reviewed (with its own corrections), then the employer files the
residence permit (a hand-over of median 1 working day, on the clock, since the
application is open), then the residence half is reviewed; a refused work permit ends it.
Both arrangements consume the same random draws per application (common random numbers),
so they review the same files with the same effort.

Keys written: ``parallel.median_days``, ``parallel.p95_days``, ``sequential.median_days``,
``sequential.p95_days`` (plus means, on-time shares, elapsed days including correction time,
officer utilisation, and the parameters). Target: parallel median at most 5 working days.
"""

from __future__ import annotations

import json
import math
import os
import random
import statistics
import sys
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import simpy

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
TZ = ZoneInfo("Asia/Shanghai")
WORK, RESIDENCE = "work_permit", "residence_permit"


@dataclass(frozen=True)
class HalfParams:
    officers: int
    hands_on_hours_mean: float
    checks_median_days: float
    correction_probability: float
    refusal_probability: float


@dataclass(frozen=True)
class Params:
    year: int = 2026
    arrivals_per_working_day: float = 12.0
    work: HalfParams = HalfParams(4, 2.0, 2.0, 0.12, 0.025)
    residence: HalfParams = HalfParams(3, 1.5, 2.4, 0.09, 0.015)
    hands_on_shape: float = 3.0
    checks_sigma: float = 0.45
    recheck_median_days: float = 0.6
    second_round_probability: float = 0.03
    employer_answer_median_days: float = 3.0
    employer_answer_sigma: float = 0.6
    handover_median_days: float = 1.0
    hours_per_working_day: float = 8.0
    sla_working_days: int = 7


# --- the calendar ---------------------------------------------------------------------


@dataclass
class WorkingCalendar:
    """The working days of the simulated year and a few months after it, in order."""

    days: list[date]
    source: str
    between: Callable[[date, date], int]

    def day(self, t: float) -> date:
        index = min(math.floor(t), len(self.days) - 1)
        return self.days[index]

    def moment(self, t: float) -> datetime:
        """The local time of simulated moment ``t``: working hours run 09:00-17:00."""
        fraction = t - math.floor(t)
        start = datetime.combine(self.day(t), time(9), tzinfo=TZ)
        return start + timedelta(hours=8 * fraction)

    def index_of(self, day: date) -> int:
        return bisect_right(self.days, day) - 1


def platform_calendar(year: int) -> WorkingCalendar:
    """The platform's calendar (database), or the same official data read from the
    ``chinesecalendar`` package through the calendar app when no database is set up."""
    first, last = date(year, 1, 1), date(year + 1, 4, 30)
    try:
        from onestop.calendar.services import is_working_day, working_days_between, year_has_data

        if not year_has_data(year):
            raise LookupError(f"no calendar data for {year} in the database")
        days = [first + timedelta(n) for n in range((last - first).days + 1)]
        return WorkingCalendar(
            [d for d in days if is_working_day(d)], "platform calendar (database)", working_days_between
        )
    except Exception as exc:  # no database or no data: read the package through the calendar app
        from onestop.calendar.seeding import package_days

        overrides: dict[date, bool] = {}
        for y in (year, year + 1):
            for entry in package_days(y) or []:
                overrides[entry.date] = entry.kind == "workday"
        days = [first + timedelta(n) for n in range((last - first).days + 1)]
        working = [d for d in days if overrides.get(d, d.weekday() < 5)]

        def between(start: date, end: date) -> int:
            return sum(1 for d in working if start < d <= end) if end > start else 0

        source = f"official data of the chinesecalendar package (the database calendar is not usable here: {exc})"
        return WorkingCalendar(working, source, between)


# --- one application's random draws (shared by both arrangements) ----------------------


@dataclass
class Draws:
    arrival: float
    hands_on: dict[str, list[float]]  # per half: first review, re-reviews
    checks: dict[str, list[float]]
    verdicts: dict[str, list[str]]  # per round: "approved" | "correction" | "refused"
    answers: list[float]  # employer answer times for correction rounds
    handover: float


def _lognormal(rng: random.Random, median: float, sigma: float) -> float:
    return rng.lognormvariate(math.log(median), sigma)


def _hands_on(rng: random.Random, params: Params, half: HalfParams) -> float:
    hours = rng.gammavariate(params.hands_on_shape, half.hands_on_hours_mean / params.hands_on_shape)
    return hours / params.hours_per_working_day


def draw(rng: random.Random, params: Params, arrival: float) -> Draws:
    hands_on, checks, verdicts = {}, {}, {}
    for name, half in ((WORK, params.work), (RESIDENCE, params.residence)):
        rounds: list[str] = []
        p_correction = half.correction_probability
        for _round in range(3):
            u = rng.random()
            if u < half.refusal_probability:
                rounds.append("refused")
                break
            if u < half.refusal_probability + p_correction:
                rounds.append("correction")
                p_correction = params.second_round_probability
                continue
            rounds.append("approved")
            break
        else:
            rounds[-1] = "approved"
        verdicts[name] = rounds
        hands_on[name] = [_hands_on(rng, params, half) for _ in rounds]
        checks[name] = [_lognormal(rng, half.checks_median_days, params.checks_sigma)] + [
            _lognormal(rng, params.recheck_median_days, params.checks_sigma) for _ in rounds[1:]
        ]
    answers = [_lognormal(rng, params.employer_answer_median_days, params.employer_answer_sigma) for _ in range(4)]
    handover = _lognormal(rng, params.handover_median_days, 0.5)
    return Draws(arrival, hands_on, checks, verdicts, answers, handover)


# --- the simulation ---------------------------------------------------------------------


@dataclass
class Record:
    mode: str
    submitted: float
    decided: float = 0.0
    outcome: str = ""
    pauses: list[tuple[float, float]] = field(default_factory=list)  # correction sent, answered
    verdicts: list[tuple[str, float, str]] = field(default_factory=list)  # half, when, verdict


def _review(env, officers: simpy.Resource, hands_on: float, checks: float):
    with officers.request() as turn:
        yield turn
        yield env.timeout(hands_on)
    yield env.timeout(checks)


def _parallel(env, pools, draws: Draws, record: Record):
    rounds = {WORK: 0, RESIDENCE: 0}
    asking = [WORK, RESIDENCE]
    answer_round = 0
    while True:
        finished = {}

        def half(name, finished=finished):
            n = rounds[name]
            yield from _review(env, pools[name], draws.hands_on[name][n], draws.checks[name][n])
            finished[name] = draws.verdicts[name][n]
            record.verdicts.append((name, env.now, finished[name]))

        yield env.all_of([env.process(half(name)) for name in asking])
        states = {name: draws.verdicts[name][min(rounds[name], len(draws.verdicts[name]) - 1)] for name in rounds}
        if "refused" in states.values():
            record.outcome = "refused"
            break
        asking = [name for name, verdict in states.items() if verdict == "correction"]
        if not asking:
            record.outcome = "approved"
            break
        sent = env.now
        yield env.timeout(draws.answers[answer_round])
        answer_round += 1
        record.pauses.append((sent, env.now))
        for name in asking:
            rounds[name] += 1
    record.decided = env.now


def _sequential(env, pools, draws: Draws, record: Record):
    answer_round = 0
    for index, name in enumerate((WORK, RESIDENCE)):
        if index == 1:
            yield env.timeout(draws.handover)  # the employer files the second application
        for n, verdict in enumerate(draws.verdicts[name]):
            yield from _review(env, pools[name], draws.hands_on[name][n], draws.checks[name][n])
            record.verdicts.append((name, env.now, verdict))
            if verdict != "correction":
                break
            sent = env.now
            yield env.timeout(draws.answers[answer_round])
            answer_round += 1
            record.pauses.append((sent, env.now))
        if verdict == "refused":
            record.outcome = "refused"
            break
    else:
        record.outcome = "approved"
    record.decided = env.now


def simulate(*, params: Params, calendar: WorkingCalendar, seed: int = 2026, limit: int | None = None) -> dict:
    """Run both arrangements on the same applications; returns the records and utilisation."""
    rng = random.Random(seed)
    year_days = [i for i, d in enumerate(calendar.days) if d.year == params.year]
    applications: list[Draws] = []
    for day_index in year_days:
        count = _poisson(rng, params.arrivals_per_working_day)
        for _n in range(count):
            applications.append(draw(rng, params, day_index + rng.random() * 0.95))
    applications.sort(key=lambda d: d.arrival)
    if limit is not None:
        applications = applications[:limit]
    out = {}
    for mode, process in (("parallel", _parallel), ("sequential", _sequential)):
        env = simpy.Environment()
        pools = {
            WORK: simpy.Resource(env, params.work.officers),
            RESIDENCE: simpy.Resource(env, params.residence.officers),
        }
        busy = {WORK: 0.0, RESIDENCE: 0.0}
        records = []

        def start(draws: Draws, record: Record, process=process, env=env, pools=pools):
            yield env.timeout(draws.arrival - env.now)
            yield from process(env, pools, draws, record)

        for draws in applications:
            record = Record(mode=mode, submitted=draws.arrival)
            records.append(record)
            env.process(start(draws, record))
            for name in (WORK, RESIDENCE):
                busy[name] += sum(draws.hands_on[name])
        env.run()
        horizon = max(r.decided for r in records) if records else 1.0
        out[mode] = {
            "records": records,
            "utilisation": {name: busy[name] / (pool.capacity * horizon) for name, pool in pools.items()},
        }
    return out


def _poisson(rng: random.Random, mean: float) -> int:
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


# --- counting as the SLA clock counts ----------------------------------------------------


def clock_days(record: Record, calendar: WorkingCalendar) -> int:
    """Working days from complete submission to decision, minus the days paused for
    corrections: the same arithmetic as ``onestop.permits.services`` on real dates."""
    total = calendar.between(calendar.day(record.submitted), calendar.day(record.decided))
    paused = sum(calendar.between(calendar.day(a), calendar.day(b)) for a, b in record.pauses)
    return max(total - paused, 0)


def elapsed_days(record: Record, calendar: WorkingCalendar) -> int:
    return calendar.between(calendar.day(record.submitted), calendar.day(record.decided))


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile: the value at or below which ``q`` percent of cases fall."""
    ordered = sorted(values)
    rank = max(1, math.ceil(len(ordered) * q / 100))
    return float(ordered[rank - 1])


def summarize(records: list[Record], calendar: WorkingCalendar, sla: int) -> dict:
    days = [clock_days(r, calendar) for r in records]
    elapsed = [elapsed_days(r, calendar) for r in records]
    return {
        "applications": len(records),
        "median_days": float(statistics.median(days)),
        "p95_days": percentile(days, 95),
        "mean_days": round(statistics.fmean(days), 2),
        "max_days": max(days),
        "on_time_share": round(sum(1 for d in days if d <= sla) / len(days), 4),
        "elapsed_median_days": float(statistics.median(elapsed)),
        "elapsed_p95_days": percentile(elapsed, 95),
        "with_corrections_share": round(sum(1 for r in records if r.pauses) / len(records), 4),
        "refused_share": round(sum(1 for r in records if r.outcome == "refused") / len(records), 4),
    }


def run(
    *, params: Params | None = None, calendar: WorkingCalendar | None = None, seed: int = 2026, limit: int | None = None
) -> dict:
    params = params or Params()
    calendar = calendar or platform_calendar(params.year)
    result = simulate(params=params, calendar=calendar, seed=seed, limit=limit)
    report = {
        "year": params.year,
        "calendar": {
            "source": calendar.source,
            "working_days_in_year": sum(1 for d in calendar.days if d.year == params.year),
        },
        "seed": seed,
        "target": {"parallel_median_days_at_most": 5},
        "parameters": asdict(params),
    }
    for mode in ("parallel", "sequential"):
        report[mode] = summarize(result[mode]["records"], calendar, params.sla_working_days)
        report[mode]["officer_utilisation"] = {k: round(v, 3) for k, v in result[mode]["utilisation"].items()}
    report["target"]["met"] = report["parallel"]["median_days"] <= 5
    report["speed_up_median"] = round(
        report["sequential"]["median_days"] / max(report["parallel"]["median_days"], 1), 2
    )
    return report


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    report = run()
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "permits_sim.json").write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n")
    p, s = report["parallel"], report["sequential"]
    print(f"permits_sim: {p['applications']} applications in {report['year']} ({report['calendar']['source']})")
    print(f"  parallel   median {p['median_days']:.1f}  p95 {p['p95_days']:.1f}  on time {p['on_time_share']:.1%}")
    print(f"  sequential median {s['median_days']:.1f}  p95 {s['p95_days']:.1f}  on time {s['on_time_share']:.1%}")
    print(f"  target parallel median <= 5 working days: {'met' if report['target']['met'] else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
