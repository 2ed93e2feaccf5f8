"""The joint permit in a phone-sized headless Chromium: an employer files through the four
steps (employee from the passport MRZ, employment, materials, check and submit), both
officers take and approve their halves at the same time, and the case page shows the two
signed permits. The step form and the case page pass axe-core, also in Arabic."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from onestop.dossier.samples import sample_pdf, sample_png
from onestop.permits.models import PermitApplication
from onestop.permits.policies import REQUIRED_MATERIALS
from tests.conftest import axe_serious_violations, screenshot

from .conftest import mrz_for

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("material_catalogue"),
]

PASSWORD = "correct-horse-battery-1"


def _login(page, live_server, user, lang: str = "en") -> None:
    page.goto(f"{live_server.url}/accounts/login/?lang={lang}")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: url.rstrip("/").split("/")[-1] != "login")
    if "/login/code/" in page.url:
        device = TOTPDevice.objects.get(user=user, confirmed=True)
        page.fill("#id_code", f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}")
        page.click("main button[type=submit]")
        page.wait_for_url(lambda url: "/login/" not in url)


def _logout(page) -> None:
    page.click("header .top-nav button[type=submit]")
    page.wait_for_url(lambda url: "/permits/" not in url)


def _file(code: str) -> dict:
    if code == "photo":
        return {"name": "photo.png", "mimeType": "image/png", "buffer": sample_png("photo")}
    return {"name": f"{code}.pdf", "mimeType": "application/pdf", "buffer": sample_pdf(code)}


def _decide(page, live_server, officer, number: str) -> None:
    _login(page, live_server, officer)
    page.goto(f"{live_server.url}/permits/reviews/")
    with page.expect_navigation():
        page.click(f"main a:has-text('{number}')")
    with page.expect_navigation():
        page.click("main button:has-text('Take this review')")
    page.check("input[name=verdict][value=approved]")
    with page.expect_navigation():
        page.click("main button:has-text('Record the verdict')")
    _logout(page)


def test_employer_files_and_both_officers_approve(page, live_server, make_org, make_user, no_biometrics_rule):
    org = make_org("Galaxy Robotics", kind="enterprise", code="ent-browser")
    employer = make_user("employer", org=org)
    permit_officer, exit_officer = make_user("permit_officer"), make_user("exit_entry_officer")
    for officer in (permit_officer, exit_officer):
        TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)

    _login(page, live_server, employer)
    page.goto(f"{live_server.url}/permits/new/")
    line1, line2 = mrz_for(surname="NOVAK", given="EVA", nationality="CZE")
    page.fill("#id_mrz", f"{line1}\n{line2}")
    page.fill("#id_job_title", "Robotics engineer")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert "/employment/" in page.url

    start = timezone.localdate() + timedelta(days=30)
    page.fill("#id_contract_start", start.isoformat())
    page.fill("#id_contract_end", (start + timedelta(days=730)).isoformat())
    page.select_option("#id_salary_band", "35k_50k")
    page.fill("#id_work_address", "18 Kechuang Street")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert "/materials/" in page.url
    assert page.locator(".checklist li.todo").count() == len(REQUIRED_MATERIALS)
    assert axe_serious_violations(page) == []

    for code in REQUIRED_MATERIALS:
        page.select_option("#id_type_code", code)
        page.set_input_files("#id_file", files=[_file(code)])
        with page.expect_navigation():
            page.click("main form.card button[type=submit]")
    assert page.locator(".checklist li.todo").count() == 0
    with page.expect_navigation():
        page.click("main a:has-text('Continue to check and submit')")
    with page.expect_navigation():
        page.click("main button:has-text('Submit the application')")
    application = PermitApplication.objects.get(employer=org)
    assert application.case.state == "submitted"
    number = application.case.number
    screenshot(page, "permits-submitted-phone")
    _logout(page)

    _decide(page, live_server, permit_officer, number)
    _decide(page, live_server, exit_officer, number)
    application.refresh_from_db()
    assert application.case.state == "approved"

    _login(page, live_server, employer)
    page.goto(f"{live_server.url}/permits/{application.pk}/")
    assert page.locator("main a:has-text('Download the signed PDF')").count() == 2
    assert axe_serious_violations(page) == []
    screenshot(page, "permits-approved-phone")


def test_step_form_in_arabic_is_right_to_left_and_accessible(page, live_server, make_org, make_user):
    employer = make_user("employer", org=make_org("Kangtai", kind="enterprise", code="ent-ar"), language="ar")
    _login(page, live_server, employer, lang="ar")
    page.goto(f"{live_server.url}/permits/new/?lang=ar")
    assert page.get_attribute("html", "dir") == "rtl"
    with page.expect_navigation():
        page.click("main form button[type=submit]")  # empty: the error summary lists what is missing
    assert page.locator(".error-summary a[href='#id_mrz']").count() == 1
    assert axe_serious_violations(page) == []
    screenshot(page, "permits-start-ar-phone")
