"""Forecast from history, predicted waits, and recommendations that steer to quieter halls."""

import math
from datetime import timedelta

import pytest

from onestop.core.errors import ValidationFailed
from onestop.halls.models import DemandForecast, HallClosure, ServiceDay, Slot, Ticket, TicketService
from onestop.halls.queueing import erlang_c_mean_wait, erlang_c_probability, predicted_wait
from onestop.halls.selectors import slot_recommend
from onestop.halls.selectors.recommend import distance_km, recommend_slots
from onestop.halls.services import appointment_book, forecast_refresh

from .conftest import DAY, local


def add_history(hall, service, day, hour, count, *, booked=0):
    tickets = Ticket.objects.bulk_create(
        [
            Ticket(
                hall=hall,
                day=day,
                prefix=service.prefix,
                seq=1000 + hour * 100 + i,
                number=f"X{i}",
                current_service=service,
                status="done",
                issued_at=local(day, hour, i % 60),
            )
            for i in range(count)
        ]
    )
    TicketService.objects.bulk_create([TicketService(ticket=t, service=service) for t in tickets])
    if booked:
        from onestop.halls.models import Appointment, Slot

        slot = Slot.objects.create(
            hall=hall, service=service, start=local(day, hour), end=local(day, hour, 30), capacity=booked, booked=booked
        )
        for i, t in enumerate(tickets[:booked]):
            a = Appointment.objects.create(
                code=f"H{day:%m%d}{hour}{i:02d}"[:12],
                slot=slot,
                hall=hall,
                service=service,
                start=slot.start,
                end=slot.end,
            )
            Ticket.objects.filter(pk=t.pk).update(appointment=a, booked_start=slot.start)


def test_forecast_is_an_exponentially_smoothed_average(hall, services):
    bio = services["biometrics"]
    for weeks_ago, count in ((4, 10), (3, 10), (2, 10), (1, 20)):
        add_history(hall, bio, DAY - timedelta(weeks=weeks_ago), 10, count, booked=2 if weeks_ago == 1 else 0)
    forecast_refresh(hall=hall, weeks=4, alpha=0.5, today=DAY)
    cell = DemandForecast.objects.get(hall=hall, weekday=DAY.weekday(), hour=10)
    assert cell.arrivals == pytest.approx(15)  # 10, 10, 10, then 0.5 × 20 + 0.5 × 10
    assert cell.walkins == pytest.approx(14)  # the last week had 2 booked visitors
    assert cell.work_minutes == pytest.approx(150)  # 10 minutes each (no handling recorded)
    assert not DemandForecast.objects.filter(hall=hall, hour=11).exists()


def test_a_cell_is_pulled_toward_the_hall_shape_of_the_day(hall, services):
    bio = services["biometrics"]
    tuesday = DAY + timedelta(days=1)
    for weeks_ago in (4, 3, 2, 1):
        for day in (DAY, tuesday):
            for hour in (10, 11):
                spike = day == DAY and hour == 11 and weeks_ago == 1
                add_history(hall, bio, day - timedelta(weeks=weeks_ago), hour, 30 if spike else 10)
    forecast_refresh(hall=hall, weeks=4, alpha=0.5, today=DAY)
    monday = {f.hour: f.arrivals for f in DemandForecast.objects.filter(hall=hall, weekday=DAY.weekday())}
    # own averages: 10 at ten, 20 at eleven (the spike); the day's level 30 spread by the shape
    # of all days (80 arrivals at ten, 100 at eleven), blended half and half with the own ones
    assert monday[10] == pytest.approx(0.5 * 30 * 80 / 180 + 0.5 * 10)
    assert monday[11] == pytest.approx(0.5 * 30 * 100 / 180 + 0.5 * 20)
    assert sum(monday.values()) == pytest.approx(30)  # the day's level is kept
    tues = {f.hour: f.arrivals for f in DemandForecast.objects.filter(hall=hall, weekday=tuesday.weekday())}
    assert tues[10] < tues[11] and sum(tues.values()) == pytest.approx(20)


def test_closed_days_are_skipped_not_counted_as_zero(hall, services):
    bio = services["biometrics"]
    for weeks_ago in (3, 1):
        add_history(hall, bio, DAY - timedelta(weeks=weeks_ago), 9, 12)
    HallClosure.objects.create(hall=hall, date=DAY - timedelta(weeks=2))
    forecast_refresh(hall=hall, weeks=3, alpha=0.5, today=DAY)
    assert DemandForecast.objects.get(hall=hall, weekday=0, hour=9).arrivals == pytest.approx(12)


def test_forecast_rejects_a_bad_smoothing_factor(hall):
    with pytest.raises(ValueError):
        forecast_refresh(hall=hall, alpha=0)


def test_erlang_c_against_known_values():
    # 2 servers, 1 Erlang offered: P(wait) = 1/3
    assert erlang_c_probability(2, 1.0) == pytest.approx(1 / 3)
    # M/M/1 with rho 0.5: Wq = rho / (mu - lambda) = 0.5 / 0.5 = 1 time unit
    assert erlang_c_mean_wait(1, 0.5, 1.0) == pytest.approx(1.0)
    assert math.isinf(erlang_c_mean_wait(1, 1.0, 1.0))
    assert predicted_wait(0, 5, 10) == math.inf
    assert predicted_wait(2, 0, 10) == 0
    light, heavy, saturated = predicted_wait(3, 6, 10), predicted_wait(3, 16, 10), predicted_wait(3, 30, 10)
    assert light < heavy < saturated and math.isfinite(saturated)


def test_distance():
    assert distance_km((39.92, 116.44), (39.92, 116.44)) == 0
    assert distance_km((39.9219, 116.4436), (39.9097, 116.6566)) == pytest.approx(18.2, abs=0.5)


@pytest.fixture
def two_halls(hall, make_hall, services):
    suburban = make_hall("tongzhou", area="suburban", lat=39.9097, lon=116.6566)
    # the urban hall has been crowded every Monday and Tuesday hour
    bio = services["biometrics"]
    for weeks_ago in (1, 2):
        for offset in (0, 1, 2):
            for hour in (9, 10, 11, 13, 14, 15, 16):
                add_history(hall, bio, DAY + timedelta(days=offset) - timedelta(weeks=weeks_ago), hour, 16)
    forecast_refresh(weeks=2, today=DAY)
    return hall, suburban


def test_the_proposal_is_the_quieter_hall_even_if_further(two_halls):
    urban, suburban = two_halls
    recs = slot_recommend(service_code="biometrics", near=(urban.latitude, urban.longitude))
    assert recs[0].hall == suburban
    assert recs[0].predicted_wait_min < min(r.predicted_wait_min for r in recs if r.hall == urban)
    assert "short_wait" in recs[0].reasons
    assert {r.hall for r in recs} == {urban, suburban}  # the alternatives show the other hall too


def test_distance_decides_between_equally_quiet_halls(hall, make_hall):
    far = make_hall("fangshan", area="suburban", lat=39.7487, lon=116.1433)
    near_far = slot_recommend(service_code="biometrics", near=(far.latitude, far.longitude), limit=2)
    assert near_far[0].hall == far and near_far[0].distance_km < 1
    near_urban = slot_recommend(service_code="biometrics", near=(hall.latitude, hall.longitude), limit=2)
    assert near_urban[0].hall == hall


def test_without_location_the_soonest_quiet_slot_wins(hall):
    recs = slot_recommend(service_code="biometrics")
    assert recs[0].start == local(DAY, 9)  # 8:00 now, 30 minutes notice: 9:00 is the first
    assert recs[0].distance_km is None


def test_the_proposal_stays_near_the_wished_time(hall, services):
    bio = services["biometrics"]
    wished = local(DAY + timedelta(days=1), 14, 10)
    recs = recommend_slots(service=bio, wished=wished, limit=3)
    assert recs[0].start == local(DAY + timedelta(days=1), 14)  # the slot holding the wished time
    assert recs[0].shift_min == pytest.approx(10)
    assert recommend_slots(service=bio, limit=1)[0].start == local(DAY, 9)  # without it: the soonest


def test_the_cost_adds_the_way_there_and_the_time_away_from_the_wish():
    from types import SimpleNamespace

    from onestop.halls.selectors.recommend import KM_COST_MINUTES, SHIFT_MINUTES_PER_HOUR, Recommendation

    def rec(pk, wait, km, shift):
        start = local(DAY, 10)
        hall = SimpleNamespace(pk=pk)
        return Recommendation(None, hall, None, start, start, wait, km, 1, shift_min=shift)

    far_quiet, near_busier = rec(1, 2.0, 20.0, 0.0), rec(2, 8.0, 1.0, 0.0)
    assert far_quiet.cost_min == pytest.approx(2 + 20 * KM_COST_MINUTES)
    assert near_busier.cost_min == pytest.approx(8 + 1 * KM_COST_MINUTES)
    assert sorted([far_quiet, near_busier], key=lambda r: r.rank_key)[0] is near_busier
    later = rec(3, 0.0, 1.0, 90.0)
    assert later.cost_min == pytest.approx(1.5 * SHIFT_MINUTES_PER_HOUR + KM_COST_MINUTES)


def test_a_crowded_wished_hour_moves_the_proposal_an_hour_not_a_day(hall, services):
    bio = services["biometrics"]
    # Mondays at ten are swamped by walk-ins: 30 an hour for two counters
    DemandForecast.objects.create(hall=hall, weekday=DAY.weekday(), hour=10, arrivals=30, walkins=30, work_minutes=300)
    wished = local(DAY, 10, 15)
    recs = recommend_slots(service=bio, wished=wished, limit=5)
    assert recs[0].start.astimezone(hall.tz).hour in (9, 11) and recs[0].start.date() == DAY
    at_ten = [r for r in recs if r.start.astimezone(hall.tz).hour == 10]
    assert all(r.cost_min > recs[0].cost_min for r in at_ten)


def test_bookings_raise_the_predicted_wait_of_their_hour(hall, services, make_user):
    first = recommend_slots(service=services["biometrics"], limit=1)[0]
    for _i in range(first.slot.capacity):
        appointment_book(user=make_user("applicant"), service_code="biometrics", slot=first.slot)
    again = recommend_slots(service=services["biometrics"], limit=30)
    assert first.slot.pk not in {r.slot.pk for r in again}  # full slots are not offered
    same_hour = [r for r in again if r.start.astimezone(hall.tz).hour == 9]
    assert same_hour and same_hour[0].predicted_wait_min > first.predicted_wait_min


def test_a_booking_weighs_by_its_own_handling_time(hall, services, make_user):
    from onestop.halls.selectors.recommend import Outlook

    for hour, code in ((10, "visa_extension"), (11, "biometrics")):
        slot = Slot.objects.filter(
            hall=hall,
            service=services[code],
            start__gte=local(DAY, hour),
            start__lt=local(DAY, hour + 1),
            capacity__gt=0,
        ).first()
        appointment_book(user=make_user("applicant"), service_code=code, slot=slot)
    outlook = Outlook(halls=[hall], first=DAY, last=DAY, default_minutes=12)  # the planning view's
    # a 15-minute visit at ten, a 10-minute one at eleven, nothing at two
    assert outlook.booked[(hall.pk, DAY, 10)] == 15 and outlook.booked[(hall.pk, DAY, 11)] == 10
    assert outlook.wait(hall.pk, DAY, 10) > outlook.wait(hall.pk, DAY, 11) > outlook.wait(hall.pk, DAY, 14) == 0
    # the planning view predicts the same
    from onestop.halls.selectors.dashboard import day_plan

    plan = {row.hour: row for row in day_plan(hall=hall, day=DAY)}
    assert plan[10].wait == pytest.approx(outlook.wait(hall.pk, DAY, 10))
    assert plan[10].utilisation == pytest.approx(15 / (plan[10].counters * 60))


def test_closed_service_days_are_not_proposed(hall, services):
    from onestop.halls.models import HallService

    ServiceDay.objects.create(
        hall_service=HallService.objects.get(hall=hall, service=services["biometrics"]), date=DAY, closed=True
    )
    recs = recommend_slots(service=services["biometrics"], limit=50)
    assert recs and all(r.start.astimezone(hall.tz).date() != DAY for r in recs)


def test_slot_recommend_validates_its_input(hall):
    with pytest.raises(ValidationFailed):
        slot_recommend(service_code="nothing")
    with pytest.raises(ValidationFailed) as err:
        slot_recommend(service_code="biometrics", near=(120.0, 10.0))
    assert err.value.code == "halls.location"
    assert len(slot_recommend(service_code="biometrics", limit=3)) == 3
    assert slot_recommend(service_code="biometrics", limit=0) == []


def test_alternatives_keep_a_place_for_another_day_when_many_halls_are_free(make_hall, services, at):
    from onestop.halls.selectors.recommend import recommend_slots

    at(local(DAY, 8, 0))
    for i, code in enumerate(("a-hall", "b-hall", "c-hall", "d-hall", "e-hall", "f-hall")):
        make_hall(code, lat=39.9 + i / 100, days=3)
    recs = recommend_slots(service=services["biometrics"], limit=5)
    days = [r.start.astimezone(r.hall.tz).date() for r in recs]
    assert len(recs) == 5
    assert len({r.hall.pk for r in recs[:4]}) == 4  # the proposal and three other halls
    assert any(day != days[0] for day in days[1:])  # and a quieter day to choose
    assert recommend_slots(service=services["biometrics"], limit=1) == recs[:1]
