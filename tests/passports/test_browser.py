"""The passport officer, on a phone-sized headless Chromium, checks a reserved passport out
by typing its two MRZ lines into the desk's single input, then takes it back the same way.
The desk page passes axe-core."""

from __future__ import annotations

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from onestop.passports.models import Passport, Reservation
from tests.conftest import axe_serious_violations, mrz_for, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, user) -> None:
    """Password, then the TOTP code of the officer's authenticator."""
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    page.goto(f"{live_server.url}/accounts/login/?lang=en")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "correct-horse-battery-1")
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/login/code/" in url)
    page.fill("#id_code", f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}")
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)


def test_check_out_then_return_by_mrz_at_the_desk(page, live_server, officer, make_person, make_passport, make_trip):
    person = make_person("张伟")
    passport = make_passport(person, number="PE5150001")
    make_trip([person], start=20, days=5)
    line1, line2 = mrz_for(person, number="PE5150001", expires_on=passport.expires_on, birth=person.birth_date)

    _login(page, live_server, officer)
    page.goto(f"{live_server.url}/passports/desk/")
    assert passport.number_masked in page.inner_text("main")  # waiting to be checked out
    assert axe_serious_violations(page) == []

    page.fill("#id_code", f"{line1}\n{line2}")
    with page.expect_navigation():
        page.click("#desk-check-out")
    assert "PE*****01" in page.inner_text(".messages")
    assert Passport.objects.get(pk=passport.pk).status == "checked_out"

    page.fill("#id_code", f"{line1}\n{line2}")
    with page.expect_navigation():
        page.click("#desk-return")
    assert Passport.objects.get(pk=passport.pk).status == "in_custody"
    assert Reservation.objects.get(passport=passport).status == "returned"
    assert "PE*****01" in page.inner_text(".messages")

    # a mistyped check digit is refused with the reason, on the field
    page.fill("#id_code", f"{line1}\n{line2[:9]}X{line2[10:]}")
    page.click("#desk-check-out")
    page.wait_for_selector(".error-summary")
    assert page.locator("#id_code-error").count() == 1
    screenshot(page, "passports-desk")

    # the passport's page shows the custody history in local time
    page.goto(f"{live_server.url}/passports/{passport.pk}/")
    history = page.inner_text("#history-heading + ol")
    for verb in ("Registered in custody", "Reserved for a trip", "Checked out", "Returned"):
        assert verb in history
    screenshot(page, "passports-detail")
