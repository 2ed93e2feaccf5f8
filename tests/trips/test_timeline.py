"""The trip's one timeline: the trip's own lines and its visa (and passport application)
cases' lines in time order, each child line saying whom it is about."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from onestop.trips.selectors.timeline import trip_timeline

pytestmark = pytest.mark.django_db


def test_child_lines_name_the_traveller_and_destination(after_trip, login, liaison):
    trip = after_trip("collected", country="JP")
    names = sorted(m.person.full_name for m in trip.members.all())
    with translation.override("en"):
        lines = trip_timeline(trip=trip)
    issued = [line for line in lines if line.text.startswith("The visa was issued")]
    assert sorted(line.about for line in issued) == [f"{name} · Japan" for name in names]
    own = [line for line in lines if line.text.startswith("The trip was approved")]
    assert len(own) == 1 and own[0].about == ""
    assert [line.at for line in lines] == sorted(line.at for line in lines)

    body = login(liaison).get(reverse("trips:detail", args=[trip.pk]) + "?lang=zh-hans").content.decode()
    for name in names:
        assert f'<span class="tl-about">{name} · 日本</span>' in body


def test_a_trip_without_child_cases_shows_its_own_lines(trip_in_state):
    trip = trip_in_state("submitted")
    lines = trip_timeline(trip=trip)
    assert lines and all(line.about == "" for line in lines)
