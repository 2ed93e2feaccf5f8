"""Tickets: numbering, calling, recall, transfer, one visit with several services, waits."""

from datetime import timedelta

import pytest

from onestop.core.errors import Conflict, ValidationFailed
from onestop.halls.models import AppointmentStatus, HallService, Ticket, TicketService, TicketStatus
from onestop.halls.selectors.queue import QueueSnapshot, board_lines, hall_waits, recent_handling_minutes
from onestop.halls.services import (
    appointment_book,
    appointment_check_in,
    counter_sign_in,
    counter_sign_out,
    service_day_set,
    ticket_add_service,
    ticket_call_next,
    ticket_complete,
    ticket_issue,
    ticket_no_show,
    ticket_recall,
    ticket_start,
    ticket_transfer,
)
from onestop.halls.services.alerts import tickets_notify_ahead

from .conftest import DAY, local, slot_at


@pytest.fixture
def open_hall(hall, at):
    at(local(DAY, 9, 30))
    return hall


def test_numbers_per_prefix_and_day(open_hall, services):
    b1 = ticket_issue(hall=open_hall, services=[services["biometrics"]])
    v1 = ticket_issue(hall=open_hall, services=[services["visa_extension"]])
    b2 = ticket_issue(hall=open_hall, services=[services["biometrics"], services["visa_extension"]])
    assert [b1.number, v1.number, b2.number] == ["B001", "V001", "B002"]
    assert list(b2.items.order_by("position").values_list("service__code", flat=True)) == [
        "biometrics",
        "visa_extension",
    ]


def test_numbering_continues_after_tickets_entered_by_hand(open_hall, services):
    Ticket.objects.create(hall=open_hall, day=DAY, prefix="B", seq=41, number="B041", issued_at=local(DAY, 9))
    assert ticket_issue(hall=open_hall, services=[services["biometrics"]]).number == "B042"


def test_service_not_offered_or_closed_today(open_hall, services, manager):
    hs = HallService.objects.get(hall=open_hall, service=services["visa_extension"])
    service_day_set(hall_service=hs, date=DAY, by=manager, closed=True)
    with pytest.raises(ValidationFailed) as err:
        ticket_issue(hall=open_hall, services=[services["visa_extension"]])
    assert err.value.code == "halls.not_offered"
    with pytest.raises(ValidationFailed):
        ticket_issue(hall=open_hall, services=[])


def test_call_next_follows_the_policy(open_hall, services, applicant, clerk, at, elderly):
    HallService.objects.filter(hall=open_hall).update(handling_minutes=12)  # no quick visits here
    appointment = appointment_book(
        user=applicant, service_code="biometrics", slot=slot_at(open_hall, services["biometrics"], 10)
    )
    at(local(DAY, 9, 45))
    walk_in = ticket_issue(hall=open_hall, services=[services["biometrics"]])  # due (starving) at 10:00
    at(local(DAY, 9, 50))
    booked = appointment_check_in(code=appointment.code, hall=open_hall)  # due at 9:55
    at(local(DAY, 9, 56))
    counter1, counter2 = open_hall.counters.get(number=1), open_hall.counters.get(number=2)
    assert ticket_call_next(counter=counter2, by=clerk).pk == booked.pk  # a due booking first
    at(local(DAY, 9, 58))
    # 20 minutes' head start against 15 of starvation: due as of 9:53, before the walk-in
    older = ticket_issue(hall=open_hall, services=[services["biometrics"]], priority_group=elderly)
    assert ticket_call_next(counter=counter1, by=clerk).pk == older.pk
    ticket_complete(ticket=older, by=clerk)
    assert ticket_call_next(counter=counter1, by=clerk).pk == walk_in.pk


def test_a_quick_visit_goes_before_a_long_one_that_came_just_before(open_hall, services, clerk, at):
    visa = ticket_issue(hall=open_hall, services=[services["visa_extension"]])  # 15 minutes
    at(local(DAY, 9, 33))
    quick = ticket_issue(hall=open_hall, services=[services["general_enquiry"]])  # 5 minutes
    at(local(DAY, 9, 35))
    counter1 = open_hall.counters.get(number=1)
    assert ticket_call_next(counter=counter1, by=clerk).pk == quick.pk
    ticket_complete(ticket=quick, by=clerk)
    assert ticket_call_next(counter=counter1, by=clerk).pk == visa.pk
    # a visit with a further long service is not quick: first come, first served
    at(local(DAY, 9, 50))
    first = ticket_issue(hall=open_hall, services=[services["visa_extension"]])
    at(local(DAY, 9, 52))
    two = ticket_issue(hall=open_hall, services=[services["general_enquiry"], services["visa_extension"]])
    from onestop.halls.selectors.queue import waiting_views

    views = {v.id: v for v in waiting_views(hall=open_hall, day=DAY)}
    assert views[two.pk].minutes == 20 and views[first.pk].minutes == 15


def test_counter_must_finish_before_calling_again(open_hall, services, clerk):
    ticket_issue(hall=open_hall, services=[services["biometrics"]])
    ticket_issue(hall=open_hall, services=[services["biometrics"]])
    counter = open_hall.counters.get(number=2)
    ticket_call_next(counter=counter, by=clerk)
    with pytest.raises(Conflict) as err:
        ticket_call_next(counter=counter, by=clerk)
    assert err.value.code == "halls.counter_busy"


def test_counter_only_calls_what_it_handles(open_hall, services, clerk):
    ticket_issue(hall=open_hall, services=[services["visa_extension"]])
    assert ticket_call_next(counter=open_hall.counters.get(number=2), by=clerk) is None
    assert ticket_call_next(counter=open_hall.counters.get(number=1), by=clerk) is not None


def test_recall_start_complete_records_handling_time(open_hall, services, clerk, at):
    ticket_issue(hall=open_hall, services=[services["biometrics"]])
    counter = open_hall.counters.get(number=2)
    ticket = ticket_call_next(counter=counter, by=clerk)
    at(local(DAY, 9, 32))
    ticket_recall(ticket=ticket, by=clerk)
    ticket.refresh_from_db()
    assert ticket.recall_count == 1 and ticket.called_at == local(DAY, 9, 32)
    ticket_start(ticket=ticket, by=clerk)
    at(local(DAY, 9, 40))
    ticket_complete(ticket=ticket, by=clerk)
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.DONE
    item = ticket.items.get()
    assert item.handling_seconds == 8 * 60 and item.clerk == clerk and item.counter == counter


def test_several_services_at_one_desk(open_hall, services, clerk, at):
    ticket = ticket_issue(hall=open_hall, services=[services["biometrics"], services["visa_extension"]])
    counter = open_hall.counters.get(number=1)  # comprehensive
    ticket_call_next(counter=counter, by=clerk)
    at(local(DAY, 9, 40))
    ticket_complete(ticket=ticket, by=clerk)
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.SERVING and ticket.counter == counter
    assert ticket.current_service == services["visa_extension"]
    at(local(DAY, 9, 55))
    ticket_complete(ticket=ticket, by=clerk)
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.DONE
    assert list(ticket.items.order_by("position").values_list("handling_seconds", flat=True)) == [600, 900]


def test_further_service_elsewhere_goes_back_to_the_queue(open_hall, services, clerk, at):
    ticket = ticket_issue(hall=open_hall, services=[services["biometrics"], services["visa_extension"]])
    counter2 = open_hall.counters.get(number=2)  # biometrics only
    ticket_call_next(counter=counter2, by=clerk)
    at(local(DAY, 9, 40))
    ticket_complete(ticket=ticket, by=clerk)
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.TRANSFERRED and ticket.counter is None
    assert ticket_call_next(counter=open_hall.counters.get(number=1), by=clerk).pk == ticket.pk


def test_transfer_to_a_service_and_to_a_counter(open_hall, services, clerk):
    ticket = ticket_issue(hall=open_hall, services=[services["biometrics"]])
    counter1, counter2 = open_hall.counters.get(number=1), open_hall.counters.get(number=2)
    ticket_call_next(counter=counter2, by=clerk)
    ticket_transfer(ticket=ticket, by=clerk, service=services["visa_extension"])
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.TRANSFERRED and ticket.current_service == services["visa_extension"]
    assert ticket.items.get().service == services["visa_extension"]
    ticket_call_next(counter=counter1, by=clerk)
    with pytest.raises(ValidationFailed) as err:
        ticket_transfer(ticket=ticket, by=clerk, counter=counter2)  # counter 2 cannot do visas
    assert err.value.code == "halls.transfer_counter"
    ticket_transfer(ticket=ticket, by=clerk, service=services["biometrics"], counter=counter2)
    ticket.refresh_from_db()
    assert ticket.target_counter == counter2
    other = ticket_issue(hall=open_hall, services=[services["biometrics"]])
    assert ticket_call_next(counter=counter1, by=clerk).pk == other.pk  # directed elsewhere
    ticket_complete(ticket=other, by=clerk)
    assert ticket_call_next(counter=counter2, by=clerk).pk == ticket.pk
    with pytest.raises(ValidationFailed):
        ticket_transfer(ticket=ticket, by=clerk)


def test_add_a_service_to_the_visit(open_hall, services, clerk):
    ticket = ticket_issue(hall=open_hall, services=[services["biometrics"]])
    ticket_add_service(ticket=ticket, service=services["visa_extension"], by=clerk)
    with pytest.raises(ValidationFailed):
        ticket_add_service(ticket=ticket, service=services["visa_extension"], by=clerk)
    assert ticket.items.count() == 2


def test_no_show_marks_the_booking(open_hall, services, applicant, clerk, at):
    appointment = appointment_book(
        user=applicant, service_code="biometrics", slot=slot_at(open_hall, services["biometrics"], 10)
    )
    at(local(DAY, 9, 58))
    ticket = appointment_check_in(code=appointment.code, hall=open_hall)
    ticket_call_next(counter=open_hall.counters.get(number=2), by=clerk)
    ticket_no_show(ticket=ticket, by=clerk)
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.NO_SHOW


def test_complete_finishes_the_booking(open_hall, services, applicant, clerk, at):
    appointment = appointment_book(
        user=applicant, service_code="biometrics", slot=slot_at(open_hall, services["biometrics"], 10)
    )
    at(local(DAY, 9, 58))
    ticket = appointment_check_in(code=appointment.code, hall=open_hall)
    ticket_call_next(counter=open_hall.counters.get(number=2), by=clerk)
    ticket_complete(ticket=ticket, by=clerk)
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.COMPLETED and appointment.completed_at is not None


def test_sign_in_and_out(open_hall, clerk, services):
    c1, c2 = open_hall.counters.get(number=1), open_hall.counters.get(number=2)
    counter_sign_in(counter=c1, clerk=clerk)
    counter_sign_in(counter=c2, clerk=clerk)
    c1.refresh_from_db()
    assert c1.clerk is None
    ticket_issue(hall=open_hall, services=[services["biometrics"]])
    ticket_call_next(counter=c2, by=clerk)
    with pytest.raises(Conflict):
        counter_sign_out(counter=c2, clerk=clerk)


def test_wait_estimate_from_queue_and_recent_handling(open_hall, services, clerk, at):
    # history: biometrics takes 20 minutes here lately, not the configured 10
    for i in range(6):
        t = ticket_issue(hall=open_hall, services=[services["biometrics"]])
        TicketService.objects.filter(ticket=t).update(done_at=local(DAY, 9, 20), handling_seconds=1200)
        Ticket.objects.filter(pk=t.pk).update(status=TicketStatus.DONE)
    assert recent_handling_minutes(hall=open_hall)[services["biometrics"].pk] == pytest.approx(20)
    for _i in range(4):
        ticket_issue(hall=open_hall, services=[services["biometrics"]])
    waits = {w.service_code: w for w in hall_waits(hall=open_hall)}
    # both counters do biometrics: 4 × 20 minutes over 2 counters
    assert waits["biometrics"].waiting == 4 and waits["biometrics"].open_counters == 2
    assert waits["biometrics"].minutes == pytest.approx(40)
    # visas: only counter 1, which also carries half of the biometrics work ahead
    assert waits["visa_extension"].minutes == pytest.approx(40)


def test_bookings_due_before_a_walk_in_is_called_count_in_its_wait(hall, services, applicant, make_user, at):
    bio = services["biometrics"]
    soon = appointment_book(user=applicant, service_code="biometrics", slot=slot_at(hall, bio, 10))
    later = appointment_book(user=make_user("applicant"), service_code="biometrics", slot=slot_at(hall, bio, 11))
    assert (soon.start, later.start) == (local(DAY, 10), local(DAY, 11))
    at(local(DAY, 9, 50))
    for _i in range(2):
        ticket_issue(hall=hall, services=[bio])
    waits = {w.service_code: w for w in hall_waits(hall=hall)}
    # two walk-ins ahead (10 minutes each over two counters): called at 10:00; the booking due
    # at 9:55 is called first; the one due at 10:55 comes after the new visitor
    assert waits["biometrics"].waiting == 3
    assert waits["biometrics"].minutes == pytest.approx((3 * 10) / 2)
    # once checked in early, the booking still counts as coming, not as already ahead
    appointment_check_in(code=soon.code, hall=hall)
    waits = {w.service_code: w for w in hall_waits(hall=hall)}
    assert waits["biometrics"].waiting == 3 and waits["biometrics"].minutes == pytest.approx(15)
    # a booked visitor's own estimate adds no bookings: only the two who came before its due time
    booked = Ticket.objects.get(appointment=soon)
    assert QueueSnapshot.build(hall=hall).ticket_wait(booked) == (2, pytest.approx(10))


def test_bookings_due_after_the_walk_in_starts_to_compete_do_not_count(hall, services, make_user, at):
    bio = services["biometrics"]
    for hh, mm in ((10, 0), (10, 30)):
        appointment_book(user=make_user("applicant"), service_code="biometrics", slot=slot_at(hall, bio, hh, mm))
    at(local(DAY, 9, 50))
    for _i in range(8):
        ticket_issue(hall=hall, services=[bio])
    wait = {w.service_code: w for w in hall_waits(hall=hall)}["biometrics"]
    # 8 walk-ins (40 minutes) and the 10:00 booking; the 10:30 one is due at 10:25, after the
    # new visitor has waited the 30 minutes that make them due (ADR 0201)
    assert wait.waiting == 9 and wait.minutes == pytest.approx(9 * 10 / 2)


def test_wait_unknown_when_no_counter_is_open(open_hall, services, at):
    at(local(DAY, 12, 30))
    waits = {w.service_code: w for w in hall_waits(hall=open_hall)}
    assert waits["biometrics"].minutes is None and waits["biometrics"].open_counters == 0


def test_ticket_position(open_hall, services):
    tickets = [ticket_issue(hall=open_hall, services=[services["biometrics"]]) for _i in range(3)]
    snap = QueueSnapshot.build(hall=open_hall)
    assert [snap.ticket_wait(t)[0] for t in tickets] == [0, 1, 2]


def test_board_shows_the_last_called(open_hall, services, clerk, at):
    first = ticket_issue(hall=open_hall, services=[services["biometrics"]])
    second = ticket_issue(hall=open_hall, services=[services["visa_extension"]])
    ticket_call_next(counter=open_hall.counters.get(number=2), by=clerk)
    at(local(DAY, 9, 31))
    ticket_call_next(counter=open_hall.counters.get(number=1), by=clerk)
    lines = board_lines(hall=open_hall)
    assert [(line.number, line.counter) for line in lines] == [(second.number, 1), (first.number, 2)]


def test_visitors_are_told_when_few_are_ahead(open_hall, services, applicant, clerk, at, monkeypatch):
    sent = []
    monkeypatch.setattr(
        "onestop.halls.services.alerts.notify_ticket",
        lambda *, ticket, code, context: sent.append((ticket.number, context["ahead"])),
    )
    open_hall.notify_ahead = 1
    open_hall.save()
    for _i in range(3):
        ticket_issue(hall=open_hall, services=[services["biometrics"]])
    mine = ticket_issue(hall=open_hall, services=[services["biometrics"]], user=applicant)
    assert tickets_notify_ahead(hall=open_hall) == 0
    ticket_call_next(counter=open_hall.counters.get(number=2), by=clerk)
    ticket_call_next(counter=open_hall.counters.get(number=1), by=clerk)
    assert tickets_notify_ahead(hall=open_hall) == 1
    assert sent == [(mine.number, 1)]
    assert tickets_notify_ahead(hall=open_hall) == 0  # only once
    mine.refresh_from_db()
    assert mine.notified_ahead_at is not None
    assert timedelta(0) <= mine.notified_ahead_at - local(DAY, 9, 30)


def test_the_kiosk_points_to_a_quicker_hall_nearby(open_hall, make_hall, services, at):
    from onestop.halls.selectors.queue import quicker_halls

    nearby = make_hall("dongcheng", lat=39.9288, lon=116.4160)  # 2.3 km away, empty
    across = make_hall("haidian", lat=39.9593, lon=116.2982)  # 13 km away, empty
    far = make_hall("fangshan", lat=39.7487, lon=116.1433)  # 34 km away, empty
    here, quicker = quicker_halls(hall=open_hall, service_code="visa_extension")
    assert here == 0 and quicker == []  # nobody waits: nothing to gain
    for _i in range(8):
        ticket_issue(hall=open_hall, services=[services["visa_extension"]])
    here, quicker = quicker_halls(hall=open_hall, service_code="visa_extension")
    assert here == pytest.approx(8 * 15)  # one counter does visas
    assert [q.hall for q in quicker] == [nearby, across]  # within 15 km, nearest (quickest) first
    assert far not in [q.hall for q in quicker]
    assert quicker[0].travel_minutes == pytest.approx(quicker[0].distance_km / 25 * 60)
    # at 16:40 the hall across town (half an hour away) closes before the visitor gets there
    at(local(DAY, 16, 40))
    _here, quicker = quicker_halls(hall=open_hall, service_code="visa_extension")
    assert [q.hall for q in quicker] == [nearby]
