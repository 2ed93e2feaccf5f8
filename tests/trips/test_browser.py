"""The proving flow in a phone-sized headless Chromium, once in Chinese and once in English:
a liaison officer files a trip through the step form (uploading what the dossier lacks), an
FAO reviewer takes it from the work queue and approves it, and the signed approval document
appears on the case page. The trip form and the case page pass axe-core."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from onestop.dossier.samples import sample_pdf, sample_png
from onestop.trips.models import Trip
from tests.conftest import axe_serious_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery-1"
# What each language shows on the case page once approved, and the html lang attribute.
EXPECTED = {
    "zh-hans": {"html_lang": "zh-Hans", "approved": "已批准"},
    "en": {"html_lang": "en", "approved": "Approved"},
}


def _login(page, live_server, user, lang: str) -> None:
    """Log in through the login form (the header's language button is also a submit button)."""
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
    page.wait_for_url(lambda url: "/trips/" not in url)


def _submit_form_with(page, op: str) -> None:
    with page.expect_navigation():
        page.click(f"main form:has(input[name=op][value={op}]) button[type=submit]")


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_liaison_files_and_reviewer_approves_through_the_pages(
    page, live_server, make_org, make_user, material_catalogue, lang
):
    from onestop.dossier.models import Person

    org = make_org("城市理工大学", kind="university")
    liaison = make_user("liaison", org=org, language=lang)
    reviewer = make_user("fao_reviewer", language=lang)
    TOTPDevice.objects.create(user=reviewer, name="phone", confirmed=True)
    leader = Person.objects.create(full_name="王建华", latin_name="Wang Jianhua", organization=org, position="教授")
    member = Person.objects.create(full_name="李思远", latin_name="Li Siyuan", organization=org, position="研究员")
    departs = timezone.localdate() + timedelta(days=30)

    # --- the liaison officer files the trip, step by step ------------------------------
    _login(page, live_server, liaison, lang)
    page.goto(f"{live_server.url}/trips/new/")
    assert page.get_attribute("html", "lang") == EXPECTED[lang]["html_lang"]
    # an empty step shows the error summary first
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.locator(".error-summary").is_visible()
    assert axe_serious_violations(page) == []
    page.fill("#id_purpose", "Joint laboratory meeting with Kyoto University")
    page.fill("#id_inviter_name", "Kyoto University")
    page.select_option("#id_inviter_country", "JP")
    page.fill("#id_departs_on", departs.isoformat())
    page.fill("#id_returns_on", (departs + timedelta(days=3)).isoformat())
    page.select_option("#id_funding_source", "project")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    trip = Trip.objects.get(organization=org)
    assert page.url.endswith(f"/trips/{trip.pk}/step/2/")

    # step 2: the delegation
    page.select_option("#id_person", str(leader.pk))
    page.check("input[name=role][value=leader]")
    _submit_form_with(page, "add")
    page.select_option("#id_person", str(member.pk))
    page.check("input[name=role][value=member]")
    _submit_form_with(page, "add")
    assert page.locator("main .plain-list li").count() == 2
    _submit_form_with(page, "next")

    # step 3: one destination
    page.select_option("#id_country", "JP")
    page.fill("#id_city", "Kyoto")
    page.fill("#id_arrive_on", departs.isoformat())
    page.fill("#id_depart_on", (departs + timedelta(days=3)).isoformat())
    _submit_form_with(page, "add")
    assert page.locator("main .plain-list li").count() == 1
    _submit_form_with(page, "next")
    assert page.url.endswith("/step/4/")

    # step 4: upload what is missing (nothing is in the dossiers yet)
    assert page.locator("input[type=file]").count() == 5
    assert axe_serious_violations(page) == []
    while page.locator("input[type=file]").count():
        field = page.locator("input[type=file]").first
        kind = field.get_attribute("data-material")
        if kind.startswith("photo"):
            payload = {"name": "photo.png", "mimeType": "image/png", "buffer": sample_png("photo")}
        else:
            payload = {"name": "file.pdf", "mimeType": "application/pdf", "buffer": sample_pdf(kind)}
        field.set_input_files(payload)
        with page.expect_navigation():
            field.locator("xpath=ancestor::form").locator("button[type=submit]").click()
    _submit_form_with(page, "next")

    # step 5: review and submit
    assert page.url.endswith("/step/5/")
    assert page.locator(".finding-hard").count() == 0
    screenshot(page, f"trip-review-{lang}-phone")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.url.endswith(f"/trips/{trip.pk}/")
    trip.case.refresh_from_db()
    assert trip.case.state == "submitted"
    assert axe_serious_violations(page) == []
    _logout(page)

    # --- the FAO reviewer works the queue and approves ----------------------------------
    _login(page, live_server, reviewer, lang)
    page.goto(f"{live_server.url}/trips/queue/")
    card = page.locator("li.card", has_text=trip.case.number)
    with page.expect_navigation():
        card.locator("button[type=submit]").click()
    trip.case.refresh_from_db()
    assert trip.case.state == "in_review" and trip.case.assigned_to_id == reviewer.pk
    page.goto(f"{live_server.url}/trips/{trip.pk}/")
    page.fill("#note-approve", "Within the annual plan.")
    with page.expect_navigation():
        page.click("button[data-action=approve]")
    trip.case.refresh_from_db()
    assert trip.case.state == "approved"
    assert EXPECTED[lang]["approved"] in page.locator("h1").inner_text()

    # the signed approval document is issued after the approval commits
    download = page.locator("a.document-download")
    for _attempt in range(20):
        if download.count():
            break
        page.wait_for_timeout(1000)
        page.reload()
    assert download.count() == 1
    assert "/download/" in download.get_attribute("href")
    assert page.locator("a[href*='/verify/']").count() == 1
    screenshot(page, f"trip-approved-{lang}-phone")
    assert axe_serious_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
