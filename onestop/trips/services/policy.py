"""Saving the trip policy (from the admin)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.forms.models import model_to_dict

from onestop.cases.audit import audit_record

from ..models import TripPolicy

_AUDITED = (
    "max_countries",
    "max_days_by_countries",
    "far_regions",
    "far_region_extra_days",
    "max_persons",
    "exemption_relaxes_persons",
    "sla_working_days",
    "report_due_working_days",
    "report_reminder_working_days",
    "max_trips_per_person_per_year",
    "is_active",
)


def trip_policy_save(*, policy: TripPolicy, by: Any) -> TripPolicy:
    """Validate and save ``policy``; when it is active, every other policy stops being
    active (exactly one row is, a constraint guarantees it). Audited with old and new limits."""
    policy.full_clean(validate_constraints=False)  # the one-active rule is kept below, in the transaction
    with transaction.atomic():
        old = None
        if policy.pk:
            previous = TripPolicy.objects.select_for_update().filter(pk=policy.pk).first()
            old = model_to_dict(previous, fields=_AUDITED) if previous else None
        if policy.is_active:
            TripPolicy.objects.select_for_update().filter(is_active=True).exclude(pk=policy.pk).update(is_active=False)
        policy.save()
        audit_record(
            actor=by, action="trips.policy.saved", obj=policy, old=old, new=model_to_dict(policy, fields=_AUDITED)
        )
    return policy
