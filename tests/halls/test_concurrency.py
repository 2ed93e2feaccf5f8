"""Scarce things under contention, on PostgreSQL: slot places, ticket numbers, the next visitor."""

import threading

import pytest
from django.db import connection

from onestop.core.errors import Conflict
from onestop.halls import clock
from onestop.halls.models import Appointment, Slot, Ticket
from onestop.halls.services import appointment_book, ticket_call_next, ticket_issue

from .conftest import DAY, local, slot_at

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_threads(target, args_list):
    start = threading.Barrier(len(args_list))
    results, errors = [], []

    def worker(*args):
        clock.set_now(local(DAY, 9, 30))
        try:
            start.wait()
            results.append(target(*args))
        except Exception as exc:  # collected and asserted on below
            errors.append(exc)
        finally:
            clock.set_now(None)
            connection.close()

    threads = [threading.Thread(target=worker, args=args) for args in args_list]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors


def test_a_slot_is_never_double_booked(make_hall, services, make_user, at):
    hall = make_hall("chaoyang", days=1)
    slot = slot_at(hall, services["biometrics"], 14)
    Slot.objects.filter(pk=slot.pk).update(capacity=5)
    users = [make_user("applicant") for _i in range(24)]
    results, errors = run_threads(
        lambda user: appointment_book(user=user, service_code="biometrics", slot=slot), [(u,) for u in users]
    )
    assert len(results) == 5
    assert len(errors) == 19 and all(isinstance(e, Conflict) and e.code == "halls.slot_full" for e in errors)
    slot.refresh_from_db()
    assert slot.booked == 5 == Appointment.objects.filter(slot=slot).count()


def test_one_person_cannot_race_past_the_limit(make_hall, services, make_user, at):
    hall = make_hall("chaoyang", days=1)
    user = make_user("applicant")
    slots = [slot_at(hall, services["biometrics"], h) for h in (10, 11, 13, 14, 15, 16)]
    results, errors = run_threads(
        lambda s: appointment_book(user=user, service_code="biometrics", slot=s), [(s,) for s in slots]
    )
    assert len(results) == 2  # the default limit
    assert all(isinstance(e, Conflict) and e.code == "halls.limit" for e in errors)


def test_ticket_numbers_are_unique_and_gapless(make_hall, services, at):
    hall = make_hall("chaoyang", days=1)
    results, errors = run_threads(lambda: ticket_issue(hall=hall, services=[services["biometrics"]]), [()] * 16)
    assert errors == []
    numbers = sorted(Ticket.objects.filter(hall=hall).values_list("seq", flat=True))
    assert numbers == list(range(1, 17))


def test_two_counters_never_call_the_same_visitor(make_hall, services, make_user, at):
    hall = make_hall("chaoyang", days=1, counters=[(n, True, ()) for n in range(1, 7)])
    at(local(DAY, 9, 30))
    for _i in range(4):
        ticket_issue(hall=hall, services=[services["biometrics"]])
    clerk = make_user("counter_clerk")
    counters = list(hall.counters.all())
    results, errors = run_threads(lambda c: ticket_call_next(counter=c, by=clerk), [(c,) for c in counters])
    assert errors == []
    called = [t.pk for t in results if t is not None]
    assert len(called) == len(set(called)) == 4
    assert results.count(None) == 2
