"""Every declared transition of appointments and tickets, from every state: allowed moves
change the state, forbidden ones raise a coded Conflict and change nothing."""

import pytest

from onestop.core.errors import Conflict
from onestop.halls.models import Appointment, AppointmentStatus, Ticket, TicketStatus
from onestop.halls.services import APPOINTMENT_TRANSITIONS, TICKET_TRANSITIONS, appointment_move, ticket_move

from .conftest import DAY, local, slot_at

APPOINTMENT_CASES = [
    (name, state, state in sources, target)
    for name, (sources, target) in APPOINTMENT_TRANSITIONS.items()
    for state in AppointmentStatus.values
]
TICKET_CASES = [
    (name, state, state in sources, target)
    for name, (sources, target) in TICKET_TRANSITIONS.items()
    for state in TicketStatus.values
]


def test_the_tables_are_what_the_design_says():
    assert {n: (set(s), t) for n, (s, t) in APPOINTMENT_TRANSITIONS.items()} == {
        "cancel": ({"booked"}, "cancelled"),
        "check_in": ({"booked"}, "checked_in"),
        "no_show": ({"booked", "checked_in"}, "no_show"),
        "complete": ({"checked_in"}, "completed"),
    }
    assert {n: (set(s), t) for n, (s, t) in TICKET_TRANSITIONS.items()} == {
        "call": ({"waiting", "transferred"}, "called"),
        "recall": ({"called"}, "called"),
        "start": ({"called"}, "serving"),
        "no_show": ({"called"}, "no_show"),
        "transfer": ({"called", "serving"}, "transferred"),
        "complete": ({"called", "serving"}, "done"),
    }


@pytest.mark.parametrize(
    ("name", "state", "allowed", "target"), APPOINTMENT_CASES, ids=[f"{c[0]}-from-{c[1]}" for c in APPOINTMENT_CASES]
)
def test_appointment_transition(hall, services, applicant, name, state, allowed, target):
    slot = slot_at(hall, services["biometrics"], 10)
    appointment = Appointment.objects.create(
        code="TEST2345",
        user=applicant,
        slot=slot,
        hall=hall,
        service=services["biometrics"],
        start=slot.start,
        end=slot.end,
    )
    Appointment.objects.filter(pk=appointment.pk).update(status=state)
    appointment.refresh_from_db()
    if allowed:
        appointment_move(appointment=appointment, name=name, by=applicant)
        assert Appointment.objects.get(pk=appointment.pk).status == target
    else:
        with pytest.raises(Conflict) as err:
            appointment_move(appointment=appointment, name=name, by=applicant)
        assert err.value.code == f"halls.appointment.{name}_not_allowed"
        assert Appointment.objects.get(pk=appointment.pk).status == state


@pytest.mark.parametrize(
    ("name", "state", "allowed", "target"), TICKET_CASES, ids=[f"{c[0]}-from-{c[1]}" for c in TICKET_CASES]
)
def test_ticket_transition(hall, services, clerk, name, state, allowed, target):
    ticket = Ticket.objects.create(
        hall=hall,
        day=DAY,
        prefix="B",
        seq=1,
        number="B001",
        status=state,
        current_service=services["biometrics"],
        issued_at=local(DAY, 9),
    )
    if allowed:
        ticket_move(ticket=ticket, name=name, by=clerk)
        assert Ticket.objects.get(pk=ticket.pk).status == target
    else:
        with pytest.raises(Conflict) as err:
            ticket_move(ticket=ticket, name=name, by=clerk)
        assert err.value.code == f"halls.ticket.{name}_not_allowed"
        assert Ticket.objects.get(pk=ticket.pk).status == state


def test_status_fields_are_not_editable_in_forms():
    assert not Appointment._meta.get_field("status").editable
    assert not Ticket._meta.get_field("status").editable
