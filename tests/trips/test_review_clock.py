"""The review deadline and the reviewers' queue belong to the review: a trip in review shows
its deadline (page, list card, API) and waits in the queue; once approved the trip stays open
for its passports, visas, collection and report, but it shows no review deadline, on time or
late, and leaves the reviewers' work queue."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from onestop.cases.models import Case
from onestop.trips.selectors import trip_review_sla

pytestmark = pytest.mark.django_db

DUE_LINE = "Review due by"


def _make_late(trip) -> None:
    Case.objects.filter(pk=trip.case_id).update(due_at=timezone.now() - timedelta(days=3))


def test_a_trip_in_review_shows_its_review_deadline(login, liaison, trip_in_state):
    trip = trip_in_state("in_review")
    _make_late(trip)
    trip.case.refresh_from_db()
    assert trip_review_sla(case=trip.case) == "breached"
    client = login(liaison)
    detail = client.get(reverse("trips:detail", args=[trip.pk]) + "?lang=en").content.decode()
    assert DUE_LINE in detail and 'class="badge breached"' in detail
    api = client.get(f"/api/v1/trips/{trip.pk}/").json()
    assert api["sla"] == "breached"


def test_an_approved_trip_shows_no_review_deadline(login, liaison, trip_in_state):
    trip = trip_in_state("approved")
    _make_late(trip)  # the kernel keeps the old deadline on the open case
    trip.case.refresh_from_db()
    assert trip.case.is_open and trip.case.due_at is not None
    assert trip_review_sla(case=trip.case) == "none"
    client = login(liaison)
    detail = client.get(reverse("trips:detail", args=[trip.pk]) + "?lang=en").content.decode()
    assert DUE_LINE not in detail and 'class="badge breached"' not in detail
    dashboard = client.get(reverse("trips:dashboard") + "?lang=en").content.decode()
    assert trip.case.number in dashboard
    card = dashboard.split(trip.case.number, 1)[1].split("</li>", 1)[0]
    assert "Review due" not in card and "breached" not in card
    assert client.get(f"/api/v1/trips/{trip.pk}/").json()["sla"] == "none"


def test_an_approved_trip_leaves_the_reviewers_work_queue(login, reviewer, trip_in_state):
    waiting = trip_in_state("in_review")
    approved = trip_in_state("approved")
    approved.case.refresh_from_db()
    assert approved.case.queue == "" and approved.case.is_open
    body = login(reviewer).get(reverse("trips:queue")).content.decode()
    assert waiting.case.number in body and approved.case.number not in body
    # the case page still opens for the reviewer, who may cancel the trip from there
    assert login(reviewer).get(reverse("trips:detail", args=[approved.pk])).status_code == 200
