"""Booking rules: one click, limits, lead time, cancel and reschedule cutoffs, no-show block,
check-in at the kiosk, reminders, the calendar file."""

from datetime import timedelta

import pytest

from onestop.core.errors import Conflict, NotFound, ValidationFailed
from onestop.halls.ics import appointment_ics
from onestop.halls.models import Appointment, AppointmentStatus, BookingPolicy, Slot, TicketStatus
from onestop.halls.services import (
    appointment_book,
    appointment_cancel,
    appointment_check_in,
    appointment_reschedule,
    appointments_mark_no_show,
    appointments_send_reminders,
)
from onestop.halls.services import booking as booking_services

from .conftest import DAY, local, slot_at


def test_book_a_slot_counts_it_and_audits(hall, services, applicant):
    slot = slot_at(hall, services["biometrics"], 10)
    appointment = appointment_book(user=applicant, service_code="biometrics", slot=slot)
    slot.refresh_from_db()
    assert slot.booked == 1
    assert appointment.status == AppointmentStatus.BOOKED
    assert len(appointment.code) == 8 and set(appointment.code) <= set(booking_services.CODE_ALPHABET)
    from onestop.cases.models import AuditEvent

    assert AuditEvent.objects.filter(action="halls.appointment.booked", object_id=str(appointment.pk)).exists()


def test_one_click_booking_picks_a_slot(hall, services, applicant):
    appointment = appointment_book(user=applicant, service_code="visa_extension")
    assert appointment.hall == hall and appointment.service == services["visa_extension"]
    assert appointment.start >= local(DAY, 8, 30)


def test_book_by_hall_and_start(hall, services, applicant):
    appointment = appointment_book(user=applicant, service_code="biometrics", hall=hall, start=local(DAY, 14))
    assert appointment.start == local(DAY, 14)
    with pytest.raises(ValidationFailed) as err:
        appointment_book(user=applicant, service_code="biometrics", hall=hall, start=local(DAY, 12))
    assert err.value.code == "halls.slot_unknown"


def test_full_slot_is_refused(hall, services, make_user):
    slot = slot_at(hall, services["biometrics"], 10)
    for _i in range(slot.capacity):
        appointment_book(user=make_user("applicant"), service_code="biometrics", slot=slot)
    with pytest.raises(Conflict) as err:
        appointment_book(user=make_user("applicant"), service_code="biometrics", slot=slot)
    assert err.value.code == "halls.slot_full"
    slot.refresh_from_db()
    assert slot.booked == slot.capacity


@pytest.mark.parametrize(
    ("code", "kwargs"),
    [
        ("halls.service_unknown", {"service_code": "nothing"}),
        ("halls.service_unknown", {"service_code": "general_enquiry"}),  # walk-in only
        ("halls.channel", {"service_code": "biometrics", "channel": "fax"}),
    ],
)
def test_bad_input_names_the_rule(hall, applicant, code, kwargs):
    with pytest.raises(ValidationFailed) as err:
        appointment_book(user=applicant, **kwargs)
    assert err.value.code == code
    assert err.value.fields


def test_slot_of_another_service_is_refused(hall, services, applicant):
    with pytest.raises(ValidationFailed) as err:
        appointment_book(user=applicant, service_code="visa_extension", slot=slot_at(hall, services["biometrics"], 10))
    assert err.value.code == "halls.slot_service"


def test_lead_time_and_booking_window(hall, services, applicant, at):
    at(local(DAY, 9, 45))
    with pytest.raises(ValidationFailed) as err:
        appointment_book(user=applicant, service_code="biometrics", slot=slot_at(hall, services["biometrics"], 10))
    assert err.value.code == "halls.too_soon"
    with pytest.raises(ValidationFailed) as err:
        appointment_book(user=applicant, service_code="biometrics", slot=slot_at(hall, services["biometrics"], 9))
    assert err.value.code == "halls.slot_past"
    BookingPolicy.objects.create(service=None, max_days_ahead=1)
    with pytest.raises(ValidationFailed) as err:
        appointment_book(
            user=applicant,
            service_code="biometrics",
            slot=slot_at(hall, services["biometrics"], 16, day=DAY + timedelta(days=2)),
        )
    assert err.value.code == "halls.too_far"


def test_per_person_limit_counts_active_bookings(hall, services, applicant):
    appointment_book(user=applicant, service_code="biometrics", slot=slot_at(hall, services["biometrics"], 10))
    second = appointment_book(user=applicant, service_code="biometrics", slot=slot_at(hall, services["biometrics"], 11))
    with pytest.raises(Conflict) as err:
        appointment_book(user=applicant, service_code="biometrics", slot=slot_at(hall, services["biometrics"], 14))
    assert err.value.code == "halls.limit"
    appointment_cancel(appointment=second, by=applicant)
    appointment_book(user=applicant, service_code="biometrics", slot=slot_at(hall, services["biometrics"], 14))


def test_limit_counts_the_person_when_booking_for_someone(hall, services, make_user):
    from onestop.dossier.models import Person

    employer = make_user("employer")
    people = [Person.objects.create(full_name=f"Employee {i}") for i in range(3)]
    for hour, person in zip((10, 11, 13), people, strict=True):  # one employer, three people: no limit hit
        appointment_book(
            user=employer, person=person, service_code="biometrics", slot=slot_at(hall, services["biometrics"], hour)
        )
    assert Appointment.objects.filter(user=employer).count() == 3


def test_cancel_frees_the_place_and_respects_the_cutoff(hall, services, applicant, at):
    slot = slot_at(hall, services["biometrics"], 10)
    appointment = appointment_book(user=applicant, service_code="biometrics", slot=slot)
    at(local(DAY, 9, 30))  # within 60 minutes of the start
    with pytest.raises(Conflict) as err:
        appointment_cancel(appointment=appointment, by=applicant)
    assert err.value.code == "halls.cancel_cutoff"
    appointment_cancel(appointment=appointment, by=applicant, staff=True, reason="counter closed")
    slot.refresh_from_db()
    assert slot.booked == 0
    assert Appointment.objects.get(pk=appointment.pk).status == AppointmentStatus.CANCELLED
    with pytest.raises(Conflict):
        appointment_cancel(appointment=appointment, by=applicant, staff=True)


def test_reschedule_moves_the_place(hall, services, applicant, at):
    old_slot = slot_at(hall, services["biometrics"], 10)
    new_slot = slot_at(hall, services["biometrics"], 15)
    appointment = appointment_book(user=applicant, service_code="biometrics", slot=old_slot)
    moved = appointment_reschedule(appointment=appointment, by=applicant, slot=new_slot)
    old_slot.refresh_from_db()
    new_slot.refresh_from_db()
    assert (old_slot.booked, new_slot.booked) == (0, 1)
    assert moved.rescheduled_from_id == appointment.pk and moved.start == local(DAY, 15)
    assert Appointment.objects.get(pk=appointment.pk).status == AppointmentStatus.CANCELLED
    with pytest.raises(ValidationFailed):
        appointment_reschedule(appointment=moved, by=applicant, slot=new_slot)
    at(local(DAY, 13, 30))
    with pytest.raises(Conflict) as err:
        appointment_reschedule(appointment=moved, by=applicant, slot=slot_at(hall, services["biometrics"], 16))
    assert err.value.code == "halls.reschedule_cutoff"


def test_reschedule_at_the_limit_is_allowed(hall, services, applicant):
    a = appointment_book(user=applicant, service_code="biometrics", slot=slot_at(hall, services["biometrics"], 10))
    appointment_book(user=applicant, service_code="biometrics", slot=slot_at(hall, services["biometrics"], 11))
    moved = appointment_reschedule(appointment=a, by=applicant, slot=slot_at(hall, services["biometrics"], 15))
    assert moved.status == AppointmentStatus.BOOKED


def test_no_shows_block_booking(hall, services, applicant, at):
    BookingPolicy.objects.create(service=None, no_show_limit=2, no_show_window_days=30, no_show_block_days=10)
    for hour in (10, 11):
        appointment_book(user=applicant, service_code="biometrics", slot=slot_at(hall, services["biometrics"], hour))
    at(local(DAY, 13))
    assert appointments_mark_no_show() == 2
    with pytest.raises(Conflict) as err:
        appointment_book(user=applicant, service_code="biometrics", slot=slot_at(hall, services["biometrics"], 15))
    assert err.value.code == "halls.booking_blocked"
    assert str((local(DAY, 11) + timedelta(days=10)).date()) in str(err.value.message)


def test_no_show_sweep_waits_for_the_grace_period(hall, services, applicant, at):
    appointment = appointment_book(
        user=applicant, service_code="biometrics", slot=slot_at(hall, services["biometrics"], 10)
    )
    at(local(DAY, 10, 45))  # slot ended 10:30, grace 30 minutes
    assert appointments_mark_no_show() == 0
    at(local(DAY, 11, 1))
    assert appointments_mark_no_show() == 1
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.NO_SHOW


def test_check_in_on_time_issues_a_priority_ticket(hall, services, applicant, at):
    appointment = appointment_book(user=applicant, service_code="visa_extension")
    at(appointment.start - timedelta(minutes=10))
    ticket = appointment_check_in(code=appointment.code.lower(), hall=hall)
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CHECKED_IN
    assert ticket.booked_start == appointment.start and ticket.status == TicketStatus.WAITING
    assert ticket.number == "V001" and ticket.user == applicant


def test_late_check_in_is_served_as_a_walk_in(hall, services, applicant, at):
    appointment = appointment_book(
        user=applicant, service_code="biometrics", slot=slot_at(hall, services["biometrics"], 10)
    )
    at(local(DAY, 10, 20))
    ticket = appointment_check_in(code=appointment.code, hall=hall)
    assert ticket.booked_start is None


@pytest.mark.parametrize(
    ("moment", "code"),
    [((9, 0), "halls.too_early"), ((8, 0), "halls.too_early")],
)
def test_check_in_too_early(hall, services, applicant, at, moment, code):
    appointment = appointment_book(
        user=applicant, service_code="biometrics", slot=slot_at(hall, services["biometrics"], 10, 30)
    )
    at(local(DAY, *moment))
    with pytest.raises(Conflict) as err:
        appointment_check_in(code=appointment.code, hall=hall)
    assert err.value.code == code


def test_check_in_at_the_wrong_hall_or_day(hall, make_hall, services, applicant, at):
    other = make_hall("tongzhou", area="suburban", lat=39.90, lon=116.65)
    appointment = appointment_book(
        user=applicant,
        service_code="biometrics",
        slot=slot_at(hall, services["biometrics"], 10, day=DAY + timedelta(days=1)),
    )
    with pytest.raises(Conflict) as err:
        appointment_check_in(code=appointment.code, hall=other)
    assert err.value.code == "halls.wrong_hall"
    with pytest.raises(Conflict) as err:
        appointment_check_in(code=appointment.code, hall=hall)
    assert err.value.code == "halls.wrong_day"
    with pytest.raises(NotFound):
        appointment_check_in(code="NOPE1234", hall=hall)


def test_check_in_records_the_visit_on_the_case(hall, services, applicant, at):
    from onestop.cases.models import Case, CaseVisit

    case = Case.objects.create(number="TST-2026-000001", kind="test", state="open")
    appointment = appointment_book(
        user=applicant,
        service_code="biometrics",
        case=case,
        slot=slot_at(hall, services["biometrics"], 10),
        channel="case",
    )
    at(local(DAY, 9, 55))
    appointment_check_in(code=appointment.code, hall=hall)
    visit = CaseVisit.objects.get(case=case)
    assert visit.purpose == "halls.biometrics"


def test_reminders_go_once_the_day_before(hall, services, applicant, at):
    tomorrow = slot_at(hall, services["biometrics"], 10, day=DAY + timedelta(days=1))
    today = slot_at(hall, services["biometrics"], 16)
    far = slot_at(hall, services["biometrics"], 16, day=DAY + timedelta(days=2))
    appointment_book(user=applicant, service_code="biometrics", slot=tomorrow)
    appointment_book(user=applicant, service_code="biometrics", slot=far)
    assert appointments_send_reminders(now=local(DAY, 8)) == 0
    assert appointments_send_reminders(now=local(DAY, 10, 30)) == 1  # 24 hours before tomorrow 10:00
    assert appointments_send_reminders(now=local(DAY, 11)) == 0
    assert Slot.objects.get(pk=today.pk).booked == 0


def test_ics_file(hall, services, applicant):
    appointment = appointment_book(
        user=applicant, service_code="biometrics", slot=slot_at(hall, services["biometrics"], 10)
    )
    text = appointment_ics(appointment, materials=["passport"])
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert "DTSTART:20260302T020000Z" in text and "DTEND:20260302T023000Z" in text
    assert f"UID:{appointment.code}@" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_visitors_of_one_slot_are_given_times_spread_over_it(hall, services, make_user, at):
    slot = slot_at(hall, services["biometrics"], 10)
    places = sum(Slot.objects.filter(hall=hall, start=slot.start).values_list("capacity", flat=True))
    assert slot.capacity >= 3 and places >= 3
    starts = [
        appointment_book(user=make_user("applicant"), service_code="biometrics", slot=slot).start for _i in range(3)
    ]
    # the first comes at the start, the next at the free point furthest from the others
    step = timedelta(minutes=30 // places)
    assert starts[0] == local(DAY, 10)
    assert starts[1] == local(DAY, 10) + (places - 1) * step
    assert local(DAY, 10) < starts[2] < starts[1]
    assert all(slot.start <= s < slot.end for s in starts) and len(set(starts)) == 3
    # a cancelled place frees its time for the next booking
    first = Appointment.objects.get(start=starts[0], slot=slot)
    appointment_cancel(appointment=first, by=first.user)
    again = appointment_book(user=make_user("applicant"), service_code="biometrics", slot=slot)
    assert again.start == local(DAY, 10)
    # the visitor's own time is what the calling policy keeps
    at(starts[1] - timedelta(minutes=5))
    latest = Appointment.objects.get(start=starts[1], slot=slot)
    ticket = appointment_check_in(code=latest.code, hall=hall)
    assert ticket.booked_start == starts[1]
