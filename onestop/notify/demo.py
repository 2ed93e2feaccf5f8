"""Demo notifications: a welcome message in every demo user's inbox, in their language."""

from __future__ import annotations

from .models import Notification
from .services import notify_user

ORDER = 90


def seed(world: dict) -> None:
    for user in world.get("users", {}).values():
        if not Notification.objects.filter(recipient=user, code="notify.welcome").exists():
            notify_user(user=user, code="notify.welcome", channels=("inapp",))
