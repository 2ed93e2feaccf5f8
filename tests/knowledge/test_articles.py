"""Articles: per-language texts with fallback, the editor's checks, the demo content."""

import pytest

from onestop.core.errors import ValidationFailed
from onestop.knowledge.demo import load_articles
from onestop.knowledge.models import LANGUAGE_CODES, Article
from onestop.knowledge.services import article_save


def test_the_demo_has_useful_articles_in_all_ten_languages(articles):
    assert len(articles) >= 10
    groups = {a.group for a in articles.values()}
    assert {"payment", "mobility", "study", "life", "travel", "business", "city"} <= groups
    for article in articles.values():
        assert article.languages == LANGUAGE_CODES, article.slug


def test_seeding_twice_changes_nothing(articles):
    from onestop.knowledge import demo

    before = list(Article.objects.values_list("pk", "updated_at"))
    demo.seed({})
    assert list(Article.objects.values_list("pk", "updated_at")) == before
    assert len(load_articles()) == Article.objects.count()


def test_texts_fall_back_to_english_then_chinese(db):
    article = article_save(
        by=None, slug="only-zh", group="life", titles={"zh-hans": "标题"}, bodies={"zh-hans": "正文"}
    )
    assert article.title("ar") == "标题"
    english = article_save(
        by=None,
        slug="en-zh",
        group="life",
        titles={"zh-hans": "标题", "en": "Title"},
        bodies={"zh-hans": "正文", "en": "Text"},
    )
    assert english.title("ar") == "Title"
    assert english.has_language("en") and not english.has_language("ar")


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"titles": {}, "bodies": {}}, "titles"),
        ({"titles": {"xx": "T"}, "bodies": {"xx": "B"}}, "titles"),
        ({"titles": {"en": "T"}, "bodies": {"fr": "B"}}, "titles"),
        ({"titles": {"en": "T"}, "bodies": {"en": "B"}, "group": "gardening"}, "group"),
    ],
)
def test_the_editor_gets_a_clear_error(db, kwargs, field):
    kwargs.setdefault("group", "life")
    with pytest.raises(ValidationFailed) as caught:
        article_save(by=None, slug="x", **kwargs)
    assert field in caught.value.fields


def test_updating_an_article_is_audited(db):
    from onestop.cases.models import AuditEvent

    article = article_save(by=None, slug="x", group="life", titles={"en": "T"}, bodies={"en": "B"})
    article_save(by=None, slug="x", group="life", titles={"en": "T2"}, bodies={"en": "B2"}, article=article)
    actions = list(AuditEvent.objects.filter(object_id=str(article.pk)).values_list("action", flat=True))
    assert actions == ["knowledge.article.created", "knowledge.article.updated"]
    assert Article.objects.get().title("en") == "T2"
