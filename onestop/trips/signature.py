"""The drawn signature of a collection: a PNG from the page's canvas, checked and re-encoded.

The page sends the canvas as a ``data:image/png;base64,...`` URL (or the API as base64).
It is accepted only when it decodes to a real PNG of sensible size with enough ink on it;
it is then re-encoded by Pillow (no metadata, no trailing bytes survive) and its SHA-256
kept with the collection (ADR 0542).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from onestop.core.errors import ValidationFailed

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
MAX_BYTES = 300 * 1024
MIN_WIDTH, MIN_HEIGHT = 120, 40
MAX_WIDTH, MAX_HEIGHT = 2000, 1000
MIN_INK_PIXELS = 60  # a dot or a stray tap is not a signature

ERR_NOT_PNG = _("The signature must be a PNG image drawn on the signature pad.")
ERR_TOO_LARGE = _("The signature image is larger than %(kb)d KB.")
ERR_SIZE = _("The signature image must be between %(min)s and %(max)s pixels.")
ERR_EMPTY = _("The signature pad is empty: sign with a finger, a stylus or the mouse.")


@dataclass(frozen=True)
class CheckedSignature:
    png: bytes
    sha256: str
    width: int
    height: int


def _invalid(message) -> ValidationFailed:
    return ValidationFailed("trips.signature_invalid", message, fields={"signature": [message]})


def signature_decode(text: str) -> bytes:
    """Bytes of a data URL (``data:image/png;base64,...``) or of plain base64."""
    value = (text or "").strip()
    if value.startswith("data:"):
        header, _sep, value = value.partition(",")
        if header.lower() != "data:image/png;base64":
            raise _invalid(ERR_NOT_PNG)
    if len(value) > MAX_BYTES * 4 // 3 + 8:
        raise _invalid(ERR_TOO_LARGE % {"kb": MAX_BYTES // 1024})
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise _invalid(ERR_NOT_PNG)


def signature_check(data: bytes) -> CheckedSignature:
    """Refuse anything but a PNG of sensible size with enough ink; return it re-encoded."""
    from PIL import Image, UnidentifiedImageError

    if len(data) > MAX_BYTES:
        raise _invalid(ERR_TOO_LARGE % {"kb": MAX_BYTES // 1024})
    if not data.startswith(PNG_MAGIC):
        raise _invalid(ERR_NOT_PNG)
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format != "PNG":
                raise _invalid(ERR_NOT_PNG)
            width, height = probe.size
            if not (MIN_WIDTH <= width <= MAX_WIDTH and MIN_HEIGHT <= height <= MAX_HEIGHT):
                raise _invalid(ERR_SIZE % {"min": f"{MIN_WIDTH}×{MIN_HEIGHT}", "max": f"{MAX_WIDTH}×{MAX_HEIGHT}"})
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            rgba = image.convert("RGBA")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise _invalid(ERR_NOT_PNG)
    if _ink(rgba) < MIN_INK_PIXELS:
        raise _invalid(ERR_EMPTY)
    out = io.BytesIO()
    rgba.save(out, format="PNG", optimize=True)
    png = out.getvalue()
    return CheckedSignature(png=png, sha256=hashlib.sha256(png).hexdigest(), width=width, height=height)


def _ink(image) -> int:
    """Pixels that are visibly drawn: opaque enough and darker than the pad's background."""
    from PIL import ImageChops

    alpha = image.getchannel("A").point(lambda a: 255 if a >= 64 else 0)
    dark = image.convert("L").point(lambda v: 255 if v < 160 else 0)
    ink = ImageChops.multiply(alpha, dark)
    return ink.histogram()[255]
