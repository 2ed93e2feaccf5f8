"""Helpers shared by the trip pages."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest
from django.utils.functional import cached_property

from onestop.core.errors import NotFound

from ..models import Trip
from ..selectors import access_trip

PAGE_SIZE = 25


def _get_trip(request: HttpRequest, pk: int) -> Trip:
    try:
        return access_trip(user=request.user, pk=pk)
    except NotFound:
        raise Http404


class CountedPaginator(Paginator):
    """A paginator told how to count, when a cheaper query than ``COUNT`` over the listed
    queryset gives the same number."""

    def __init__(self, object_list: Any, per_page: int, *, count: Any) -> None:
        super().__init__(object_list, per_page)
        self._count = count

    @cached_property
    def count(self) -> int:
        return self._count()


def _query_without_page(request: HttpRequest) -> str:
    params = [(k, v) for k, v in request.GET.items() if k != "page" and v]
    return urlencode(params)


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404
