"""Values on staff and citizen pages read in the reader's language: department names,
language names, routing methods and the reasons of automatic routing decisions."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from onestop.accounts.models import Organization
from onestop.hotline import selectors
from onestop.hotline.display import department_name, language_name, routed_by_label
from onestop.hotline.models import RoutingEvent


@pytest.fixture
def named(world):
    Organization.objects.filter(pk=world.departments["water"].pk).update(name="市水务局", name_en="Water Authority")
    world.departments["water"].refresh_from_db()
    return world


@pytest.mark.parametrize(
    "language,expected", [("zh-hans", "市水务局"), ("en", "Water Authority"), ("ar", "Water Authority")]
)
def test_a_department_is_named_in_chinese_for_chinese_readers_and_in_english_otherwise(named, language, expected):
    assert department_name(named.departments["water"], language) == expected


def test_a_department_without_an_english_name_keeps_its_name(world):
    assert department_name(world.departments["transport"], "fr") == "Transport Commission"
    assert department_name(None) == ""


def test_language_codes_become_names_in_the_readers_language():
    with translation.override("en"):
        assert language_name("de") == "German (Deutsch)"
        assert language_name("en") == "English"
        assert language_name("") == ""
    with translation.override("zh-hans"):
        assert language_name("ar") == "阿拉伯语 (العربيّة)"


def test_routing_methods_are_words():
    with translation.override("zh-hans"):
        assert routed_by_label("dispatcher") == "派单员"
    with translation.override("en"):
        assert routed_by_label("catalogue") == "Dispatch catalogue"


def test_the_dashboard_names_departments_in_the_readers_language(named, submit):
    submit(category="water_supply")
    today = timezone.localdate()
    for language, expected in (("en", "Water Authority"), ("zh-hans", "市水务局")):
        with translation.override(language):
            stats = selectors.dashboard_stats(start=today - timedelta(days=1), end=today)
        assert [r.label for r in stats.by_department if r.key == named.departments["water"].pk] == [expected]


def test_an_automatic_routing_reason_is_worded_in_the_readers_language(world, submit):
    with translation.override("ar"):  # the citizen's page language at intake
        request = submit(category="water_supply")
    event = RoutingEvent.objects.get(request=request)
    assert event.reason == "" and event.reason_code == "catalogue"
    with translation.override("en"):
        assert event.reason_text == "The category was chosen and the catalogue names the department."
    with translation.override("zh-hans"):
        assert "目录" in event.reason_text


def test_the_request_page_shows_names_not_codes(named, login, submit):
    request = submit("Bitte helfen Sie: seit heute Morgen kommt kein Wasser aus dem Hahn.", category="water_supply")
    page = login(named.users["supervisor"]).get(f"/hotline/r/{request.number}/?lang=en").content.decode()
    assert "German (Deutsch)" in page
    assert "Dispatch catalogue" in page
    assert "Water Authority" in page and "市水务局" not in page
    assert "The category was chosen and the catalogue names the department." in page


def test_the_tracking_page_marks_the_citizens_text_with_its_language(world, client):
    from onestop.hotline.services import request_submit

    request = request_submit(
        by=None, channel="web", description="Bitte helfen Sie: seit heute Morgen kommt kein Wasser.", district="east"
    )
    page = client.get(f"/hotline/track/{request.tracking_code}/?lang=ar").content.decode()
    assert 'lang="de" dir="auto"' in page


def test_the_return_visit_list_says_which_language_to_call_in(world, login, submit):
    from onestop.hotline.services import request_reply

    request = submit(
        "Bitte helfen Sie: seit heute Morgen kommt kein Wasser aus dem Hahn.",
        category="water_supply",
        contact_phone="138 0000 5555",
    )
    request_reply(request=request, by=world.users["water_handler"], body="Erledigt.")
    page = login(world.users["agent"]).get("/hotline/visits/?lang=en").content.decode()
    assert "Reply in: German (Deutsch)" in page
    assert 'href="tel:13800005555"' in page
    assert 'lang="de" dir="auto"' in page


def test_a_message_with_a_case_reference_escapes_the_message():
    from onestop.hotline.display import with_reference

    shown = with_reference("<b>Request</b> %(number)s received", "HL-2026-000001")
    assert shown == '&lt;b&gt;Request&lt;/b&gt; <bdi class="ref">HL-2026-000001</bdi> received'
