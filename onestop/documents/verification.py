"""Checking a PDF that someone holds against the register and the embedded signature.

A file is *intact* when its SHA-256 is in the register and its signature, made with this
deployment's key (or a retired one), is cryptographically valid and covers the whole file.
It is *tampered* when it carries our signature but the signed bytes changed (digest
mismatch) or something was appended after signing (an incremental update). Anything else is
*unknown*: not a PDF, not signed, signed by someone else, or signed with our key but absent
from the register.
"""

from __future__ import annotations

import hashlib
import io
import logging
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from . import signing
from ._sync import outside_event_loop
from .models import IssuedDocument

logger = logging.getLogger(__name__)

INTACT = "intact"
TAMPERED = "tampered"
UNKNOWN = "unknown"

MSG_INTACT = _("This file is exactly the document that was issued, and its digital signature is valid.")
MSG_SIGNATURE_INVALID = _("The file was changed after it was signed: its digital signature does not match its content.")
MSG_MODIFIED_AFTER = _("Content was added to the file after it was signed.")
MSG_NOT_REGISTERED = _("The file is signed with this office's key but is not in the register of issued documents.")
MSG_NOT_SIGNED = _("The file carries no digital signature.")
MSG_FOREIGN = _("The file is not signed by this office.")
MSG_NOT_PDF = _("The file cannot be read as a PDF.")


@dataclass
class VerificationResult:
    status: str  # intact | tampered | unknown
    code: str  # dotted reason code, stable for clients
    message: Any  # translatable explanation
    document: IssuedDocument | None = None  # the registered document the file is (or claims to be)
    registered: bool = False  # the file's SHA-256 is in the register
    signature_present: bool = False
    signed_by_us: bool = False
    signature_valid: bool | None = None
    whole_file_signed: bool | None = None
    sha256: str = ""

    @property
    def intact(self) -> bool:
        return self.status == INTACT

    @property
    def tampered(self) -> bool:
        return self.status == TAMPERED


def signature_digest(signature_value: bytes) -> str:
    return hashlib.sha256(signature_value).hexdigest()


def signature_digest_of(pdf: bytes) -> str:
    """SHA-256 of the first signature value in ``pdf`` (recorded at issue time, so a file
    whose content was altered can still be matched to the document it claims to be)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    sig = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures[0]
    return signature_digest(sig.signer_info["signature"].native)


def _looks_like_pdf(data: bytes) -> bool:
    return b"%PDF-" in data[:1024]


def document_verify_bytes(*, data: bytes) -> VerificationResult:
    """Check an uploaded PDF: register (SHA-256) and embedded PAdES signature (pyHanko,
    trusting only this deployment's certificates)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    digest = hashlib.sha256(data).hexdigest()
    registered = IssuedDocument.objects.filter(sha256=digest).first()
    base = {"registered": registered is not None, "sha256": digest}
    if not _looks_like_pdf(data):
        return VerificationResult(UNKNOWN, "documents.verify.not_pdf", MSG_NOT_PDF, **base)
    try:
        signatures = list(PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures)
    except Exception:  # a damaged file can fail anywhere in the parser
        logger.info("uploaded file could not be parsed as a PDF")
        return VerificationResult(UNKNOWN, "documents.verify.not_pdf", MSG_NOT_PDF, **base)
    if not signatures:
        return VerificationResult(UNKNOWN, "documents.verify.not_signed", MSG_NOT_SIGNED, **base)
    trusted = signing.trusted_certificates()
    ours_fingerprints = {signing.fingerprint(c) for c in trusted}
    ours = [
        s for s in signatures if s.signer_cert is not None and signing.fingerprint(s.signer_cert) in ours_fingerprints
    ]
    if not ours:
        return VerificationResult(
            UNKNOWN, "documents.verify.foreign_signature", MSG_FOREIGN, signature_present=True, **base
        )
    sig = ours[0]
    claimed = IssuedDocument.objects.filter(
        signature_sha256=signature_digest(sig.signer_info["signature"].native)
    ).first()
    facts = {"signature_present": True, "signed_by_us": True, **base}
    context = ValidationContext(trust_roots=trusted, allow_fetching=False, revocation_mode="soft-fail")
    try:
        status = outside_event_loop(lambda: validate_pdf_signature(sig, context))
    except Exception:
        logger.info("signature validation raised; treating the file as tampered")
        return VerificationResult(
            TAMPERED,
            "documents.verify.signature_invalid",
            MSG_SIGNATURE_INVALID,
            claimed,
            signature_valid=False,
            **facts,
        )
    if not (status.intact and status.valid):
        return VerificationResult(
            TAMPERED,
            "documents.verify.signature_invalid",
            MSG_SIGNATURE_INVALID,
            claimed,
            signature_valid=False,
            **facts,
        )
    if status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        return VerificationResult(
            TAMPERED,
            "documents.verify.modified_after_signing",
            MSG_MODIFIED_AFTER,
            claimed,
            signature_valid=True,
            whole_file_signed=False,
            **facts,
        )
    if registered is None:
        return VerificationResult(
            UNKNOWN,
            "documents.verify.not_registered",
            MSG_NOT_REGISTERED,
            claimed,
            signature_valid=True,
            whole_file_signed=True,
            **facts,
        )
    return VerificationResult(
        INTACT,
        "documents.verify.intact",
        MSG_INTACT,
        registered,
        signature_valid=True,
        whole_file_signed=True,
        **facts,
    )
