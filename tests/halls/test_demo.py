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
