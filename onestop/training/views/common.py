"""Helpers shared by the training pages."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest

from onestop.core.errors import DomainError


def show_error(request: HttpRequest, exc: DomainError) -> None:
    messages.error(request, str(exc.message))


def form_errors(form: forms.Form, exc: DomainError) -> None:
    """Put a service's field errors on the form's fields (or on the form as a whole)."""
    placed = False
    for name, errors in (exc.fields or {}).items():
        for error in errors:
            if name in form.fields:
                form.add_error(name, str(error))
                placed = True
    if not placed:
        form.add_error(None, str(exc.message))


def paginate(request: HttpRequest, queryset, per_page: int = 25):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
