"""Login protection and user administration."""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from onestop.cases.audit import audit_record
from onestop.core.errors import Throttled, ValidationFailed

from .models import Organization, RoleGrant
from .roles import STAFF_ROLES, Role

ERR_LOCKED = _("Too many failed attempts. Try again in %(minutes)d minutes.")
ERR_UNKNOWN_ROLE = _("Unknown role.")


def _key(kind: str, value: str) -> str:
    return f"login:{kind}:" + hashlib.sha256(value.encode()).hexdigest()[:32]


def login_throttle_check(*, username: str, ip: str) -> None:
    """Refuse a login attempt while the account or the address is locked out."""
    minutes = max(settings.LOGIN_LOCKOUT_SECONDS // 60, 1)
    name = (username or "").strip().lower()
    if name and cache.get(_key("lock", name)):
        raise Throttled("accounts.locked", ERR_LOCKED % {"minutes": minutes})
    if ip and (cache.get(_key("ip", ip)) or 0) >= settings.LOGIN_IP_FAILURE_LIMIT:
        raise Throttled("accounts.ip_throttled", ERR_LOCKED % {"minutes": minutes})


def login_record_failure(*, username: str, ip: str) -> None:
    """Count a failed attempt against the sending address and the name that was tried.

    A name is locked after ``LOGIN_FAILURE_LIMIT`` failures whether or not an account has
    it, so the answer does not tell who has an account; locking a made-up name locks nobody
    out, and an empty name is not counted at all. A flood of such attempts only throttles
    the address it comes from. Locking a real account is audited."""
    timeout = settings.LOGIN_LOCKOUT_SECONDS
    if ip:
        key = _key("ip", ip)
        cache.add(key, 0, timeout)
        cache.incr(key)
    name = (username or "").strip().lower()
    if not name:
        return
    key = _key("fail", name)
    cache.add(key, 0, timeout)
    failures = cache.incr(key)
    if failures >= settings.LOGIN_FAILURE_LIMIT:
        cache.set(_key("lock", name), 1, timeout)
        cache.delete(key)
        user = get_user_model().objects.filter(username__iexact=name).first()
        if user is not None:
            audit_record(actor=None, action="accounts.user.locked_out", obj=user, data={"failures": failures})


def login_record_success(*, user: Any) -> None:
    name = user.username.lower()
    cache.delete_many([_key("fail", name), _key("lock", name)])
    audit_record(actor=user, action="accounts.user.logged_in", obj=user)


def needs_second_factor(user: Any) -> bool:
    from django_otp import devices_for_user

    return bool(user.role_names & STAFF_ROLES) or any(True for _d in devices_for_user(user, confirmed=True))


def user_create(
    *,
    username: str,
    full_name: str,
    password: str | None,
    email: str = "",
    roles: list[str] | tuple[str, ...] = (),
    organization: Organization | None = None,
    preferred_language: str = "zh-hans",
    latin_name: str = "",
    phone: str = "",
    by: Any = None,
) -> Any:
    User = get_user_model()
    valid_roles = set(Role.values)
    unknown = [r for r in roles if r not in valid_roles]
    if unknown:
        raise ValidationFailed("accounts.unknown_role", ERR_UNKNOWN_ROLE, fields={"roles": [ERR_UNKNOWN_ROLE]})
    with transaction.atomic():
        user = User(
            username=username,
            full_name=full_name,
            email=email,
            organization=organization,
            preferred_language=preferred_language,
            latin_name=latin_name,
            phone=phone,
        )
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
        RoleGrant.objects.bulk_create([RoleGrant(user=user, role=r) for r in roles])
        audit_record(actor=by, action="accounts.user.created", obj=user, new={"roles": sorted(roles)})
    return user


def user_grant_role(*, user: Any, role: str, by: Any) -> None:
    if role not in Role.values:
        raise ValidationFailed("accounts.unknown_role", ERR_UNKNOWN_ROLE, fields={"role": [ERR_UNKNOWN_ROLE]})
    with transaction.atomic():
        _grant, created = RoleGrant.objects.get_or_create(user=user, role=role)
        if created:
            audit_record(actor=by, action="accounts.user.role_granted", obj=user, new={"role": role})
    user.__dict__.pop("role_names", None)


def organization_create(
    *, name: str, code: str, kind: str, parent: Organization | None = None, name_en: str = ""
) -> Organization:
    org = Organization(name=name, code=code, kind=kind, parent=parent, name_en=name_en)
    org.full_clean()
    org.save()
    return org
