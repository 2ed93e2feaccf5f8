"""Organizations are named in the reader's language on trip pages, in the queue's filter and
cards, in the API and on the approval's verify line (Chinese and English together)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

ZH, EN = "市立大学", "City University of Beijing"


@pytest.fixture
def bilingual(org):
    """The liaison officer's organization with a Chinese and an English name."""
    org.name, org.name_en = ZH, EN
    org.save()
    return org


@pytest.mark.parametrize(("lang", "shown", "hidden"), [("en", EN, ZH), ("zh-hans", ZH, EN)])
def test_the_trip_page_names_the_organization_in_the_readers_language(
    login, liaison, bilingual, draft_trip, lang, shown, hidden
):
    trip = draft_trip()
    body = login(liaison).get(reverse("trips:detail", args=[trip.pk]) + f"?lang={lang}").content.decode()
    assert shown in body and hidden not in body


@pytest.mark.parametrize(("lang", "shown", "hidden"), [("en", EN, ZH), ("zh-hans", ZH, EN)])
def test_the_queue_cards_and_filter_name_organizations_in_the_readers_language(
    login, reviewer, bilingual, trip_in_state, lang, shown, hidden
):
    trip = trip_in_state("submitted")
    body = login(reviewer).get(reverse("trips:queue") + f"?lang={lang}").content.decode()
    card = re.search(rf'<li class="card">(?:(?!</li>).)*{trip.case.number}.*?</li>', body, re.S).group(0)
    assert shown in card and hidden not in card
    assert f'<option value="{bilingual.pk}">{shown}</option>' in body
    assert hidden not in body


def test_the_organization_filter_is_sorted_by_the_name_shown(login, reviewer, make_org):
    for name, name_en in (("安徽大学", "Zeta University"), ("清华学院", "Alpha Institute")):
        organization = make_org(name)
        organization.name_en = name_en
        organization.save()
    english = login(reviewer).get(reverse("trips:queue") + "?lang=en").content.decode()
    assert english.index(">Alpha Institute<") < english.index(">Zeta University<")
    assert "安徽大学" not in english
    chinese = login(reviewer).get(reverse("trips:queue") + "?lang=zh-hans").content.decode()
    assert ">安徽大学<" in chinese and ">清华学院<" in chinese and "Alpha Institute" not in chinese


def test_an_organization_without_an_english_name_keeps_its_chinese_one(login, liaison, org, draft_trip):
    org.name, org.name_en = ZH, ""
    org.save()
    trip = draft_trip()
    assert ZH in login(liaison).get(reverse("trips:detail", args=[trip.pk]) + "?lang=en").content.decode()


@pytest.mark.parametrize(("lang", "shown"), [("en", EN), ("zh-hans", ZH)])
def test_the_api_names_the_organization_in_the_callers_language(api, liaison, bilingual, draft_trip, lang, shown):
    trip = draft_trip()
    body = api(liaison).get(f"/api/v1/trips/{trip.pk}/", HTTP_ACCEPT_LANGUAGE=lang).json()
    assert body["organization"] == {"id": bilingual.pk, "code": bilingual.code, "name": shown}
    listed = api(liaison).get("/api/v1/trips/", HTTP_ACCEPT_LANGUAGE=lang).json()["results"]
    assert [row["organization"]["name"] for row in listed] == [shown]


def test_the_approval_names_the_organization_in_both_languages(bilingual, trip_in_state):
    from onestop.trips.approval import approval_context, approval_essentials

    trip = trip_in_state("in_review")
    with translation.override("en"):
        assert approval_context(trip=trip)["organization"] == {"zh": ZH, "en": EN}
        assert approval_essentials(trip=trip)["organization"] == f"{ZH} {EN}"
    bilingual.name_en = ""
    bilingual.save()
    trip.organization.refresh_from_db()
    assert approval_essentials(trip=trip)["organization"] == ZH
