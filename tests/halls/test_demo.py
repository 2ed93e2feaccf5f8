"""The demo halls: ten exit-entry halls and the FAO hall, names in ten languages, appointments
and tickets in every state, and seeding twice changes nothing."""

import pytest

from onestop.halls import clock
from onestop.halls import demo as halls_demo
from onestop.halls.i18n import missing_languages
from onestop.halls.models import Appointment, AppointmentStatus, Hall, Service, Slot, Ticket, TicketStatus

from .conftest import DAY, local


@pytest.fixture
def world(db, monkeypatch):
    from onestop.accounts import demo as accounts_demo

    monkeypatch.setattr(halls_demo, "HISTORY_DAYS", 7)
    monkeypatch.setattr(halls_demo, "PLAN_DAYS", 3)
    clock.set_process_now(local(DAY, 10, 30))
    world = {"logins": []}
    accounts_demo.seed(world)
    yield world
    clock.set_process_now(None)


def test_demo_world(world):
    halls_demo.seed(world)
    halls = {h.code: h for h in Hall.objects.all()}
    assert len(halls) == 11 and "fao" in halls
    assert sum(h.area == "urban" for h in halls.values() if h.code != "fao") == 5
    assert all(missing_languages(h.names) == [] for h in halls.values())
    assert {"work_residence_permit", "biometrics", "visa_extension", "passport_collection"} <= set(
        Service.objects.values_list("code", flat=True)
    )
    assert halls["fao"].hall_services.filter(service__code="passport_collection").exists()
    assert not halls["chaoyang"].hall_services.filter(service__code="passport_collection").exists()
    assert Slot.objects.filter(hall=halls["fao"], service__code="passport_collection").exists()
    assert set(Appointment.objects.values_list("status", flat=True)) == set(AppointmentStatus.values)
    today = set(Ticket.objects.filter(day=DAY).values_list("status", flat=True))
    assert {
        TicketStatus.WAITING,
        TicketStatus.CALLED,
        TicketStatus.SERVING,
        TicketStatus.DONE,
        TicketStatus.NO_SHOW,
        TicketStatus.TRANSFERRED,
    } <= today
    assert Ticket.objects.filter(day__lt=DAY).exists()  # history for the forecast
    assert halls["chaoyang"].counters.filter(clerk=world["users"]["clerk"]).exists()

    counts = (Hall.objects.count(), Appointment.objects.count(), Ticket.objects.count(), Slot.objects.count())
    halls_demo.seed(world)
    assert (Hall.objects.count(), Appointment.objects.count(), Ticket.objects.count(), Slot.objects.count()) == counts


TICKET_TIMES = ("issued_at", "called_at", "first_called_at", "served_at", "done_at")


def _times_after(now):
    """Every recorded ticket, ticket-service and appointment time later than ``now``."""
    from onestop.halls.models import TicketService

    late = []
    for ticket in Ticket.objects.all():
        late += [(ticket.number, name) for name in TICKET_TIMES if (getattr(ticket, name) or now) > now]
    for step in TicketService.objects.select_related("ticket"):
        late += [(step.ticket.number, name) for name in ("started_at", "done_at") if (getattr(step, name) or now) > now]
    for appointment in Appointment.objects.all():
        late += [
            (appointment.code, name)
            for name in ("checked_in_at", "completed_at", "cancelled_at")
            if (getattr(appointment, name) or now) > now
        ]
    return late


def _called_before_issued():
    return [
        t.number
        for t in Ticket.objects.all()
        if any(moment is not None and moment < t.issued_at for moment in (t.called_at, t.first_called_at))
    ]


def test_seeded_before_opening_the_live_queue_is_empty_and_nothing_lies_ahead(world):
    now = local(DAY, 6, 0)  # a Monday: the halls open at 09:00
    clock.set_process_now(now)
    halls_demo.seed(world)
    assert _times_after(now) == []
    assert _called_before_issued() == []
    assert not Ticket.objects.filter(day=DAY).exists()  # no live queue before opening
    assert Ticket.objects.filter(day__lt=DAY).exists()  # the history is there
    chaoyang = Hall.objects.get(code="chaoyang")
    assert chaoyang.counters.filter(clerk=world["users"]["clerk"]).exists()
    # the appointment for today waits for its visitor
    assert Appointment.objects.filter(hall=chaoyang, start__date=DAY, status=AppointmentStatus.BOOKED).exists()


@pytest.mark.parametrize(
    ("hh", "mm"),
    [(9, 10), (10, 30), (12, 30), (20, 0)],
    ids=["just-opened", "morning", "lunch-break", "evening"],
)
def test_the_live_queue_lies_in_the_past_and_in_opening_hours(world, hh, mm):
    now = local(DAY, hh, mm)
    clock.set_process_now(now)
    halls_demo.seed(world)
    assert _times_after(now) == []
    assert _called_before_issued() == []
    live = Ticket.objects.filter(day=DAY, hall__code="chaoyang", appointment__isnull=True)
    assert {TicketStatus.WAITING, TicketStatus.CALLED, TicketStatus.SERVING, TicketStatus.DONE} <= set(
        live.values_list("status", flat=True)
    )
    open_hours = [(local(DAY, 9), local(DAY, 12)), (local(DAY, 13), local(DAY, 17))]
    assert all(any(o <= t.issued_at <= c for o, c in open_hours) for t in live)
