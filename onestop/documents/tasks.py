"""Background jobs: issuing a document takes about a second (render + sign), so callers
schedule it after their transaction commits (``services.document_issue_later``)."""

from __future__ import annotations

from celery import shared_task
from django.contrib.auth import get_user_model

from onestop.core.errors import DomainError


@shared_task(
    bind=True,
    autoretry_for=(Exception,),
    dont_autoretry_for=(DomainError,),
    retry_backoff=5,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=8,
    acks_late=True,
)
def document_issue_task(
    self,
    *,
    case_id: int | None,
    kind: str,
    title: str,
    template: str,
    context: dict,
    essentials: dict,
    by_id: int | None,
    language: str | None = None,
    request_key: str | None = None,
) -> str:
    """Issue a document from JSON-able arguments; returns its verification code.

    Failures (storage, database) are retried with backoff; a domain error (bad input) is
    not, because a retry would fail the same way. ``request_key`` makes a retry after a
    half-finished attempt return the document already issued instead of a second one.
    """
    from onestop.cases.models import Case

    from .services import document_issue, document_issue_keyed

    case = Case.objects.get(pk=case_id) if case_id is not None else None
    by = get_user_model().objects.filter(pk=by_id).first() if by_id is not None else None
    arguments = {
        "case": case,
        "kind": kind,
        "title": title,
        "template": template,
        "context": context,
        "essentials": essentials,
        "by": by,
        "language": language,
    }
    if request_key:
        document = document_issue_keyed(request_key=request_key, **arguments)
    else:
        document = document_issue(**arguments)
    return document.code
