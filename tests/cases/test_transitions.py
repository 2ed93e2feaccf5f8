"""Every allowed and every forbidden transition of the kernel's test workflow."""

import itertools

import pytest
from django.core.exceptions import ImproperlyConfigured

from onestop.cases.models import AuditEvent, Case, TimelineEntry
from onestop.cases.services import NotPermitted, case_create, case_transition
from onestop.core.errors import Conflict, ValidationFailed

from . import kernel_workflow  # noqa: F401  (registers the test workflow)
from .kernel_workflow import WORKFLOW, S

ROLE_FOR = {t.name: next(iter(t.roles)) for t in WORKFLOW.transitions}
ALLOWED = {(t.name, src) for t in WORKFLOW.transitions for src in t.source}
ALL_PAIRS = list(itertools.product([t.name for t in WORKFLOW.transitions], S.values))


def _case_in(state, by):
    case = case_create(kind="kerneltest", by=by, title="Trip to Lisbon")
    Case.objects.filter(pk=case.pk).update(state=state)  # fixture setup only
    return Case.objects.get(pk=case.pk)


@pytest.mark.parametrize(("name", "state"), ALL_PAIRS)
def test_transition_table(name, state, make_user):
    user = make_user(ROLE_FOR[name])
    case = _case_in(state, user)
    if (name, state) in ALLOWED:
        case_transition(case=case, name=name, by=user, note="because")
        assert Case.objects.get(pk=case.pk).state == WORKFLOW.by_name[name].target
    else:
        with pytest.raises(Conflict) as err:
            case_transition(case=case, name=name, by=user, note="because")
        assert err.value.code == "cases.transition_not_allowed"
        assert Case.objects.get(pk=case.pk).state == state


@pytest.mark.parametrize("name", [t.name for t in WORKFLOW.transitions])
def test_wrong_role_is_refused(name, make_user):
    other = "liaison" if ROLE_FOR[name] != "liaison" else "fao_reviewer"
    user = make_user(other)
    case = _case_in(WORKFLOW.by_name[name].source[0], user)
    with pytest.raises(NotPermitted):
        case_transition(case=case, name=name, by=user, note="x")


def test_guard_blocks_with_its_message(make_user):
    user = make_user("liaison")
    case = case_create(kind="kerneltest", by=user, title="")
    with pytest.raises(Conflict) as err:
        case_transition(case=case, name="submit", by=user)
    assert "title is required" in str(err.value.message)
    assert Case.objects.get(pk=case.pk).state == S.DRAFT


def test_note_required(make_user):
    liaison, reviewer = make_user("liaison"), make_user("fao_reviewer")
    case = case_create(kind="kerneltest", by=liaison, title="t")
    case_transition(case=case, name="submit", by=liaison)
    with pytest.raises(ValidationFailed) as err:
        case_transition(case=case, name="reject", by=reviewer, note="  ")
    assert "note" in err.value.fields


def test_unknown_transition(make_user):
    user = make_user("liaison")
    case = case_create(kind="kerneltest", by=user, title="t")
    with pytest.raises(Conflict) as err:
        case_transition(case=case, name="teleport", by=user)
    assert err.value.code == "cases.transition_unknown"


def test_state_cannot_be_written_around_the_machine(make_user):
    user = make_user("liaison")
    case = case_create(kind="kerneltest", by=user, title="t")
    case.state = S.DONE
    with pytest.raises(ImproperlyConfigured):
        case.save()


def test_transition_writes_timeline_audit_queue_and_closes(make_user):
    liaison, reviewer = make_user("liaison"), make_user("fao_reviewer")
    case = case_create(kind="kerneltest", by=liaison, title="t")
    case_transition(case=case, name="submit", by=liaison)
    assert case.queue == "fao_reviewer" and case.is_open and case.submitted_at
    case_transition(case=case, name="approve", by=reviewer)
    case.refresh_from_db()
    assert not case.is_open and case.closed_at and case.queue == ""
    codes = list(TimelineEntry.objects.filter(case=case).values_list("code", flat=True))
    assert codes == ["cases.created", "kerneltest.submit", "kerneltest.approve"]
    actions = list(AuditEvent.objects.filter(object_id=str(case.pk)).values_list("action", "old", "new"))
    assert ("kerneltest.case.approve", {"state": "submitted"}, {"state": "done"}) in actions


def test_case_numbers_are_sequential_per_prefix(make_user):
    user = make_user("liaison")
    a = case_create(kind="kerneltest", by=user, title="a")
    b = case_create(kind="kerneltest", by=user, title="b")
    pa, ya, na = a.number.split("-")
    pb, yb, nb = b.number.split("-")
    assert pa == pb == "KT" and ya == yb and int(nb) == int(na) + 1 and len(na) == 6


def test_listeners_of_other_apps_run_inside_the_transition(make_user):
    from django.db import transaction

    from onestop.cases.workflow import _LISTENERS, on_transition

    seen = []

    def listener(case, by, data):
        seen.append((case.state, by.pk, transaction.get_connection().in_atomic_block))

    on_transition("kerneltest", "submit", listener)
    try:
        user = make_user("liaison")
        case = case_create(kind="kerneltest", by=user, title="t")
        case_transition(case=case, name="submit", by=user)
        assert seen == [(S.SUBMITTED, user.pk, True)]
    finally:
        _LISTENERS.pop(("kerneltest", "submit"), None)


def test_a_failing_listener_rolls_the_transition_back(make_user):
    from onestop.cases.workflow import _LISTENERS, on_transition

    def listener(case, by, data):
        raise Conflict("passports.none_valid", "No valid passport.")

    on_transition("kerneltest", "submit", listener)
    try:
        user = make_user("liaison")
        case = case_create(kind="kerneltest", by=user, title="t")
        with pytest.raises(Conflict):
            case_transition(case=case, name="submit", by=user)
        assert Case.objects.get(pk=case.pk).state == S.DRAFT
    finally:
        _LISTENERS.pop(("kerneltest", "submit"), None)


def test_work_queue_of_an_organization_role_holds_only_its_organization(make_user, make_org):
    from onestop.cases.selectors import work_queue

    own, other = make_org(), make_org()
    liaison = make_user("liaison", org=own)
    reviewer = make_user("fao_reviewer")
    mine = case_create(kind="kerneltest", by=liaison, title="mine", organization=own, queue="liaison")
    theirs = case_create(kind="kerneltest", by=liaison, title="theirs", organization=other, queue="liaison")
    review = case_create(kind="kerneltest", by=liaison, title="review", organization=other, queue="fao_reviewer")
    assert list(work_queue(user=liaison)) == [mine]
    assert list(work_queue(user=reviewer)) == [review]
    assert theirs.pk not in {c.pk for c in work_queue(user=liaison)}
