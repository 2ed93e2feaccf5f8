"""The permission map: every page URL and API endpoint, by URL name, and the rule guarding it.

Each app declares its part in ``<app>/access.py`` as ``RULES = {"<url name>": rule}``; the
map below is their union, built once at start-up (``manage.py permission_map`` prints it).
Anything not in the map is refused: deny by default. Object-level scoping (a liaison
officer sees only their organization) is done by each app's ``access_*`` selectors, which
raise the same "not found" for a missing object and a forbidden one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured


def user_is_verified(user: Any, request: Any = None) -> bool:
    """True when a staff user passed the second factor (or authenticated with an API token,
    which is only issued after the second factor)."""
    if request is not None and getattr(request, "auth", None) is not None:
        return True
    checker = getattr(user, "is_verified", None)
    return bool(checker and checker())


class Rule:
    public = False

    def allows(self, user: Any, request: Any = None) -> bool:  # pragma: no cover - interface
        raise NotImplementedError

    def describe(self) -> str:  # pragma: no cover - interface
        raise NotImplementedError


class _Public(Rule):
    public = True

    def allows(self, user: Any, request: Any = None) -> bool:
        return True

    def describe(self) -> str:
        return "public"


class _LoggedIn(Rule):
    def allows(self, user: Any, request: Any = None) -> bool:
        return bool(user and user.is_authenticated)

    def describe(self) -> str:
        return "logged in"


@dataclass(frozen=True)
class HasRole(Rule):
    """Logged in, holding one of ``roles``; staff roles also need the second factor."""

    roles: frozenset[str] = field(default_factory=frozenset)

    def allows(self, user: Any, request: Any = None) -> bool:
        if not (user and user.is_authenticated):
            return False
        held = user.role_names & self.roles
        if not held:
            return False
        from onestop.accounts.roles import STAFF_ROLES

        if held & STAFF_ROLES and not (held - STAFF_ROLES):
            return user_is_verified(user, request)
        return True

    def describe(self) -> str:
        return "role in " + ", ".join(sorted(self.roles))


PUBLIC: Rule = _Public()
LOGGED_IN: Rule = _LoggedIn()


def roles(*names: str) -> Rule:
    if not names:
        raise ImproperlyConfigured("roles() needs at least one role")
    return HasRole(frozenset(str(n) for n in names))


_MAP: dict[str, Rule] | None = None


def _collect() -> dict[str, Rule]:
    merged: dict[str, Rule] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("onestop."):
            continue
        try:
            module = import_module(f"{config.name}.access")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.access":
                raise
            continue
        rules: dict[str, Rule] = getattr(module, "RULES", {})
        for name, rule in rules.items():
            if name in merged:
                raise ImproperlyConfigured(f"URL name {name!r} is in the permission map twice")
            if not isinstance(rule, Rule):
                raise ImproperlyConfigured(f"rule for {name!r} is not a Rule")
            merged[name] = rule
    return merged


def permission_map() -> dict[str, Rule]:
    global _MAP
    if _MAP is None:
        _MAP = _collect()
    return _MAP


def rule_for(view_name: str | None) -> Rule | None:
    if not view_name:
        return None
    return permission_map().get(view_name)


def exempt_namespaces() -> Iterable[str]:
    """Namespaces guarded by their own machinery (Django admin requires staff + its login)."""
    return ("admin",)
