"""A small hall world on a fixed Monday, built with the real services."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from onestop.halls import clock
from onestop.halls.models import Counter, Hall, HallService, OpeningHours, PriorityGroup, Service, Slot, StaffingPlan

TZ = ZoneInfo("Asia/Shanghai")
DAY = date(2026, 3, 2)  # a Monday and a working day
NOW = datetime(2026, 3, 2, 8, 0, tzinfo=TZ)


def local(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime.combine(day, time(hh, mm), tzinfo=TZ)


@pytest.fixture
def at():
    """``at(moment)`` sets the halls' clock; it is released after the test."""

    def _set(moment: datetime) -> datetime:
        clock.set_now(moment)
        return moment

    _set(NOW)
    yield _set
    clock.set_now(None)


@pytest.fixture
def services(db):
    return {
        "biometrics": Service.objects.create(
            code="biometrics",
            name="Biometrics",
            prefix="B",
            handling_minutes=10,
            names={"en": "Biometrics", "zh-hans": "采集指纹"},
        ),
        "visa_extension": Service.objects.create(
            code="visa_extension",
            name="Visa extension",
            prefix="V",
            handling_minutes=15,
            names={"en": "Visa extension"},
        ),
        "general_enquiry": Service.objects.create(
            code="general_enquiry", name="Questions", prefix="E", handling_minutes=5, bookable=False
        ),
    }


@pytest.fixture
def hall_org(make_org):
    return make_org("Exit-Entry Bureau", code="eeb")


@pytest.fixture
def make_hall(db, services, hall_org):
    def _make(
        code: str,
        *,
        area: str = "urban",
        lat: float = 39.92,
        lon: float = 116.44,
        org=None,
        counters=((1, True, ()), (2, False, ("biometrics",))),
        days: int = 3,
        share: int = 100,
        hours=((9, 12), (13, 17)),
    ) -> Hall:
        hall = Hall.objects.create(
            code=code,
            name=code.title(),
            names={"en": f"{code.title()} Hall"},
            district=code,
            area=area,
            latitude=lat,
            longitude=lon,
            organization=org or hall_org,
        )
        for weekday in range(7):
            for opens, closes in hours:
                OpeningHours.objects.create(hall=hall, weekday=weekday, opens=time(opens), closes=time(closes))
        for svc in services.values():
            HallService.objects.create(hall=hall, service=svc, booking_share=share)
        for number, comprehensive, codes in counters:
            counter = Counter.objects.create(hall=hall, number=number, comprehensive=comprehensive)
            counter.services.set([services[c] for c in codes])
        for offset in range(days):
            day = DAY + timedelta(days=offset)
            for counter in hall.counters.all():
                for opens, closes in hours:
                    StaffingPlan.objects.create(
                        hall=hall, counter=counter, date=day, opens=time(opens), closes=time(closes)
                    )
        from onestop.halls.services import slots_generate_range

        slots_generate_range(hall=hall, first=DAY, days=days)
        return hall

    return _make


@pytest.fixture
def hall(make_hall, at):
    return make_hall("chaoyang")


@pytest.fixture
def clerk(make_user, hall_org):
    return make_user("counter_clerk", org=hall_org)


@pytest.fixture
def manager(make_user, hall_org):
    return make_user("hall_manager", org=hall_org)


@pytest.fixture
def applicant(make_user):
    return make_user("applicant")


@pytest.fixture
def elderly(db):
    return PriorityGroup.objects.create(
        code="elderly", name="Elderly", names={"en": "Older people"}, head_start_minutes=20
    )


def slot_at(hall: Hall, service: Service, hh: int, mm: int = 0, day: date = DAY) -> Slot:
    return Slot.objects.get(hall=hall, service=service, start=local(day, hh, mm))
