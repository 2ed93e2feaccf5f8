"""The live Q&A in phone-sized headless Chromium: one participant joins the online class and
asks (typed, then by voice); another joins and takes the last place (the first one's live
counter moves and says the class is full without a reload), upvotes and posts an
advertisement; the facilitator answers by text, marks the voice question answered, hides the
advertisement and reads the statistics in Arabic (mirrored charts); the asker's board shows
all of it without a reload. The classroom passes axe-core."""

from __future__ import annotations

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from onestop.accounts.roles import Role
from onestop.training import charts, services
from onestop.training.models import Question
from tests.conftest import axe_serious_violations

from .conftest import WEBM_BYTES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery-1"
# The page polls the counter and the board every few seconds; this is how long to wait for
# them to catch up (a ceiling, not a measured figure).
LIVE = 30000


def _new_page(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15000)
    return context, page


def _login(page, live_server, user) -> None:
    page.goto(f"{live_server.url}/accounts/login/?lang=en")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: url.rstrip("/").split("/")[-1] != "login")
    if "/login/code/" in page.url:
        device = TOTPDevice.objects.get(user=user, confirmed=True)
        page.fill("#id_code", f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}")
        page.click("main button[type=submit]")
        page.wait_for_url(lambda url: "/login/" not in url)


def test_ask_upvote_and_answer_in_the_browser(browser, live_server, make_program, make_user, make_org, organizer):
    program = make_program(capacity=300, online_only=True)
    session = program.sessions.get()
    facilitator = make_user(Role.FACILITATOR, org=organizer.organization, language="en")
    TOTPDevice.objects.create(user=facilitator, name="phone", confirmed=True)
    services.facilitators_set(program=program, users=[facilitator], by=organizer)
    services.session_update(session=session, by=organizer, presence_capacity=2)  # two places at once
    services.session_set_qa(session=session, by=organizer, open=True)
    asker = make_user(Role.PARTICIPANT, org=make_org("Health Commission"), language="en")
    voter = make_user(Role.PARTICIPANT, org=make_org("Xicheng District"), language="en")
    for user in (asker, voter):
        services.enrolment_self_register(program=program, user=user)
    room = f"{live_server.url}/training/sessions/{session.pk}/room/"

    # --- the asker joins the class and asks in text ------------------------------------
    asker_ctx, page = _new_page(browser)
    _login(page, live_server, asker)
    page.goto(room)
    with page.expect_navigation():
        page.get_by_role("button", name="Join the class").click()
    assert page.locator("[data-counter-present]").inner_text() == "1"
    assert page.locator("[data-counter-room]").is_visible() and page.locator("[data-counter-full]").is_hidden()
    assert page.get_by_role("button", name="Leave the class").is_visible()
    page.fill("#id_text", "Can the passport be handed over when I change jobs?")
    with page.expect_navigation():
        page.get_by_role("button", name="Ask").click()
    assert "Your question is on the board." in page.locator(".messages").inner_text()
    assert axe_serious_violations(page) == []

    # ...then by voice: the recorder when the browser has a microphone, the file field otherwise
    page.get_by_role("button", name="Record a voice question").click()
    stop = page.get_by_role("button", name="Stop recording")
    try:
        stop.wait_for(state="visible", timeout=3000)
        page.wait_for_timeout(1200)
        stop.click()
        page.locator("[data-preview]").wait_for(state="visible")
    except Exception:
        page.locator(".ask-form .voice-fallback").wait_for(state="visible")
        page.set_input_files(
            "#id_audio", files=[{"name": "voice.webm", "mimeType": "audio/webm", "buffer": WEBM_BYTES}]
        )
    with page.expect_navigation():
        page.get_by_role("button", name="Ask").click()
    assert Question.objects.filter(author=asker).exclude(audio="").count() == 1
    assert page.locator("#question-board audio").count() == 1

    # --- another participant joins (the asker's counter follows), upvotes, advertises -----
    voter_ctx, other = _new_page(browser)
    _login(other, live_server, voter)
    other.goto(room)
    with other.expect_navigation():
        other.get_by_role("button", name="Join the class").click()
    assert other.locator("[data-counter-present]").inner_text() == "2"
    expect(page.locator("[data-counter-present]")).to_have_text("2", timeout=LIVE)
    # that took the last place: the new page says the class is full, and so does the first one, live
    assert other.locator("[data-counter-full]").is_visible() and other.locator("[data-counter-room]").is_hidden()
    expect(page.locator("[data-counter-full]")).to_be_visible(timeout=LIVE)
    expect(page.locator("[data-counter-room]")).to_be_hidden()
    assert "the class is full" in page.locator(".live-counter").inner_text()
    typed = Question.objects.get(author=asker, audio="")
    voice = Question.objects.get(author=asker, text="")
    card = other.locator(f"#question-{typed.pk}")
    assert "handed over" in card.inner_text()
    with other.expect_navigation():
        card.get_by_role("button", name="Upvote").click()
    card = other.locator(f"#question-{typed.pk}")
    assert card.locator("[data-votes]").inner_text() == "1"
    assert "You upvoted this" in card.inner_text()
    other.fill("#id_text", "Cheap watches at spam.example.test, best prices!")
    with other.expect_navigation():
        other.get_by_role("button", name="Ask").click()
    spam = Question.objects.get(author=voter)
    expect(page.locator(f"#question-{spam.pk}")).to_be_visible(timeout=LIVE)
    voter_ctx.close()

    # --- the facilitator answers -------------------------------------------------------------
    mod_ctx, mod = _new_page(browser)
    _login(mod, live_server, facilitator)
    mod.goto(room)
    card = mod.locator(f"#question-{typed.pk}")
    card.locator("summary", has_text="Answer").click()
    card.locator("textarea[name=text]").fill("Yes: the liaison officer records the handover in the registry.")
    with mod.expect_navigation():
        card.get_by_role("button", name="Send the answer").click()
    assert "Answered." in mod.locator(".messages").inner_text()
    assert axe_serious_violations(mod) == []
    # the voice question was answered out loud in the class
    with mod.expect_navigation():
        mod.locator(f"#question-{voice.pk}").get_by_role("button", name="Mark as answered").click()
    assert "Marked as answered." in mod.locator(".messages").inner_text()
    # the advertisement goes, with a reason; moderators still see it, marked hidden
    card = mod.locator(f"#question-{spam.pk}")
    card.locator("summary", has_text="Hide").click()
    card.locator("input[name=reason]").fill("Advertising")
    with mod.expect_navigation():
        card.get_by_role("button", name="Hide the question").click()
    assert "The question was hidden." in mod.locator(".messages").inner_text()
    assert "Advertising" in mod.locator(f"#question-{spam.pk}").inner_text()
    # the statistics in Arabic: labels on the right, bars growing leftwards from one right edge
    mod.goto(f"{live_server.url}/training/manage/programs/{program.pk}/stats/?lang=ar")
    chart = mod.locator("svg.chart-rtl").first
    frame = chart.bounding_box()
    scale = frame["width"] / charts.WIDTH
    edge = frame["x"] + (charts.WIDTH - charts.WIDTH * charts.LABEL_WIDTH / 100) * scale
    drawn = 0
    for group in chart.locator("g").all():
        bar = group.locator("rect.chart-bar").bounding_box()
        if not bar or bar["width"] < 1:
            continue
        drawn += 1
        label = group.locator("text.chart-label").bounding_box()
        value = group.locator("text.chart-value").bounding_box()
        assert bar["x"] + bar["width"] == pytest.approx(edge, abs=2)  # anchored right
        assert bar["x"] + bar["width"] > frame["x"] + frame["width"] / 2
        assert label["x"] >= bar["x"] + bar["width"] - 1  # the label sits to the right of its bar
        assert value["x"] + value["width"] <= bar["x"] + 1  # the value to the left
    assert drawn >= 1
    assert axe_serious_violations(mod) == []
    mod_ctx.close()

    # --- the asker's board catches up without a reload ----------------------------------------
    card = page.locator(f"#question-{typed.pk}")
    expect(card).to_contain_text("records the handover in the registry", timeout=LIVE)
    assert "Answered" in card.inner_text()
    expect(page.locator(f"#question-{voice.pk}")).to_contain_text("Answered in the class.", timeout=LIVE)
    expect(page.locator(f"#question-{spam.pk}")).to_have_count(0, timeout=LIVE)
    typed.refresh_from_db()
    voice.refresh_from_db()
    spam.refresh_from_db()
    assert (typed.status, typed.upvotes, typed.answered_by) == ("answered", 1, facilitator)
    assert (voice.status, voice.answer_text, voice.answered_by) == ("answered", "", facilitator)
    assert (spam.status, spam.hidden_reason, spam.hidden_by) == ("hidden", "Advertising", facilitator)
    asker_ctx.close()
