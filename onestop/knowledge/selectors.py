"""Reads on the knowledge base: listing, the article page, and search.

Search is deliberately simple and database-backed so it works the same on SQLite and
PostgreSQL and in every language: the query is cut into terms (words for scripts that
separate words with spaces; overlapping character pairs for Chinese, Japanese and Korean),
candidates are the published articles whose ``search_text`` contains any term, and they
are ranked by where the terms occur (title, summary, body) in the reader's language first.
"""

from __future__ import annotations

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


def articles_by_group() -> list[tuple[str, str, list[Article]]]:
    """(group code, group label, articles) for every group that has articles."""
    buckets: dict[str, list[Article]] = {}
    for article in published_articles():
        buckets.setdefault(article.group, []).append(article)
    return [(code, str(label), buckets[code]) for code, label in Group.choices if code in buckets]


def article_get(*, slug: str) -> Article:
    article = Article.objects.filter(slug=slug, is_published=True).first()
    if article is None:
        raise NotFound("knowledge.article_not_found")
    return article


def _score(article: Article, terms: list[str], language: str) -> float:
    title = _normalize(article.title(language))
    summary = _normalize(article.summary(language))
    body = _normalize(article.body(language))
    other = article.search_text
    score = 0.0
    for term in terms:
        weight = min(len(term), 6) / 3 if not _CJK.match(term) else 1.0
        if term in title:
            score += 3 * weight
        elif term in summary:
            score += 2 * weight
        elif term in body:
            score += 1 * weight
        elif term in other:
            score += 0.5 * weight
    return score


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
    hits = []
    for article in qs[:MAX_CANDIDATES]:
        score = _score(article, terms, language)
        if topic and topic in (article.topics or []):
            score += 2
        if score > 0:
            hits.append(SearchHit(article, score, article.title(language), article.summary(language)))
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
