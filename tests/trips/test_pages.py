"""Trip pages: the dashboard, the step-by-step form, the FAO queue, the case page; who sees
what; and list pages whose query count does not grow with the number of trips."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from onestop.trips.bulk import trips_bulk_create
from onestop.trips.models import Trip

from .conftest import future

# More open trips than a real city has, so short lists still fill the FAO queue.
BUSY_MIX = (("draft", 0.2), ("submitted", 0.3), ("in_review", 0.2), ("correction_requested", 0.1), ("approved", 0.2))


def _bulk(n, org, make_person, reviewers=(), seed=2026):
    persons = [make_person(organization=org) for _ in range(4)]
    trips_bulk_create(n=n, organizations=[org], persons=persons, reviewers=reviewers, seed=seed, state_mix=BUSY_MIX)


def test_dashboard_lists_only_the_organizations_trips(
    login, liaison, draft_trip, other_liaison, make_person, other_org
):
    mine = draft_trip()
    theirs = draft_trip(by=other_liaison)
    page = login(liaison).get(reverse("trips:dashboard"))
    assert page.status_code == 200
    body = page.content.decode()
    assert mine.case.number in body and theirs.case.number not in body
    assert "Tokyo" in body


def test_dashboard_filters_by_state_and_search(login, liaison, trip_in_state):
    draft = trip_in_state("draft", purpose="Robotics fair")
    submitted = trip_in_state("submitted", purpose="Climate summit")
    client = login(liaison)
    body = client.get(reverse("trips:dashboard"), {"state": "submitted"}).content.decode()
    assert submitted.case.number in body and draft.case.number not in body
    body = client.get(reverse("trips:dashboard"), {"q": "robotics"}).content.decode()
    assert draft.case.number in body and submitted.case.number not in body
    body = client.get(reverse("trips:dashboard"), {"q": submitted.case.number}).content.decode()
    assert submitted.case.number in body and draft.case.number not in body


def test_dashboard_paginates(login, liaison, org, make_person):
    _bulk(30, org, make_person)
    client = login(liaison)
    first = client.get(reverse("trips:dashboard")).content.decode()
    second = client.get(reverse("trips:dashboard"), {"page": 2}).content.decode()
    numbers = lambda html: set(re.findall(r"TRP-\d{4}-\d{6}", html))  # noqa: E731
    assert len(numbers(first)) == 25 and len(numbers(second)) == 5
    assert not numbers(first) & numbers(second)
    assert 'rel="next"' in first


def _own_queries(queries) -> list[str]:
    """Queries that read trips or their cases (the page's own work, not the shared header and
    session)."""
    return [q["sql"] for q in queries if '"trips_' in q["sql"] or 'FROM "cases_case"' in q["sql"]]


# The list's own queries: count (the queue counts its cases alone), page of trips (with case,
# organization, reviewer joined), destinations, leaders with their persons. The rest is the
# shared page chrome (session, user, roles, header).
OWN_QUERIES = 4


@pytest.mark.parametrize(
    ("url_name", "role"),
    [("trips:dashboard", "liaison"), ("trips:queue", "reviewer")],
)
def test_list_query_count_is_the_same_at_10_and_50_rows(
    url_name, role, request, login, org, make_person, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = request.getfixturevalue(role)
    persons = [make_person(organization=org) for _ in range(4)]
    trips_bulk_create(
        n=10, organizations=[org], persons=persons, reviewers=[request.getfixturevalue("reviewer")], state_mix=BUSY_MIX
    )
    client = login(user)
    client.get(reverse(url_name))  # warm the session
    with CaptureQueriesContext(connection) as at_10:
        response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert len(_own_queries(at_10.captured_queries)) == OWN_QUERIES
    pinned = len(at_10.captured_queries)
    shown_at_10 = response.content.decode().count('<li class="card">')

    trips_bulk_create(
        n=40,
        organizations=[org],
        persons=persons,
        reviewers=[request.getfixturevalue("reviewer")],
        seed=7,
        state_mix=BUSY_MIX,
    )
    with django_assert_num_queries(pinned):
        response = client.get(reverse(url_name))
    assert response.status_code == 200
    shown = response.content.decode().count('<li class="card">')
    if url_name == "trips:dashboard":
        assert shown == 25
    else:
        waiting = Trip.objects.filter(case__queue="fao_reviewer", case__is_open=True).count()
        assert shown == min(waiting, 25) and shown > shown_at_10


def test_queue_filters(login, reviewer, trip_in_state):
    waiting = trip_in_state("submitted")
    mine = trip_in_state("in_review")
    sent_back = trip_in_state("correction_requested")
    client = login(reviewer)
    body = client.get(reverse("trips:queue")).content.decode()
    assert waiting.case.number in body and mine.case.number in body and sent_back.case.number not in body
    body = client.get(reverse("trips:queue"), {"assigned": "me"}).content.decode()
    assert mine.case.number in body and waiting.case.number not in body
    body = client.get(reverse("trips:queue"), {"assigned": "none"}).content.decode()
    assert waiting.case.number in body and mine.case.number not in body
    body = client.get(reverse("trips:queue"), {"state": "correction_requested"}).content.decode()
    assert sent_back.case.number in body and waiting.case.number not in body


def test_scoping_on_the_case_page(
    login, trip_in_state, liaison, parent_liaison, other_liaison, reviewer, passport_officer, make_user, client
):
    trip = trip_in_state("submitted")
    url = reverse("trips:detail", kwargs={"pk": trip.pk})
    assert login(liaison).get(url).status_code == 200
    assert login(parent_liaison).get(url).status_code == 200
    assert login(reviewer).get(url).status_code == 200
    assert login(passport_officer).get(url).status_code == 200
    assert login(other_liaison).get(url).status_code == 404
    assert login(other_liaison).get(reverse("trips:detail", kwargs={"pk": 999999})).status_code == 404
    assert login(make_user("traveller")).get(url).status_code == 404
    assert login(other_liaison).get(reverse("trips:step", kwargs={"pk": trip.pk, "step": 1})).status_code == 404
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_the_step_form_end_to_end(login, liaison, make_person):
    leader, member = make_person("王教授"), make_person("李博士")
    client = login(liaison)
    # step 1: an empty form shows the error summary and keeps nothing
    response = client.post(reverse("trips:create"), {})
    assert response.status_code == 400 and "error-summary" in response.content.decode()
    assert not Trip.objects.exists()
    response = client.post(
        reverse("trips:create"),
        {
            "purpose": "Joint lab meeting",
            "inviter_name": "Kyoto University",
            "inviter_country": "JP",
            "departs_on": future(20).isoformat(),
            "returns_on": future(23).isoformat(),
            "funding_source": "project",
        },
    )
    trip = Trip.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/trips/{trip.pk}/step/2/")
    step2 = reverse("trips:step", kwargs={"pk": trip.pk, "step": 2})
    assert "王教授" in client.get(step2).content.decode()
    client.post(step2, {"op": "add", "person": leader.pk, "role": "leader"})
    client.post(step2, {"op": "add", "person": member.pk, "role": "member"})
    again = client.post(step2, {"op": "add", "person": "", "role": "member"})
    assert again.status_code == 400 and "error-summary" in again.content.decode()
    assert trip.members.count() == 2
    # step 3
    step3 = reverse("trips:step", kwargs={"pk": trip.pk, "step": 3})
    bad = client.post(
        step3,
        {
            "op": "add",
            "country": "JP",
            "city": "Kyoto",
            "arrive_on": future(22).isoformat(),
            "depart_on": future(20).isoformat(),
        },
    )
    assert bad.status_code == 400 and "error-summary" in bad.content.decode()
    client.post(
        step3,
        {
            "op": "add",
            "country": "JP",
            "city": "Kyoto",
            "arrive_on": future(20).isoformat(),
            "depart_on": future(23).isoformat(),
        },
    )
    assert client.post(step3, {"op": "next"})["Location"].endswith("/step/4/")
    # step 4: everything is missing; upload it
    step4 = reverse("trips:step", kwargs={"pk": trip.pk, "step": 4})
    body = client.get(step4).content.decode()
    assert body.count('type="file"') == 5
    from onestop.dossier.samples import sample_pdf, sample_png

    rejected = client.post(
        step4,
        {
            "op": "upload",
            "person_id": leader.pk,
            "type_code": "photo",
            "file": SimpleUploadedFile("x.png", b"not an image", "image/png"),
        },
    )
    assert rejected.status_code == 400 and "error-summary" in rejected.content.decode()
    for person in (leader, member):
        client.post(
            step4,
            {
                "op": "upload",
                "person_id": person.pk,
                "type_code": "passport_page",
                "file": SimpleUploadedFile("p.pdf", sample_pdf("passport"), "application/pdf"),
            },
        )
        client.post(
            step4,
            {
                "op": "upload",
                "person_id": person.pk,
                "type_code": "photo",
                "file": SimpleUploadedFile("p.png", sample_png("photo"), "image/png"),
            },
        )
    client.post(
        step4,
        {
            "op": "upload",
            "person_id": leader.pk,
            "type_code": "invitation_letter",
            "file": SimpleUploadedFile("inv.pdf", sample_pdf("invitation"), "application/pdf"),
        },
    )
    assert 'type="file"' not in client.get(step4).content.decode()
    # step 5
    step5 = reverse("trips:step", kwargs={"pk": trip.pk, "step": 5})
    assert "within every limit" in client.get(step5).content.decode()
    done = client.post(step5, {"soft_reason": ""})
    assert done.status_code == 302
    trip.case.refresh_from_db()
    assert trip.case.state == "submitted"
    # once submitted, the steps lead back to the case page
    assert client.get(step2)["Location"].endswith(f"/trips/{trip.pk}/")


def test_review_step_shows_hard_findings_and_refuses(login, liaison, ready_trip):
    trip = ready_trip(days=9)
    client = login(liaison)
    step5 = reverse("trips:step", kwargs={"pk": trip.pk, "step": 5})
    assert "Blocks submission" in client.get(step5).content.decode()
    response = client.post(step5, {"soft_reason": "please"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "error-summary" in body and "9 days" in body


def test_reviewer_assigns_and_decides_through_the_case_page(login, reviewer, trip_in_state):
    trip = trip_in_state("submitted")
    client = login(reviewer)
    detail = reverse("trips:detail", kwargs={"pk": trip.pk})
    assert 'data-action="assign"' in client.get(detail).content.decode()
    assert client.get(reverse("trips:act", kwargs={"pk": trip.pk, "action": "assign"})).status_code == 405
    client.post(reverse("trips:act", kwargs={"pk": trip.pk, "action": "assign"}))
    trip.case.refresh_from_db()
    assert trip.case.state == "in_review" and trip.case.assigned_to == reviewer
    body = client.get(detail).content.decode()
    assert 'data-action="approve"' in body and 'data-action="reject"' in body
    refused = client.post(reverse("trips:act", kwargs={"pk": trip.pk, "action": "reject"}), {"note": ""})
    assert refused.status_code == 400 and "error-summary" in refused.content.decode()
    client.post(reverse("trips:act", kwargs={"pk": trip.pk, "action": "approve"}), {"note": ""})
    trip.case.refresh_from_db()
    assert trip.case.state == "approved"


def test_liaison_sees_no_reviewer_buttons_and_can_rate(login, liaison, trip_in_state):
    approved = trip_in_state("approved")
    client = login(liaison)
    body = client.get(reverse("trips:detail", kwargs={"pk": approved.pk})).content.decode()
    assert 'data-action="approve"' not in body and 'name="score"' not in body  # not finished yet
    trip = trip_in_state("rejected")
    detail = reverse("trips:detail", kwargs={"pk": trip.pk})
    body = client.get(detail).content.decode()
    assert 'data-action="approve"' not in body and 'name="score"' in body
    assert client.post(reverse("trips:act", kwargs={"pk": trip.pk, "action": "approve"})).status_code == 400
    client.post(reverse("trips:rate", kwargs={"pk": trip.pk}), {"score": "5", "comment": "Fast"})
    assert trip.case.rating.score == 5
    assert 'name="score"' not in client.get(detail).content.decode()


def test_case_page_shows_timeline_materials_and_documents(
    login, liaison, trip_in_state, reviewer, django_capture_on_commit_callbacks
):
    from onestop.trips import services

    trip = trip_in_state("in_review")
    with django_capture_on_commit_callbacks(execute=True):
        services.trip_approve(trip=trip, by=reviewer)
    body = login(liaison).get(reverse("trips:detail", kwargs={"pk": trip.pk})).content.decode()
    assert "Submitted to the Foreign Affairs Office" in body
    assert "Reused from the dossier" in body
    assert "/download/" in body and "/verify/" in body


def test_withdraw_through_the_page(login, liaison, trip_in_state):
    trip = trip_in_state("correction_requested")
    client = login(liaison)
    body = client.get(reverse("trips:detail", kwargs={"pk": trip.pk})).content.decode()
    assert 'data-action="withdraw"' in body
    client.post(reverse("trips:act", kwargs={"pk": trip.pk, "action": "withdraw"}), {"note": "No longer needed"})
    trip.case.refresh_from_db()
    assert trip.case.state == "withdrawn"


def test_unknown_action_is_not_found(login, reviewer, trip_in_state):
    trip = trip_in_state("submitted")
    assert login(reviewer).post(reverse("trips:act", kwargs={"pk": trip.pk, "action": "explode"})).status_code == 404


def test_list_cards_show_the_trip_facts_and_the_assign_button_only_while_waiting(login, reviewer, trip_in_state):
    import re

    waiting = trip_in_state("submitted")
    mine = trip_in_state("in_review")
    body = login(reviewer).get(reverse("trips:queue")).content.decode()
    cards = {
        m.group(1): m.group(0)
        for m in re.finditer(r'<li class="card">.*?>([A-Z]+-\d{4}-\d{6})</a>.*?</li>', body, re.S)
    }
    card = cards[waiting.case.number]
    assert f'href="{reverse("trips:detail", args=[waiting.pk])}"' in card
    destination = waiting.destinations.all()[0]
    assert f"{destination.city}, {destination.country_name}" in card
    assert waiting.organization.name in card
    assert f'action="{reverse("trips:act", args=[waiting.pk, "assign"])}"' in card
    assert 'name="csrfmiddlewaretoken" value="' in card
    # assigned to the reviewer: the reviewer's name instead of an assign button
    assert "action=" not in cards[mine.case.number]
    assert reviewer.full_name in cards[mine.case.number]


def test_dashboard_cards_show_the_deadline_badge_and_no_assign_button(login, liaison, trip_in_state):
    trip = trip_in_state("submitted")
    body = login(liaison).get(reverse("trips:dashboard")).content.decode()
    assert trip.case.number in body
    assert "On time" in body  # the review clock runs from submission
    assert trip.case.due_at.strftime("%Y-%m-%d") in body
    assert "action=" not in body.split('<ul class="trip-list">', 1)[1]


def test_a_stale_assign_click_is_refused_and_take_over_is_explicit(login, reviewer, make_user, trip_in_state):
    trip = trip_in_state("in_review")  # held by ``reviewer``
    colleague = make_user("fao_reviewer")
    client = login(colleague)
    detail = reverse("trips:detail", kwargs={"pk": trip.pk})
    body = client.get(detail).content.decode()
    assert 'data-action="take_over"' in body and 'data-action="assign"' not in body
    stale = client.post(reverse("trips:act", kwargs={"pk": trip.pk, "action": "assign"}))
    assert stale.status_code == 400
    assert "has already taken this trip for review" in stale.content.decode()
    trip.case.refresh_from_db()
    assert trip.case.assigned_to == reviewer
    client.post(reverse("trips:act", kwargs={"pk": trip.pk, "action": "take_over"}))
    trip.case.refresh_from_db()
    assert trip.case.assigned_to == colleague
