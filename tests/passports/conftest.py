"""Factories for passport tests: trips taken to any state through the trip services (so the
passport listeners run exactly as in production). The organizations, liaison officers, the
Foreign Affairs Office's staff, persons, passports and materials come from tests/conftest.py;
here the passport officer is ``officer``, and persons are men born on ``BIRTH``."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.conftest import BIRTH, give_material


def today() -> date:
    return timezone.localdate()


def future(days: int) -> date:
    return today() + timedelta(days=days)


@pytest.fixture
def person_defaults():
    return {"birth_date": BIRTH, "sex": "M"}


@pytest.fixture
def officer(passport_officer):
    return passport_officer


@pytest.fixture
def make_trip(liaison, reviewer, material_catalogue):
    """A trip of ``liaison``'s organization with ``persons`` as delegation, taken to ``state``
    through the trip services: draft, submitted, in_review, approved, rejected, withdrawn."""
    from onestop.trips import services

    def _make(persons, *, state: str = "approved", start: int = 30, days: int = 5, by=None, country: str = "JP"):
        by = by or liaison
        departs = future(start)
        trip = services.trip_create(
            by=by,
            purpose="Joint research meeting",
            inviter_name="University of Tokyo",
            inviter_country=country,
            departs_on=departs,
            returns_on=departs + timedelta(days=days - 1),
            funding_source="project",
        )
        for index, person in enumerate(persons):
            services.trip_member_add(trip=trip, by=by, person=person, role="leader" if index == 0 else "member")
            give_material(person, "passport_page")
            give_material(person, "photo")
        services.trip_destination_add(
            trip=trip,
            by=by,
            country=country,
            city="Tokyo",
            arrive_on=departs,
            depart_on=departs + timedelta(days=days - 1),
        )
        give_material(persons[0], "invitation_letter", case=trip.case)
        if state == "draft":
            return _fresh(trip)
        if state == "withdrawn":
            services.trip_withdraw(trip=trip, by=by)
            return _fresh(trip)
        services.trip_submit(trip=trip, by=by)
        if state == "submitted":
            return _fresh(trip)
        services.trip_assign(trip=trip, by=reviewer)
        if state == "approved":
            services.trip_approve(trip=trip, by=reviewer)
        elif state == "rejected":
            services.trip_reject(trip=trip, by=reviewer, reason="Not in this year's plan")
        return _fresh(trip)

    return _make


def _fresh(trip):
    from onestop.trips.models import Trip

    return Trip.objects.select_related("case", "organization").get(pk=trip.pk)


def approve(trip, reviewer):
    from onestop.trips import services

    services.trip_approve(trip=trip, by=reviewer)
    return _fresh(trip)
