from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest

from onestop.core.errors import DomainError

PAGE_SIZE = 25


def paginate(request: HttpRequest, queryset, size: int = PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def apply_errors(form, exc: DomainError) -> None:
    """Put a service's field errors on the form's fields (or on the form)."""
    placed = False
    for name, messages in exc.fields.items():
        target = name if name in form.fields else None
        for message in messages:
            form.add_error(target, message)
            placed = True
    if not placed:
        form.add_error(None, exc.message)


def query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
