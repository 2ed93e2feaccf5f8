"""Names staff enter (halls, services, priority groups, triage questions) are stored per
language as ``{language code: text}``; these helpers pick the reader's language with a
fallback chain: exact code, base language, Simplified Chinese, English, then any."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)


def localized(names: dict | None, fallback: str = "", language: str | None = None) -> str:
    names = names or {}
    lang = (language or translation.get_language() or settings.LANGUAGE_CODE).lower()
    for key in (lang, lang.split("-")[0], "zh-hans", "en"):
        if names.get(key):
            return names[key]
    for value in names.values():
        if value:
            return value
    return fallback


def missing_languages(names: dict | None) -> list[str]:
    """Language codes without a name: the admin shows them so staff can complete them."""
    names = names or {}
    return [code for code in LANGUAGE_CODES if not (names.get(code) or "").strip()]
