"""Background jobs of the joint permit: issuing the two permits, and early SLA warnings."""

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
def permits_issue_task(self, *, application_id: int, by_id: int | None) -> list[str]:
    """Issue both permits of an approved application; returns their verification codes.
    A failure is retried; documents already issued by an earlier attempt are reused."""
    from .models import PermitApplication
    from .services import permits_issue

    application = PermitApplication.objects.select_related("case", "person", "passport", "employer").get(
        pk=application_id
    )
    by = get_user_model().objects.filter(pk=by_id).first() if by_id is not None else None
    return [document.code for document in permits_issue(application=application, by=by)]


@shared_task
def permits_sla_scan() -> dict:
    """Warn officers when a permit case gets within the policy's warning threshold."""
    from .services import permits_sla_warn

    return permits_sla_warn()
