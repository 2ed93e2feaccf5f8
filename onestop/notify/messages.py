"""The registry of notification messages.

Each message has a code, a subject and a body: lazy translatable strings with
``%(name)s`` placeholders, rendered in the recipient's language when the notification is
created. Apps register theirs in ``AppConfig.ready``::

    register_message(
        "trips.approve",
        subject=_("Trip %(number)s approved"),
        body=_("Your trip %(number)s was approved. The approval document is ready."),
    )

For a case transition the kernel calls ``notify_case_event`` with ``"<kind>.<transition>"``;
when no message is registered under that code the generic ``notify.case_changed`` is used.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured

CHANNEL_NAMES = ("inapp", "email", "sms", "wechat")


@dataclass(frozen=True)
class Message:
    code: str
    subject: Any
    body: Any
    channels: tuple[str, ...] | None = None  # default channels; None lets the caller decide


_MESSAGES: dict[str, Message] = {}


def register_message(code: str, subject: Any, body: Any, *, channels: tuple[str, ...] | None = None) -> Message:
    """Register (or, when called again with the same texts, keep) the message ``code``."""
    if not code or " " in code:
        raise ImproperlyConfigured(f"notification code {code!r} must be a dotted name without spaces")
    if channels is not None:
        unknown = set(channels) - set(CHANNEL_NAMES)
        if unknown:
            raise ImproperlyConfigured(f"notification {code}: unknown channels {sorted(unknown)}")
    message = Message(code, subject, body, tuple(channels) if channels is not None else None)
    existing = _MESSAGES.get(code)
    if existing is not None and existing != message:
        raise ImproperlyConfigured(f"notification message {code} registered twice with different texts")
    _MESSAGES[code] = message
    return message


def get_message(code: str) -> Message | None:
    return _MESSAGES.get(code)


def registered_codes() -> list[str]:
    return sorted(_MESSAGES)
