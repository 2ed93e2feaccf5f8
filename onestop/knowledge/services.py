"""Writes on the knowledge base. Editors work through the admin, which calls these."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from onestop.cases.audit import audit_record
from onestop.core.errors import ValidationFailed

from .models import LANGUAGE_CODES, Article, Group

ERR_UNKNOWN_LANGUAGE = _("Unknown language code: %(code)s.")
ERR_TITLE_REQUIRED = _("Give a title and a text in at least one language.")
ERR_BODY_WITHOUT_TITLE = _("The text in %(code)s has no title.")
ERR_GROUP = _("Choose one of the groups.")
ERR_SLUG_TAKEN = _("Another article already uses this address name.")


def _clean_texts(values: dict | None, field: str) -> dict[str, str]:
    cleaned: dict[str, str] = {}
    for code, text in (values or {}).items():
        if code not in LANGUAGE_CODES:
            message = ERR_UNKNOWN_LANGUAGE % {"code": code}
            raise ValidationFailed("knowledge.unknown_language", message, fields={field: [message]})
        text = (text or "").strip()
        if text:
            cleaned[code] = text
    return cleaned


def article_validate(*, titles: dict, bodies: dict, group: str) -> None:
    """Raise ValidationFailed when the texts or the group cannot make an article."""
    if group not in Group.values:
        raise ValidationFailed("knowledge.group", ERR_GROUP, fields={"group": [ERR_GROUP]})
    if not titles or not bodies:
        raise ValidationFailed("knowledge.text_required", ERR_TITLE_REQUIRED, fields={"titles": [ERR_TITLE_REQUIRED]})
    for code in bodies:
        if code not in titles:
            message = ERR_BODY_WITHOUT_TITLE % {"code": code}
            raise ValidationFailed("knowledge.title_missing", message, fields={"titles": [message]})


def article_save(
    *,
    by: Any,
    slug: str,
    group: str,
    titles: dict,
    bodies: dict,
    summaries: dict | None = None,
    kind: str = Article.Kind.GUIDE,
    keywords: str = "",
    topics: list[str] | None = None,
    order: int = 100,
    is_published: bool = True,
    article: Article | None = None,
) -> Article:
    """Create an article, or update ``article`` (or the one with ``slug``). Texts are
    per language; an article needs a title and a text in at least one language."""
    titles = _clean_texts(titles, "titles")
    bodies = _clean_texts(bodies, "bodies")
    summaries = _clean_texts(summaries, "summaries")
    article_validate(titles=titles, bodies=bodies, group=group)
    with transaction.atomic():
        if article is None:
            article = Article.objects.select_for_update().filter(slug=slug).first()
        elif Article.objects.filter(slug=slug).exclude(pk=article.pk).exists():
            raise ValidationFailed("knowledge.slug_taken", ERR_SLUG_TAKEN, fields={"slug": [ERR_SLUG_TAKEN]})
        created = article is None
        old = None if created else {"languages": article.languages, "published": article.is_published}
        article = article or Article()
        article.slug = slug
        article.group = group
        article.kind = kind
        article.titles = titles
        article.bodies = bodies
        article.summaries = summaries
        article.keywords = keywords.strip()
        article.topics = [t.strip() for t in (topics or []) if t.strip()]
        article.order = order
        article.is_published = is_published
        article.save()
        audit_record(
            actor=by,
            action="knowledge.article.created" if created else "knowledge.article.updated",
            obj=article,
            old=old,
            new={"languages": article.languages, "published": article.is_published},
        )
    return article
