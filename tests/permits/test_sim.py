"""The permit simulation on small cases: the arithmetic of both arrangements by hand, the
keys of the figure, and one simulated application replayed through the real services
giving the same number of working days."""

from datetime import date

import pytest

from bench import permits_sim as sim
from onestop.permits import services

from .conftest import fresh, frozen, reviews


@pytest.fixture
def calendar(db):
    cal = sim.platform_calendar(2026)
    assert cal.source == "platform calendar (database)"
    return cal


def _draws(arrival, work=("approved",), residence=("approved",), checks=(2.0, 3.0), handover=1.0):
    return sim.Draws(
        arrival=arrival,
        hands_on={sim.WORK: [0.1] * len(work), sim.RESIDENCE: [0.1] * len(residence)},
        checks={
            sim.WORK: [checks[0]] + [0.5] * (len(work) - 1),
            sim.RESIDENCE: [checks[1]] + [0.5] * (len(residence) - 1),
        },
        verdicts={sim.WORK: list(work), sim.RESIDENCE: list(residence)},
        answers=[4.0, 4.0, 4.0, 4.0],
        handover=handover,
    )


def _run_one(draws, process):
    import simpy

    env = simpy.Environment()
    pools = {sim.WORK: simpy.Resource(env, 1), sim.RESIDENCE: simpy.Resource(env, 1)}
    record = sim.Record(mode="x", submitted=draws.arrival)

    def go():
        yield env.timeout(draws.arrival)
        yield from process(env, pools, draws, record)

    env.process(go())
    env.run()
    return record


def test_parallel_decides_when_the_slower_half_is_done_and_sequential_adds_them_up():
    parallel = _run_one(_draws(0.2), sim._parallel)
    sequential = _run_one(_draws(0.2), sim._sequential)
    assert parallel.decided == pytest.approx(0.2 + 0.1 + 3.0)
    assert sequential.decided == pytest.approx(0.2 + (0.1 + 2.0) + 1.0 + (0.1 + 3.0))
    assert parallel.outcome == sequential.outcome == "approved"


def test_one_combined_correction_round_in_parallel():
    draws = _draws(0.0, work=("correction", "approved"), residence=("correction", "approved"))
    parallel = _run_one(draws, sim._parallel)
    sequential = _run_one(draws, sim._sequential)
    assert len(parallel.pauses) == 1  # one request for both halves
    assert len(sequential.pauses) == 2  # each authority asks separately
    assert parallel.decided < sequential.decided


def test_a_refused_work_permit_ends_the_sequence_early():
    record = _run_one(_draws(0.0, work=("refused",)), sim._sequential)
    assert record.outcome == "refused"
    assert [v[0] for v in record.verdicts] == [sim.WORK]


def test_day_counts_use_the_real_calendar_across_national_day(calendar):
    start = calendar.index_of(date(2026, 9, 30))
    record = sim.Record(mode="x", submitted=start + 0.5, decided=start + 3.5)
    assert calendar.day(record.decided) == date(2026, 10, 10)  # Oct 8, 9, then the make-up Saturday
    assert sim.clock_days(record, calendar) == 3
    record.pauses = [(start + 1.2, start + 2.2)]  # Oct 8 -> Oct 9: one working day not on the clock
    assert sim.clock_days(record, calendar) == 2


def test_a_small_year_gives_the_figures_keys(calendar):
    report = sim.run(params=sim.Params(arrivals_per_working_day=2.0), calendar=calendar, seed=7, limit=60)
    for mode in ("parallel", "sequential"):
        assert report[mode]["applications"] == 60
        assert {"median_days", "p95_days"} <= set(report[mode])
    assert report["parallel"]["median_days"] <= report["sequential"]["median_days"]
    assert report["parallel"]["p95_days"] <= report["sequential"]["p95_days"]
    assert report["calendar"]["working_days_in_year"] == 248  # 2026: holidays out, make-up days in


def test_a_simulated_application_replayed_through_the_services_takes_the_same_days(
    calendar, build, employer, permit_officer, exit_officer
):
    result = sim.simulate(params=sim.Params(), calendar=calendar, seed=11, limit=400)
    record = next(
        r
        for r in result["parallel"]["records"]
        if r.pauses and r.outcome == "approved" and calendar.day(r.decided).year == 2026
    )
    events = [(when, "verdict", half, verdict) for half, when, verdict in record.verdicts]
    events += [(answered, "answer", None, None) for _sent, answered in record.pauses]
    with frozen(calendar.moment(record.submitted)):
        application = build("submitted")
    officers = {sim.WORK: permit_officer, sim.RESIDENCE: exit_officer}
    for when, kind, half, verdict in sorted(events, key=lambda e: e[0]):
        with frozen(calendar.moment(when)):
            if kind == "answer":
                services.application_resubmit(application=application, by=employer, response="done")
                continue
            work, residence = reviews(application)
            review = work if half == sim.WORK else residence
            if review.status == "pending":
                services.review_start(review=review, by=officers[half])
            services.review_decide(
                review=review,
                by=officers[half],
                verdict="correction_requested" if verdict == "correction" else verdict,
                note="from the simulation",
            )
    app = fresh(application)
    assert app.case.state == "approved"
    assert app.decision_working_days == sim.clock_days(record, calendar)
    assert app.paused_working_days == sum(calendar.between(calendar.day(a), calendar.day(b)) for a, b in record.pauses)
