"""Slots come from staffing × handling time; regeneration is idempotent and never drops bookings."""

from datetime import time, timedelta

from onestop.halls.models import HallClosure, HallService, ServiceDay, Slot, StaffingPlan
from onestop.halls.services import appointment_book, service_day_set, slots_generate, staffing_remove, staffing_set
from onestop.halls.services.slots import slot_plan

from .conftest import DAY, local, slot_at


def test_capacity_follows_counters_and_handling_time(hall, services):
    # counter 1 (comprehensive) splits 30 minutes over the two bookable services (no history:
    # equal shares), counter 2 does biometrics only; biometrics takes 10 minutes, visa 15.
    # Without a forecast of walk-ins bookings may fill the target utilisation (95%) of the time.
    bio = [s.capacity for s in Slot.objects.filter(hall=hall, service=services["biometrics"], start__date=DAY)]
    visa = [s.capacity for s in Slot.objects.filter(hall=hall, service=services["visa_extension"], start__date=DAY)]
    assert len(bio) == 14  # 9-12 and 13-17 in half hours
    # biometrics: (30/2 + 30) × 0.95 / 10 = 4.275 per half hour: fractions carry over
    assert sum(bio) == 59 and set(bio) <= {4, 5}
    # visa: (30/2) × 0.95 / 15 = 0.95 per half hour
    assert sum(visa) == 13 and set(visa) <= {0, 1}
    assert not Slot.objects.filter(service=services["general_enquiry"]).exists()  # not bookable


def test_no_slots_outside_opening_hours_or_without_staff(hall, services):
    starts = {s.start.astimezone(hall.tz).time() for s in Slot.objects.filter(hall=hall, start__date=DAY)}
    assert time(12) not in starts and time(12, 30) not in starts
    StaffingPlan.objects.filter(hall=hall, date=DAY).delete()
    assert slot_plan(hall=hall, day=DAY) == {}


def test_regeneration_is_idempotent(hall):
    before = list(Slot.objects.filter(hall=hall).values_list("pk", "capacity"))
    result = slots_generate(hall=hall, date=DAY)
    assert (result.created, result.updated, result.removed) == (0, 0, 0)
    assert list(Slot.objects.filter(hall=hall).values_list("pk", "capacity")) == before


def test_less_staff_shrinks_slots_but_never_below_bookings(hall, services, applicant, manager, at):
    slot = slot_at(hall, services["biometrics"], 9)
    appointment_book(user=applicant, service_code="biometrics", slot=slot)
    morning = StaffingPlan.objects.filter(hall=hall, date=DAY, opens=time(9))
    for row in morning:
        staffing_remove(row=row, by=manager)
    slot.refresh_from_db()
    assert slot.capacity == slot.booked == 1  # kept for the booked visitor, closed to others
    assert not Slot.objects.filter(hall=hall, start=local(DAY, 9, 30)).exists()  # unbooked ones removed


def test_more_staff_adds_capacity(hall, services, manager):
    counter = hall.counters.get(number=2)
    staffing_set(counter=counter, date=DAY, opens=time(12), closes=time(13), by=manager)
    # the hall is closed 12-13, so opening hours still bound the slots
    assert not Slot.objects.filter(hall=hall, start=local(DAY, 12)).exists()


def test_service_day_scales_and_closes(hall, services, manager):
    hs = HallService.objects.get(hall=hall, service=services["biometrics"])
    service_day_set(hall_service=hs, date=DAY, by=manager, capacity_percent=50)
    halved = Slot.objects.filter(hall=hall, service=services["biometrics"], start__date=DAY)
    assert sum(halved.values_list("capacity", flat=True)) == 29  # 14 × 2.1375
    service_day_set(hall_service=hs, date=DAY, by=manager, closed=True)
    assert not Slot.objects.filter(hall=hall, service=services["biometrics"], start__date=DAY).exists()
    assert ServiceDay.objects.get(hall_service=hs, date=DAY).closed


def test_hall_closure_removes_the_day(hall, services):
    HallClosure.objects.create(hall=hall, date=DAY + timedelta(days=1))
    slots_generate(hall=hall, date=DAY + timedelta(days=1))
    assert not Slot.objects.filter(hall=hall, start__date=DAY + timedelta(days=1)).exists()


def test_forecast_walk_ins_take_their_share_first(hall, services):
    from onestop.halls.models import DemandForecast

    # at 10:00 on Mondays 6 walk-ins an hour bring 60 minutes of work to 120 staffed minutes
    DemandForecast.objects.create(hall=hall, weekday=DAY.weekday(), hour=10, arrivals=6, walkins=6, work_minutes=60)
    slots_generate(hall=hall, date=DAY)
    bio = {s.start: s.capacity for s in Slot.objects.filter(hall=hall, service=services["biometrics"], start__date=DAY)}
    # bookings get 0.95 - 30/60 = 45% of each half hour at ten: 45 × 0.45 / 10 = 2.025
    assert bio[local(DAY, 10)] + bio[local(DAY, 10, 30)] in (4, 5)
    assert bio[local(DAY, 10)] + bio[local(DAY, 10, 30)] < bio[local(DAY, 14)] + bio[local(DAY, 14, 30)]
    assert bio[local(DAY, 14)] >= 3  # other hours keep the full share


def test_bookings_keep_a_floor_however_busy_the_forecast(hall, services):
    from onestop.halls.models import DemandForecast

    DemandForecast.objects.create(hall=hall, weekday=DAY.weekday(), hour=9, arrivals=60, walkins=60, work_minutes=600)
    slots_generate(hall=hall, date=DAY)
    at_nine = {
        s.start: s.capacity
        for s in Slot.objects.filter(hall=hall, service=services["biometrics"], start__lt=local(DAY, 10))
    }
    # 45 × 0.2 / 10 = 0.9 per half hour: nothing at 9:00, the carried fraction makes one at 9:30
    assert at_nine == {local(DAY, 9, 30): 1}
