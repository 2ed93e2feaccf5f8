"""Organizations are named in the reader's language on the visa pages; the application's
assembled data records both names; the covering letter, bilingual, carries both."""

from __future__ import annotations

import pytest
from django.urls import reverse

from .conftest import applications_of

ZH, EN = "市立大学", "City University of Beijing"
CASES = [("en", EN, ZH), ("zh-hans", ZH, EN)]


@pytest.fixture
def bilingual(org):
    """The liaison officer's (and the travellers') organization, named in both languages."""
    org.name, org.name_en = ZH, EN
    org.save()
    return org


@pytest.mark.parametrize(("lang", "shown", "hidden"), CASES)
def test_the_liaison_officers_pages_name_the_organization_in_their_language(
    login, liaison, bilingual, submitted, lang, shown, hidden
):
    trip, _batch, applications = submitted()
    client = login(liaison)
    for url in (
        reverse("visas:trip-status", args=[trip.case_id]),
        reverse("visas:trip-list"),
        reverse("visas:application-detail", args=[applications[0].pk]),
    ):
        body = client.get(f"{url}?lang={lang}").content.decode()
        assert shown in body and hidden not in body, url


@pytest.mark.parametrize(("lang", "shown", "hidden"), CASES)
def test_the_officers_batch_page_names_the_organization_in_their_language(
    login, officer, bilingual, submitted, lang, shown, hidden
):
    _trip, batch, _applications = submitted()
    body = login(officer).get(reverse("visas:batch-detail", args=[batch.pk]) + f"?lang={lang}").content.decode()
    assert shown in body and hidden not in body


def test_the_assembled_data_records_both_names(bilingual, trip_factory, table):
    application = applications_of(trip_factory())[0]
    assert (application.data["traveller"]["organization"], application.data["traveller"]["organization_en"]) == (
        ZH,
        EN,
    )
    assert (application.data["trip"]["organization"], application.data["trip"]["organization_en"]) == (ZH, EN)


def test_data_assembled_before_the_english_name_was_recorded_takes_it_from_the_organization(
    login, officer, bilingual, trip_factory, table
):
    application = applications_of(trip_factory())[0]
    data = application.data
    del data["traveller"]["organization_en"]
    application.data = data
    application.save(update_fields=["data"])
    body = login(officer).get(reverse("visas:application-detail", args=[application.pk]) + "?lang=en").content.decode()
    assert f"Professor · {EN}" in body


def test_the_covering_letter_names_the_organization_in_chinese_and_english(bilingual, submitted):
    from onestop.visas.services.letters import covering_letter_context

    _trip, batch, _applications = submitted()
    rows = covering_letter_context(batch=batch)["applications"]
    assert {(row["organization"]["zh"], row["organization"]["en"]) for row in rows} == {(ZH, EN)}


def test_the_covering_letter_leaves_out_a_missing_english_name(org, submitted):
    from onestop.visas.services.letters import covering_letter_context

    org.name, org.name_en = ZH, ""
    org.save()
    _trip, batch, _applications = submitted()
    rows = covering_letter_context(batch=batch)["applications"]
    assert {(row["organization"]["zh"], row["organization"]["en"]) for row in rows} == {(ZH, "")}
