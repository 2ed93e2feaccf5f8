"""The reads the trips app makes on the passports app: the reservations of its trips (to
hand the booklets out, take them back and inspect the returns), whether any passport exists."""

import pytest

from onestop.passports.selectors import passports_exist, reservations_for_trips
from onestop.passports.services import passport_check_out

pytestmark = pytest.mark.django_db


def test_reservations_for_trips_by_trip_then_in_order_made(make_person, make_passport, make_trip):
    a, b, c = make_person("张伟"), make_person("李娜"), make_person("王芳")
    pa, pb, pc = make_passport(a), make_passport(b), make_passport(c)
    first = make_trip([a, b], start=30)
    second = make_trip([c], start=30)
    ra, rb, rc = (p.reservations.get() for p in (pa, pb, pc))

    rows = list(reservations_for_trips(case_ids=[second.case_id, first.case_id]))
    assert [r.pk for r in rows] == [ra.pk, rb.pk, rc.pk]
    assert [r.trip_case_id for r in rows] == [first.case_id, first.case_id, second.case_id]
    assert [r.pk for r in reservations_for_trips(case_ids=[second.case_id])] == [rc.pk]
    assert not reservations_for_trips(case_ids=[]).exists()


def test_reservations_for_trips_keep_the_status_asked_for(make_person, make_passport, make_trip, officer):
    a, b = make_person("张伟"), make_person("李娜")
    pa, pb = make_passport(a), make_passport(b)
    trip = make_trip([a, b], start=30)
    passport_check_out(text=pa.reveal_number(), by=officer, trip_case_id=trip.case_id)

    out = list(reservations_for_trips(case_ids=[trip.case_id], status="checked_out"))
    reserved = list(reservations_for_trips(case_ids=[trip.case_id], status="active"))
    assert [(r.passport_id, r.status) for r in out] == [(pa.pk, "checked_out")]
    assert [(r.passport_id, r.status) for r in reserved] == [(pb.pk, "active")]
    assert not reservations_for_trips(case_ids=[trip.case_id], status="returned").exists()


def test_reservations_for_trips_come_with_passport_and_holder(
    make_person, make_passport, make_trip, django_assert_num_queries
):
    a, b = make_person("张伟"), make_person("李娜")
    for person in (a, b):
        make_passport(person)
    trip = make_trip([a, b], start=30)
    with django_assert_num_queries(1):
        holders = [
            (r.passport.holder.full_name, r.passport.holder_id) for r in reservations_for_trips(case_ids=[trip.case_id])
        ]
    assert holders == [("张伟", a.pk), ("李娜", b.pk)]


def test_passports_exist_once_one_is_registered(make_person, make_passport):
    assert passports_exist() is False
    make_passport(make_person())
    assert passports_exist() is True
