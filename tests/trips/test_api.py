"""The trips API: drafts, delegation, destinations, materials, the policy check, workflow
actions, the work queue; scoping and error bodies."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from onestop.trips.models import Trip

from .conftest import future


def _draft_payload(**overrides):
    payload = {
        "purpose": "Joint research meeting",
        "inviter_name": "Seoul National University",
        "inviter_country": "KR",
        "departs_on": future(15).isoformat(),
        "returns_on": future(18).isoformat(),
        "funding_source": "project",
    }
    payload.update(overrides)
    return payload


def test_liaison_builds_and_submits_a_trip_through_the_api(api, liaison, make_person):
    from onestop.dossier.samples import sample_pdf, sample_png

    client = api(liaison)
    created = client.post("/api/v1/trips/", _draft_payload(), format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    pk = body["id"]
    assert body["state"] == "draft" and body["number"].startswith("TRP-")
    assert "submit" in body["available_actions"]

    leader, member = make_person(), make_person()
    assert (
        client.post(f"/api/v1/trips/{pk}/members/", {"person": leader.pk, "role": "leader"}, format="json").status_code
        == 201
    )
    assert client.post(f"/api/v1/trips/{pk}/members/", {"person": member.pk}, format="json").status_code == 201
    dest = client.post(
        f"/api/v1/trips/{pk}/destinations/",
        {"country": "KR", "city": "Seoul", "arrive_on": future(15).isoformat(), "depart_on": future(18).isoformat()},
        format="json",
    )
    assert dest.status_code == 201 and dest.json()["country_name"]

    check = client.get(f"/api/v1/trips/{pk}/policy-check/").json()
    assert check["findings"] == [] and len(check["missing_materials"]) == 5 and not check["can_submit"]

    refused = client.post(f"/api/v1/trips/{pk}/actions/submit/", {}, format="json")
    assert refused.status_code == 400
    error = refused.json()["error"]
    assert error["code"] == "trips.materials_missing" and len(error["fields"]["materials"]) == 5

    for person in (leader, member):
        for code, upload in (
            ("passport_page", ("p.pdf", sample_pdf("p"), "application/pdf")),
            ("photo", ("p.png", sample_png("p"), "image/png")),
        ):
            response = client.post(
                f"/api/v1/trips/{pk}/materials/",
                {"person": person.pk, "type_code": code, "file": SimpleUploadedFile(*upload)},
                format="multipart",
            )
            assert response.status_code == 201, response.json()
    client.post(
        f"/api/v1/trips/{pk}/materials/",
        {
            "person": leader.pk,
            "type_code": "invitation_letter",
            "file": SimpleUploadedFile("i.pdf", sample_pdf("i"), "application/pdf"),
        },
        format="multipart",
    )
    statuses = {line["status"] for line in client.get(f"/api/v1/trips/{pk}/materials/").json()}
    assert statuses == {"provided"}

    submitted = client.post(f"/api/v1/trips/{pk}/actions/submit/", {}, format="json")
    assert submitted.status_code == 200 and submitted.json()["state"] == "submitted"
    assert submitted.json()["due_at"]


def test_patch_and_validation_errors_name_the_field(api, liaison, draft_trip):
    trip = draft_trip()
    client = api(liaison)
    bad = client.patch(f"/api/v1/trips/{trip.pk}/", {"inviter_country": "ZZ"}, format="json")
    assert bad.status_code == 400 and "inviter_country" in bad.json()["error"]["fields"]
    ok = client.patch(f"/api/v1/trips/{trip.pk}/", {"itinerary": "Day 1: lab"}, format="json")
    assert ok.status_code == 200 and ok.json()["itinerary"] == "Day 1: lab"
    missing = client.post("/api/v1/trips/", {"purpose": "x"}, format="json")
    assert missing.status_code == 400 and {"inviter_name", "inviter_country"} <= set(missing.json()["error"]["fields"])


def test_delete_withdraws_a_draft_only(api, liaison, trip_in_state):
    draft = trip_in_state("draft")
    client = api(liaison)
    assert client.delete(f"/api/v1/trips/{draft.pk}/").status_code == 204
    assert Trip.objects.get(pk=draft.pk).case.state == "withdrawn"
    submitted = trip_in_state("submitted")
    assert client.delete(f"/api/v1/trips/{submitted.pk}/").status_code == 409


def test_member_and_destination_removal(api, liaison, draft_trip):
    trip = draft_trip()
    client = api(liaison)
    member = trip.members.get(role="member")
    assert client.delete(f"/api/v1/trips/{trip.pk}/members/{member.pk}/").status_code == 204
    dest = trip.destinations.get()
    assert client.delete(f"/api/v1/trips/{trip.pk}/destinations/{dest.pk}/").status_code == 204
    assert client.delete(f"/api/v1/trips/{trip.pk}/destinations/{dest.pk}/").status_code == 404
    assert trip.members.count() == 1 and trip.destinations.count() == 0


def test_another_organizations_liaison_gets_404_everywhere(api, other_liaison, draft_trip, make_person, other_org):
    trip = draft_trip()
    client = api(other_liaison)
    for url in (
        f"/api/v1/trips/{trip.pk}/",
        f"/api/v1/trips/{trip.pk}/members/",
        f"/api/v1/trips/{trip.pk}/policy-check/",
        f"/api/v1/trips/{trip.pk}/materials/",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.json()["error"]["code"] == "trips.not_found"
    assert client.patch(f"/api/v1/trips/{trip.pk}/", {"purpose": "x"}, format="json").status_code == 404
    assert client.post(f"/api/v1/trips/{trip.pk}/actions/withdraw/", {}, format="json").status_code == 404
    assert client.get("/api/v1/trips/").json()["count"] == 0


def test_reviewer_works_the_queue_and_decides(api, reviewer, reviewer2, trip_in_state):
    waiting = trip_in_state("submitted")
    client = api(reviewer)
    queue = client.get("/api/v1/trips/queue/").json()
    assert [row["number"] for row in queue["results"]] == [waiting.case.number]
    assert client.get("/api/v1/trips/queue/", {"assigned": "me"}).json()["count"] == 0
    assigned = client.post(f"/api/v1/trips/{waiting.pk}/actions/assign/", {}, format="json")
    assert assigned.json()["state"] == "in_review" and assigned.json()["assigned_to"] == reviewer.full_name
    assert client.get("/api/v1/trips/queue/", {"assigned": "me"}).json()["count"] == 1
    assert set(assigned.json()["available_actions"]) == {"request-correction", "approve", "reject"}
    assert api(reviewer2).get(f"/api/v1/trips/{waiting.pk}/").json()["available_actions"] == ["assign"]
    handed = client.post(f"/api/v1/trips/{waiting.pk}/actions/assign/", {"assignee": reviewer2.pk}, format="json")
    assert handed.json()["assigned_to"] == reviewer2.full_name
    taken = api(reviewer).post(f"/api/v1/trips/{waiting.pk}/actions/assign/", {}, format="json")
    assert taken.status_code == 409 and taken.json()["error"]["code"] == "trips.assign_taken"
    back = api(reviewer).post(f"/api/v1/trips/{waiting.pk}/actions/assign/", {"take_over": True}, format="json")
    assert back.json()["assigned_to"] == reviewer.full_name
    client.post(f"/api/v1/trips/{waiting.pk}/actions/assign/", {"assignee": reviewer2.pk}, format="json")
    refused = client.post(f"/api/v1/trips/{waiting.pk}/actions/approve/", {}, format="json")
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "trip.approve.guard"
    no_reason = api(reviewer2).post(f"/api/v1/trips/{waiting.pk}/actions/reject/", {"note": ""}, format="json")
    assert no_reason.status_code == 400 and "note" in no_reason.json()["error"]["fields"]
    back = api(reviewer2).post(
        f"/api/v1/trips/{waiting.pk}/actions/request-correction/", {"note": "Add dates"}, format="json"
    )
    assert back.json()["state"] == "correction_requested" and back.json()["sla"] == "paused"


def test_liaison_cannot_use_reviewer_actions_or_the_queue(api, liaison, trip_in_state):
    trip = trip_in_state("submitted")
    client = api(liaison)
    assert client.get("/api/v1/trips/queue/").status_code == 404
    assert client.post(f"/api/v1/trips/{trip.pk}/actions/assign/", {}, format="json").status_code == 403


def test_list_filters_and_pagination(api, liaison, trip_in_state):
    trip_in_state("draft")
    submitted = trip_in_state("submitted")
    client = api(liaison)
    everything = client.get("/api/v1/trips/").json()
    assert everything["count"] == 2
    filtered = client.get("/api/v1/trips/", {"state": "submitted"}).json()
    assert [row["number"] for row in filtered["results"]] == [submitted.case.number]
    assert filtered["results"][0]["leader"] and filtered["results"][0]["member_count"] == 2
    paged = client.get("/api/v1/trips/", {"page_size": 1}).json()
    assert len(paged["results"]) == 1 and paged["next"]
    assert client.get("/api/v1/trips/", {"state": "bogus"}).status_code == 400


def test_countries_in_the_callers_language(api, liaison):
    rows = api(liaison).get("/api/v1/trips/countries/", HTTP_ACCEPT_LANGUAGE="en").json()
    codes = {row["code"]: row for row in rows}
    assert codes["BR"]["region"] == "latin_america" and codes["KE"]["region"] == "africa"
    assert "CN" not in codes and len(rows) > 200


def test_anonymous_is_refused(api):
    assert api().get("/api/v1/trips/").status_code == 401


@pytest.mark.django_db
def test_schema_builds_for_the_trip_endpoints(capsys):
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    warnings = capsys.readouterr().err
    assert "onestop/trips" not in warnings and "Trip" not in warnings
    paths = [p for p in schema["paths"] if p.startswith("/api/v1/trips/")]
    assert "/api/v1/trips/{id}/actions/{action}/" in paths and "/api/v1/trips/queue/" in paths
