"""The API after the approval: readiness, booking, the collection (base64 PNG signature),
the return, the report, cancel/close/return-report actions; errors in the one shape."""

from __future__ import annotations

import base64

from django.utils import timezone

from .conftest import report_upload, signature_png

BASE = "/api/v1/trips"


def test_readiness_and_the_check(api, liaison, after_trip):
    trip = after_trip("approved")
    client = api(liaison)
    body = client.get(f"{BASE}/{trip.pk}/readiness/").json()
    assert body["state"] == "approved" and body["ready"] is True
    assert [p["status"] for p in body["passports"]] == ["reserved", "reserved"]
    assert all(v["state"] == "not_needed" for v in body["visas"])
    body = client.post(f"{BASE}/{trip.pk}/readiness/").json()
    assert body["state"] == "ready_for_collection"
    detail = client.get(f"{BASE}/{trip.pk}/").json()
    assert detail["ready_at"] and detail["readiness_missing"] == []
    assert "collect" not in detail["available_actions"] and "cancel" in detail["available_actions"]


def test_booking_and_the_collection(api, liaison, passport_officer, other_liaison, after_trip, collection_hall):
    trip = after_trip("ready_for_collection")
    client = api(liaison)
    options = client.get(f"{BASE}/{trip.pk}/collection/options/").json()
    assert len(options) == 4 and options[0]["hall"] == "fao-hall"
    assert api(other_liaison).post(f"{BASE}/{trip.pk}/collection/book/", {}, format="json").status_code == 404
    booked = client.post(f"{BASE}/{trip.pk}/collection/book/", {"slot": options[1]["slot"]}, format="json")
    assert booked.status_code == 201 and booked.json()["status"] == "booked"
    again = client.post(f"{BASE}/{trip.pk}/collection/book/", {}, format="json")
    assert again.status_code == 409 and again.json()["error"]["code"] == "trips.collection_booked"

    officer = api(passport_officer)
    refused = officer.post(f"{BASE}/{trip.pk}/collection/", {"signer_name": "Li", "signature": "xyz"}, format="json")
    assert refused.status_code == 400 and "signature" in refused.json()["error"]["fields"]
    signature = base64.b64encode(signature_png()).decode()
    done = officer.post(
        f"{BASE}/{trip.pk}/collection/", {"signer_name": "Li Na", "signature": signature}, format="json"
    )
    assert done.status_code == 201
    body = done.json()
    assert body["visits"] == 1 and body["collection"]["method"] == "drawn"
    assert body["appointment"]["status"] == "completed"
    assert client.get(f"{BASE}/{trip.pk}/collection/").json()["collection"]["signature_sha256"]


def test_a_liaison_officer_cannot_record_the_collection(api, liaison, after_trip):
    trip = after_trip("ready_for_collection")
    response = api(liaison).post(f"{BASE}/{trip.pk}/collection/", {"signer_name": "Li", "confirmed": True},
                                 format="json")  # fmt: skip
    assert response.status_code == 403


def test_return_report_and_the_office_moves(api, liaison, reviewer, after_trip):
    trip = after_trip("collected")
    client = api(liaison)
    today = timezone.localdate().isoformat()
    future = (timezone.localdate() + timezone.timedelta(days=2)).isoformat()
    bad = client.post(f"{BASE}/{trip.pk}/return/", {"departed_on": today, "returned_on": future}, format="json")
    assert bad.status_code == 400 and "returned_on" in bad.json()["error"]["fields"]
    body = client.post(f"{BASE}/{trip.pk}/return/", {"departed_on": today, "returned_on": today}, format="json").json()
    assert body["state"] == "returned" and body["report_due_on"]

    assert client.get(f"{BASE}/{trip.pk}/report/").status_code == 404
    response = client.post(
        f"{BASE}/{trip.pk}/report/",
        {"summary": "Signed.", "countries": ["SG"], "file": report_upload()},
        format="multipart",
    )
    assert response.status_code == 201 and response.json()["countries_visited"] == ["SG"]
    assert client.get(f"{BASE}/{trip.pk}/report/").json()["material_id"]

    office = api(reviewer)
    sent_back = office.post(f"{BASE}/{trip.pk}/actions/return-report/", {"note": "Add the minutes."}, format="json")
    assert sent_back.json()["state"] == "returned"
    client.post(f"{BASE}/{trip.pk}/report/", {"summary": "With minutes.", "countries": ["SG"]}, format="multipart")
    assert office.post(f"{BASE}/{trip.pk}/actions/close/", {}, format="json").json()["state"] == "closed"


def test_cancel_through_the_api(api, liaison, reviewer, after_trip):
    trip = after_trip("approved")
    no_reason = api(liaison).post(f"{BASE}/{trip.pk}/actions/cancel/", {"note": ""}, format="json")
    assert no_reason.status_code == 400
    body = api(reviewer).post(f"{BASE}/{trip.pk}/actions/cancel/", {"note": "Travel warning."}, format="json").json()
    assert body["state"] == "cancelled"
