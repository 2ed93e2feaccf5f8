"""Every allowed and every forbidden transition of the "permit" workflow, for every role
that might try it (both officers for the officers' transitions), and each guard."""

import itertools
from datetime import date

import pytest

from onestop.cases.models import Case
from onestop.cases.services import NotPermitted, case_transition
from onestop.core.errors import Conflict
from onestop.permits import services
from onestop.permits.models import Review, ReviewKind, ReviewStatus
from onestop.permits.workflow import WORKFLOW, PermitState

from .conftest import provide_all

ROLES = ["employer", "permit_officer", "exit_entry_officer", "supervisor"]
ALLOWED = {(t.name, src) for t in WORKFLOW.transitions for src in t.source}
PAIRS = list(itertools.product([t.name for t in WORKFLOW.transitions], PermitState.values))
# Review verdicts that satisfy each transition's guard (work half, residence half).
SATISFY = {
    "corrections_request": (ReviewStatus.CORRECTION_REQUESTED, ReviewStatus.APPROVED),
    "approve": (ReviewStatus.APPROVED, ReviewStatus.APPROVED),
    "refuse": (ReviewStatus.REFUSED, ReviewStatus.APPROVED),
}


def test_the_declared_table_is_what_the_issue_describes():
    table = {t.name: (set(t.source), t.target, set(t.roles)) for t in WORKFLOW.transitions}
    officers = {"permit_officer", "exit_entry_officer"}
    assert table == {
        "submit": ({"draft"}, "submitted", {"employer"}),
        "review_begin": ({"submitted"}, "under_review", officers),
        "corrections_request": ({"under_review"}, "correction_requested", officers),
        "resubmit": ({"correction_requested"}, "under_review", {"employer"}),
        "approve": ({"under_review"}, "approved", officers),
        "refuse": ({"under_review"}, "refused", officers),
    }
    assert WORKFLOW.prefix == "PRM" and WORKFLOW.sla_budget == 7
    assert WORKFLOW.final_states == {"approved", "refused"}


@pytest.fixture
def application_in(employer, employee):
    def _make(state, name):
        application = services.application_create(
            by=employer,
            person=employee(),
            job_title="Engineer",
            salary_band="over_50k",
            work_address="Road 1",
            contract_start=date(2030, 1, 1),
            contract_end=date(2032, 1, 1),
        )
        if name in ("submit", "resubmit"):  # their guard is the completeness check
            provide_all(application, employer)
        services.reviews_open(application=application)
        work, residence = SATISFY.get(name, (ReviewStatus.IN_REVIEW, ReviewStatus.IN_REVIEW))
        Review.objects.filter(application=application, kind=ReviewKind.WORK).update(status=work)
        Review.objects.filter(application=application, kind=ReviewKind.RESIDENCE).update(status=residence)
        Case.objects.filter(pk=application.case_id).update(state=state)  # fixture setup only
        return Case.objects.get(pk=application.case_id)

    return _make


def _actor(make_user, org, transition):
    role = sorted(transition.roles)[0]
    return make_user(role, org=org if role == "employer" else None)


@pytest.mark.parametrize(("name", "state"), PAIRS)
def test_transition_table(name, state, application_in, make_user, employer_org):
    transition = WORKFLOW.by_name[name]
    case = application_in(state, name)
    user = _actor(make_user, employer_org, transition)
    if (name, state) in ALLOWED:
        case_transition(case=case, name=name, by=user, note="reason")
        assert Case.objects.get(pk=case.pk).state == transition.target
    else:
        with pytest.raises(Conflict) as err:
            case_transition(case=case, name=name, by=user, note="reason")
        assert err.value.code == "cases.transition_not_allowed"
        assert Case.objects.get(pk=case.pk).state == state


ROLE_PAIRS = [(t.name, role) for t in WORKFLOW.transitions for role in ROLES]


@pytest.mark.parametrize(("name", "role"), ROLE_PAIRS)
def test_who_may_trigger_each_transition(name, role, application_in, make_user, employer_org):
    transition = WORKFLOW.by_name[name]
    case = application_in(transition.source[0], name)
    user = make_user(role, org=employer_org if role == "employer" else None)
    if role in transition.roles:
        case_transition(case=case, name=name, by=user, note="reason")
        assert Case.objects.get(pk=case.pk).state == transition.target
    else:
        with pytest.raises(NotPermitted):
            case_transition(case=case, name=name, by=user, note="reason")
        assert Case.objects.get(pk=case.pk).state == transition.source[0]


GUARD_CASES = [
    # transition, (work, residence) that must be refused by the guard
    ("approve", (ReviewStatus.APPROVED, ReviewStatus.IN_REVIEW)),
    ("approve", (ReviewStatus.APPROVED, ReviewStatus.CORRECTION_REQUESTED)),
    ("approve", (ReviewStatus.PENDING, ReviewStatus.APPROVED)),
    ("refuse", (ReviewStatus.REFUSED, ReviewStatus.IN_REVIEW)),
    ("refuse", (ReviewStatus.APPROVED, ReviewStatus.APPROVED)),
    ("corrections_request", (ReviewStatus.CORRECTION_REQUESTED, ReviewStatus.PENDING)),
    ("corrections_request", (ReviewStatus.CORRECTION_REQUESTED, ReviewStatus.REFUSED)),
    ("corrections_request", (ReviewStatus.APPROVED, ReviewStatus.APPROVED)),
]


@pytest.mark.parametrize(("name", "verdicts"), GUARD_CASES)
@pytest.mark.parametrize("role", ["permit_officer", "exit_entry_officer"])
def test_decision_guards_reread_both_reviews(name, verdicts, role, application_in, make_user):
    case = application_in("under_review", "none")
    application = case.permit
    Review.objects.filter(application=application, kind=ReviewKind.WORK).update(status=verdicts[0])
    Review.objects.filter(application=application, kind=ReviewKind.RESIDENCE).update(status=verdicts[1])
    with pytest.raises(Conflict) as err:
        case_transition(case=case, name=name, by=make_user(role), note="reason")
    assert err.value.code == f"permit.{name}.guard"
    assert Case.objects.get(pk=case.pk).state == "under_review"


def test_refusal_needs_reasons(application_in, make_user):
    from onestop.core.errors import ValidationFailed

    case = application_in("under_review", "refuse")
    with pytest.raises(ValidationFailed):
        case_transition(case=case, name="refuse", by=make_user("permit_officer"), note="  ")
