"""Notifications: one row per recipient and channel.

Subject and body are rendered in the recipient's language when the row is created, so a
background worker sends exactly what the recipient should read. A row is never deleted
when sending fails: it is retried with exponential backoff and, after
``NOTIFY_MAX_ATTEMPTS``, marked ``dead`` for the administrators to see and retry.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    class Channel(models.TextChoices):
        INAPP = "inapp", _("In the app")
        EMAIL = "email", _("E-mail")
        SMS = "sms", _("SMS")
        WECHAT = "wechat", _("WeChat")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed, will retry")
        DEAD = "dead", _("Failed, given up")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    code = models.CharField(_("message code"), max_length=100)
    language = models.CharField(_("language"), max_length=10)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))
    case = models.ForeignKey(
        "cases.Case",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
        verbose_name=_("case"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "channel", "read_at"], name="notify_inbox"),
            models.Index(fields=["status", "next_attempt_at"], name="notify_due"),
        ]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return f"{self.code} → {self.recipient_id} ({self.channel}, {self.status})"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class WeChatBinding(models.Model):
    """The WeChat OpenID a user linked to their account; WeChat messages need it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="wechat_binding", verbose_name=_("user")
    )
    openid = models.CharField(_("WeChat OpenID"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("linked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("WeChat link")
        verbose_name_plural = _("WeChat links")

    def __str__(self) -> str:
        return f"WeChat link of user {self.user_id}"
