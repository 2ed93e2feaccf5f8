"""The visa officer, on a phone-sized headless Chromium, puts the prepared applications of a
trip to Japan in a batch for the embassy with a covering note, then records the visa the
embassy issued. The queue and the batch page pass axe-core."""

from __future__ import annotations

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from onestop.visas.models import Visa, VisaApplication, VisaBatch
from tests.conftest import axe_serious_violations, screenshot

from .conftest import applications_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, user) -> None:
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    page.goto(f"{live_server.url}/accounts/login/?lang=en")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "correct-horse-battery-1")
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/login/code/" in url)
    page.fill("#id_code", f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}")
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)


def test_officer_submits_a_batch_and_records_an_issued_visa(page, live_server, officer, trip_factory, table):
    trip = trip_factory()
    applications = applications_of(trip)
    _login(page, live_server, officer)

    page.goto(f"{live_server.url}/visas/?lang=en")
    main = page.inner_text("main")
    assert "2 applications prepared, 2 ready." in main
    assert axe_serious_violations(page) == []
    with page.expect_navigation():
        page.click("a[data-batch=JP]")

    page.select_option("#id_mission", str(table["missions"]["JP"].pk))
    for application in applications:
        assert page.is_checked(f"input[name=applications][value='{application.pk}']")
    page.fill("#id_covering_note", "Two members of the City University delegation to Tokyo.")
    with page.expect_navigation():
        page.click("main button[type=submit]")

    batch = VisaBatch.objects.get()
    assert f"/visas/batches/{batch.pk}/" in page.url
    assert batch.number in page.inner_text(".messages")
    assert {a.case.state for a in applications_of(trip)} == {"submitted"}
    page.reload()
    assert "Signed PDF" in page.inner_text("main")  # the covering letter was issued after commit
    assert axe_serious_violations(page) == []

    first = applications[0]
    form = page.locator(f"form[data-issue='{first.pk}']")
    page.locator(f"#app-{first.pk}").scroll_into_view_if_needed()
    form.locator("xpath=..").locator("summary").click()
    form.locator(f"#id_issue-{first.pk}-number").fill("JP2468013")
    form.locator(f"#id_issue-{first.pk}-entries").select_option("multiple")
    form.locator(f"#id_issue-{first.pk}-valid_from").fill(first.arrive_on.isoformat())
    form.locator(f"#id_issue-{first.pk}-valid_until").fill(first.depart_on.isoformat())
    with page.expect_navigation():
        form.locator("button[type=submit]").click()

    assert f"/visas/batches/{batch.pk}/" in page.url
    assert first.case.number in page.inner_text(".messages")
    visa = Visa.objects.get(application=first)
    assert visa.reveal_number() == "JP2468013" and visa.entries == "multiple"
    assert visa.passport_id == first.passport_id
    assert VisaApplication.objects.get(pk=first.pk).case.state == "issued"
    text = page.inner_text(f"section[aria-labelledby='app-{first.pk}']")
    assert "JP*****13" in text and "JP2468013" not in page.content()
    screenshot(page, "visas-batch")
