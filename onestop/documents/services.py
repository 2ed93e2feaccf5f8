"""Issuing and revoking signed documents.

``document_issue`` is what other apps call (usually through the background task
``document_issue_task``, after their transaction commits, because rendering and signing
takes about a second). ``document_verify_bytes`` lives in ``verification.py`` and is
re-exported here.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import re
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from onestop.cases.audit import audit_record
from onestop.cases.references import with_reference
from onestop.cases.services import case_note
from onestop.core.errors import Conflict, DomainError, ValidationFailed

from . import rendering
from .kinds import KIND_REFERENCE, essential_label, get_kind
from .models import IssuedDocument, new_code
from .verification import VerificationResult, document_verify_bytes, signature_digest_of

__all__ = [
    "VerificationResult",
    "document_issue",
    "document_issue_keyed",
    "document_issue_later",
    "document_revoke",
    "document_verify_bytes",
]

logger = logging.getLogger(__name__)

ERR_KIND_UNKNOWN = _("“%(kind)s” is not a registered kind of document.")
ERR_TITLE_REQUIRED = _("A document needs a title.")
ERR_TITLE_LONG = _("The title may have at most 300 characters.")
ERR_LANGUAGE = _("“%(language)s” is not one of the platform's languages.")
ERR_ESSENTIAL_VALUE = _("The value of “%(key)s” must be text, a number, a date or a list of those.")
ERR_ESSENTIAL_UNMASKED = _(
    "“%(key)s” contains an identity number in clear; the public verify page may show it only masked."
)
ERR_TEMPLATE = _("The document template “%(template)s” could not be rendered.")
ERR_REASON_REQUIRED = _("Please give the reason for revoking the document.")
ERR_ALREADY_REVOKED = _("This document has already been revoked.")
ERR_NOT_PERMITTED = _("You may not revoke documents of this kind.")

# Keys that always hold an identifier: their value must arrive masked.
IDENTIFIER_KEYS = frozenset({"passport", "passport_number", "identity_number", "id_number", "resident_id"})
_RESIDENT_ID = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx])(?![0-9A-Za-z])")
_OLD_RESIDENT_ID = re.compile(r"(?<![0-9A-Za-z])\d{15}(?![0-9A-Za-z])")
_MASK_CHARS = ("*", "•", "×")


class NotPermitted(DomainError):
    status = 403


def _looks_like_resident_id(text: str) -> bool:
    from onestop.dossier.validators import resident_id_check_char

    for match in _RESIDENT_ID.finditer(text):
        number = match.group(1).upper()
        if resident_id_check_char(number[:17]) == number[17]:
            return True
    return bool(_OLD_RESIDENT_ID.search(text))


def _essential_value(key: str, value: Any) -> Any:
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_essential_value(key, item) for item in value]
    if isinstance(value, str | Promise):
        text = str(value).strip()
        if _looks_like_resident_id(text) or (
            key in IDENTIFIER_KEYS and text and not any(c in text for c in _MASK_CHARS)
        ):
            raise ValidationFailed(
                "documents.essentials_unmasked",
                ERR_ESSENTIAL_UNMASKED % {"key": key},
                fields={f"essentials.{key}": [ERR_ESSENTIAL_UNMASKED % {"key": key}]},
            )
        return text
    raise ValidationFailed(
        "documents.essentials_value",
        ERR_ESSENTIAL_VALUE % {"key": key},
        fields={f"essentials.{key}": [ERR_ESSENTIAL_VALUE % {"key": key}]},
    )


def _normalize_essentials(essentials: dict) -> list[list[Any]]:
    pairs: list[list[Any]] = []
    for key, value in (essentials or {}).items():
        if value is None or value == "":
            continue
        pairs.append([str(key), _essential_value(str(key), value)])
    return pairs


def _note_params(title: str, code: str, kind: str) -> dict[str, Any]:
    """The params of a timeline line about a document: the title as issued, and the kind, so
    the line names the document in the reader's language (the title is in the language of
    the moment it was issued)."""
    return {"title": title, "code": code, **with_reference("title", KIND_REFERENCE, kind)}


def _check_inputs(*, kind: str, title: str, language: str) -> None:
    if get_kind(kind) is None:
        raise ValidationFailed(
            "documents.kind_unknown",
            ERR_KIND_UNKNOWN % {"kind": kind},
            fields={"kind": [ERR_KIND_UNKNOWN % {"kind": kind}]},
        )
    if not title.strip():
        raise ValidationFailed("documents.title_required", ERR_TITLE_REQUIRED, fields={"title": [ERR_TITLE_REQUIRED]})
    if len(title.strip()) > 300:
        raise ValidationFailed("documents.title_long", ERR_TITLE_LONG, fields={"title": [ERR_TITLE_LONG]})
    if language not in {code for code, _name in settings.LANGUAGES}:
        message = ERR_LANGUAGE % {"language": language}
        raise ValidationFailed("documents.language", message, fields={"language": [message]})


def _unique_code() -> str:
    while True:
        code = new_code()
        if not IssuedDocument.objects.filter(code=code).exists():
            return code


def document_issue(
    *,
    case: Any,
    kind: str,
    title: str,
    template: str,
    context: dict,
    essentials: dict,
    by: Any,
    language: str | None = None,
) -> IssuedDocument:
    """Render ``template`` to a PDF, sign it with the deployment's key and register it.

    The template gets ``context`` plus the document's verification code, the verify URL and
    its QR code (see ``documents/base_document.html``). The signed file and its SHA-256 are
    stored; the audit trail records the issue; the case (when given) gets a timeline line.
    Earlier valid documents of the same kind for the same case become "superseded".
    Rendering and signing take about a second and run outside any database transaction.
    """
    return _issue(
        case=case,
        kind=kind,
        title=title,
        template=template,
        context=context,
        essentials=essentials,
        by=by,
        language=language,
    )


def _issue(
    *,
    case: Any,
    kind: str,
    title: str,
    template: str,
    context: dict,
    essentials: dict,
    by: Any,
    language: str | None,
    request_key: str | None = None,
) -> IssuedDocument:
    language = language or settings.LANGUAGE_CODE
    _check_inputs(kind=kind, title=title, language=language)
    title = title.strip()
    pairs = _normalize_essentials(essentials)
    code = _unique_code()
    issued_at = timezone.now()
    with translation.override(language):
        labelled = [(essential_label(key), value) for key, value in pairs]
    render_context = {
        **context,
        "document_title": title,
        "document_kind": kind,
        "issued_at": issued_at,
        "case": case,
        "essentials": labelled,
    }
    try:
        html = rendering.render_html(template=template, context=render_context, code=code, language=language)
    except (TemplateDoesNotExist, TemplateSyntaxError) as exc:
        message = ERR_TEMPLATE % {"template": template}
        raise ValidationFailed("documents.template", message, fields={"template": [message]}) from exc
    signed = rendering.sign_pdf(
        rendering.html_to_pdf(html),
        reason=title,
        location=settings.SITE_URL,
    )
    digest = hashlib.sha256(signed.data).hexdigest()
    document = IssuedDocument(
        code=code,
        kind=kind,
        case=case,
        title=title,
        essentials=pairs,
        language=language,
        issuer=settings.SIGNING_ORG_NAME,
        sha256=digest,
        size=len(signed.data),
        signer_fingerprint=signed.signer_fingerprint,
        signature_sha256=signature_digest_of(signed.data),
        issued_at=issued_at,
        issued_by=by if getattr(by, "pk", None) else None,
        request_key=request_key,
    )
    document.pdf.save(f"{code}.pdf", ContentFile(signed.data), save=False)
    try:
        with transaction.atomic():
            document.save()
            superseded = _supersede_earlier(document=document, by=by)
            audit_record(
                actor=by,
                action="documents.document.issued",
                obj=document,
                new={
                    "code": code,
                    "kind": kind,
                    "sha256": digest,
                    "case": getattr(case, "number", None),
                    "superseded": superseded,
                },
            )
            if case is not None:
                case_note(case=case, by=by, code="documents.issued", params=_note_params(title, code, kind))
    except BaseException:
        # The row was not written: do not leave an orphan file behind.
        document.pdf.storage.delete(document.pdf.name)
        raise
    logger.info("issued document %s (%s, %d bytes)", code, kind, len(signed.data))
    return document


def _supersede_earlier(*, document: IssuedDocument, by: Any) -> list[str]:
    if document.case_id is None:
        return []
    earlier = list(
        IssuedDocument.objects.select_for_update()
        .filter(case_id=document.case_id, kind=document.kind, status=IssuedDocument.Status.VALID)
        .exclude(pk=document.pk)
    )
    for old in earlier:
        old.status = IssuedDocument.Status.SUPERSEDED
        old.superseded_by = document
        old.save(update_fields=["status", "superseded_by"])
        audit_record(
            actor=by,
            action="documents.document.superseded",
            obj=old,
            old={"status": IssuedDocument.Status.VALID},
            new={"status": IssuedDocument.Status.SUPERSEDED, "superseded_by": document.code},
        )
    return [old.code for old in earlier]


def document_issue_keyed(*, request_key: str, **kwargs: Any) -> IssuedDocument:
    """``document_issue`` that issues at most once per ``request_key`` (for retried jobs)."""
    existing = IssuedDocument.objects.filter(request_key=request_key).first()
    if existing is not None:
        return existing
    try:
        return _issue(request_key=request_key, **kwargs)
    except IntegrityError:
        existing = IssuedDocument.objects.filter(request_key=request_key).first()
        if existing is None:
            raise
        return existing


def document_issue_later(
    *,
    case: Any,
    kind: str,
    title: str,
    template: str,
    context: dict,
    essentials: dict,
    by: Any,
    language: str | None = None,
    request_key: str | None = None,
) -> str:
    """Schedule ``document_issue`` on the task queue once the caller's transaction commits.

    ``context`` and ``essentials`` must be JSON-serializable (dates as ISO strings). Returns
    the request key, which makes a retried job issue the document only once.
    """
    import uuid

    from .tasks import document_issue_task

    key = request_key or f"{kind}:{getattr(case, 'pk', '-')}:{uuid.uuid4().hex}"
    kwargs = {
        "case_id": getattr(case, "pk", None),
        "kind": kind,
        "title": str(title),
        "template": template,
        "context": context,
        "essentials": {k: _essential_value(str(k), v) for k, v in (essentials or {}).items() if v not in (None, "")},
        "by_id": getattr(by, "pk", None),
        "language": language,
        "request_key": key,
    }
    transaction.on_commit(lambda: document_issue_task.delay(**kwargs))
    return key


def document_revoke(*, document: IssuedDocument, by: Any, reason: str) -> IssuedDocument:
    """Revoke ``document``: its verify page says REVOKED with the reason and date from now on.

    ``by`` must hold a staff role for the document's kind (``None`` means the system, e.g. a
    cancelled permit). The audit trail records the change; the case gets a timeline line.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(
            "documents.reason_required", ERR_REASON_REQUIRED, fields={"reason": [ERR_REASON_REQUIRED]}
        )
    if by is not None:
        kind = get_kind(document.kind)
        allowed = kind.staff_roles if kind else frozenset()
        if not (getattr(by, "is_authenticated", False) and by.role_names & allowed):
            raise NotPermitted("documents.not_permitted", ERR_NOT_PERMITTED)
    with transaction.atomic():
        locked = IssuedDocument.objects.select_for_update().get(pk=document.pk)
        if locked.status == IssuedDocument.Status.REVOKED:
            raise Conflict("documents.already_revoked", ERR_ALREADY_REVOKED)
        old_status = locked.status
        now = timezone.now()
        updated = IssuedDocument.objects.filter(pk=locked.pk, status=old_status).update(
            status=IssuedDocument.Status.REVOKED,
            revoked_at=now,
            revoked_by=by if getattr(by, "pk", None) else None,
            revocation_reason=reason,
        )
        if not updated:  # changed between the lock and here: only possible without row locks
            raise Conflict("documents.already_revoked", ERR_ALREADY_REVOKED)
        audit_record(
            actor=by,
            action="documents.document.revoked",
            obj=locked,
            old={"status": old_status},
            new={"status": IssuedDocument.Status.REVOKED},
            data={"reason": reason},
        )
        if locked.case_id is not None:
            case_note(
                case=locked.case,
                by=by,
                code="documents.revoked",
                params=_note_params(locked.title, locked.code, locked.kind),
            )
    document.refresh_from_db()
    return document
