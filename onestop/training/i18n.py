"""Names that staff type in several languages, stored as ``{language code: text}``."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

LANGUAGE_CODES: tuple[str, ...] = tuple(code for code, _name in settings.LANGUAGES)
# The order tried when a name is missing in the reader's language.
FALLBACK_ORDER: tuple[str, ...] = ("en", "zh-hans")


def localized(names: dict | None, language: str | None = None, default: str = "") -> str:
    """The text for ``language`` (the active one by default), else English, else Chinese,
    else any language that has one."""
    names = names or {}
    lang = (language or translation.get_language() or settings.LANGUAGE_CODE).lower()
    for code in (lang, lang.split("-")[0], *FALLBACK_ORDER):
        text = (names.get(code) or "").strip()
        if text:
            return text
    for text in names.values():
        if text and str(text).strip():
            return str(text).strip()
    return default


def clean_names(raw: dict | None) -> dict[str, str]:
    """Keep known language codes with non-empty text, trimmed."""
    out: dict[str, str] = {}
    for code, text in (raw or {}).items():
        if code in LANGUAGE_CODES and isinstance(text, str) and text.strip():
            out[code] = text.strip()
    return out
