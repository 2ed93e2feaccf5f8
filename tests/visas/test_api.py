"""The REST API: everything the pages do, the same rules, the error shape, the schema."""

import pytest

from onestop.visas.models import VisaApplication, VisaBatch

from .conftest import ORD, applications_of, today

pytestmark = pytest.mark.django_db
BASE = "/api/v1/visas"


def test_requirement_lookup_known_and_unknown(api, liaison, table):
    client = api(liaison)
    body = client.get(f"{BASE}/requirements/lookup/", {"country": "JP", "passport_type": ORD}).json()
    assert (body["kind"], body["known"], body["needs_application"], body["processing_days"]) == (
        "embassy_visa",
        True,
        True,
        5,
    )
    body = client.get(
        f"{BASE}/requirements/lookup/", {"country": "NZ", "passport_type": ORD}, HTTP_ACCEPT_LANGUAGE="en"
    ).json()
    assert body["kind"] == "unknown" and body["known"] is False
    bad = client.get(f"{BASE}/requirements/lookup/", {"country": "JP", "passport_type": "pirate"})
    assert bad.status_code == 400 and "passport_type" in bad.json()["error"]["fields"]


def test_requirement_and_mission_lists(api, liaison, table):
    client = api(liaison)
    rows = client.get(f"{BASE}/requirements/", {"country": "JP"}).json()["results"]
    assert {r["passport_type"] for r in rows} == {ORD, "service"}
    assert client.get(f"{BASE}/requirements/", {"kind": "nonsense"}).status_code == 400
    missions = client.get(f"{BASE}/missions/", {"country": "KE"}).json()["results"]
    assert {m["kind"] for m in missions} == {"online", "embassy"}


def test_queue_batch_and_outcomes_through_the_api(api, officer, trip_factory, table):
    trip = trip_factory(passports=(ORD, None))
    client = api(officer)
    queue = client.get(f"{BASE}/queue/").json()["results"]
    ready = [row["application"]["id"] for row in queue if row["ready"]]
    assert len(queue) == 2 and len(ready) == 1
    assert [row["problems"] for row in queue if not row["ready"]][0]
    created = client.post(
        f"{BASE}/batches/",
        {"mission": table["missions"]["JP"].pk, "applications": ready, "covering_note": "Please process."},
        format="json",
    )
    assert created.status_code == 201
    batch = created.json()
    assert batch["number"].startswith("VSB-") and batch["pending"] == 1
    assert [a["state"] for a in batch["applications"]] == ["submitted"]
    pk = ready[0]
    issued = client.post(
        f"{BASE}/applications/{pk}/issue/",
        {"number": "JP4440001", "valid_from": trip.departs_on.isoformat(), "valid_until": trip.returns_on.isoformat()},
        format="json",
    )
    assert issued.status_code == 200
    body = issued.json()
    assert body["state"] == "issued" and body["visa"]["number"] == "JP*****01"
    assert "JP4440001" not in issued.content.decode()
    revealed = client.post(f"{BASE}/applications/{pk}/visa/reveal/")
    assert revealed.json() == {"number": "JP4440001"} and revealed["Cache-Control"] == "no-store"
    detail = client.get(f"{BASE}/batches/{batch['id']}/").json()
    assert (detail["pending"], detail["issued"]) == (0, 1)
    status = client.get(f"{BASE}/trips/{trip.case_id}/").json()
    assert status["ready"] is False
    assert sorted(line["state"] for line in status["lines"]) == ["issued", "prepared"]


def test_batch_errors_have_the_common_shape(api, officer, submitted, table):
    _trip, _batch, applications = submitted()
    response = api(officer).post(
        f"{BASE}/batches/",
        {"mission": table["missions"]["JP"].pk, "applications": [applications[0].pk], "covering_note": "x"},
        format="json",
    )
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "visas.batch_not_prepared" and "applications" in error["fields"]
    empty = api(officer).post(
        f"{BASE}/batches/", {"mission": 1, "applications": [], "covering_note": "x"}, format="json"
    )
    assert empty.status_code == 400 and "applications" in empty.json()["error"]["fields"]


def test_refuse_withdraw_refresh(api, officer, submitted, trip_factory, table):
    _trip, _batch, applications = submitted()
    client = api(officer)
    refused = client.post(f"{BASE}/applications/{applications[0].pk}/refuse/", {"reason": "Incomplete"}, format="json")
    assert refused.json()["state"] == "refused" and refused.json()["refusal_reason"] == "Incomplete"
    missing = client.post(f"{BASE}/applications/{applications[1].pk}/withdraw/", {}, format="json")
    assert missing.status_code == 400 and "reason" in missing.json()["error"]["fields"]
    withdrawn = client.post(f"{BASE}/applications/{applications[1].pk}/withdraw/", {"reason": "Ill"}, format="json")
    assert withdrawn.json()["state"] == "withdrawn"
    prepared = applications_of(trip_factory(start=70))[0]
    refreshed = client.post(f"{BASE}/applications/{prepared.pk}/refresh/")
    assert refreshed.status_code == 200 and refreshed.json()["problems"] == []
    again = client.post(f"{BASE}/applications/{applications[0].pk}/refresh/")
    assert again.status_code == 409


def test_application_detail_carries_data_materials_and_timeline(api, officer, trip_factory, table):
    application = applications_of(trip_factory())[0]
    body = api(officer).get(f"{BASE}/applications/{application.pk}/").json()
    assert body["data"]["traveller"]["full_name"] == application.person.full_name
    assert body["passport"] == application.passport.number_masked
    assert sorted(m["source"] for m in body["materials"]) == ["reused", "reused", "trip"]
    assert body["timeline"] and body["problems"] == []


def test_liaison_officer_reads_own_organization_only(api, liaison, other_liaison, submitted):
    trip, batch, applications = submitted()
    own, other = api(liaison), api(other_liaison)
    assert own.get(f"{BASE}/applications/").json()["count"] == 2
    assert own.get(f"{BASE}/applications/{applications[0].pk}/").status_code == 200
    assert own.get(f"{BASE}/trips/{trip.case_id}/").status_code == 200
    assert other.get(f"{BASE}/applications/").json()["count"] == 0
    for url in (f"{BASE}/applications/{applications[0].pk}/", f"{BASE}/trips/{trip.case_id}/"):
        response = other.get(url)
        assert response.status_code == 404 and response.json()["error"]["code"] in (
            "not_found",
            "visas.application_not_found",
            "visas.trip_not_found",
        )
    # Officer-only endpoints are closed to liaison officers (the same 404 as a missing one).
    assert own.get(f"{BASE}/queue/").status_code == 404
    assert own.get(f"{BASE}/batches/{batch.pk}/").status_code == 404
    assert (
        own.post(f"{BASE}/applications/{applications[0].pk}/refuse/", {"reason": "x"}, format="json").status_code == 404
    )
    assert VisaApplication.objects.get(pk=applications[0].pk).case.state == "submitted"


def test_anonymous_callers_are_refused(api, submitted):
    client = api()
    assert client.get(f"{BASE}/applications/").status_code == 401
    assert client.get(f"{BASE}/requirements/lookup/", {"country": "JP", "passport_type": ORD}).status_code == 401


def test_reviewer_reads_batches_but_cannot_make_one(api, reviewer, trip_factory, table, submitted):
    _trip, batch, _applications = submitted()
    client = api(reviewer)
    assert client.get(f"{BASE}/batches/").json()["count"] == 1
    prepared = applications_of(trip_factory(start=80))
    response = client.post(
        f"{BASE}/batches/",
        {"mission": table["missions"]["JP"].pk, "applications": [prepared[0].pk], "covering_note": "x",
         "submitted_on": today().isoformat()},
        format="json",
    )  # fmt: skip
    assert response.status_code == 403 and response.json()["error"]["code"] == "visas.not_officer"
    assert VisaBatch.objects.count() == 1


def test_trip_prepare_endpoint(api, officer, trip_factory, table):
    from .conftest import set_requirement

    trip = trip_factory(stops=(("NZ", "Auckland", 0, 3),), passports=(ORD,))
    set_requirement("NZ", ORD, "embassy_visa")
    body = api(officer).post(f"{BASE}/trips/{trip.case_id}/prepare/").json()
    assert [a["country"] for a in body["created"]] == ["NZ"]


def test_schema_has_the_visa_endpoints_without_errors():
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator

    GENERATOR_STATS.reset()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    paths = [p for p in schema["paths"] if p.startswith("/api/v1/visas/")]
    assert len(paths) == 15
    errors = [e for e in GENERATOR_STATS._error_cache if "visas" in str(e).lower()]
    warnings = [w for w in GENERATOR_STATS._warn_cache if "visas" in str(w).lower()]
    assert errors == [] and warnings == []
