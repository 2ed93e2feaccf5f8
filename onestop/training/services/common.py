"""Helpers shared by the training services: who may manage what, notifications after commit."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.utils import translation

from onestop.accounts.roles import Role
from onestop.core.errors import NotFound

logger = logging.getLogger("onestop.training")


def in_subtree(org: Any, root: Any) -> bool:
    """True when ``org`` is ``root`` or below it in the organization tree."""
    return bool(org is not None and root is not None and org.path and root.path and org.path.startswith(root.path))


def can_manage(user: Any, program: Any) -> bool:
    """Administrators; the program's organizer; training organizers of the organizing
    organization (or an organization above it)."""
    if not getattr(user, "is_authenticated", False):
        return False
    held = user.role_names
    if Role.ADMIN in held:
        return True
    if Role.TRAINING_ORGANIZER not in held:
        return False
    if program.organizer_id == user.pk:
        return True
    return in_subtree(program.organization, user.organization)


def can_moderate(user: Any, program: Any) -> bool:
    """Managers, and facilitators named on the program."""
    if can_manage(user, program):
        return True
    if not getattr(user, "is_authenticated", False) or Role.FACILITATOR not in user.role_names:
        return False
    return program.facilitators.filter(pk=user.pk).exists()


def require_manager(user: Any, program: Any) -> None:
    if not can_manage(user, program):
        raise NotFound("training.not_found")


def require_moderator(user: Any, program: Any) -> None:
    if not can_moderate(user, program):
        raise NotFound("training.not_found")


def notify_later(*, user_id: int, code: str, context: dict | None = None) -> None:
    """Send notification ``code`` to the user once the current transaction commits.

    The context's texts are rendered in the recipient's language here, before the hand-over,
    so a background worker never guesses the language."""

    def _send() -> None:
        from django.contrib.auth import get_user_model

        from onestop.notify.services import notify_user

        user = get_user_model().objects.filter(pk=user_id).first()
        if user is None:
            return
        with translation.override(user.preferred_language or None):
            rendered = {key: (value() if callable(value) else str(value)) for key, value in (context or {}).items()}
        try:
            notify_user(user=user, code=code, context=rendered, channels=("inapp", "email"))
        except Exception:  # a failed notification must not undo the enrolment that caused it
            logger.exception("notification %s could not be queued", code)

    transaction.on_commit(_send)
