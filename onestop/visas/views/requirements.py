"""The requirement table, for reading: what each passport type needs per country."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from .. import selectors
from ..forms import RequirementFilterForm
from .common import page_of, query_without_page


@require_http_methods(["GET"])
def requirement_list(request: HttpRequest) -> HttpResponse:
    form = RequirementFilterForm(request.GET or None)
    filters = {"country": None, "passport_type": None, "kind": None}
    if form.is_bound and form.is_valid():
        filters = {name: form.cleaned_data[name] or None for name in filters}
    page_obj = page_of(request, selectors.requirements_for(**filters), 50)
    return render(
        request,
        "visas/requirement_list.html",
        {"form": form, "page_obj": page_obj, "query": query_without_page(request)},
    )
