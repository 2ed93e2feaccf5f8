"""Changing the rules in force (from the admin)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from onestop.cases.audit import audit_record

from ..models import PermitPolicy

POLICY_FIELDS = (
    "sla_working_days",
    "warning_working_days",
    "passport_min_valid_days",
    "biometrics_before_residence_approval",
)


def permit_policy_save(*, policy: PermitPolicy, by: Any) -> PermitPolicy:
    """Validate and store ``policy`` (the single row), auditing old and new values. A new
    time limit applies to applications submitted from now on."""
    policy.pk = 1
    policy.full_clean()
    with transaction.atomic():
        old = PermitPolicy.objects.select_for_update().filter(pk=1).values(*POLICY_FIELDS).first()
        policy.save()
        audit_record(
            actor=by,
            action="permits.policy.changed",
            obj=policy,
            old=old,
            new={name: getattr(policy, name) for name in POLICY_FIELDS},
        )
    return policy
