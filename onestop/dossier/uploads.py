"""Safe handling of uploaded files, before anything reaches storage.

``upload_read`` enforces the size limit while reading; ``upload_inspect`` decides the type
from the bytes (never from the name), checks it against what the material accepts and what
the uploader declared, parses PDFs with pypdf and decodes images with Pillow, re-encoding
them so EXIF and other metadata (GPS position, camera serial) are dropped;
``storage_name`` makes the server-side name. Every refusal is a ``ValidationFailed`` on the
field ``file`` whose message names the rule.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import threading
import uuid
import warnings
from dataclasses import dataclass

from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onestop.core.errors import ValidationFailed

ERR_EMPTY = _("The file is empty (rule: non-empty file).")
ERR_TOO_LARGE = _("The file is larger than the %(limit)s allowed for this material (rule: size limit).")
ERR_UNKNOWN_TYPE = _("The file's content is not a PDF, JPEG or PNG file (rule: content type).")
ERR_NOT_ACCEPTED = _("This material accepts %(accepted)s, but the file is %(found)s (rule: accepted types).")
ERR_MISMATCH = _(
    "The file is declared as %(declared)s but its content is %(found)s (rule: content must match the declared type)."
)
ERR_PDF_UNREADABLE = _("The PDF cannot be read: it is damaged or not really a PDF (rule: PDF parse).")
ERR_PDF_ENCRYPTED = _("The PDF is password-protected; upload it without a password (rule: PDF encryption).")
ERR_PDF_NO_PAGES = _("The PDF has no pages (rule: PDF parse).")
ERR_IMAGE_UNREADABLE = _("The image cannot be decoded: it is damaged or not really an image (rule: image decode).")
ERR_IMAGE_TOO_LARGE = _(
    "The image is %(width)s × %(height)s pixels; at most %(limit)s million pixels are allowed (rule: image size)."
)

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
LABELS = {PDF: "PDF", JPEG: "JPEG", PNG: "PNG"}
EXTENSIONS = {PDF: "pdf", JPEG: "jpg", PNG: "png"}
_BY_EXTENSION = {"pdf": PDF, "jpg": JPEG, "jpeg": JPEG, "jpe": JPEG, "jfif": JPEG, "png": PNG}
_ALIASES = {"image/jpg": JPEG, "image/pjpeg": JPEG, "application/x-pdf": PDF, "image/x-png": PNG}
_GENERIC = {"", "application/octet-stream", "binary/octet-stream", "application/unknown"}
MAX_IMAGE_PIXELS = 40_000_000
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class CheckedUpload:
    data: bytes  # what will be stored: the PDF as sent, images re-encoded
    content_type: str
    original_name: str
    sha256: str

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.content_type]

    @property
    def size(self) -> int:
        return len(self.data)


def _fail(code: str, message) -> ValidationFailed:
    return ValidationFailed(code, message, fields={"file": [message]})


def upload_read(*, file, limit: int) -> bytes:
    """Read at most ``limit`` bytes; one more means the file is too large."""
    size = getattr(file, "size", None)
    if size is not None and size > limit:
        raise _fail("dossier.upload.too_large", ERR_TOO_LARGE % {"limit": filesizeformat(limit)})
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read(limit + 1)
    if isinstance(data, str):
        data = data.encode()
    if len(data) > limit:
        raise _fail("dossier.upload.too_large", ERR_TOO_LARGE % {"limit": filesizeformat(limit)})
    if not data:
        raise _fail("dossier.upload.empty", ERR_EMPTY)
    return data


def sniff(data: bytes) -> str | None:
    """The type the bytes really are, by their signature."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    return None


def safe_original_name(name: str) -> str:
    """The uploader's file name, kept only as a label (never as a storage path)."""
    base = os.path.basename((name or "").replace("\\", "/"))
    return _CONTROL.sub("", base)[:200]


def _declared_types(name: str, content_type: str) -> list[tuple[str, str | None]]:
    """(label, type) pairs the uploader declared: by file extension and by Content-Type."""
    declared: list[tuple[str, str | None]] = []
    _root, ext = os.path.splitext(name or "")
    ext = ext.lstrip(".").lower()
    if ext:
        declared.append((f".{ext}", _BY_EXTENSION.get(ext)))
    ctype = (content_type or "").split(";")[0].strip().lower()
    if ctype not in _GENERIC:
        declared.append((ctype, _ALIASES.get(ctype, ctype)))
    return declared


def _check_pdf(data: bytes) -> None:
    from pypdf import PdfReader

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                raise _fail("dossier.upload.pdf_encrypted", ERR_PDF_ENCRYPTED)
            pages = len(reader.pages)
            if pages:
                reader.pages[0].mediabox  # noqa: B018 - touching the first page proves the tree parses
    except ValidationFailed:
        raise
    except Exception:
        raise _fail("dossier.upload.pdf_unreadable", ERR_PDF_UNREADABLE)
    if pages == 0:
        raise _fail("dossier.upload.pdf_no_pages", ERR_PDF_NO_PAGES)


_STRICT_LOAD = threading.Lock()


def _load_strictly(image) -> None:
    """Decode every pixel, refusing a cut-off file. WeasyPrint switches Pillow's process-wide
    LOAD_TRUNCATED_IMAGES on when it is imported; an upload must not be judged by that."""
    from PIL import ImageFile

    with _STRICT_LOAD:
        previous = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            image.load()
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = previous


def _reencode_image(data: bytes, content_type: str) -> bytes:
    """Decode fully and encode again: only pixels survive, EXIF/XMP/ICC/text chunks do not.
    The EXIF orientation is applied first so the picture still looks the right way up."""
    from PIL import Image, ImageOps

    expected = "JPEG" if content_type == JPEG else "PNG"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as opened:
                if opened.format != expected:
                    raise _fail("dossier.upload.image_unreadable", ERR_IMAGE_UNREADABLE)
                width, height = opened.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise _fail(
                        "dossier.upload.image_too_large",
                        ERR_IMAGE_TOO_LARGE
                        % {"width": width, "height": height, "limit": MAX_IMAGE_PIXELS // 1_000_000},
                    )
                _load_strictly(opened)
                image = ImageOps.exif_transpose(opened)
    except ValidationFailed:
        raise
    except Exception:
        raise _fail("dossier.upload.image_unreadable", ERR_IMAGE_UNREADABLE)
    transparency = image.info.get("transparency")
    image.info = {"transparency": transparency} if transparency is not None and expected == "PNG" else {}
    out = io.BytesIO()
    if expected == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(out, "JPEG", quality=90, optimize=True)
    else:
        image.save(out, "PNG", optimize=False)
    return out.getvalue()


def upload_inspect(*, data: bytes, name: str, content_type: str, accepted: list[str]) -> CheckedUpload:
    """Decide what the bytes are and whether they may be kept; returns what to store."""
    found = sniff(data)
    if found is None:
        raise _fail("dossier.upload.unknown_type", ERR_UNKNOWN_TYPE)
    for label, declared in _declared_types(name, content_type):
        if declared != found:
            raise _fail("dossier.upload.type_mismatch", ERR_MISMATCH % {"declared": label, "found": LABELS[found]})
    if found not in accepted:
        shown = ", ".join(LABELS.get(t, t) for t in accepted)
        raise _fail("dossier.upload.type_not_accepted", ERR_NOT_ACCEPTED % {"accepted": shown, "found": LABELS[found]})
    if found == PDF:
        _check_pdf(data)
        stored = data
    else:
        stored = _reencode_image(data, found)
    return CheckedUpload(
        data=stored,
        content_type=found,
        original_name=safe_original_name(name),
        sha256=hashlib.sha256(stored).hexdigest(),
    )


def storage_name(*, extension: str, quarantine: bool = False) -> str:
    """A server-made name: random, dated folder, extension from the detected type."""
    today = timezone.now()
    folder = "quarantine" if quarantine else "materials"
    return f"{folder}/{today:%Y/%m}/{uuid.uuid4().hex}.{extension}"
