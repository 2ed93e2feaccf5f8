"""Helpers shared by the visa pages."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest

from onestop.core.errors import NotFound

PAGE_SIZE = 25
STATE_BADGE = {
    "prepared": "paused",
    "submitted": "warning",
    "issued": "ok",
    "refused": "breached",
    "withdrawn": "",
    "not_needed": "ok",
    "awaiting_approval": "",
    "not_prepared": "warning",
    "to_check": "breached",
}


def page_of(request: HttpRequest, qs, size: int = PAGE_SIZE):
    return Paginator(qs, size).get_page(request.GET.get("page"))


def query_without_page(request: HttpRequest) -> str:
    return urlencode([(k, v) for k, v in request.GET.items() if k != "page" and v])


def or_404(fn, **kwargs):
    try:
        return fn(**kwargs)
    except NotFound:
        raise Http404
