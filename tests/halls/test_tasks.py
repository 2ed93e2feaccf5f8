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


def test_a_service_bookable_further_ahead_gets_slots_that_far(hall, services, at):
    from onestop.halls.models import BookingPolicy, StaffingPlan

    BookingPolicy.objects.get_or_create(service=None)
    BookingPolicy.objects.create(service=services["visa_extension"], max_days_ahead=40)
    far = DAY + timedelta(days=30)
    for counter in hall.counters.all():
        StaffingPlan.objects.create(hall=hall, counter=counter, date=far, opens="09:00", closes="12:00")
    tasks.slots_roll_forward.apply().get()
    assert Slot.objects.filter(hall=hall, start__gte=local(far, 0), start__lt=local(far, 23)).exists()


def test_a_reminder_set_days_ahead_is_sent_that_early(hall, services, applicant, at):
    from onestop.halls.models import BookingPolicy, StaffingPlan

    BookingPolicy.objects.update_or_create(service=None, defaults={"reminder_hours_before": 96})
    later = DAY + timedelta(days=3)
    for counter in hall.counters.all():
        StaffingPlan.objects.create(hall=hall, counter=counter, date=later, opens="09:00", closes="12:00")
    from onestop.halls.services import slots_generate

    slots_generate(hall=hall, date=later)
    appointment_book(
        user=applicant, service_code="biometrics", slot=slot_at(hall, services["biometrics"], 10, day=later)
    )
    assert tasks.appointments_remind.apply().get() == {"reminded": 1}  # 74 hours before
