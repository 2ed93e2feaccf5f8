"""Background jobs of the visas app."""

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
def covering_letter_issue_task(self, *, batch_id: int, by_id: int | None) -> str:
    """Issue a batch's signed covering letter (pass primary keys, not instances). A retry
    after a half-finished attempt finds the letter already issued and does not issue another."""
    from .services.letters import covering_letter_issue

    by = get_user_model().objects.filter(pk=by_id).first() if by_id is not None else None
    return covering_letter_issue(batch_id=batch_id, by=by)
