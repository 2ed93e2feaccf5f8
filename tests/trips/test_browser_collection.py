"""The one visit in a phone-sized headless Chromium: a trip to Japan whose passports are
reserved and visas issued is ready; the liaison officer books the collection at the FAO
hall; the passport officer records it, the liaison officer signing on the pad; the trip
shows one in-person visit and one timeline with the approval, passport and visa lines.
The trip page passes axe-core at each step."""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from onestop.trips.models import TripCollection
from tests.conftest import axe_serious_violations, browser_login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign(page) -> None:
    """Draw a signature on the pad with the mouse."""
    canvas = page.locator("[data-signature-canvas]")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    x, y, w, h = box["x"], box["y"], box["width"], box["height"]
    page.mouse.move(x + w * 0.1, y + h * 0.7)
    page.mouse.down()
    for fx, fy in ((0.25, 0.2), (0.4, 0.8), (0.55, 0.25), (0.7, 0.75), (0.9, 0.3)):
        page.mouse.move(x + w * fx, y + h * fy, steps=8)
    page.mouse.up()


def test_book_collect_and_sign_once(browser, page, live_server, after_trip, collection_hall, liaison, passport_officer):
    trip = after_trip("ready_for_collection", country="JP")
    detail = f"{live_server.url}/trips/{trip.pk}/"

    # --- the liaison officer books the one collection visit ---------------------------------
    browser_login(page, live_server, liaison)
    page.goto(detail)
    assert page.locator("#passports-visas").is_visible()
    assert page.locator("#booking-form input[name=slot]").count() == 4
    assert axe_serious_violations(page) == []
    with page.expect_navigation():
        page.click("#booking-form button[type=submit]")
    assert page.locator("#collection-appointment").is_visible()
    code = page.locator("#collection-appointment strong").first.inner_text()
    assert len(code) == 8

    # --- at the hall, the passport officer records the collection; the liaison officer signs -
    TOTPDevice.objects.create(user=passport_officer, name="phone", confirmed=True)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US")
    desk = context.new_page()
    desk.set_default_timeout(15000)
    try:
        browser_login(desk, live_server, passport_officer)
        desk.goto(detail)
        assert desk.locator("[data-signature-pad]").is_visible()  # the pad appears with JavaScript
        desk.fill("#id_signer_name", liaison.full_name)
        _sign(desk)
        assert axe_serious_violations(desk) == []
        with desk.expect_navigation():
            desk.click("#collection-form button[type=submit]")
        assert desk.locator("#collection-record").is_visible()
        screenshot(desk, "trips-collection-recorded")
    finally:
        context.close()

    collection = TripCollection.objects.get(trip=trip)
    assert collection.method == "drawn" and collection.signature_sha256 and collection.appointment_code == code

    # --- the liaison officer sees one visit and one timeline ---------------------------------
    page.goto(detail)
    assert page.locator("[data-visits]").inner_text() == "1"
    assert page.locator("img.signature-image").is_visible()
    timeline = page.locator("ol.timeline").inner_text()
    assert "The trip was approved" in timeline
    assert "Passports reserved in custody for the trip: 2 of 2 travellers." in timeline
    assert "The visa was issued" in timeline
    assert "Passports handed out with the collection: 2." in timeline
    assert "collected the passports and visas" in timeline
    assert axe_serious_violations(page) == []

    # --- the same page in Arabic: right to left, nothing wider than the phone --------------
    page.goto(f"{detail}?lang=ar")
    assert page.get_attribute("html", "dir") == "rtl" and page.get_attribute("html", "lang") == "ar"
    assert page.locator("[data-visits]").inner_text() == "1"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # the readiness tables are stacked on a phone: every cell fits inside its card
    outside = page.evaluate(
        """() => [...document.querySelectorAll('#passports-visas td')].filter(td => {
            const cell = td.getBoundingClientRect(), card = td.closest('section').getBoundingClientRect();
            return cell.left < card.left - 1 || cell.right > card.right + 1;
        }).length"""
    )
    assert page.locator("#passports-visas td").count() > 0 and outside == 0
    screenshot(page, "trips-collected-ar-phone")
    assert axe_serious_violations(page) == []
