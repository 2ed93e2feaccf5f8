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
