"""The REST API: booking, cancel, recommendations, waits, kiosk check-in, tickets, call-next."""

import pytest
from django.urls import reverse

from onestop.halls.models import Appointment, AppointmentStatus, Ticket
from onestop.halls.services import appointment_book

from .conftest import DAY, local, slot_at


@pytest.fixture
def open_hall(hall, at):
    at(local(DAY, 9, 30))
    return hall


def test_public_reads(api, open_hall, services):
    client = api()
    halls = client.get(reverse("api:halls-hall-list")).json()
    assert halls["results"][0]["code"] == "chaoyang"
    assert {s["code"] for s in client.get(reverse("api:halls-service-list")).json()["results"]} >= {"biometrics"}
    waits = client.get(reverse("api:halls-wait-list") + "?service=biometrics").json()
    assert waits[0]["hall"] == "chaoyang" and waits[0]["open_counters"] == 2
    slots = client.get(reverse("api:halls-slot-list") + "?service=biometrics&hall=chaoyang").json()
    assert slots["count"] > 0
    assert client.get(reverse("api:halls-slot-list")).json()["error"]["code"] == "halls.service_required"
    recs = client.get(
        reverse("api:halls-recommendation-list") + "?service=biometrics&lat=39.9&lon=116.4&limit=2"
    ).json()
    assert len(recs) == 2 and recs[0]["hall"] == "chaoyang" and recs[0]["distance_km"] is not None
    bad = client.get(reverse("api:halls-recommendation-list") + "?service=biometrics&lat=x&lon=1")
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "halls.bad_number"


def test_book_cancel_reschedule(api, open_hall, services, applicant):
    client = api(applicant)
    one_click = client.post(reverse("api:halls-appointment-list"), {"service": "visa_extension"}, format="json")
    assert one_click.status_code == 201 and one_click.json()["hall"] == "chaoyang"
    first = slot_at(open_hall, services["biometrics"], 13)
    booked = client.post(
        reverse("api:halls-appointment-list"), {"service": "biometrics", "slot": first.pk}, format="json"
    )
    assert booked.status_code == 201 and booked.json()["status"] == "booked"
    code = booked.json()["code"]
    assert Appointment.objects.get(code=code).channel == "api"
    assert client.get(reverse("api:halls-appointment-list")).json()["count"] == 2
    assert client.get(reverse("api:halls-appointment-detail", args=[code])).json()["code"] == code
    later = slot_at(open_hall, services["biometrics"], 15)
    moved = client.post(reverse("api:halls-appointment-reschedule", args=[code]), {"slot": later.pk}, format="json")
    assert moved.status_code == 200
    new_code = moved.json()["code"]
    cancelled = client.post(reverse("api:halls-appointment-cancel", args=[new_code]), {"reason": "x"}, format="json")
    assert cancelled.json()["status"] == "cancelled"
    again = client.post(reverse("api:halls-appointment-cancel", args=[new_code]), {}, format="json")
    assert again.status_code == 409 and again.json()["error"]["code"] == "halls.appointment.cancel_not_allowed"


def test_booking_errors_are_coded(api, open_hall, applicant):
    client = api(applicant)
    response = client.post(reverse("api:halls-appointment-list"), {"service": "nothing"}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "halls.service_unknown"
    assert "service_code" in response.json()["error"]["fields"]
    anonymous = api().post(reverse("api:halls-appointment-list"), {"service": "biometrics"}, format="json")
    assert anonymous.status_code == 401


def test_others_bookings_are_not_found(api, open_hall, services, applicant, make_user):
    a = appointment_book(user=applicant, service_code="biometrics", slot=slot_at(open_hall, services["biometrics"], 14))
    other = api(make_user("applicant"))
    assert other.get(reverse("api:halls-appointment-detail", args=[a.code])).status_code == 404
    assert other.post(reverse("api:halls-appointment-cancel", args=[a.code]), {}, format="json").status_code == 404


def test_kiosk_and_counter_endpoints(api, open_hall, services, applicant, clerk, at):
    a = appointment_book(user=applicant, service_code="biometrics", slot=slot_at(open_hall, services["biometrics"], 10))
    staff = api(clerk)
    at(local(DAY, 9, 55))
    checked = staff.post(reverse("api:halls-kiosk-check-in"), {"hall": "chaoyang", "code": a.code}, format="json")
    assert checked.status_code == 201 and checked.json()["number"] == "B001"
    walk = staff.post(
        reverse("api:halls-ticket-issue"),
        {"hall": "chaoyang", "services": ["visa_extension", "biometrics"]},
        format="json",
    )
    assert walk.status_code == 201 and walk.json()["services"] == ["visa_extension", "biometrics"]
    unknown = staff.post(reverse("api:halls-ticket-issue"), {"hall": "chaoyang", "services": ["zzz"]}, format="json")
    assert unknown.status_code == 400
    counter = open_hall.counters.get(number=1)
    called = staff.post(reverse("api:halls-counter-call-next", args=[counter.pk]))
    assert called.json()["number"] == "B001" and called.json()["status"] == "called"
    pk = called.json()["id"]
    for action in ("recall", "start", "complete"):
        response = staff.post(reverse("api:halls-ticket-action", args=[pk, action]), {}, format="json")
        assert response.status_code == 200, response.json()
    assert Appointment.objects.get(pk=a.pk).status == AppointmentStatus.COMPLETED
    status = api().get(reverse("api:halls-ticket-status", args=[walk.json()["token"]])).json()
    assert status["status"] == "waiting" and status["ahead"] == 0
    queue = staff.get(reverse("api:halls-queue", args=[open_hall.pk])).json()
    assert [t["number"] for t in queue] == ["V001"]
    board = api().get(reverse("api:halls-board", args=["chaoyang"])).json()
    assert board[0]["number"] == "B001"
    wrong = staff.post(reverse("api:halls-ticket-action", args=[pk, "dance"]), {}, format="json")
    assert wrong.status_code == 404
    nobody = staff.post(reverse("api:halls-counter-call-next", args=[open_hall.counters.get(number=2).pk]))
    assert nobody.status_code == 204


def test_staff_endpoints_refuse_visitors_and_other_offices(api, open_hall, applicant, make_user, make_org):
    visitor = api(applicant)
    assert (
        visitor.post(
            reverse("api:halls-ticket-issue"), {"hall": "chaoyang", "services": ["biometrics"]}, format="json"
        ).status_code
        == 404
    )
    outsider = api(make_user("counter_clerk", org=make_org("Far away")))
    response = outsider.post(
        reverse("api:halls-ticket-issue"), {"hall": "chaoyang", "services": ["biometrics"]}, format="json"
    )
    assert response.status_code == 404 and not Ticket.objects.exists()
    assert outsider.get(reverse("api:halls-forecast", args=[open_hall.pk])).status_code == 404


def test_manager_reads_the_forecast(api, open_hall, manager):
    response = api(manager).get(reverse("api:halls-forecast", args=[open_hall.pk]))
    assert response.status_code == 200 and response.json() == []


def test_schema_builds_for_the_halls_endpoints():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    paths = [p for p in schema["paths"] if p.startswith("/api/v1/halls/")]
    assert "/api/v1/halls/appointments/" in paths and "/api/v1/halls/counters/{id}/call-next/" in paths
