"""Delivery channels behind one interface.

A ``Channel`` knows where a user can be reached (``address``) and how to deliver one
stored ``Notification`` (``send``); it raises on failure and the delivery job records the
error and retries. In-app messages are the stored rows themselves. E-mail goes through
Django's mail backend. SMS and WeChat go through a ``Gateway`` chosen by the settings
``NOTIFY_SMS_BACKEND`` and ``NOTIFY_WECHAT_BACKEND`` (dotted paths).

Writing a real gateway: subclass ``Gateway``, implement ``send`` to call the provider and
return its message id, raise ``DeliveryError`` (or let the client library raise) when the
provider refuses, and point the setting at the class. The gateway gets the address and the
already-translated text; it must not log either in clear.
"""

from __future__ import annotations

import hashlib
import logging
from collections import deque
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.module_loading import import_string

if TYPE_CHECKING:  # pragma: no cover
    from .models import Notification

logger = logging.getLogger(__name__)


class DeliveryError(Exception):
    """The channel could not deliver; the message says why (without personal data)."""


def mask_address(address: str) -> str:
    """Keep the last four characters: enough to tell addresses apart in a log, not to use them."""
    address = address or ""
    if len(address) <= 4:
        return "*" * len(address)
    return "*" * (len(address) - 4) + address[-4:]


# --- gateways (SMS, WeChat) -----------------------------------------------------------


class Gateway:
    """Base class for an SMS or WeChat provider.

    ``send`` receives the recipient's address (a phone number for SMS, an OpenID for
    WeChat), the subject and body already rendered in the recipient's language, and a
    ``reference`` (the notification id) to use as the provider's idempotency key where it
    has one. It returns the provider's message id and raises on failure.
    """

    channel: ClassVar[str] = ""

    def send(self, *, to: str, subject: str, body: str, reference: str) -> str:  # pragma: no cover - interface
        raise NotImplementedError


class LogGateway(Gateway):
    """Records each message to the log and to an in-process outbox instead of sending it:
    the default for development and tests. Neither holds personal data in clear: the
    address is masked and the text is represented by its length and a digest."""

    outbox: ClassVar[deque]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.outbox = deque(maxlen=1000)

    def send(self, *, to: str, subject: str, body: str, reference: str) -> str:
        if not to:
            raise DeliveryError(f"{self.channel}: no address")
        record = {
            "channel": self.channel,
            "reference": reference,
            "to": mask_address(to),
            "length": len(body),
            "sha256": hashlib.sha256(f"{subject}\n{body}".encode()).hexdigest()[:16],
        }
        self.outbox.append(record)
        logger.info(
            "%s outbox: notification %s to %s, %d characters, digest %s",
            record["channel"],
            record["reference"],
            record["to"],
            record["length"],
            record["sha256"],
        )
        return f"log-{self.channel}-{reference}"


class LogSmsGateway(LogGateway):
    channel = "sms"


class LogWeChatGateway(LogGateway):
    channel = "wechat"


# --- channels -------------------------------------------------------------------------


class Channel:
    name: ClassVar[str] = ""
    # Delivered the moment the row is stored (no job needed).
    immediate: ClassVar[bool] = False

    def address(self, user: Any) -> str:
        """Where ``user`` is reached on this channel; empty when they cannot be."""
        raise NotImplementedError  # pragma: no cover - interface

    def send(self, notification: Notification) -> None:
        raise NotImplementedError  # pragma: no cover - interface


class InAppChannel(Channel):
    name = "inapp"
    immediate = True

    def address(self, user: Any) -> str:
        return "inbox"

    def send(self, notification: Notification) -> None:
        return None  # the stored row is the message; the inbox shows it


class EmailChannel(Channel):
    name = "email"

    def address(self, user: Any) -> str:
        return (getattr(user, "email", "") or "").strip()

    def send(self, notification: Notification) -> None:
        to = self.address(notification.recipient)
        if not to:
            raise DeliveryError("email: the recipient has no e-mail address")
        subject = " ".join(notification.subject.split())  # no line breaks in a header
        EmailMessage(subject, notification.body, settings.DEFAULT_FROM_EMAIL, [to]).send(fail_silently=False)


class _GatewayChannel(Channel):
    setting: ClassVar[str] = ""

    def gateway(self) -> Gateway:
        return import_string(getattr(settings, self.setting))()

    def send(self, notification: Notification) -> None:
        to = self.address(notification.recipient)
        if not to:
            raise DeliveryError(f"{self.name}: the recipient has no address for this channel")
        self.gateway().send(to=to, subject=notification.subject, body=notification.body, reference=str(notification.pk))


class SmsChannel(_GatewayChannel):
    name = "sms"
    setting = "NOTIFY_SMS_BACKEND"

    def address(self, user: Any) -> str:
        return (getattr(user, "phone", "") or "").strip()


class WeChatChannel(_GatewayChannel):
    name = "wechat"
    setting = "NOTIFY_WECHAT_BACKEND"

    def address(self, user: Any) -> str:
        from .models import WeChatBinding

        binding = WeChatBinding.objects.filter(user_id=user.pk).only("openid").first()
        return binding.openid if binding else ""


CHANNELS: dict[str, Channel] = {c.name: c for c in (InAppChannel(), EmailChannel(), SmsChannel(), WeChatChannel())}


def get_channel(name: str) -> Channel:
    try:
        return CHANNELS[name]
    except KeyError:
        raise ValueError(f"unknown notification channel {name!r}")
