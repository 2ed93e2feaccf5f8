"""Multilingual guides and answers for foreigners: the international portal's knowledge base,
also read by the hotline (suggested answers for callers and web users)."""

from __future__ import annotations

import unicodedata

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
FALLBACK_ORDER = ("en", "zh-hans")


class Group(models.TextChoices):
    PAYMENT = "payment", _("Payment")
    MOBILITY = "mobility", _("Getting around")
    STUDY = "study", _("Study")
    LIFE = "life", _("Daily life")
    TRAVEL = "travel", _("Travel")
    BUSINESS = "business", _("Business")
    CITY = "city", _("City services")


class Article(models.Model):
    """A guide (how to do something) or an answer (to a frequently asked question).

    Titles, summaries and bodies are stored per language as ``{language code: text}``;
    ``search_text`` is their lower-cased concatenation, kept up to date on save, so a
    plain ``icontains`` finds an article in any language, CJK included.
    """

    class Kind(models.TextChoices):
        GUIDE = "guide", _("Guide")
        ANSWER = "answer", _("Answer")

    slug = models.SlugField(_("address name"), max_length=80, unique=True)
    group = models.CharField(_("group"), max_length=20, choices=Group.choices, db_index=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.GUIDE)
    titles = models.JSONField(_("title per language"), default=dict)
    summaries = models.JSONField(_("summary per language"), default=dict, blank=True)
    bodies = models.JSONField(_("text per language"), default=dict)
    keywords = models.CharField(_("extra search words"), max_length=500, blank=True)
    topics = models.JSONField(
        _("topics"),
        default=list,
        blank=True,
        help_text=_("Codes of hotline categories this article answers, for example visa_residence."),
    )
    order = models.PositiveIntegerField(_("order"), default=100)
    is_published = models.BooleanField(_("published"), default=True, db_index=True)
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["group", "order", "slug"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def __str__(self) -> str:
        return self.title()

    def save(self, *args, **kwargs):
        self.search_text = self.build_search_text()
        super().save(*args, **kwargs)

    def build_search_text(self) -> str:
        parts: list[str] = [self.keywords]
        for values in (self.titles, self.summaries, self.bodies):
            parts.extend(str(v) for v in (values or {}).values())
        return unicodedata.normalize("NFKC", "\n".join(p for p in parts if p)).lower()

    def _pick_code(self, values: dict, language: str | None) -> str:
        """The language code whose text is shown to a reader of ``language``."""
        lang = language or translation.get_language() or settings.LANGUAGE_CODE
        for code in (lang, lang.split("-")[0], *FALLBACK_ORDER):
            if values.get(code):
                return code
        return next((code for code, v in values.items() if v), "")

    def _pick(self, values: dict, language: str | None) -> str:
        code = self._pick_code(values, language)
        return values[code] if code else ""

    def shown_language(self, language: str | None = None) -> str:
        """The language the article's text is shown in for a reader of ``language``:
        theirs when it is translated, otherwise the fallback (English, then Chinese)."""
        return self._pick_code(self.bodies, language) or self._pick_code(self.titles, language)

    def title(self, language: str | None = None) -> str:
        return self._pick(self.titles, language) or self.slug

    def summary(self, language: str | None = None) -> str:
        return self._pick(self.summaries or {}, language)

    def body(self, language: str | None = None) -> str:
        return self._pick(self.bodies, language)

    def has_language(self, language: str) -> bool:
        return bool(self.titles.get(language) and self.bodies.get(language))

    @property
    def languages(self) -> list[str]:
        return [code for code in LANGUAGE_CODES if self.has_language(code)]
