"""Coded domain errors.

Services raise these; pages show ``message`` and API answers carry
``{"error": {"code", "message", "fields"}}``. Codes are dotted and stable so tests and
clients can rely on them; messages are translatable.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A rule of the domain was broken by the caller's input or the object's state."""

    status = 400

    def __init__(self, code: str, message: Any, *, fields: dict[str, list[Any]] | None = None):
        super().__init__(str(message))
        self.code = code
        self.message = message
        self.fields = fields or {}

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": str(self.message),
            "fields": {name: [str(m) for m in msgs] for name, msgs in self.fields.items()},
        }


class ValidationFailed(DomainError):
    status = 400


class Conflict(DomainError):
    """The object's current state forbids the action (illegal transition, taken seat...)."""

    status = 409


class NotFound(DomainError):
    """Raised for both a missing object and one the caller may not see: they look the same."""

    status = 404

    def __init__(self, code: str = "not_found", message: Any = None, **kwargs: Any):
        from django.utils.translation import gettext_lazy as _

        super().__init__(code, message or _("Not found."), **kwargs)


class TryAgain(DomainError):
    """A lock could not be had in time; the caller may retry."""

    status = 503


class Throttled(TryAgain):
    """Too many attempts from this caller (failed logins); the caller may retry later."""

    status = 429
