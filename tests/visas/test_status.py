"""The "ready" answer the trip's one-visit collection asks for, and the lines behind it;
refreshing an application from the passport registry."""

from datetime import timedelta

import pytest

from onestop.visas import selectors, services
from onestop.visas.models import VisaApplication

from .conftest import ORD, SVC, applications_of

pytestmark = pytest.mark.django_db


def _issue(application, officer, **kwargs):
    values = {
        "number": f"V{application.pk:08d}",
        "valid_from": application.arrive_on,
        "valid_until": application.depart_on,
    }
    values.update(kwargs)
    return services.visa_application_issue(application=application, by=officer, **values)


def test_lines_per_traveller_and_destination(trip_factory, table):
    trip = trip_factory(
        stops=(("JP", "Tokyo", 0, 2), ("SG", "Singapore", 3, 4), ("NZ", "Auckland", 5, 6)), passports=(ORD, SVC)
    )
    lines = selectors.visa_status_for_trip(trip_case=trip.case)
    leader, member = [m.person for m in trip.members.all()]
    got = {(line.person_id, line.country): (line.requirement, line.state, line.ready) for line in lines}
    assert got == {
        (leader.pk, "JP"): ("embassy_visa", "prepared", False),
        (leader.pk, "SG"): ("visa_free", "not_needed", True),
        (leader.pk, "NZ"): ("unknown", "to_check", False),
        (member.pk, "JP"): ("visa_free", "not_needed", True),
        (member.pk, "SG"): ("unknown", "to_check", False),  # no SG row for service passports in the test table
        (member.pk, "NZ"): ("unknown", "to_check", False),
    }
    assert [line.person_id for line in lines][:3] == [leader.pk] * 3  # leader first, itinerary order
    assert not selectors.visas_ready_for_trip(trip_case=trip.case)


def test_before_approval_lines_wait_for_it(trip_factory, table):
    trip = trip_factory(state="in_review", passports=(ORD,))
    [line] = selectors.visa_status_for_trip(trip_case=trip.case)
    assert (line.state, line.ready, line.application_id) == ("awaiting_approval", False, None)


def test_visa_free_trip_is_ready_at_once(trip_factory, table):
    trip = trip_factory(stops=(("SG", "Singapore", 0, 2),), passports=(ORD, ORD))
    assert selectors.visas_ready_for_trip(trip_case=trip.case)


def test_ready_once_every_needed_visa_is_issued_and_covers_the_stay(submitted, officer):
    trip, _batch, applications = submitted()
    _issue(applications[0], officer)
    assert not selectors.visas_ready_for_trip(trip_case=trip.case)
    _issue(applications[1], officer, valid_until=applications[1].depart_on - timedelta(days=1))
    lines = {line.application_id: line for line in selectors.visa_status_for_trip(trip_case=trip.case)}
    assert lines[applications[0].pk].ready and lines[applications[0].pk].state == "issued"
    short = lines[applications[1].pk]
    assert short.state == "issued" and not short.ready  # it does not cover the last day
    assert not selectors.visas_ready_for_trip(trip_case=trip.case)


def test_refused_keeps_the_trip_not_ready(submitted, officer):
    trip, _batch, applications = submitted()
    _issue(applications[0], officer)
    services.visa_application_refuse(application=applications[1], by=officer, reason="Refused")
    states = sorted(line.state for line in selectors.visa_status_for_trip(trip_case=trip.case))
    assert states == ["issued", "refused"]
    assert not selectors.visas_ready_for_trip(trip_case=trip.case)


def test_refresh_links_a_passport_issued_after_approval(trip_factory, table, officer, passport_officer, liaison):
    from onestop.passports.models import PassportApplication
    from onestop.passports.services import application_issue

    trip = trip_factory(passports=(ORD, None))
    waiting = next(a for a in applications_of(trip) if a.passport is None)
    passport_application = PassportApplication.objects.get(person=waiting.person, case__parent=trip.case)
    # The liaison officer completes and files it; the passport office processes it.
    from onestop.passports import services as passports

    from .conftest import give_material

    give_material(waiting.person, "id_card")
    passports.application_update(
        application=passport_application, by=liaison, place_of_birth="Beijing", contact_phone="+86 10 1234 5678"
    )
    passports.application_act(application=passport_application, name="submit", by=liaison)
    passports.application_act(application=passport_application, name="accept", by=passport_officer)
    passports.application_act(application=passport_application, name="prepare", by=passport_officer)
    passport = application_issue(
        application=passport_application, by=passport_officer, number="E77700011",
        expires_on=trip.returns_on + timedelta(days=3650),
    )  # fmt: skip
    services.visa_application_refresh(application=waiting, by=officer)
    waiting.refresh_from_db()
    assert waiting.passport == passport
    assert waiting.data["passport"]["number_masked"] == passport.number_masked
    assert selectors.application_problems(application=waiting) == []


def test_refresh_withdraws_an_application_no_longer_needed(trip_factory, table, officer, make_passport):
    trip = trip_factory(passports=(ORD, None))
    waiting = next(a for a in applications_of(trip) if a.passport is None)
    # The traveller turns out to hold a service passport, reserved for the trip now.
    from onestop.passports.services import reserve_traveller
    from onestop.passports.trips_link import trip_facts

    make_passport(waiting.person, type=SVC)
    reserve_traveller(facts=trip_facts(case_id=trip.case_id), person=waiting.person, by=officer)
    services.visa_application_refresh(application=waiting, by=officer)
    waiting.refresh_from_db()
    assert waiting.case.state == "withdrawn" and waiting.passport_type == SVC
    line = next(
        line for line in selectors.visa_status_for_trip(trip_case=trip.case) if line.person_id == waiting.person_id
    )
    assert (line.state, line.ready) == ("not_needed", True)


def test_refresh_is_only_for_prepared_applications(submitted, officer):
    from onestop.core.errors import Conflict

    application = submitted()[2][0]
    with pytest.raises(Conflict):
        services.visa_application_refresh(application=application, by=officer)


def test_the_officer_prepares_what_a_new_table_entry_asks_for(trip_factory, table, officer):
    from .conftest import set_requirement

    trip = trip_factory(stops=(("NZ", "Wellington", 0, 3),), passports=(ORD,))
    assert applications_of(trip) == []
    set_requirement("NZ", ORD, "e_visa", processing=20)
    created = services.visas_prepare_for_trip(trip_case=trip.case, by=officer, record_notes=False)
    assert [a.country for a in created] == ["NZ"]
    [line] = selectors.visa_status_for_trip(trip_case=trip.case)
    assert line.state == "prepared" and line.requirement == "e_visa"
    assert VisaApplication.objects.filter(trip_case=trip.case).count() == 1
