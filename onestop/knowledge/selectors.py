"""Reads on the knowledge base: listing, the article page, and search.

Search is deliberately simple and database-backed so it works the same on SQLite and
PostgreSQL and in every language: the query is cut into terms (words for scripts that
separate words with spaces; overlapping character pairs for Chinese, Japanese and Korean),
candidates are the published articles whose ``search_text`` contains any term, and they
are ranked by where the terms occur (title, summary, body), in the reader's language first,
then in any other language.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet
from django.utils import translation

from onestop.core.errors import NotFound

from .models import Article, Group

MAX_TERMS = 12
MAX_CANDIDATES = 300
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+")
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class SearchHit:
    article: Article
    score: float
    title: str
    summary: str
    language: str = ""  # the language the title and summary are in


def _normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower()


def _stem(word: str) -> str:
    """Cut the ending off a longer word so inflected forms still match ("продлить" finds
    "продление", "verlängern" finds "Verlängerung"): a crude, language-blind prefix rule,
    with no word lists."""
    if word.isdigit() or len(word) < 4:
        return word
    return word[: len(word) - 3] if len(word) >= 7 else word[: len(word) - 1]


def search_terms(query: str) -> list[str]:
    """Terms of a query: CJK runs become overlapping pairs of characters (a single
    character stays as it is); other words of at least two letters (or three digits, such
    as 110 or 12345) are kept, longer ones cut to a prefix."""
    text = _normalize(query)
    terms: list[str] = []
    for match in _CJK.finditer(text):
        run = match.group(0)
        if len(run) == 1:
            terms.append(run)
        else:
            terms.extend(run[i : i + 2] for i in range(len(run) - 1))
    rest = _CJK.sub(" ", text)
    for word in _WORD.findall(rest):
        if (word.isdigit() and len(word) >= 3) or (not word.isdigit() and len(word) >= 2):
            terms.append(_stem(word))
    seen: dict[str, None] = {}
    for term in terms:
        seen.setdefault(term, None)
    # Longer terms carry more meaning; keep those when the query is long.
    return sorted(seen, key=lambda t: -len(t))[:MAX_TERMS]


def published_articles(*, group: str | None = None) -> QuerySet[Article]:
    qs = Article.objects.filter(is_published=True)
    if group:
        qs = qs.filter(group=group)
    return qs.order_by("group", "order", "slug")


@dataclass(frozen=True)
class Listed:
    """An article as a list shows it to one reader: its title in the reader's language
    or, where it is not translated yet, in the language it is shown in (``language``)."""

    article: Article
    title: str
    summary: str
    language: str
    translated: bool


@dataclass(frozen=True)
class GroupListing:
    code: str
    label: str
    articles: list[Listed]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.articles)


def listed(article: Article, language: str) -> Listed:
    return Listed(
        article=article,
        title=article.title(language),
        summary=article.summary(language),
        language=article.shown_language(language),
        translated=article.has_language(language),
    )


def reader_order(articles, language: str) -> list[Listed]:
    """Articles in the reader's language first, each part in the editors' order."""
    rows = [listed(a, language) for a in articles]
    return sorted(rows, key=lambda row: not row.translated)


def articles_by_group(*, language: str | None = None, per_group: int = 8) -> list[GroupListing]:
    """Every group that has articles, with at most ``per_group`` of them (those in the
    reader's language first) and the group's total, so the portal's front page stays short
    when a group grows (answers published from training sessions, for example)."""
    language = language or translation.get_language() or "en"
    buckets: dict[str, list[Article]] = {}
    for article in published_articles():
        buckets.setdefault(article.group, []).append(article)
    return [
        GroupListing(code, str(label), reader_order(buckets[code], language)[:per_group], len(buckets[code]))
        for code, label in Group.choices
        if code in buckets
    ]


def article_get(*, slug: str) -> Article:
    article = Article.objects.filter(slug=slug, is_published=True).first()
    if article is None:
        raise NotFound("knowledge.article_not_found")
    return article


def _score(article: Article, terms: list[str], language: str, rarity: dict[str, float] | None = None) -> float:
    """Where the terms occur: in the reader's language first, then in the other languages
    (a caller often writes in a language other than the page's: a German question asked
    on the Arabic page should still find the German title), then anywhere (keywords)."""
    own = (
        _normalize(article.title(language)),
        _normalize(article.summary(language)),
        _normalize(article.body(language)),
    )
    every = tuple(
        _normalize("\n".join(str(v) for v in (values or {}).values()))
        for values in (article.titles, article.summaries, article.bodies)
    )
    places = (
        (own[0], 3.0),
        (every[0], 2.5),
        (own[1], 2.0),
        (every[1], 1.5),
        (own[2], 1.0),
        (every[2], 0.75),
        (article.search_text, 0.5),
    )
    score = 0.0
    for term in terms:
        weight = min(len(term), 6) / 3 if not _CJK.match(term) else 1.0
        weight *= (rarity or {}).get(term, 1.0)
        score += weight * next((points for text, points in places if term in text), 0.0)
    return score


def _rarity(terms: list[str], candidates: list[Article], *, group: str | None) -> dict[str, float]:
    """How much each term says, as an inverse document frequency counted within the
    language the term belongs to: "ich" is in every German text and says little, while
    "reisepass" is in one and says a lot, although both are in few articles overall. The
    term's language is the one whose texts contain it most often. Every article that
    contains a term is a candidate, so counting among the candidates counts among all."""
    rarity: dict[str, float] = {}
    sizes: dict[str, int] = {}
    for term in terms:
        per_language: dict[str, int] = {}
        for article in candidates:
            for code, text in (article.bodies or {}).items():
                title = (article.titles or {}).get(code, "")
                if term in _normalize(f"{title}\n{text}"):
                    per_language[code] = per_language.get(code, 0) + 1
        if not per_language:
            rarity[term] = 1.0
            continue
        code, found = max(per_language.items(), key=lambda item: item[1])
        if code not in sizes:
            sizes[code] = published_articles(group=group).filter(bodies__has_key=code).count()
        rarity[term] = math.log2(1 + sizes[code] / found)
    return rarity


def article_search(
    *, query: str, language: str | None = None, group: str | None = None, topic: str | None = None, limit: int = 10
) -> list[SearchHit]:
    """Published articles matching ``query``, best first. ``topic`` (a hotline category
    code) lifts articles written for that topic."""
    language = language or translation.get_language() or "en"
    terms = search_terms(query)
    if not terms:
        return []
    qs = published_articles(group=group).filter(reduce(or_, (Q(search_text__contains=t) for t in terms)))
    candidates = list(qs[:MAX_CANDIDATES])
    rarity = _rarity(terms, candidates, group=group)
    hits = []
    for article in candidates:
        score = _score(article, terms, language, rarity)
        if topic and topic in (article.topics or []):
            score += 2
        if score > 0:
            hits.append(
                SearchHit(
                    article,
                    score,
                    article.title(language),
                    article.summary(language),
                    article.shown_language(language),
                )
            )
    hits.sort(key=lambda h: (-h.score, h.article.order, h.article.slug))
    return hits[:limit]


def article_suggest(
    *, text: str, language: str | None = None, topic: str | None = None, limit: int = 3
) -> list[SearchHit]:
    """Articles worth showing before a request is sent: a search on the text typed so far,
    keeping only hits that match well enough to be worth the reader's time."""
    hits = article_search(query=text, language=language, topic=topic, limit=limit * 3)
    if not hits:
        return []
    floor = max(2.0, hits[0].score * 0.35)
    return [h for h in hits if h.score >= floor][:limit]
