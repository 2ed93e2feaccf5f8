"""Periodic jobs of the passports app (the beat schedule runs ``passports_due_scan``)."""

from __future__ import annotations

from celery import shared_task


@shared_task
def passports_due_scan() -> dict:
    """Daily: reminders before and on the due date, overdue marking and escalation after,
    the block notice, expiry of passports in custody. Every notice goes out once."""
    from .services import passports_due_scan as scan

    return scan().as_dict()
