"""Every transition of the trip workflow, from every state, by every kind of actor: allowed
exactly where the table says, refused everywhere else (through the kernel's
``case_transition``, so no path around the services can do better)."""

from __future__ import annotations

import pytest
from django.db import transaction

from onestop.cases.models import Case
from onestop.cases.services import case_transition
from onestop.core.errors import DomainError
from onestop.trips.workflow import WORKFLOW, TripState

STATES = [s.value for s in TripState]
TRANSITIONS = [t.name for t in WORKFLOW.transitions]
ACTORS = ["liaison", "parent_liaison", "other_liaison", "reviewer", "reviewer2", "passport_officer"]

# (state, transition) -> actors who may make it. Everything not listed is refused.
ALLOWED = {
    ("draft", "submit"): {"liaison", "parent_liaison"},
    ("draft", "withdraw"): {"liaison", "parent_liaison"},
    ("submitted", "assign"): {"reviewer", "reviewer2"},
    ("submitted", "withdraw"): {"liaison", "parent_liaison"},
    ("in_review", "request_correction"): {"reviewer"},  # only the assigned reviewer decides
    ("in_review", "approve"): {"reviewer"},
    ("in_review", "reject"): {"reviewer"},
    ("in_review", "withdraw"): {"liaison", "parent_liaison"},
    ("correction_requested", "resubmit"): {"liaison", "parent_liaison"},
    ("correction_requested", "withdraw"): {"liaison", "parent_liaison"},
    ("resubmitted", "assign"): {"reviewer", "reviewer2"},
    ("resubmitted", "withdraw"): {"liaison", "parent_liaison"},
    # after the approval (ADR 0540)
    ("approved", "cancel"): {"liaison", "parent_liaison", "reviewer", "reviewer2"},
    ("ready_for_collection", "collect"): {"passport_officer"},
    ("ready_for_collection", "cancel"): {"liaison", "parent_liaison", "reviewer", "reviewer2"},
    ("collected", "record_return"): {"liaison", "parent_liaison", "passport_officer"},
    ("collected", "cancel"): {"liaison", "parent_liaison", "reviewer", "reviewer2"},
    ("returned", "submit_report"): {"liaison", "parent_liaison"},
    ("report_submitted", "return_report"): {"reviewer", "reviewer2"},
    ("report_submitted", "close"): {"reviewer", "reviewer2"},
}
# Moves only the system makes (no role may): refused for every actor in the table.
SYSTEM = {("approved", "mark_ready"), ("ready_for_collection", "readiness_lost")}

TARGET = {
    "submit": "submitted",
    "assign": "in_review",
    "request_correction": "correction_requested",
    "resubmit": "resubmitted",
    "approve": "approved",
    "reject": "rejected",
    "withdraw": "withdrawn",
    "cancel": "cancelled",
    "collect": "collected",
    "record_return": "returned",
    "submit_report": "report_submitted",
    "return_report": "returned",
    "close": "closed",
}
AFTER = {"ready_for_collection", "collected", "returned", "report_submitted", "closed", "cancelled"}


class _Undo(Exception):
    pass


def _attempt(case_id: int, name: str, actor) -> str | None:
    """Try the move inside a savepoint that is always rolled back; returns the new state or
    None when refused."""
    try:
        with transaction.atomic():
            case = Case.objects.get(pk=case_id)
            case_transition(case=case, name=name, by=actor, note="because")
            raise _Undo(case.state)
    except _Undo as done:
        return str(done.args[0])
    except DomainError:
        return None


def test_the_table_covers_the_declared_workflow():
    declared = {(state, t.name) for t in WORKFLOW.transitions for state in t.source}
    assert declared == set(ALLOWED) | SYSTEM
    assert {t.name for t in WORKFLOW.transitions if not t.roles} == {name for _s, name in SYSTEM}
    assert set(STATES) == {
        "draft",
        "submitted",
        "in_review",
        "correction_requested",
        "resubmitted",
        "approved",
        "rejected",
        "withdrawn",
        "ready_for_collection",
        "collected",
        "returned",
        "report_submitted",
        "closed",
        "cancelled",
    }
    assert WORKFLOW.final_states == {"rejected", "withdrawn", "closed", "cancelled"}
    assert "approved" not in WORKFLOW.final_states


def _arrange(state: str, trip) -> None:
    """What the guards of the moves out of ``state`` read, written as the services write it
    in the same transaction as the move: the signed collection, the dates travelled, the
    report with its document."""
    from django.utils import timezone

    from onestop.dossier.models import CaseMaterial
    from onestop.trips.models import Trip, TripCollection, TripReport

    today = timezone.localdate()
    if state == "ready_for_collection":
        TripCollection.objects.create(
            trip=trip, collected_at=timezone.now(), signer_name="Liaison", method="typed", confirmed=True
        )
    elif state == "collected":
        Trip.objects.filter(pk=trip.pk).update(actual_departs_on=today, actual_returns_on=today)
    elif state == "returned":
        TripReport.objects.create(
            trip=trip, summary="Done.", countries_visited=["SG"], due_on=today, submitted_at=timezone.now(),
            case_material=CaseMaterial.objects.filter(case=trip.case).first(),
        )  # fmt: skip


@pytest.mark.parametrize("state", STATES)
def test_every_transition_from_every_state_by_every_actor(state, trip_in_state, after_trip, request):
    trip = after_trip(state) if state in AFTER else trip_in_state(state)
    assert trip.case.state == state
    _arrange(state, trip)
    actors = {name: request.getfixturevalue(name) for name in ACTORS}
    for name in TRANSITIONS:
        allowed = ALLOWED.get((state, name), set())
        for actor_name, actor in actors.items():
            result = _attempt(trip.case_id, name, actor)
            if actor_name in allowed:
                assert result == TARGET[name], f"{state} --{name}--> by {actor_name} should be allowed"
            else:
                assert result is None, f"{state} --{name}--> by {actor_name} should be refused"
    assert Case.objects.get(pk=trip.case_id).state == state


def test_a_system_actor_cannot_skip_the_guards(ready_trip, liaison):
    """Even a system move (no role check) runs the guards: a draft that misses materials
    cannot be submitted around the service."""
    from onestop.cases.services import case_transition
    from onestop.core.errors import Conflict

    trip = ready_trip()
    trip.members.filter(role="member").first().person.materials.all().delete()
    with pytest.raises(Conflict) as caught:
        case_transition(case=trip.case, name="submit", by=liaison)
    assert caught.value.code == "trip.submit.guard"


def test_the_system_moves_only_when_the_guard_agrees(after_trip, passport_officer):
    """``mark_ready`` needs every passport and visa ready; ``readiness_lost`` needs one not
    to be. A system call does not skip the guards."""
    from onestop.core.errors import Conflict
    from onestop.passports.models import Reservation
    from onestop.passports.services import reservation_release

    trip = after_trip("ready_for_collection")
    with pytest.raises(Conflict) as caught:
        case_transition(case=trip.case, name="readiness_lost", by=None, system=True)
    assert caught.value.code == "trip.readiness_lost.guard"
    reservation = Reservation.objects.filter(trip_case=trip.case, status="active").first()
    reservation_release(reservation=reservation, by=passport_officer)
    case_transition(case=trip.case, name="readiness_lost", by=None, system=True)
    assert Case.objects.get(pk=trip.case_id).state == "approved"
    with pytest.raises(Conflict) as caught:
        case_transition(case=trip.case, name="mark_ready", by=None, system=True)
    assert caught.value.code == "trip.mark_ready.guard"
