"""Reads: a user's in-app inbox, the unread count, and scoped access to one notification."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from onestop.core.errors import NotFound

from .models import Notification


def inbox(*, user: Any, unread_only: bool = False) -> QuerySet[Notification]:
    qs = Notification.objects.filter(recipient=user, channel=Notification.Channel.INAPP)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.select_related("case").order_by("-created_at", "-pk")


def unread_count(*, user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return inbox(user=user, unread_only=True).count()


def access_notification(*, user: Any, pk: int) -> Notification:
    """The user's own in-app notification; the same NotFound for missing and for someone else's."""
    found = Notification.objects.filter(
        pk=pk, recipient_id=getattr(user, "pk", None), channel=Notification.Channel.INAPP
    ).first()
    if found is None:
        raise NotFound("notify.not_found")
    return found
