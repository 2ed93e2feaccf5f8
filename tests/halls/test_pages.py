"""Pages: who sees what, and the flows a visitor, a clerk and a manager go through."""

from datetime import timedelta

import pytest
from django.urls import reverse

from onestop.halls.models import (
    Appointment,
    AppointmentStatus,
    HallClosure,
    ServiceDay,
    StaffingPlan,
    Ticket,
    TriageNode,
)
from onestop.halls.services import appointment_book, ticket_call_next, ticket_issue

from .conftest import DAY, local, slot_at


@pytest.fixture
def triage(services):
    root = TriageNode.objects.create(key="start", question={"en": "What do you need?"})
    TriageNode.objects.create(key="bio", parent=root, answer={"en": "Fingerprints"}, service=services["biometrics"])
    both = TriageNode.objects.create(
        key="visa-bio", parent=root, answer={"en": "Visa and fingerprints"}, service=services["visa_extension"]
    )
    both.extra_services.set([services["biometrics"]])
    return root


@pytest.fixture
def open_hall(hall, at):
    at(local(DAY, 9, 30))
    return hall


def test_public_pages_answer_anyone(client, open_hall, services):
    ticket = ticket_issue(hall=open_hall, services=[services["biometrics"]])
    waits = client.get(reverse("halls:waits") + "?lang=en")
    assert waits.status_code == 200 and b"Chaoyang Hall" in waits.content and b'data-refresh="60"' in waits.content
    board = client.get(reverse("halls:board", args=[open_hall.code]))
    assert board.status_code == 200 and b'data-refresh="5"' in board.content
    page = client.get(reverse("halls:ticket", args=[ticket.token]) + "?lang=en")
    assert page.status_code == 200 and b"B001" in page.content and b"People ahead" in page.content
    assert client.get(reverse("halls:ticket", args=["00000000-0000-0000-0000-000000000000"])).status_code == 404
    assert client.get(reverse("halls:board", args=["nowhere"])).status_code == 404


def test_waits_page_offers_quieter_times_for_a_service(client, open_hall):
    response = client.get(reverse("halls:waits") + "?service=biometrics&lang=en")
    assert response.status_code == 200 and b"Quieter times you can book" in response.content


def test_board_shows_the_called_number(client, open_hall, services, clerk):
    ticket_issue(hall=open_hall, services=[services["biometrics"]])
    ticket_call_next(counter=open_hall.counters.get(number=2), by=clerk)
    content = client.get(reverse("halls:board", args=[open_hall.code]) + "?lang=en").content.decode()
    assert 'id="board-latest"' in content and "B001" in content and "Counter 2" in content


def test_kiosk_answers_only_an_enrolled_screen_or_hall_staff(client, login, open_hall, clerk, make_user, make_org):
    url = reverse("halls:kiosk", args=[open_hall.code])
    assert client.get(url).status_code == 404
    outsider = login(make_user("counter_clerk", org=make_org("Elsewhere")))
    assert outsider.get(url).status_code == 404
    staff = login(clerk)
    assert staff.get(url).status_code == 200
    enrol = staff.post(reverse("halls:kiosk-enrol", args=[open_hall.pk]))
    assert enrol.status_code == 302 and enrol["Location"] == url
    kiosk_cookie = enrol.cookies["onestop_kiosk"]
    client.cookies["onestop_kiosk"] = kiosk_cookie.value
    assert client.get(url).status_code == 200
    client.cookies["onestop_kiosk"] = "chaoyang:forged"
    assert client.get(url).status_code == 404


def _kiosk(client, login, clerk, hall):
    staff = login(clerk)
    cookie = staff.post(reverse("halls:kiosk-enrol", args=[hall.pk])).cookies["onestop_kiosk"].value
    client.cookies["onestop_kiosk"] = cookie
    return client


def test_kiosk_check_in_with_a_booking_code(client, login, clerk, open_hall, services, applicant, elderly):
    appointment = appointment_book(
        user=applicant, service_code="biometrics", slot=slot_at(open_hall, services["biometrics"], 10)
    )
    kiosk = _kiosk(client, login, clerk, open_hall)
    bad = kiosk.post(reverse("halls:kiosk-check-in", args=[open_hall.code]), {"code": "WRONG234"})
    assert bad.status_code == 400 and b"error-summary" in bad.content
    response = kiosk.post(
        reverse("halls:kiosk-check-in", args=[open_hall.code]), {"code": appointment.code, "priority": elderly.pk}
    )
    assert response.status_code == 302
    ticket = Ticket.objects.get(appointment=appointment)
    assert ticket.priority_group == elderly
    page = kiosk.get(response["Location"])
    assert page.status_code == 200 and ticket.number.encode() in page.content and b"<svg" in page.content


def test_kiosk_walk_in_triage_issues_a_ticket_for_the_whole_visit(client, login, clerk, open_hall, services, triage):
    kiosk = _kiosk(client, login, clerk, open_hall)
    first = kiosk.get(reverse("halls:kiosk-triage", args=[open_hall.code]) + "?lang=en")
    assert b"What do you need?" in first.content and b"Visa and fingerprints" in first.content
    leaf = kiosk.get(reverse("halls:kiosk-triage", args=[open_hall.code]) + "?node=visa-bio&lang=en")
    assert b"Take a number" in leaf.content
    response = kiosk.post(reverse("halls:kiosk-issue", args=[open_hall.code]), {"node": "visa-bio"})
    assert response.status_code == 302
    ticket = Ticket.objects.get()
    assert ticket.number == "V001"
    assert list(ticket.items.order_by("position").values_list("service__code", flat=True)) == [
        "visa_extension",
        "biometrics",
    ]
    assert kiosk.get(reverse("halls:kiosk-triage", args=[open_hall.code]) + "?node=missing").status_code == 404


def test_booking_in_one_click(login, open_hall, services, applicant):
    client = login(applicant)
    page = client.get(reverse("halls:book") + "?service=biometrics&district=chaoyang&lang=en")
    assert page.status_code == 200 and b"Our proposal" in page.content
    slot = page.context["proposal"].slot
    response = client.post(reverse("halls:book"), {"slot": slot.pk, "service": "biometrics"})
    appointment = Appointment.objects.get(user=applicant)
    assert response.status_code == 302 and response["Location"] == reverse(
        "halls:appointment-detail", args=[appointment.code]
    )
    detail = client.get(response["Location"])
    assert appointment.code.encode() in detail.content and b"<svg" in detail.content
    ics = client.get(reverse("halls:appointment-ics", args=[appointment.code]))
    assert ics["Content-Type"].startswith("text/calendar") and b"BEGIN:VEVENT" in ics.content
    assert client.get(reverse("halls:appointment-qr", args=[appointment.code]))["Content-Type"] == "image/svg+xml"


def test_booking_page_validates_the_location(login, open_hall, applicant):
    client = login(applicant)
    page = client.get(reverse("halls:book") + "?service=biometrics&lat=39.9&lang=en")
    assert b"error-summary" in page.content and page.context["proposal"] is None


def test_booking_a_full_slot_says_so(login, open_hall, services, applicant, make_user):
    slot = slot_at(open_hall, services["biometrics"], 14)
    for _i in range(slot.capacity):
        appointment_book(user=make_user("applicant"), service_code="biometrics", slot=slot)
    client = login(applicant)
    response = client.post(reverse("halls:book"), {"slot": slot.pk, "service": "biometrics"}, follow=True)
    assert b"fully booked" in response.content or "已" in response.content.decode()
    assert not Appointment.objects.filter(user=applicant).exists()


def test_cancel_and_reschedule_pages(login, open_hall, services, applicant):
    client = login(applicant)
    appointment = appointment_book(
        user=applicant, service_code="biometrics", slot=slot_at(open_hall, services["biometrics"], 14)
    )
    page = client.get(reverse("halls:appointment-reschedule", args=[appointment.code]))
    target = next(r.slot for r in page.context["recommendations"] if r.start >= local(DAY, 13))
    response = client.post(
        reverse("halls:appointment-reschedule", args=[appointment.code]), {"slot": target.pk, "service": "biometrics"}
    )
    moved = Appointment.objects.get(rescheduled_from=appointment)
    assert response["Location"] == reverse("halls:appointment-detail", args=[moved.code])
    client.post(reverse("halls:appointment-cancel", args=[moved.code]), {"reason": "plans changed"})
    moved.refresh_from_db()
    assert moved.status == AppointmentStatus.CANCELLED


def test_nobody_else_sees_a_booking(login, open_hall, services, applicant, make_user, clerk):
    appointment = appointment_book(
        user=applicant, service_code="biometrics", slot=slot_at(open_hall, services["biometrics"], 14)
    )
    stranger = login(make_user("applicant"))
    for name in ("halls:appointment-detail", "halls:appointment-ics", "halls:appointment-qr"):
        assert stranger.get(reverse(name, args=[appointment.code])).status_code == 404
    assert stranger.post(reverse("halls:appointment-cancel", args=[appointment.code])).status_code == 404
    assert login(clerk).get(reverse("halls:appointment-detail", args=[appointment.code])).status_code == 200


def test_appointment_list_query_count(login, open_hall, services, applicant, django_assert_max_num_queries):
    for hour in (14, 15):
        appointment_book(
            user=applicant, service_code="biometrics", slot=slot_at(open_hall, services["biometrics"], hour)
        )
    client = login(applicant)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("halls:appointment-list"))
    assert len(response.context["appointments"]) == 2


def test_counter_desk_flow(login, open_hall, services, clerk):
    ticket_issue(hall=open_hall, services=[services["biometrics"], services["visa_extension"]])
    client = login(clerk)
    select = client.get(reverse("halls:counter-select") + "?lang=en")
    assert b"Work at counter 1" in select.content
    counter = open_hall.counters.get(number=1)
    act = reverse("halls:counter-act", args=[counter.pk])
    client.post(act, {"action": "sign_in"})
    counter.refresh_from_db()
    assert counter.clerk == clerk
    client.post(act, {"action": "call"})
    ticket = Ticket.objects.get()
    assert ticket.status == "called"
    desk = client.get(reverse("halls:counter", args=[counter.pk]))
    assert desk.context["current"] == ticket
    client.post(act, {"action": "start", "ticket": ticket.pk})
    client.post(act, {"action": "complete", "ticket": ticket.pk})
    ticket.refresh_from_db()
    assert ticket.status == "serving"  # the visa, at the same desk
    client.post(act, {"action": "transfer", "ticket": ticket.pk, "service": services["biometrics"].pk})
    ticket.refresh_from_db()
    assert ticket.status == "transferred"
    stale = client.post(act, {"action": "complete", "ticket": ticket.pk}, follow=True)
    assert stale.status_code == 200
    ticket.refresh_from_db()
    assert ticket.status == "transferred"


def test_clerks_of_another_office_cannot_work_here(login, open_hall, make_user, make_org):
    other = login(make_user("counter_clerk", org=make_org("Other bureau")))
    counter = open_hall.counters.get(number=1)
    assert other.get(reverse("halls:counter", args=[counter.pk])).status_code == 404
    assert other.post(reverse("halls:counter-act", args=[counter.pk]), {"action": "call"}).status_code == 404


def test_applicants_cannot_open_staff_pages(login, open_hall, applicant):
    client = login(applicant)
    for url in (
        reverse("halls:counter-select"),
        reverse("halls:manage"),
        reverse("halls:dashboard"),
        reverse("halls:plan", args=[open_hall.pk]),
    ):
        assert client.get(url).status_code == 404


def test_manager_plans_a_day(login, open_hall, services, manager, applicant):
    client = login(manager)
    assert client.get(reverse("halls:manage")).status_code == 200
    tomorrow = DAY + timedelta(days=1)
    plan = client.get(reverse("halls:plan", args=[open_hall.pk]) + f"?date={tomorrow.isoformat()}")
    assert plan.status_code == 200 and plan.context["hours"]
    response = client.post(
        reverse("halls:plan-service-day", args=[open_hall.pk]),
        {"date": tomorrow.isoformat(), "service": services["visa_extension"].pk, "capacity_percent": 50},
    )
    assert response.status_code == 302
    assert ServiceDay.objects.get(date=tomorrow).capacity_percent == 50
    counter = open_hall.counters.get(number=2)
    bad = client.post(
        reverse("halls:plan-staffing-add", args=[open_hall.pk]),
        {"date": tomorrow.isoformat(), "counter": counter.pk, "opens": "18:00", "closes": "17:00"},
    )
    assert bad.status_code == 400 and b"error-summary" in bad.content
    client.post(
        reverse("halls:plan-staffing-add", args=[open_hall.pk]),
        {"date": tomorrow.isoformat(), "counter": counter.pk, "opens": "17:00", "closes": "18:00"},
    )
    row = StaffingPlan.objects.get(date=tomorrow, opens="17:00")
    client.post(reverse("halls:plan-staffing-remove", args=[open_hall.pk, row.pk]))
    assert not StaffingPlan.objects.filter(pk=row.pk).exists()
    appointment_book(
        user=applicant, service_code="biometrics", slot=slot_at(open_hall, services["biometrics"], 10, day=tomorrow)
    )
    unconfirmed = client.post(reverse("halls:plan-closure", args=[open_hall.pk]), {"date": tomorrow.isoformat()})
    assert unconfirmed.status_code == 400 and not HallClosure.objects.exists()
    client.post(
        reverse("halls:plan-closure", args=[open_hall.pk]),
        {"date": tomorrow.isoformat(), "confirm_cancellations": "on", "reason": "repairs"},
    )
    assert HallClosure.objects.filter(date=tomorrow).exists()
    assert Appointment.objects.get(user=applicant).status == AppointmentStatus.CANCELLED
    assert (
        client.post(reverse("halls:plan-generate", args=[open_hall.pk]), {"date": DAY.isoformat()}).status_code == 302
    )


def test_dashboard(login, open_hall, services, manager, clerk):
    t = ticket_issue(hall=open_hall, services=[services["biometrics"]])
    ticket_call_next(counter=open_hall.counters.get(number=1), by=clerk)
    client = login(manager)
    response = client.get(reverse("halls:dashboard") + "?lang=en")
    assert response.status_code == 200 and b"<svg" in response.content and b"Urban" in response.content
    assert t.pk


def test_kiosk_shows_a_quicker_hall_before_the_ticket(client, login, clerk, open_hall, make_hall, services, triage):
    make_hall("dongcheng", lat=39.9288, lon=116.4160)
    for _i in range(6):
        ticket_issue(hall=open_hall, services=[services["visa_extension"]])
    kiosk = _kiosk(client, login, clerk, open_hall)
    page = kiosk.get(reverse("halls:kiosk-triage", args=[open_hall.code]) + "?node=visa-bio&lang=en")
    content = page.content.decode()
    assert 'id="quicker"' in content and "Dongcheng Hall" in content and "Expected wait here" in content
