"""``notify_unread_count`` for templates: the number of unread in-app notifications of the
logged-in user. Counted lazily, once per response, only when a template uses it."""

from __future__ import annotations

from functools import cache

from .selectors import unread_count


def unread(request) -> dict:
    user = getattr(request, "user", None)

    @cache
    def notify_unread_count() -> int:
        return unread_count(user=user)

    return {"notify_unread_count": notify_unread_count}
