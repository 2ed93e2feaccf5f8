"""Which language a request is written in.

``lingua`` ships its language models inside the package, so detection runs offline. The
detector is restricted to the platform's ten languages, built once per process on first
use and shared by every thread (it is thread-safe and its models load lazily).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

_LOCK = threading.Lock()
_DETECTOR = None
_CODES: dict = {}
MIN_CHARS = 3


@dataclass(frozen=True)
class Detection:
    language: str  # a code from settings.LANGUAGES, or "" when unknown
    confidence: float


def _detector():
    global _DETECTOR
    if _DETECTOR is None:
        with _LOCK:
            if _DETECTOR is None:
                from lingua import Language, LanguageDetectorBuilder

                mapping = {
                    Language.CHINESE: "zh-hans",
                    Language.ENGLISH: "en",
                    Language.KOREAN: "ko",
                    Language.JAPANESE: "ja",
                    Language.GERMAN: "de",
                    Language.FRENCH: "fr",
                    Language.RUSSIAN: "ru",
                    Language.SPANISH: "es",
                    Language.ARABIC: "ar",
                    Language.PORTUGUESE: "pt",
                }
                _CODES.update(mapping)
                _DETECTOR = LanguageDetectorBuilder.from_languages(*mapping).build()
    return _DETECTOR


def detect_language(text: str) -> Detection:
    """The most likely of the ten languages and the detector's confidence in it (0–1)."""
    text = (text or "").strip()
    if len(text) < MIN_CHARS:
        return Detection("", 0.0)
    detector = _detector()
    values = detector.compute_language_confidence_values(text[:2000])
    if not values:
        return Detection("", 0.0)
    best = values[0]
    return Detection(_CODES.get(best.language, ""), round(float(best.value), 4))


def warm_up() -> None:
    """Load the models now (a server calls this after forking, so the first request is fast)."""
    for sample in (
        "你好",
        "hello world",
        "안녕하세요",
        "こんにちは",
        "guten Tag",
        "bonjour",
        "привет",
        "hola amigo",
        "مرحبا",
        "olá amigo",
    ):
        detect_language(sample)
