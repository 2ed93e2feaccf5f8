"""Search in every language, CJK included, and suggestions before sending a request."""

import pytest

from onestop.knowledge import selectors


@pytest.mark.parametrize(
    ("query", "language", "expected"),
    [
        ("extend visa", "en", "visa-extension"),
        ("签证延期", "zh-hans", "visa-extension"),
        ("支付宝 境外银行卡", "zh-hans", "foreign-card-payment"),
        ("ビザの延長", "ja", "visa-extension"),
        ("교통카드 지하철", "ko", "getting-around"),
        ("Visum verlängern", "de", "visa-extension"),
        ("carte bancaire étrangère", "fr", "foreign-card-payment"),
        ("продлить визу", "ru", "visa-extension"),
        ("tránsito sin visado", "es", "visa-free-transit"),
        ("تمديد التأشيرة", "ar", "visa-extension"),
        ("ingresso idosos parques", "pt", "park-tickets-seniors"),
        ("110 119 120", "en", "emergency-numbers"),
    ],
)
def test_search_finds_the_right_article_first(articles, query, language, expected):
    hits = selectors.article_search(query=query, language=language)
    assert hits, query
    assert hits[0].article.slug == expected


def test_terms_cut_cjk_into_pairs_and_keep_words():
    assert set(selectors.search_terms("签证延期 visa")) == {"签证", "证延", "延期", "vis"}
    assert "продл" in selectors.search_terms("продлить") and "12345" in selectors.search_terms("call 12345")
    assert selectors.search_terms("a ! 7") == []


def test_results_come_in_the_reader_language(articles):
    hit = selectors.article_search(query="visa", language="fr")[0]
    assert hit.title == hit.article.title("fr")


def test_unpublished_articles_are_not_found(articles):
    article = articles["visa-extension"]
    article.is_published = False
    article.save()
    assert "visa-extension" not in [h.article.slug for h in selectors.article_search(query="extend visa")]


def test_suggestions_keep_only_good_matches(articles):
    hits = selectors.article_suggest(text="How can I extend my visa? It expires next week.", language="en")
    assert hits and hits[0].article.slug == "visa-extension"
    assert selectors.article_suggest(text="zzzz qqqq", language="en") == []


def test_a_topic_lifts_articles_written_for_it(articles):
    plain = selectors.article_search(query="ticket", language="en")
    lifted = selectors.article_search(query="ticket", language="en", topic="tourism_parks")
    assert lifted[0].article.slug == "park-tickets-seniors"
    assert lifted[0].score > next(h.score for h in plain if h.article.slug == "park-tickets-seniors")


@pytest.mark.parametrize(
    ("text", "page_language"),
    [
        ("Ich habe meinen Reisepass verloren. Was muss ich tun?", "ar"),
        ("我的护照丢了怎么办？", "en"),
        ("J'ai perdu mon passeport, que dois-je faire ?", "zh-hans"),
    ],
)
def test_a_question_in_another_language_than_the_page_finds_its_guide(articles, text, page_language):
    hits = selectors.article_suggest(text=text, language=page_language)
    assert hits and hits[0].article.slug == "lost-passport"
    assert hits[0].title == hits[0].article.title(page_language)


def test_words_found_in_every_text_of_a_language_weigh_little(articles):
    candidates = list(selectors.published_articles())
    rarity = selectors._rarity(["ich", "verlo"], candidates, group=None)
    assert rarity["ich"] < 1.5  # in nearly every German text: log2(1 + n/n) is 1
    assert rarity["verlo"] > 2 * rarity["ich"]
