"""The malware-scan step of every upload, pluggable through ``settings.MALWARE_SCANNER``.

A scanner is any callable ``scanner(data: bytes) -> (clean: bool, reason: str)`` named by
dotted path; a deployment with ClamAV plugs in an adapter that talks to clamd. The built-in
scanner recognizes the EICAR test signature and PDF features that run code or carry other
files (JavaScript, launch actions, embedded files). An empty setting disables scanning.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Callable
from typing import NamedTuple

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

REASON_EICAR = _("the EICAR anti-virus test signature was found (rule: eicar)")
REASON_PDF_JAVASCRIPT = _("the PDF contains JavaScript (rule: pdf-javascript)")
REASON_PDF_LAUNCH = _("the PDF contains a launch action that starts a program (rule: pdf-launch)")
REASON_PDF_EMBEDDED = _("the PDF carries embedded files (rule: pdf-embedded-file)")

# The standard test file of the European Institute for Computer Antivirus Research, split so
# this source file is not itself flagged by anti-virus software.
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"

_PDF_NAME = re.compile(rb"/([A-Za-z0-9#]+)")
_HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
# Stream contents are (mostly compressed) binary data where name-like bytes occur by chance.
_STREAM = re.compile(rb"stream\r?\n.*?endstream", re.DOTALL)
_MAX_PDF_OBJECTS = 50_000


class ScanResult(NamedTuple):
    clean: bool
    reason: str = ""


def _pdf_names_in_raw_bytes(data: bytes) -> set[bytes]:
    """Every name token outside stream data, with ``#xx`` escapes decoded (``/J#61vaScript``)."""
    names = set()
    for match in _PDF_NAME.finditer(_STREAM.sub(b"stream endstream", data)):
        raw = match.group(1)
        names.add(_HEX_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), raw) if b"#" in raw else raw)
    return names


def _pdf_names_in_objects(data: bytes) -> set[str] | None:
    """Dictionary keys and name values of every object pypdf can reach, including objects
    packed inside compressed object streams (invisible to a byte scan)."""
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        roots = [reader.trailer]
    except Exception:  # an unreadable PDF is reported, not crashed on
        return None
    names: set[str] = set()
    seen: set[tuple[int, int]] = set()
    stack: list = list(roots)
    visited = 0
    while stack and visited < _MAX_PDF_OBJECTS:
        item = stack.pop()
        visited += 1
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            try:
                item = item.get_object()
            except Exception:  # a dangling reference: nothing behind it to inspect
                logger.debug("PDF scan: unresolvable reference %s %s", *key)
                continue
        if isinstance(item, DictionaryObject):
            for k, v in item.items():
                names.add(str(k))
                stack.append(v)
        elif isinstance(item, ArrayObject):
            stack.extend(item)
        elif isinstance(item, NameObject):
            names.add(str(item))
    return names


def builtin_scanner(data: bytes) -> ScanResult:
    if EICAR in data:
        return ScanResult(False, str(REASON_EICAR))
    if data.lstrip()[:5] == b"%PDF-" or b"%PDF-" in data[:1024]:
        # A PDF pypdf cannot open is still byte-scanned here; the upload check refuses it after.
        raw = _pdf_names_in_raw_bytes(data)
        parsed = _pdf_names_in_objects(data)
        found = {n.encode() if isinstance(n, str) else n for n in (parsed or set())}
        found = {n.lstrip(b"/") for n in found} | raw
        if found & {b"JavaScript", b"JS"}:
            return ScanResult(False, str(REASON_PDF_JAVASCRIPT))
        if b"Launch" in found:
            return ScanResult(False, str(REASON_PDF_LAUNCH))
        if found & {b"EmbeddedFile", b"EmbeddedFiles"}:
            return ScanResult(False, str(REASON_PDF_EMBEDDED))
    return ScanResult(True, "")


def get_scanner() -> Callable[[bytes], tuple[bool, str]] | None:
    path = getattr(settings, "MALWARE_SCANNER", "")
    return import_string(path) if path else None


def scan(data: bytes) -> ScanResult:
    """Run the configured scanner. No scanner configured counts as clean, and says so."""
    scanner = get_scanner()
    if scanner is None:
        return ScanResult(True, "not scanned: no scanner configured")
    clean, reason = scanner(data)
    return ScanResult(bool(clean), str(reason or ""))
