"""Creating a case straight into its first transition, numbering in one statement, and audit
events chained together at the end of an ``audit_deferred`` block (ADR 0008)."""

from __future__ import annotations

import threading

import pytest
from django.db import IntegrityError, connection, transaction

from onestop.cases.audit import audit_deferred, audit_record, audit_verify
from onestop.cases.models import AuditEvent, AuditHead, Case, CaseSequence, TimelineEntry
from onestop.cases.services import NotPermitted, case_create, case_transition, next_case_number
from onestop.core.errors import Conflict, ValidationFailed

from . import kernel_workflow  # noqa: F401  (registers the test workflow)
from .kernel_workflow import S

CLOCK_FIELDS = ("state", "queue", "is_open", "closed_at", "sla_unit", "sla_budget", "applicant_id")


def _seqs() -> list[int]:
    return list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True))


# --- numbering ------------------------------------------------------------------------


def test_first_number_of_a_prefix_creates_its_counter(db):
    assert not CaseSequence.objects.filter(prefix="ZZ").exists()
    first = next_case_number("ZZ", year=2031)
    second = next_case_number("ZZ", year=2031)
    other_year = next_case_number("ZZ", year=2032)
    assert (first, second, other_year) == ("ZZ-2031-000001", "ZZ-2031-000002", "ZZ-2032-000001")
    assert CaseSequence.objects.get(prefix="ZZ", year=2031).last == 2


def test_a_number_taken_in_a_rolled_back_transaction_is_given_again(db):
    next_case_number("ZY", year=2031)
    with pytest.raises(RuntimeError), transaction.atomic():
        assert next_case_number("ZY", year=2031) == "ZY-2031-000002"
        raise RuntimeError("undo")
    assert next_case_number("ZY", year=2031) == "ZY-2031-000002"


def test_a_reserved_number_is_used_by_case_create(make_user):
    user = make_user("liaison")
    number = next_case_number("KT")
    case = case_create(kind="kerneltest", by=user, title="t", number=number)
    assert case.number == number
    following = case_create(kind="kerneltest", by=user, title="u")
    assert int(following.number.rsplit("-", 1)[1]) == int(number.rsplit("-", 1)[1]) + 1


# --- case_create options --------------------------------------------------------------


def test_applicant_is_the_actor_unless_told_otherwise(make_user):
    user = make_user("liaison")
    assert case_create(kind="kerneltest", by=user, title="t").applicant_id == user.pk
    nobody = case_create(kind="kerneltest", by=user, title="t", applicant=None, applicant_from_actor=False)
    assert Case.objects.get(pk=nobody.pk).applicant_id is None


def test_sla_budget_given_at_creation(make_user):
    user = make_user("liaison")
    case = case_create(kind="kerneltest", by=user, title="t", sla_budget=12, sla_unit="hours")
    stored = Case.objects.get(pk=case.pk)
    assert (stored.sla_budget, stored.sla_unit) == (12, "hours")
    default = Case.objects.get(pk=case_create(kind="kerneltest", by=user, title="t").pk)
    assert (default.sla_budget, default.sla_unit) == (5, "working_days")


def test_create_with_first_transition_equals_create_then_transition(make_user):
    user = make_user("liaison")
    two_steps = case_create(kind="kerneltest", by=user, title="t")
    case_transition(case=two_steps, name="submit", by=user, data={"x": 1})
    one_step = case_create(kind="kerneltest", by=user, title="t", transition="submit", data={"x": 1})

    a, b = Case.objects.get(pk=two_steps.pk), Case.objects.get(pk=one_step.pk)
    assert [getattr(a, f) for f in CLOCK_FIELDS] == [getattr(b, f) for f in CLOCK_FIELDS]
    assert b.state == S.SUBMITTED and b.queue == "fao_reviewer" and b.submitted_at and b.due_at
    assert b.sla_started_at == b.submitted_at
    assert abs((a.due_at - b.due_at).total_seconds()) < 60
    assert one_step.state == S.SUBMITTED and one_step._loaded_state == S.SUBMITTED

    def lines(case):
        return list(TimelineEntry.objects.filter(case=case).values_list("code", "params", "actor_id"))

    def events(case):
        rows = AuditEvent.objects.filter(object_type="cases.case", object_id=str(case.pk)).order_by("seq")
        return [(e.action, e.old, e.new, e.data, e.actor_id) for e in rows]

    line_a, line_b = lines(a), lines(b)
    expected = [("cases.created", user.pk), ("kerneltest.submit", user.pk)]
    assert [(code, actor) for code, _params, actor in line_a] == expected
    assert [(code, actor) for code, _params, actor in line_b] == expected
    assert line_a[1][1] == line_b[1][1] == {"x": 1}
    assert line_b[0][1] == {"number": b.number}
    event_a, event_b = events(a), events(b)
    assert [e[0] for e in event_b] == ["kerneltest.case.created", "kerneltest.case.submit"]
    assert event_b[0][2] == {"state": S.DRAFT, "number": b.number}
    assert event_a[1] == event_b[1]
    assert audit_verify().ok


def test_first_transition_checks_run_before_anything_is_written(make_user):
    reviewer = make_user("fao_reviewer")
    liaison = make_user("liaison")
    before = (Case.objects.count(), AuditEvent.objects.count(), CaseSequence.objects.filter(prefix="KT").first())

    with pytest.raises(NotPermitted):
        case_create(kind="kerneltest", by=reviewer, title="t", transition="submit")
    with pytest.raises(Conflict) as guard:
        case_create(kind="kerneltest", by=liaison, title="", transition="submit")
    assert guard.value.code == "kerneltest.submit.guard"
    with pytest.raises(Conflict) as wrong_state:
        case_create(kind="kerneltest", by=reviewer, title="t", transition="approve")
    assert wrong_state.value.code == "cases.transition_not_allowed"
    with pytest.raises(Conflict) as unknown:
        case_create(kind="kerneltest", by=liaison, title="t", transition="teleport")
    assert unknown.value.code == "cases.transition_unknown"

    after = (Case.objects.count(), AuditEvent.objects.count(), CaseSequence.objects.filter(prefix="KT").first())
    assert before[:2] == after[:2]
    assert (before[2].last if before[2] else 0) == (after[2].last if after[2] else 0)


def test_system_first_transition_skips_the_role_check(make_user):
    reviewer = make_user("fao_reviewer")
    case = case_create(kind="kerneltest", by=reviewer, title="t", transition="submit", system=True)
    assert Case.objects.get(pk=case.pk).state == S.SUBMITTED


def test_first_transition_runs_listeners_on_the_saved_case(make_user):
    from onestop.cases.workflow import _LISTENERS, on_transition

    seen = []
    on_transition("kerneltest", "submit", lambda case, by, data: seen.append((case.pk, case.state, data)))
    try:
        user = make_user("liaison")
        case = case_create(kind="kerneltest", by=user, title="t", transition="submit", data={"k": "v"})
        assert seen == [(case.pk, S.SUBMITTED, {"k": "v"})]
    finally:
        _LISTENERS.pop(("kerneltest", "submit"), None)


# --- deferred audit -------------------------------------------------------------------


def test_deferred_events_are_written_together_at_the_end(make_user):
    user = make_user("admin")
    audit_record(actor=user, action="test.before", object_type="t", object_id="0")
    start = AuditEvent.objects.count()
    with audit_deferred():
        first = audit_record(actor=user, action="test.one", object_type="t", object_id="1", new={"i": 1})
        second = audit_record(actor=user, action="test.two", object_type="t", object_id="2", new={"i": 2})
        assert AuditEvent.objects.count() == start  # nothing written yet
        assert first.seq is None and first.hash in ("", None)
    assert AuditEvent.objects.count() == start + 2
    assert second.seq == first.seq + 1 and second.prev_hash == first.hash
    assert list(AuditEvent.objects.order_by("-seq").values_list("action", flat=True)[:2]) == ["test.two", "test.one"]
    head = AuditHead.objects.get(id=1)
    assert (head.seq, head.hash) == (second.seq, second.hash)
    assert audit_verify().ok
    audit_record(actor=user, action="test.after", object_type="t", object_id="3")
    assert audit_verify().ok and _seqs() == list(range(1, len(_seqs()) + 1))


def test_nothing_is_written_when_the_block_fails(make_user):
    user = make_user("admin")
    start = AuditEvent.objects.count()
    with pytest.raises(ValidationFailed), audit_deferred():
        audit_record(actor=user, action="test.lost", object_type="t", object_id="1")
        raise ValidationFailed("x", "x")
    assert AuditEvent.objects.count() == start
    assert not AuditEvent.objects.filter(action="test.lost").exists()
    audit_record(actor=user, action="test.next", object_type="t", object_id="2")
    assert audit_verify().ok


def test_an_event_of_a_rolled_back_savepoint_is_dropped(make_user):
    user = make_user("admin")
    with audit_deferred():
        audit_record(actor=user, action="test.kept1", object_type="t", object_id="1")
        try:
            with transaction.atomic():
                audit_record(actor=user, action="test.dropped", object_type="t", object_id="2")
                raise IntegrityError("simulated")
        except IntegrityError:
            pass
        with transaction.atomic():
            audit_record(actor=user, action="test.kept2", object_type="t", object_id="3")
    actions = list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))
    assert actions[-2:] == ["test.kept1", "test.kept2"] and "test.dropped" not in actions
    assert audit_verify().ok


def test_nested_blocks_write_once_at_the_outer_end(make_user):
    user = make_user("admin")
    start = AuditEvent.objects.count()
    with audit_deferred():
        audit_record(actor=user, action="test.outer", object_type="t", object_id="1")
        with audit_deferred():
            audit_record(actor=user, action="test.inner", object_type="t", object_id="2")
        assert AuditEvent.objects.count() == start
    assert list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))[-2:] == [
        "test.outer",
        "test.inner",
    ]
    # two blocks one after the other in the same transaction: each writes only its own events
    with transaction.atomic():
        with audit_deferred():
            audit_record(actor=user, action="test.block1", object_type="t", object_id="3")
        with audit_deferred():
            audit_record(actor=user, action="test.block2", object_type="t", object_id="4")
    assert AuditEvent.objects.filter(action__in=["test.block1", "test.block2"]).count() == 2
    assert AuditEvent.objects.count() == start + 4
    assert audit_verify().ok


def test_create_with_transition_inside_a_deferred_block(make_user):
    user = make_user("liaison")
    with audit_deferred():
        case = case_create(kind="kerneltest", by=user, title="t", transition="submit")
        TimelineEntry.objects.create(case=case, code="test.detail")
    actions = list(
        AuditEvent.objects.filter(object_type="cases.case", object_id=str(case.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == ["kerneltest.case.created", "kerneltest.case.submit"]
    assert audit_verify().ok


# --- concurrency (PostgreSQL) ---------------------------------------------------------


def _run_threads(count, work):
    barrier = threading.Barrier(count)
    errors: list[BaseException] = []

    def run(index):
        try:
            barrier.wait()
            work(index)
        except BaseException as exc:  # collected and asserted by the caller
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_unbroken_chain(make_user):
    user = make_user("liaison")

    def work(index):
        for round_ in range(5):
            if index % 3 == 0:
                audit_record(actor=user, action="test.immediate", object_type="t", object_id=f"{index}.{round_}")
            elif index % 3 == 1:
                with audit_deferred():
                    case_create(kind="kerneltest", by=user, title="t", transition="submit")
            else:
                try:
                    with audit_deferred():
                        audit_record(actor=user, action="test.rolled_back", object_type="t", object_id=str(index))
                        raise ValueError("roll back")
                except ValueError:
                    pass
                with audit_deferred():
                    case_create(kind="kerneltest", by=user, title="t", number=next_case_number("KT"))

    errors = _run_threads(6, work)
    assert errors == []
    result = audit_verify()
    assert result.ok, result
    seqs = _seqs()
    assert seqs == list(range(1, len(seqs) + 1))
    assert not AuditEvent.objects.filter(action="test.rolled_back").exists()
    # 2 threads x 5 immediate events, 2 x 5 created+submitted cases, 2 x 5 created cases
    assert AuditEvent.objects.filter(action="test.immediate").count() == 10
    assert AuditEvent.objects.filter(action="kerneltest.case.created").count() == 20
    numbers = list(Case.objects.filter(kind="kerneltest").values_list("number", flat=True))
    assert len(numbers) == len(set(numbers)) == 20


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_numbers_are_distinct_with_and_without_a_transaction():
    taken: list[str] = []
    lock = threading.Lock()

    def work(index):
        for _ in range(10):
            if index % 2:
                number = next_case_number("ZX", year=2031)
            else:
                with transaction.atomic():
                    number = next_case_number("ZX", year=2031)
            with lock:
                taken.append(number)

    assert _run_threads(4, work) == []
    assert len(set(taken)) == 40
    assert CaseSequence.objects.get(prefix="ZX", year=2031).last == 40
