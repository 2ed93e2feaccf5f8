"""Checks on uploaded files: handouts and voice recordings.

The type is decided by the file's first bytes, never by the name or the browser's claim;
size limits come from settings; the deployment's malware scanner (``MALWARE_SCANNER``) runs
when one is configured and importable.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from onestop.core.errors import ValidationFailed

logger = logging.getLogger("onestop.training")

ERR_EMPTY = _("The file is empty.")
ERR_TOO_BIG = _("The file is larger than %(limit)s MB.")
ERR_TYPE = _("This kind of file is not accepted. Accepted: %(types)s.")
ERR_NAME = _("The file name's extension does not match its content.")
ERR_INFECTED = _("The file was rejected by the malware check: %(reason)s")
ERR_AUDIO_TYPE = _("The recording must be WebM, Ogg, MP4/M4A, MP3 or WAV audio.")
ERR_AUDIO_TOO_BIG = _("The recording is larger than %(limit)s MB; keep it under about two minutes.")

VOICE_MAX_BYTES = getattr(settings, "TRAINING_VOICE_MAX_BYTES", 3 * 1024 * 1024)


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    size: int
    sha256: str
    extension: str


def _sniff(head: bytes) -> tuple[str, tuple[str, ...]] | None:
    """(content type, accepted name extensions) from the first bytes."""
    if head.startswith(b"%PDF-"):
        return "application/pdf", (".pdf",)
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png", (".png",)
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg", (".jpg", ".jpeg")
    if head.startswith(b"PK\x03\x04"):
        return "application/zip", (".docx", ".pptx", ".xlsx", ".zip")
    return None


def _sniff_audio(head: bytes) -> str | None:
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "audio/webm"
    if head.startswith(b"OggS"):
        return "audio/ogg"
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return "audio/mp4"
    if head.startswith(b"ID3") or (len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "audio/mpeg"
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return "audio/wav"
    return None


OFFICE_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".zip": "application/zip",
}


def _read_head(upload: Any, n: int = 64) -> bytes:
    upload.seek(0)
    head = upload.read(n)
    upload.seek(0)
    return head


def _digest(upload: Any) -> str:
    sha = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks() if hasattr(upload, "chunks") else iter(lambda: upload.read(65536), b""):
        sha.update(chunk)
    upload.seek(0)
    return sha.hexdigest()


def _scan(upload: Any, field: str) -> None:
    dotted = getattr(settings, "MALWARE_SCANNER", "")
    if not dotted:
        return
    try:
        scanner = import_string(dotted)
    except ImportError:
        logger.warning("malware scanner %s is not importable; upload accepted without a scan", dotted)
        return
    upload.seek(0)
    clean, reason = scanner(upload.read())
    upload.seek(0)
    if not clean:
        message = ERR_INFECTED % {"reason": reason}
        raise ValidationFailed("training.upload_infected", message, fields={field: [message]})


def check_material_file(*, upload: Any, field: str = "file") -> CheckedFile:
    """Accept PDF, PNG, JPEG and Office (docx/pptx/xlsx) files up to ``UPLOAD_MAX_BYTES``."""
    size = upload.size or 0
    if size == 0:
        raise ValidationFailed("training.upload_empty", ERR_EMPTY, fields={field: [ERR_EMPTY]})
    limit = settings.UPLOAD_MAX_BYTES
    if size > limit:
        message = ERR_TOO_BIG % {"limit": limit // (1024 * 1024)}
        raise ValidationFailed("training.upload_too_big", message, fields={field: [message]})
    sniffed = _sniff(_read_head(upload))
    if sniffed is None:
        message = ERR_TYPE % {"types": "PDF, PNG, JPEG, DOCX, PPTX, XLSX"}
        raise ValidationFailed("training.upload_type", message, fields={field: [message]})
    content_type, extensions = sniffed
    name = (getattr(upload, "name", "") or "").lower()
    extension = next((ext for ext in extensions if name.endswith(ext)), "")
    if not extension:
        raise ValidationFailed("training.upload_name", ERR_NAME, fields={field: [ERR_NAME]})
    if content_type == "application/zip":
        content_type = OFFICE_TYPES[extension]
    _scan(upload, field)
    return CheckedFile(content_type=content_type, size=size, sha256=_digest(upload), extension=extension)


AUDIO_EXTENSIONS = {
    "audio/webm": ".webm",
    "audio/ogg": ".ogg",
    "audio/mp4": ".m4a",
    "audio/mpeg": ".mp3",
    "audio/wav": ".wav",
}


def check_voice(*, upload: Any, field: str = "audio") -> CheckedFile:
    """Accept a short voice recording: WebM/Ogg (what browsers' MediaRecorder produces),
    MP4/M4A (Safari), MP3 or WAV, up to ``TRAINING_VOICE_MAX_BYTES``."""
    size = upload.size or 0
    if size == 0:
        raise ValidationFailed("training.upload_empty", ERR_EMPTY, fields={field: [ERR_EMPTY]})
    if size > VOICE_MAX_BYTES:
        message = ERR_AUDIO_TOO_BIG % {"limit": VOICE_MAX_BYTES // (1024 * 1024)}
        raise ValidationFailed("training.voice_too_big", message, fields={field: [message]})
    claimed = (getattr(upload, "content_type", "") or "").split(";")[0].strip().lower()
    if claimed and not (claimed.startswith("audio/") or claimed in ("video/webm", "application/octet-stream")):
        raise ValidationFailed("training.voice_type", ERR_AUDIO_TYPE, fields={field: [ERR_AUDIO_TYPE]})
    content_type = _sniff_audio(_read_head(upload))
    if content_type is None:
        raise ValidationFailed("training.voice_type", ERR_AUDIO_TYPE, fields={field: [ERR_AUDIO_TYPE]})
    _scan(upload, field)
    return CheckedFile(
        content_type=content_type, size=size, sha256=_digest(upload), extension=AUDIO_EXTENSIONS[content_type]
    )
