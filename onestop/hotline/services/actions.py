"""One entry point for the actions on a request page and in the API."""

from __future__ import annotations

from typing import Any

from onestop.core.errors import NotFound

from ..models import Category, HotlineRequest
from . import handling

ACTION_NAMES = ("dispatch", "reassign", "return", "reject", "contact", "reply", "close", "reopen")


def request_act(
    *,
    request: HotlineRequest,
    by: Any,
    name: str,
    note: str = "",
    category: Category | None = None,
    department: Any = None,
    article: str = "",
) -> HotlineRequest:
    """Perform the action ``name``; ``note`` is the reason, the note or the answer."""
    note = (note or "").strip()
    if name == "dispatch":
        return handling.request_dispatch(request=request, by=by, category=category, department=department, note=note)
    if name == "reassign":
        return handling.request_reassign(request=request, by=by, category=category, department=department, note=note)
    if name == "return":
        return handling.request_return(request=request, by=by, reason=note)
    if name == "reject":
        return handling.request_reject(request=request, by=by, reason=note)
    if name == "contact":
        return handling.request_contact(request=request, by=by, note=note)
    if name == "reply":
        return handling.request_reply(request=request, by=by, body=note, article_slug=article or "")
    if name == "close":
        return handling.request_close(request=request, by=by, note=note)
    if name == "reopen":
        return handling.request_reopen(request=request, by=by, reason=note)
    raise NotFound("hotline.action_unknown")
