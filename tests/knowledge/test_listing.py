"""The portal's lists put the reader's language first, keep each group short on the front
page, and mark an article shown in another language with that language."""

import pytest
from django.utils import translation

from onestop.knowledge import selectors
from onestop.knowledge.services import article_save


@pytest.fixture
def city_answers(articles):
    """Answers published in Chinese only (as a training session publishes them)."""
    for i in range(12):
        article_save(
            by=None,
            slug=f"faq-{i:02d}",
            group="city",
            kind="answer",
            titles={"zh-hans": f"常见问题{i}：护照怎么办？"},
            bodies={"zh-hans": "请到出入境大厅办理。"},
            order=1,  # the editors put them first
        )
    return articles


def test_the_front_page_lists_the_readers_language_first_and_caps_each_group(city_answers):
    groups = {g.code: g for g in selectors.articles_by_group(language="ar", per_group=8)}
    city = groups["city"]
    assert len(city.articles) == 8 and city.total > 12 and city.more == city.total - 8
    translated = [row.translated for row in city.articles]
    assert translated == sorted(translated, reverse=True)  # all Arabic ones before the others
    assert translated[0] is True
    untranslated = [row for row in city.articles if not row.translated]
    assert all(row.language == "zh-hans" for row in untranslated)


def test_a_chinese_reader_sees_the_answers_in_their_own_language(city_answers):
    city = next(g for g in selectors.articles_by_group(language="zh-hans") if g.code == "city")
    assert all(row.translated for row in city.articles)


def test_the_index_page_marks_titles_in_another_language(city_answers, client):
    page = client.get("/knowledge/?lang=ar").content.decode()
    assert 'lang="zh-hans" dir="auto"' in page
    with translation.override("ar"):
        assert translation.gettext("in %(language)s") % {"language": "x"} != "in x"
    assert "/knowledge/group/city/" in page


def test_the_group_page_lists_translated_articles_before_the_others(city_answers, client):
    page = client.get("/knowledge/group/city/?lang=en").content.decode()
    english = [a.slug for a in city_answers.values() if a.group == "city" and a.has_language("en")]
    assert english
    last_english = max(page.index(f"/knowledge/a/{slug}/") for slug in english)
    assert last_english < page.index("/knowledge/a/faq-00/")


def test_the_article_page_marks_text_in_another_language(city_answers, client):
    page = client.get("/knowledge/a/faq-00/?lang=en").content.decode()
    assert '<h1 lang="zh-hans" dir="auto">' in page
