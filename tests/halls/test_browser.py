"""In a real browser: book online → check in at the kiosk → called at a counter (the display
board follows) → complete."""

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from onestop.halls import clock
from onestop.halls.models import Appointment, AppointmentStatus, Ticket, TicketStatus
from tests.conftest import axe_serious_violations

from .conftest import DAY, local

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, live_server, user) -> None:
    page.goto(f"{live_server.url}/accounts/login/?lang=en")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "correct-horse-battery-1")
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: url.rstrip("/").split("/")[-1] != "login")
    if "/login/code/" in page.url:
        device = TOTPDevice.objects.get(user=user, confirmed=True)
        page.fill("#id_code", f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}")
        page.click("main button[type=submit]")
        page.wait_for_url(lambda url: "/login/" not in url)


@pytest.fixture
def frozen_process():
    clock.set_process_now(local(DAY, 9, 30))
    yield
    clock.set_process_now(None)


def test_book_check_in_call_complete(browser, page, live_server, make_hall, clerk, applicant, frozen_process):
    make_hall("chaoyang")
    TOTPDevice.objects.create(user=clerk, name="phone", confirmed=True)
    # the visitor books on the phone
    login(page, live_server, applicant)
    page.goto(f"{live_server.url}/halls/book/?lang=en")
    page.check("input[value=biometrics]")
    page.click("button:has-text('Find the best time')")
    page.wait_for_selector("button:has-text('Book this time')")
    assert axe_serious_violations(page) == []
    page.click("button:has-text('Book this time')")
    code = page.inner_text("#booking-code").strip()
    assert axe_serious_violations(page) == []
    assert re.fullmatch(r"[A-Z2-9]{8}", code)

    # the hall's display board, on its own screen
    board_context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="en-US")
    board = board_context.new_page()
    board.goto(f"{live_server.url}/halls/board/chaoyang/?lang=en")
    assert board.locator("#board-latest").count() == 0

    # the kiosk: a screen hall staff opened
    staff_context = browser.new_context(viewport={"width": 1024, "height": 768}, locale="en-US")
    staff = staff_context.new_page()
    staff.set_default_timeout(15000)
    login(staff, live_server, clerk)
    staff.goto(f"{live_server.url}/halls/kiosk/chaoyang/?lang=en")
    assert axe_serious_violations(staff) == []
    staff.fill("#id_code", code.lower())
    staff.click("button:has-text('Check in')")
    number = staff.inner_text("#ticket-number").strip()
    assert number == "B001"
    assert Appointment.objects.get(code=code).status == AppointmentStatus.CHECKED_IN

    # the clerk takes counter 2 and calls the next visitor
    staff.goto(f"{live_server.url}/halls/counter/?lang=en")
    staff.click("button:has-text('Work at counter 2')")
    staff.click("#call-next")
    assert staff.inner_text("#current-number").strip() == number
    assert axe_serious_violations(staff) == []

    # the board updates itself
    board.wait_for_selector("#board-latest", timeout=20000)
    assert number in board.inner_text("#board-latest")
    assert "2" in board.inner_text("#board-latest")
    assert axe_serious_violations(board) == []

    staff.click("#complete-button")
    staff.wait_for_selector("text=Nobody at the counter.")
    ticket = Ticket.objects.get(number=number)
    assert ticket.status == TicketStatus.DONE
    assert Appointment.objects.get(code=code).status == AppointmentStatus.COMPLETED

    # the visitor's phone shows the visit as complete
    page.goto(f"{live_server.url}/halls/ticket/{ticket.token}/?lang=en")
    assert "Your visit is complete" in page.inner_text("#ticket-live")
    board_context.close()
    staff_context.close()


STUB_ALERTS = """
window.__vibrations = [];
window.__notes = [];
navigator.vibrate = function (pattern) { window.__vibrations.push(pattern); return true; };
window.Notification = function (title, options) { window.__notes.push(options.body); };
window.Notification.permission = "granted";
window.Notification.requestPermission = function () { return Promise.resolve("granted"); };
"""

REFRESH = """async () => {
  const el = document.getElementById("ticket-live");
  const html = await (await fetch(location.href, {headers: {"X-Requested-With": "fetch"}})).text();
  el.innerHTML = new DOMParser().parseFromString(html, "text/html").getElementById("ticket-live").innerHTML;
  await new Promise((resolve) => setTimeout(resolve, 50));
}"""


def test_the_phone_alerts_when_the_turn_is_near(page, live_server, make_hall, services, clerk, frozen_process):
    from onestop.halls.services import ticket_call_next, ticket_complete, ticket_issue

    hall = make_hall("chaoyang")
    hall.notify_ahead = 1
    hall.save(update_fields=["notify_ahead"])
    for _i in range(3):
        ticket_issue(hall=hall, services=[services["biometrics"]])
    mine = ticket_issue(hall=hall, services=[services["biometrics"]])
    page.add_init_script(STUB_ALERTS)
    page.goto(f"{live_server.url}/halls/ticket/{mine.token}/?lang=en")
    assert page.inner_text("#ahead").strip() == "3"
    assert page.evaluate("window.__vibrations.length") == 0

    counter = hall.counters.get(number=1)
    called = ticket_call_next(counter=counter, by=clerk)
    ticket_complete(ticket=called, by=clerk)
    page.evaluate(REFRESH)
    assert page.evaluate("window.__vibrations.length") == 0  # two still ahead

    called = ticket_call_next(counter=counter, by=clerk)
    ticket_complete(ticket=called, by=clerk)
    page.evaluate(REFRESH)
    assert page.inner_text("#ahead").strip() == "1"
    assert page.evaluate("window.__vibrations.length") == 1
    assert "Only 1 person ahead of you" in page.evaluate("window.__notes[0]")

    page.evaluate(REFRESH)  # the same news is not repeated
    assert page.evaluate("window.__vibrations.length") == 1

    ticket_call_next(counter=counter, by=clerk)  # the last one ahead
    called = ticket_call_next(counter=hall.counters.get(number=2), by=clerk)
    assert called.pk == mine.pk
    page.evaluate(REFRESH)
    assert page.evaluate("window.__vibrations.length") == 2
    assert "counter 2" in page.evaluate("window.__notes[1]")
