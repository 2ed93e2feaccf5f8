"""The trip page after the approval: passports and visas, the booking, the collection with
its signature, the return, the report, cancelling and closing — through the pages, with the
scoping rule (another organization's liaison officer gets "not found")."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from onestop.trips.models import TripCollection
from onestop.trips.selectors import access_trip

from .conftest import report_upload, signature_data_url


def url(name: str, trip, **kwargs) -> str:
    return reverse(f"trips:{name}", kwargs={"pk": trip.pk, **kwargs})


def test_an_approved_trip_shows_what_the_collection_waits_for(login, liaison, after_trip):
    trip = after_trip("approved", country="JP")
    client = login(liaison)
    body = client.get(url("detail", trip)).content.decode()
    assert "Passports and visas" in body and "The collection waits until every passport and visa" in body
    assert "Reserved in custody" in body and "Japan" in body
    assert "In-person visits for this trip" in body
    response = client.post(url("refresh", trip))
    assert response.status_code == 302
    assert access_trip(user=liaison, pk=trip.pk).case.state == "approved"
    assert access_trip(user=liaison, pk=trip.pk).readiness_checked_at is not None


def test_booking_through_the_page(login, liaison, after_trip, collection_hall):
    trip = after_trip("ready_for_collection")
    client = login(liaison)
    body = client.get(url("detail", trip)).content.decode()
    assert 'id="booking-form"' in body and 'name="slot"' in body
    from onestop.halls.models import Slot

    slot = Slot.objects.filter(hall=collection_hall).order_by("start").first()
    response = client.post(url("book", trip), {"slot": slot.pk})
    assert response.status_code == 302 and response["Location"].endswith("#collection")
    body = client.get(url("detail", trip)).content.decode()
    assert 'id="collection-appointment"' in body and 'id="booking-form"' not in body
    again = client.post(url("book", trip), {"slot": slot.pk})  # one booking
    assert again.status_code == 400 and "The collection is already booked" in again.content.decode()


def test_a_bad_time_is_shown_in_the_error_summary(login, liaison, after_trip, collection_hall):
    trip = after_trip("ready_for_collection")
    response = login(liaison).post(url("book", trip), {"slot": "999999"})
    assert response.status_code == 400 and "error-summary" in response.content.decode()


def test_the_passport_officer_records_the_collection_with_a_drawn_signature(
    login, liaison, other_liaison, passport_officer, after_trip
):
    trip = after_trip("ready_for_collection")
    officer = login(passport_officer)
    body = officer.get(url("detail", trip)).content.decode()
    assert 'id="collection-form"' in body and "signature.js" in body
    response = officer.post(
        url("collect", trip), {"signer_name": liaison.full_name, "signature": signature_data_url(), "place": "Hall 1"}
    )
    assert response.status_code == 302
    assert access_trip(user=liaison, pk=trip.pk).case.state == "collected"

    image = login(liaison).get(url("signature", trip))
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert image.content.startswith(b"\x89PNG")
    assert login(other_liaison).get(url("signature", trip)).status_code == 404
    body = login(liaison).get(url("detail", trip)).content.decode()
    assert 'data-visits="1"' in body and "Signature drawn on the screen" in body


def test_an_unsigned_collection_is_refused_with_the_reasons(login, passport_officer, liaison, after_trip):
    trip = after_trip("ready_for_collection")
    response = login(passport_officer).post(url("collect", trip), {"signer_name": "Li"})
    body = response.content.decode()
    assert response.status_code == 400 and "error-summary" in body
    assert "Confirm the receipt with the checkbox." in body
    assert not TripCollection.objects.filter(trip=trip).exists()
    assert login(liaison).post(url("collect", trip), {"signer_name": "Li", "confirmed": "on"}).status_code in (403, 404)


def test_the_return_and_the_report_through_the_pages(login, liaison, reviewer, after_trip):
    trip = after_trip("collected")
    client = login(liaison)
    body = client.get(url("detail", trip)).content.decode()
    assert 'id="return"' in body and "hand_back_passports" not in body  # the liaison returns them at the desk
    today = timezone.localdate().isoformat()
    assert client.post(url("return", trip), {"departed_on": today, "returned_on": today}).status_code == 302
    body = client.get(url("detail", trip)).content.decode()
    assert "Trip report due" in body and 'id="report-form"' in body

    bad = client.post(url("report", trip), {"summary": "", "countries": ["SG"]})
    assert bad.status_code == 400 and "error-summary" in bad.content.decode()
    response = client.post(
        url("report", trip), {"summary": "Agreement signed.", "countries": ["SG"], "file": report_upload()}
    )
    assert response.status_code == 302
    assert access_trip(user=liaison, pk=trip.pk).case.state == "report_submitted"

    office = login(reviewer)
    body = office.get(url("detail", trip)).content.decode()
    assert 'data-action="close"' in body and 'data-action="return_report"' in body
    assert office.post(url("act", trip, action="close"), {"note": ""}).status_code == 302
    assert access_trip(user=liaison, pk=trip.pk).case.state == "closed"
    assert 'name="score"' in client.get(url("detail", trip)).content.decode()


def test_the_passport_officer_can_take_the_passports_back_with_the_return(login, passport_officer, after_trip):
    from onestop.passports.models import Reservation

    trip = after_trip("collected")
    client = login(passport_officer)
    assert "hand_back_passports" in client.get(url("detail", trip)).content.decode()
    today = timezone.localdate().isoformat()
    client.post(url("return", trip), {"departed_on": today, "returned_on": today, "hand_back_passports": "on"})
    assert set(Reservation.objects.filter(trip_case=trip.case).values_list("status", flat=True)) == {"returned"}


def test_cancelling_needs_a_reason(login, liaison, after_trip):
    trip = after_trip("ready_for_collection")
    client = login(liaison)
    assert 'data-action="cancel"' in client.get(url("detail", trip)).content.decode()
    assert client.post(url("act", trip, action="cancel"), {"note": ""}).status_code == 400
    assert client.post(url("act", trip, action="cancel"), {"note": "Postponed."}).status_code == 302
    assert access_trip(user=liaison, pk=trip.pk).case.state == "cancelled"


@pytest.mark.parametrize("name", ["refresh", "book", "collect", "return", "report"])
def test_other_organizations_and_get_requests_change_nothing(login, other_liaison, liaison, after_trip, name):
    trip = after_trip("ready_for_collection")
    assert login(other_liaison).post(url(name, trip), {}).status_code in (403, 404)
    assert login(liaison).get(url(name, trip)).status_code in (404, 405)
    assert access_trip(user=liaison, pk=trip.pk).case.state == "ready_for_collection"
