"""The periodic jobs: reminders, the no-show sweep, slots for the booking window, the forecast."""

from datetime import timedelta

from onestop.halls import tasks
from onestop.halls.models import AppointmentStatus, DemandForecast, Slot, Ticket
from onestop.halls.services import appointment_book

from .conftest import DAY, local, slot_at


def test_reminder_and_no_show_jobs(hall, services, applicant, at):
    booked = appointment_book(
        user=applicant,
        service_code="biometrics",
        slot=slot_at(hall, services["biometrics"], 10, day=DAY + timedelta(days=1)),
    )
    missed = appointment_book(user=applicant, service_code="biometrics", slot=slot_at(hall, services["biometrics"], 9))
    at(local(DAY, 11))
    assert tasks.appointments_remind.apply().get() == {"reminded": 1}
    assert tasks.appointments_no_show_sweep.apply().get() == {"no_shows": 1}
    missed.refresh_from_db()
    booked.refresh_from_db()
    assert missed.status == AppointmentStatus.NO_SHOW and booked.reminder_sent_at is not None


def test_slots_roll_forward_fills_the_booking_window(hall, services, at):
    from onestop.halls.models import StaffingPlan

    later = DAY + timedelta(days=5)
    for counter in hall.counters.all():
        StaffingPlan.objects.create(hall=hall, counter=counter, date=later, opens="09:00", closes="12:00")
    assert not Slot.objects.filter(hall=hall, start__date=later).exists()
    assert tasks.slots_roll_forward.apply().get()["created"] > 0
    assert Slot.objects.filter(hall=hall, start__date=later).exists()


def test_forecast_job(hall, services, at):
    Ticket.objects.create(
        hall=hall,
        day=DAY - timedelta(days=7),
        prefix="B",
        seq=1,
        number="B001",
        current_service=services["biometrics"],
        issued_at=local(DAY - timedelta(days=7), 10),
    )
    assert tasks.forecast_nightly.apply().get()["cells"] >= 1
    assert DemandForecast.objects.filter(hall=hall, weekday=DAY.weekday(), hour=10).exists()
