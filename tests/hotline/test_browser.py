"""The web form in English and Arabic, and the agent's keyboard-first intake page, in a
phone-sized (form) and a desktop-sized (agent) headless Chromium."""

from __future__ import annotations

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from onestop.hotline.models import HotlineRequest
from tests.conftest import axe_serious_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def guide(db):
    from onestop.knowledge.services import article_save

    return article_save(
        by=None,
        slug="visa-extension",
        group="city",
        topics=["visa_residence"],
        titles={"en": "Extending your visa", "ar": "تمديد التأشيرة", "zh-hans": "签证延期"},
        summaries={"en": "Apply at the exit-entry hall at least 7 days before your visa expires."},
        bodies={
            "en": "Apply at the exit-entry hall at least 7 days before your visa expires. Bring your passport.",
            "ar": "قدّم الطلب في قاعة الدخول والخروج قبل انتهاء تأشيرتك بسبعة أيام على الأقل.",
            "zh-hans": "请在签证到期前至少7天到出入境大厅申请延期，携带护照。",
        },
    )


def test_web_form_in_english_suggests_a_guide_and_sends(page, live_server, world, guide):
    page.goto(f"{live_server.url}/hotline/?lang=en")
    assert page.locator("html").get_attribute("dir") == "ltr"
    page.fill("#id_description", "How can I extend my visa? It expires soon.")
    suggestion = page.locator("#suggestions a", has_text="Extending your visa")
    suggestion.wait_for()
    page.select_option("#id_district", "west")
    page.fill("#id_contact_email", "visitor@example.test")
    assert axe_serious_violations(page) == []
    with page.expect_navigation():
        page.click("#hotline-form button[type=submit]")
    created = HotlineRequest.objects.get()
    assert "/hotline/track/" in page.url
    assert page.locator("h1").inner_text().endswith(created.number)
    assert created.language == "en" and created.contact_email == "visitor@example.test"
    screenshot(page, "hotline-form-en-sent")


def test_web_form_in_arabic_right_to_left(page, live_server, world, guide):
    page.goto(f"{live_server.url}/hotline/?lang=ar")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    page.fill("#id_description", "كيف يمكنني تمديد التأشيرة؟ تأشيرتي ستنتهي قريبا.")
    page.locator("#suggestions a", has_text="تمديد التأشيرة").wait_for()
    page.check("#id_anonymous")
    assert axe_serious_violations(page) == []
    screenshot(page, "hotline-form-ar")
    with page.expect_navigation():
        page.click("#hotline-form button[type=submit]")
    created = HotlineRequest.objects.get()
    assert created.language == "ar" and created.reply_language == "ar" and created.anonymous
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert created.number in page.locator("h1").inner_text()


def _staff_login(page, live_server, user):
    page.goto(f"{live_server.url}/accounts/login/?lang=en")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "correct-horse-battery-1")
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/login/code/" in url)
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    page.fill("#id_code", f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}")
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)


def test_agent_intake_by_keyboard(browser, live_server, world, trained_router, guide, submit):
    from django_otp.plugins.otp_totp.models import TOTPDevice as Device

    earlier = submit("The bus stop was moved without notice.", category="public_transport", contact_phone="13900007777")
    agent = world.users["agent"]
    Device.objects.create(user=agent, name="phone", confirmed=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        _staff_login(page, live_server, agent)
        page.goto(f"{live_server.url}/hotline/agent/?lang=en")
        assert page.evaluate("document.activeElement.id") == "id_contact_phone"
        page.keyboard.type("139 0000 7777")
        page.keyboard.press("Tab")
        page.locator("#history a", has_text=earlier.number).wait_for()
        page.keyboard.press("Alt+d")
        assert page.evaluate("document.activeElement.id") == "id_description"
        page.keyboard.type("How do I extend my tourist visa? It expires next week.")
        page.locator("#route-text", has_text="Visas and residence").wait_for()
        page.locator("#answers li", has_text="Extending your visa").wait_for()
        page.keyboard.press("Alt+a")
        assert page.input_value("#id_category") == "visa_residence"
        page.keyboard.press("Alt+1")
        page.click("#answers button")
        assert "exit-entry hall" in page.input_value("#id_answer")
        assert page.input_value("#id_article") == "visa-extension"
        screenshot(page, "hotline-agent")
        with page.expect_navigation():
            page.keyboard.press("Control+Enter")
        assert "last=HL-" in page.url
        assert page.evaluate("document.activeElement.id") == "id_contact_phone"
        created = HotlineRequest.objects.exclude(pk=earlier.pk).get()
        assert created.case.state == "closed"
        assert created.category.code == "visa_residence"
        assert created.request_type == "inquiry"
        assert created.replies.get().article_slug == "visa-extension"
        assert axe_serious_violations(page) == []
    finally:
        context.close()
