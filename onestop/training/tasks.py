"""Background and periodic jobs of the training app. Arguments are primary keys."""

from __future__ import annotations

from celery import shared_task

from onestop.core.errors import DomainError


@shared_task
def offers_expire() -> int:
    """Expire waitlist offers not accepted in time; each seat goes to the next person."""
    from .services import offers_expire as expire

    return expire()


@shared_task
def presence_sweep() -> int:
    """Close online-class presences whose page stopped sending heartbeats."""
    from .services import presence_sweep as sweep

    return sweep()


@shared_task
def reminders_send() -> int:
    """Remind participants of sessions starting within a day."""
    from .services import reminders_send as send

    return send()


@shared_task(
    bind=True,
    autoretry_for=(Exception,),
    dont_autoretry_for=(DomainError,),
    retry_backoff=5,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=6,
    acks_late=True,
)
def certificate_issue_task(self, certificate_id: int) -> str:
    """Issue one certificate's signed PDF. A bad-input error is recorded, not retried; other
    failures are retried with backoff and recorded when the retries run out."""
    from .services.certificates import certificate_issue, certificate_mark_failed

    try:
        return certificate_issue(certificate_id=certificate_id).document_code
    except DomainError as exc:
        certificate_mark_failed(certificate_id=certificate_id, error=str(exc))
        raise
    except Exception as exc:
        if self.request.retries >= self.max_retries:
            certificate_mark_failed(certificate_id=certificate_id, error=exc.__class__.__name__)
        raise
