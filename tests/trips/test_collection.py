"""The one visit: booking the collection at the FAO hall, recording it with the liaison
officer's signature (drawn PNG, checked and re-encoded, or typed name and confirmation),
the passports handed out, the visit counted once, one timeline for the whole trip."""

from __future__ import annotations

import base64
import hashlib

import pytest
from django.urls import reverse

from onestop.cases.selectors import case_timeline
from onestop.core.errors import Conflict, NotFound, ValidationFailed
from onestop.trips import services
from onestop.trips.models import TripCollection
from onestop.trips.selectors import access_trip, trip_collection_appointment, trip_visits_count
from onestop.trips.signature import signature_check, signature_decode

from .conftest import signature_data_url, signature_png


@pytest.fixture
def ready(after_trip, collection_hall):
    def _make(**kwargs):
        return after_trip("ready_for_collection", **kwargs)

    return _make


# --- booking ----------------------------------------------------------------------------


def test_the_liaison_officer_books_one_collection_appointment(ready, liaison):
    trip = ready()
    appointment = services.trip_collection_book(trip=trip, by=liaison)
    assert appointment.case_id == trip.case_id
    assert appointment.service.code == "passport_collection"
    assert trip_collection_appointment(trip=trip).pk == appointment.pk
    texts = [line.text for line in case_timeline(case=trip.case)]
    assert any(appointment.code in text for text in texts)

    with pytest.raises(Conflict) as caught:
        services.trip_collection_book(trip=trip, by=liaison)
    assert caught.value.code == "trips.collection_booked"


def test_a_chosen_time_is_booked(ready, liaison, collection_hall):
    from onestop.halls.models import Slot

    trip = ready()
    slot = Slot.objects.filter(hall=collection_hall).order_by("-start").first()
    appointment = services.trip_collection_book(trip=trip, by=liaison, slot_id=slot.pk)
    assert appointment.slot_id == slot.pk
    slot.refresh_from_db()
    assert slot.booked == 1


def test_a_time_of_another_service_is_refused(ready, liaison, collection_hall):
    from onestop.halls.models import Service, Slot

    other = Service.objects.create(code="other_service", name="Other", prefix="Z", handling_minutes=5)
    template = Slot.objects.filter(hall=collection_hall).first()
    slot = Slot.objects.create(hall=collection_hall, service=other, start=template.start, end=template.end, capacity=2)
    with pytest.raises(ValidationFailed) as caught:
        services.trip_collection_book(trip=ready(), by=liaison, slot_id=slot.pk)
    assert caught.value.fields["slot"]


def test_booking_waits_until_the_trip_is_ready(after_trip, liaison, collection_hall):
    trip = after_trip("approved", country="JP")
    with pytest.raises(Conflict) as caught:
        services.trip_collection_book(trip=trip, by=liaison)
    assert caught.value.code == "trips.not_ready_for_collection"


def test_another_organization_cannot_book(ready, other_liaison):
    with pytest.raises(NotFound):
        services.trip_collection_book(trip=ready(), by=other_liaison)


# --- the signature --------------------------------------------------------------------------


def test_a_drawn_signature_is_checked_and_re_encoded():
    original = signature_png()
    checked = signature_check(signature_decode(signature_data_url()))
    assert checked.png.startswith(b"\x89PNG")
    assert checked.sha256 == hashlib.sha256(checked.png).hexdigest()
    assert (checked.width, checked.height) == (300, 100)
    assert len(original) > 0


@pytest.mark.parametrize(
    "text, code_fragment",
    [
        ("data:image/jpeg;base64,/9j/4AAQ", "PNG"),
        ("not base64 at all!!", "PNG"),
        (base64.b64encode(b"GIF89a" + b"0" * 100).decode(), "PNG"),
        (signature_data_url(ink=False), "empty"),
        (signature_data_url(size=(50, 20)), "pixels"),
    ],
)
def test_a_bad_signature_is_refused_with_the_reason(text, code_fragment):
    with pytest.raises(ValidationFailed) as caught:
        signature_check(signature_decode(text))
    assert caught.value.code == "trips.signature_invalid"
    assert code_fragment in str(caught.value.fields["signature"][0])


def test_a_signature_larger_than_the_limit_is_refused():
    huge = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"0" * (400 * 1024)).decode()
    with pytest.raises(ValidationFailed) as caught:
        signature_check(signature_decode(huge))
    assert "KB" in str(caught.value.fields["signature"][0])


# --- recording the collection ------------------------------------------------------------------


def test_the_collection_hands_out_passports_records_one_visit_and_completes_the_booking(
    ready, liaison, passport_officer
):
    from onestop.passports.models import Reservation

    trip = ready()
    appointment = services.trip_collection_book(trip=trip, by=liaison)
    collection = services.trip_collect(
        trip=trip, by=passport_officer, signer_name=liaison.full_name, signature=signature_data_url()
    )

    assert collection.method == "drawn" and collection.signature.name.startswith("trips/signatures/")
    with collection.signature.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == collection.signature_sha256
    assert collection.passports_handed_out == 2
    assert set(Reservation.objects.filter(trip_case=trip.case).values_list("status", flat=True)) == {"checked_out"}
    trip = access_trip(user=liaison, pk=trip.pk)
    assert trip.case.state == "collected"
    assert trip_visits_count(trip=trip) == 1
    appointment.refresh_from_db()
    assert appointment.status == "completed"
    assert collection.appointment_code == appointment.code


def test_a_typed_name_with_the_confirmation_signs_too(ready, liaison, passport_officer):
    trip = ready()
    collection = services.trip_collect(trip=trip, by=passport_officer, signer_name="  Li Na  ", confirmed=True)
    assert collection.method == "typed" and collection.confirmed and collection.signer_name == "Li Na"
    assert not collection.signature


def test_without_signature_or_confirmation_nothing_is_recorded(ready, passport_officer):
    from onestop.passports.models import Reservation

    trip = ready()
    with pytest.raises(ValidationFailed) as caught:
        services.trip_collect(trip=trip, by=passport_officer, signer_name="", confirmed=False)
    assert set(caught.value.fields) >= {"signer_name", "signature", "confirmed"}
    with pytest.raises(ValidationFailed) as caught:
        services.trip_collect(trip=trip, by=passport_officer, signer_name="Li", signature=signature_data_url(ink=False))
    assert "signature" in caught.value.fields
    assert not TripCollection.objects.filter(trip=trip).exists()
    assert set(Reservation.objects.filter(trip_case=trip.case).values_list("status", flat=True)) == {"active"}


def test_only_a_passport_officer_records_a_collection(ready, liaison, reviewer):
    from onestop.cases.services import NotPermitted

    trip = ready()
    for actor in (liaison, reviewer):
        with pytest.raises(NotPermitted):
            services.trip_collect(trip=trip, by=actor, signer_name="Li", confirmed=True)


def test_a_collection_is_refused_when_a_passport_is_no_longer_reserved(ready, passport_officer):
    """The readiness is checked again at the counter, not read from the stored state."""
    from onestop.passports.models import Reservation
    from onestop.passports.services import reservation_release

    trip = ready()
    reservation_release(reservation=Reservation.objects.filter(trip_case=trip.case).first(), by=passport_officer)
    with pytest.raises(Conflict) as caught:
        services.trip_collect(trip=trip, by=passport_officer, signer_name="Li", confirmed=True)
    assert caught.value.code == "trips.not_ready_for_collection"
    assert not TripCollection.objects.filter(trip=trip).exists()


def test_one_timeline_shows_approval_passport_and_visa_lines(after_trip, liaison, passport_officer, collection_hall):
    """A trip to Japan: the visa cases and the passport check-outs appear in the trip's timeline."""
    trip = after_trip("collected", country="JP")
    texts = [line.text for line in case_timeline(case=trip.case)]
    joined = "\n".join(texts)
    assert "The trip was approved" in joined
    assert "The visa was issued" in joined  # the visa child cases
    assert "Passports handed out with the collection: 2." in joined
    assert "collected the passports and visas" in joined
    assert trip_visits_count(trip=trip) == 1


# --- the collection line names the hall in the reader's language ---------------------------------


def _collect_entry(trip):
    from onestop.cases.models import TimelineEntry

    return TimelineEntry.objects.get(case=trip.case, code="trip.collect")


def test_the_collection_line_names_the_hall_in_the_readers_language(
    ready, liaison, passport_officer, collection_hall, login
):
    from django.utils import translation

    collection_hall.names = {"en": "FAO service hall", "zh-hans": "外办服务大厅", "ar": "قاعة خدمات الشؤون الخارجية"}
    collection_hall.save(update_fields=["names"])
    trip = ready()
    services.trip_collection_book(trip=trip, by=liaison)
    with translation.override("zh-hans"):
        collection = services.trip_collect(trip=trip, by=passport_officer, signer_name="Li Na", confirmed=True)
    assert collection.place == "外办服务大厅"
    entry = _collect_entry(trip)
    assert entry.params["_refs"] == {"place": ["halls.hall", "fao-hall"]}

    with translation.override("en"):
        texts = [line.text for line in case_timeline(case=trip.case)]
    assert "The liaison officer collected the passports and visas at FAO service hall and signed for them." in texts
    with translation.override("ar"):
        texts = [line.text for line in case_timeline(case=trip.case)]
    assert any("قاعة خدمات الشؤون الخارجية" in text for text in texts)
    assert not any("外办服务大厅" in text or "FAO service hall" in text for text in texts)
    # The collection card on the trip's page names the hall in the reader's language too.
    client = login(liaison)
    url = reverse("trips:detail", args=[trip.pk])
    body = client.get(url + "?lang=ar").content.decode()
    assert "· قاعة خدمات الشؤون الخارجية</dd>" in body and "外办服务大厅" not in body
    body = client.get(url + "?lang=en").content.decode()
    assert "· FAO service hall</dd>" in body

    # A renamed hall reads with its new name; the line follows the hall, not the text of the day.
    collection_hall.names = {**collection_hall.names, "en": "Foreign Affairs Office hall"}
    collection_hall.save(update_fields=["names"])
    with translation.override("en"):
        texts = [line.text for line in case_timeline(case=trip.case)]
    assert any("at Foreign Affairs Office hall and signed" in text for text in texts)


def test_a_typed_collection_place_is_shown_as_typed(ready, liaison, passport_officer, login):
    from django.utils import translation

    trip = ready()
    services.trip_collection_book(trip=trip, by=liaison)
    services.trip_collect(
        trip=trip, by=passport_officer, signer_name="Li Na", confirmed=True, place="Room 3, east wing"
    )
    entry = _collect_entry(trip)
    assert entry.params == {"place": "Room 3, east wing"}
    assert (
        "· Room 3, east wing</dd>"
        in login(liaison).get(reverse("trips:detail", args=[trip.pk]) + "?lang=ar").content.decode()
    )
    for language in ("en", "ar"):
        with translation.override(language):
            texts = [line.text for line in case_timeline(case=trip.case)]
        assert any("Room 3, east wing" in text for text in texts), language


def test_a_collection_line_written_before_the_hall_reference_still_names_the_hall(
    ready, liaison, passport_officer, collection_hall
):
    """Older lines stored only the hall's name as it read then: the name is matched to the hall."""
    from django.utils import translation

    collection_hall.names = {"en": "FAO service hall", "zh-hans": "外办服务大厅", "ar": "قاعة خدمات الشؤون الخارجية"}
    collection_hall.save(update_fields=["names"])
    trip = ready()
    services.trip_collection_book(trip=trip, by=liaison)
    services.trip_collect(trip=trip, by=passport_officer, signer_name="Li Na", confirmed=True)
    entry = _collect_entry(trip)
    entry.params = {"place": "外办服务大厅"}
    entry.save(update_fields=["params"])
    with translation.override("ar"):
        texts = [line.text for line in case_timeline(case=trip.case)]
    assert any("قاعة خدمات الشؤون الخارجية" in text for text in texts)
    # A hall code no hall has any more falls back to the stored name.
    entry.params = {"place": "Old hall", "_refs": {"place": ["halls.hall", "gone-hall"]}}
    entry.save(update_fields=["params"])
    with translation.override("en"):
        texts = [line.text for line in case_timeline(case=trip.case)]
    assert "The liaison officer collected the passports and visas at Old hall and signed for them." in texts


def test_a_collection_with_neither_appointment_nor_place_names_the_office_counter(ready, passport_officer):
    from django.utils import translation

    trip = ready()
    services.trip_collect(trip=trip, by=passport_officer, signer_name="Li Na", confirmed=True)
    assert _collect_entry(trip).params["_refs"] == {"place": ["trips.collection_place", "office"]}
    with translation.override("en"):
        texts = [line.text for line in case_timeline(case=trip.case)]
    assert (
        "The liaison officer collected the passports and visas at the foreign-affairs office's counter "
        "and signed for them." in texts
    )
    with translation.override("zh-hans"):
        texts = [line.text for line in case_timeline(case=trip.case)]
    assert "专管员已在外事办公室窗口领取护照和签证并签收。" in texts
