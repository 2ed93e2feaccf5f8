"""Reads on issued documents, and the scoping rule for who may fetch a document's file."""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Q, QuerySet

from onestop.accounts.roles import Role
from onestop.core.errors import NotFound

from .kinds import get_kind, kinds_for_staff
from .models import CODE_ALPHABET, CODE_LENGTH, IssuedDocument

_CODE_SHAPE = re.compile(rf"^[{CODE_ALPHABET}]{{{CODE_LENGTH}}}$")
ORGANIZATION_ROLES = frozenset({str(Role.LIAISON), str(Role.EMPLOYER)})


def normalize_code(raw: str) -> str:
    """Codes are typed back from paper: ignore case, spaces and dashes."""
    return "".join(ch for ch in (raw or "").upper() if ch not in " -\t\n")


def document_by_code(*, code: str) -> IssuedDocument | None:
    """The document behind a verification code, or None (the public verify page)."""
    code = normalize_code(code)
    if not _CODE_SHAPE.match(code):
        return None
    return IssuedDocument.objects.select_related("case", "superseded_by").filter(code=code).first()


def _is_staff_for(user: Any, document: IssuedDocument) -> bool:
    kind = get_kind(document.kind)
    return bool(kind and user.role_names & kind.staff_roles)


def document_visible_to(*, user: Any, document: IssuedDocument) -> bool:
    """Who may download the file: the case's applicant, the liaison officer (or employer's
    agent) of the case's organization, and staff responsible for the kind of document."""
    if not getattr(user, "is_authenticated", False):
        return False
    if _is_staff_for(user, document):
        return True
    case = document.case
    if case is None:
        return False
    if case.applicant_id == user.pk:
        return True
    return bool(
        case.organization_id and case.organization_id == user.organization_id and user.role_names & ORGANIZATION_ROLES
    )


def access_document(*, user: Any, code: str) -> IssuedDocument:
    """Fetch and authorize in one call: missing and forbidden raise the same NotFound."""
    document = document_by_code(code=code)
    if document is None or not document_visible_to(user=user, document=document):
        raise NotFound("documents.not_found")
    return document


def access_document_for_revoke(*, user: Any, code: str) -> IssuedDocument:
    document = document_by_code(code=code)
    if document is None or not getattr(user, "is_authenticated", False) or not _is_staff_for(user, document):
        raise NotFound("documents.not_found")
    return document


def documents_for_case(*, case: Any, user: Any) -> list[IssuedDocument]:
    """Documents of a case that ``user`` may download, newest first (for case pages)."""
    documents = list(IssuedDocument.objects.filter(case=case).select_related("case").order_by("-issued_at", "-pk"))
    return [d for d in documents if document_visible_to(user=user, document=d)]


def document_register(*, user: Any, kind: str = "", status: str = "", query: str = "") -> QuerySet[IssuedDocument]:
    """The register of issued documents, limited to the kinds ``user`` is staff for."""
    qs = IssuedDocument.objects.filter(kind__in=kinds_for_staff(user.role_names)).select_related("case")
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    query = (query or "").strip()
    if query:
        qs = qs.filter(Q(code=normalize_code(query)) | Q(case__number__iexact=query) | Q(title__icontains=query))
    return qs.order_by("-issued_at", "-pk")
