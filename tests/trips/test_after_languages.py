"""The pages after the approval in all ten languages: the trip page of a collected trip and
the inspection page carry their new headings translated, with ``lang`` and ``dir`` set
(Arabic right to left); the notifications of the new moves render in the recipient's
language."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

LANGS = ["zh-hans", "en", "ko", "ja", "de", "fr", "ru", "es", "ar", "pt"]
HEADINGS = ("The one visit", "Passports and visas", "Trip inspection")


@pytest.fixture
def pages(after_trip, login, liaison, make_user):
    trip = after_trip("ready_for_collection")
    return {
        "trip": (login(liaison), reverse("trips:detail", kwargs={"pk": trip.pk})),
        "inspection": (login(make_user("fao_reviewer")), reverse("trips:inspection")),
    }


@pytest.mark.parametrize("lang", LANGS)
def test_the_new_pages_are_translated(pages, lang):
    client, url = pages["trip"]
    body = client.get(url, {"lang": lang}).content.decode()
    with translation.override(lang):
        expected = [str(translation.gettext(h)) for h in HEADINGS]
    assert f'lang="{"zh-Hans" if lang == "zh-hans" else lang}"' in body
    assert ('dir="rtl"' in body) == (lang == "ar")
    assert expected[0] in body and expected[1] in body
    if lang != "en":
        assert expected[0] != HEADINGS[0] and expected[1] != HEADINGS[1]
    office, inspection = pages["inspection"]
    body = office.get(inspection, {"lang": lang}).content.decode()
    assert expected[2] in body
    if lang != "en":
        assert expected[2] != HEADINGS[2]


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != "en"])
def test_the_new_notifications_are_translated(lang):
    from onestop.notify.messages import get_message

    message = get_message("trip.mark_ready")
    with translation.override(lang):
        subject = str(message.subject) % {"number": "TRP-2026-000001"}
    assert "TRP-2026-000001" in subject and subject != "Trip TRP-2026-000001 is ready for collection"
