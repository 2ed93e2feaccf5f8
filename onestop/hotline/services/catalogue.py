"""Reference data writes: categories, districts, the dispatch catalogue, deadline
policies, duty supervisors and Open311 client keys. The admin and the demo call these."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onestop.cases.audit import audit_record
from onestop.core.errors import ValidationFailed

from .. import catalogue_cache
from ..models import ApiKey, Category, DeadlinePolicy, DispatchRule, District

ERR_DEPARTMENT_KIND = _("Requests can only be dispatched to an active organization.")
KEY_BYTES = 24


def category_upsert(
    *,
    code: str,
    name: str,
    names: dict | None = None,
    descriptions: dict | None = None,
    deadline_class: str = "ordinary",
    group: str = "",
    keywords: str = "",
    order: int = 100,
    by: Any = None,
) -> Category:
    with transaction.atomic():
        category, created = Category.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "names": names or {},
                "descriptions": descriptions or {},
                "deadline_class": deadline_class,
                "group": group,
                "keywords": keywords,
                "order": order,
            },
        )
        if created:
            audit_record(actor=by, action="hotline.category.created", obj=category, new={"code": code})
    catalogue_cache.forget()
    return category


def district_upsert(*, code: str, name: str, names: dict | None = None, organization: Any = None) -> District:
    district, _created = District.objects.update_or_create(
        code=code, defaults={"name": name, "names": names or {}, "organization": organization}
    )
    catalogue_cache.forget()
    return district


def dispatch_rule_set(
    *, category: Category, department: Any, district: District | None = None, by: Any = None
) -> DispatchRule:
    """Send ``category`` (in ``district``, or citywide) to ``department``."""
    if department is None or not department.is_active:
        raise ValidationFailed(
            "hotline.rule_department", ERR_DEPARTMENT_KIND, fields={"department": [ERR_DEPARTMENT_KIND]}
        )
    with transaction.atomic():
        rule = DispatchRule.objects.select_for_update().filter(category=category, district=district).first()
        old = rule.department_id if rule else None
        if old == department.pk:
            return rule  # unchanged: nothing to save or audit
        if rule is None:
            rule = DispatchRule(category=category, district=district)
        rule.department = department
        rule.save()
        audit_record(
            actor=by, action="hotline.rule.set", obj=rule, old={"department": old}, new={"department": department.pk}
        )
    catalogue_cache.forget()
    return rule


def deadline_policy_set(
    *,
    budget: int,
    unit: str,
    request_type: str = "",
    category: Category | None = None,
    contact_hours: int = 24,
    by: Any = None,
) -> DeadlinePolicy:
    policy = DeadlinePolicy(
        request_type=request_type, category=category, budget=budget, unit=unit, contact_hours=contact_hours
    )
    existing = DeadlinePolicy.objects.filter(request_type=request_type, category=category).first()
    if existing is not None:
        policy.pk = existing.pk
    policy.full_clean(validate_unique=False, validate_constraints=False)
    with transaction.atomic():
        policy.save()
        audit_record(
            actor=by,
            action="hotline.deadline.set",
            obj=policy,
            new={"budget": budget, "unit": unit, "contact_hours": contact_hours},
        )
    catalogue_cache.forget()
    return policy


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def api_key_create(*, name: str, by: Any = None) -> tuple[ApiKey, str]:
    """A new Open311 key. Returns the key in clear once; only its hash is stored."""
    raw = secrets.token_urlsafe(KEY_BYTES)
    with transaction.atomic():
        key = ApiKey.objects.create(name=name.strip()[:100] or "client", prefix=raw[:8], key_hash=_hash(raw))
        audit_record(actor=by, action="hotline.api_key.created", obj=key, new={"name": key.name, "prefix": key.prefix})
    return key, raw


def api_key_check(*, raw: str) -> ApiKey | None:
    """The active key matching ``raw``, or None."""
    if not raw:
        return None
    key = ApiKey.objects.filter(key_hash=_hash(raw.strip()), is_active=True).first()
    if key is not None:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=timezone.now())
    return key


def api_key_revoke(*, key: ApiKey, by: Any = None) -> ApiKey:
    with transaction.atomic():
        key.is_active = False
        key.save(update_fields=["is_active"])
        audit_record(actor=by, action="hotline.api_key.revoked", obj=key)
    return key
