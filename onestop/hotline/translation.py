"""Machine translation is an adapter: a deployment names a class in the setting
``HOTLINE_TRANSLATOR`` (dotted path). With none configured the null adapter answers that
it cannot translate, and handlers see the detected language and reply from the
multilingual knowledge base or by hand."""

from __future__ import annotations

from functools import lru_cache
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

DEFAULT = "onestop.hotline.translation.NullTranslator"


class Translator(Protocol):
    name: str

    def translate(self, *, text: str, source: str, target: str) -> str | None:
        """The text in ``target``, or None when this adapter cannot translate it."""


class NullTranslator:
    name = "none"

    def translate(self, *, text: str, source: str, target: str) -> str | None:
        return None


@lru_cache(maxsize=4)
def _load(path: str) -> Translator:
    return import_string(path)()


def get_translator() -> Translator:
    return _load(getattr(settings, "HOTLINE_TRANSLATOR", "") or DEFAULT)


def translate(*, text: str, source: str, target: str) -> str | None:
    if not text or not source or source == target:
        return None
    return get_translator().translate(text=text, source=source, target=target)
