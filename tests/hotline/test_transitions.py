"""Every transition of the hotline workflow, from every state, by the roles that may and
may not trigger it (table-driven)."""

import pytest

from onestop.cases.models import Case
from onestop.cases.services import NotPermitted, case_transition
from onestop.core.errors import Conflict
from onestop.hotline.workflow import WORKFLOW, State

ROLE_USER = {
    "hotline_agent": "agent",
    "dispatcher": "dispatcher",
    "supervisor": "supervisor",
    "department_handler": "water_handler",
    "applicant": "citizen",
}


def _cases():
    """Each transition from every state (by a role that may trigger it), and each
    transition from a valid state by every role."""
    for transition in WORKFLOW.transitions:
        able = next((r for r in ROLE_USER if r in transition.roles), None)
        for state in State.values:
            yield pytest.param(
                transition.name,
                state,
                able,
                state in transition.source,
                id=f"{transition.name}-{state}-{able or 'system'}",
            )
        if transition.roles:
            for role in ROLE_USER:
                if role != able:
                    yield pytest.param(
                        transition.name,
                        transition.source[0],
                        role,
                        role in transition.roles,
                        id=f"{transition.name}-{transition.source[0]}-{role}",
                    )


def _at_state(request, state: str) -> Case:
    Case.objects.filter(pk=request.case_id).update(state=state, is_open=state not in WORKFLOW.final_states)
    return Case.objects.get(pk=request.case_id)


@pytest.mark.parametrize(("name", "state", "role", "allowed"), list(_cases()))
def test_transition_table(world, submit, name, state, role, allowed):
    request = submit(category="water_supply")
    case = _at_state(request, state)
    by = world.users[ROLE_USER[role]] if role else None
    kwargs = {"case": case, "name": name, "by": by, "note": "because"}
    if role is None:
        kwargs["system"] = True
    if allowed:
        moved = case_transition(**kwargs)
        assert moved.state == WORKFLOW.by_name[name].target
    else:
        with pytest.raises((Conflict, NotPermitted)):
            case_transition(**kwargs)
        assert Case.objects.get(pk=case.pk).state == state


def test_a_department_can_return_a_request_only_once(world, submit):
    from onestop.hotline.services import request_dispatch, request_return

    request = submit(category="water_supply")
    handler = world.users["water_handler"]
    request_return(request=request, by=handler, reason="Not about water: it is the heating.")
    assert request.case.state == "dispatching"
    request_dispatch(request=request, by=world.users["dispatcher"], department=world.departments["water"])
    with pytest.raises(Conflict) as caught:
        request_return(request=request, by=handler, reason="Still not ours.")
    assert caught.value.code == "hotline.return.guard"


def test_a_return_needs_a_reason(world, submit):
    from onestop.core.errors import ValidationFailed
    from onestop.hotline.services import request_return

    request = submit(category="water_supply")
    with pytest.raises(ValidationFailed):
        request_return(request=request, by=world.users["water_handler"], reason="  ")
