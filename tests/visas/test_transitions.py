"""Every allowed and forbidden move of the visa workflow, table-driven, through the kernel:
source state, role, guards (a batch, readiness, the visa recorded first)."""

import pytest

from onestop.cases.services import NotPermitted, case_transition
from onestop.core.errors import Conflict, ValidationFailed
from onestop.visas import services
from onestop.visas.workflow import WORKFLOW, VisaState

from .conftest import applications_of

pytestmark = pytest.mark.django_db

STATES = [s.value for s in VisaState]
ALLOWED = {
    ("prepared", "submit"): "submitted",
    ("prepared", "withdraw"): "withdrawn",
    ("submitted", "issue"): "issued",
    ("submitted", "refuse"): "refused",
    ("submitted", "withdraw"): "withdrawn",
}


def test_the_declared_table_is_the_one_tested():
    declared = {(source, t.name): t.target for t in WORKFLOW.transitions for source in t.source}
    assert declared == ALLOWED
    assert WORKFLOW.final_states == {"issued", "refused", "withdrawn"}


@pytest.fixture
def in_state(submitted, trip_factory, table, officer):
    """An application brought to ``state`` through the services."""

    def _make(state: str):
        if state == "prepared":
            return applications_of(trip_factory())[0]
        _trip, _batch, applications = submitted()
        application = applications[0]
        if state == "issued":
            services.visa_application_issue(
                application=application, by=officer, number="JP1234567",
                valid_from=application.arrive_on, valid_until=application.depart_on,
            )  # fmt: skip
        elif state == "refused":
            services.visa_application_refuse(application=application, by=officer, reason="Incomplete itinerary")
        elif state == "withdrawn":
            services.visa_application_withdraw(application=application, by=officer, reason="Trip shortened")
        application.refresh_from_db()
        application.case.refresh_from_db()
        assert application.case.state == state
        return application

    return _make


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("name", ["submit", "issue", "refuse", "withdraw"])
def test_moves_from_each_state(in_state, officer, state, name):
    application = in_state(state)
    case = application.case
    if (state, name) not in ALLOWED:
        with pytest.raises(Conflict) as caught:
            case_transition(case=case, name=name, by=officer, note="reason")
        assert caught.value.code == "cases.transition_not_allowed"
        case.refresh_from_db()
        assert case.state == state
        return
    # Allowed by the table: the guards still decide (tested below); here the services make
    # the move the way the pages do.
    if name == "submit":
        mission = application.batch.mission if application.batch_id else None
        from onestop.visas.models import Mission

        mission = mission or Mission.objects.get(country=application.country, kind="embassy")
        services.visa_batch_create(by=officer, mission=mission, application_ids=[application.pk], covering_note="Note")
    elif name == "issue":
        services.visa_application_issue(
            application=application, by=officer, number="JP7654321",
            valid_from=application.arrive_on, valid_until=application.depart_on,
        )  # fmt: skip
    elif name == "refuse":
        services.visa_application_refuse(application=application, by=officer, reason="No reason given")
    else:
        services.visa_application_withdraw(application=application, by=officer, reason="Not travelling")
    case.refresh_from_db()
    assert case.state == ALLOWED[(state, name)]
    assert case.is_open == (case.state in ("prepared", "submitted"))


@pytest.mark.parametrize(("state", "name"), sorted(ALLOWED))
def test_only_the_visa_officer_moves_an_application(in_state, liaison, reviewer, state, name):
    application = in_state(state)
    for user in (liaison, reviewer):
        with pytest.raises(NotPermitted):
            case_transition(case=application.case, name=name, by=user, note="x")


def test_submit_needs_a_batch(in_state, officer):
    application = in_state("prepared")
    with pytest.raises(Conflict) as caught:
        case_transition(case=application.case, name="submit", by=officer)
    assert caught.value.code == "visa.submit.guard"


def test_issue_needs_the_visa_recorded_first(in_state, officer):
    application = in_state("submitted")
    with pytest.raises(Conflict) as caught:
        case_transition(case=application.case, name="issue", by=officer)
    assert caught.value.code == "visa.issue.guard"


@pytest.mark.parametrize("name", ["refuse", "withdraw"])
def test_refusal_and_withdrawal_need_a_reason(in_state, officer, name):
    application = in_state("submitted")
    with pytest.raises(ValidationFailed):
        case_transition(case=application.case, name=name, by=officer, note="  ")
    with pytest.raises(ValidationFailed) as caught:
        getattr(services, f"visa_application_{name}")(application=application, by=officer, reason="")
    assert "reason" in caught.value.fields


def test_services_refuse_other_roles(in_state, liaison):
    application = in_state("submitted")
    with pytest.raises(NotPermitted):
        services.visa_application_refuse(application=application, by=liaison, reason="x")
    with pytest.raises(NotPermitted):
        services.visa_application_issue(
            application=application, by=liaison, number="JP1234567", valid_from=application.arrive_on,
            valid_until=application.depart_on,
        )  # fmt: skip
