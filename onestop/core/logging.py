"""Logging filter that masks identity numbers before a record is written."""

from __future__ import annotations

import logging
import re

# Chinese resident ID numbers (18 chars), passport-like numbers (letter + 7-9 digits), MRZ lines.
_PATTERNS = [
    re.compile(r"\b\d{17}[\dXx]\b"),
    re.compile(r"\b[A-Z]{1,2}\d{7,9}\b"),
    re.compile(r"[A-Z0-9<]{30,44}"),
]


def mask_text(text: str) -> str:
    for pattern in _PATTERNS:
        text = pattern.sub(lambda m: m.group(0)[:2] + "*" * max(len(m.group(0)) - 4, 1) + m.group(0)[-2:], text)
    return text


class MaskPersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is logged as is
            return True
        masked = mask_text(message)
        if masked != message:
            record.msg, record.args = masked, ()
        return True
