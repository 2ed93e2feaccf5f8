"""The liaison officer's dashboard and the FAO work queue."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from onestop.accounts.models import Organization

from ..forms import DashboardFilterForm, QueueFilterForm
from ..selectors import fao_work_queue, fao_work_queue_count, trips_for_dashboard
from ..workflow import TripState
from .cards import trip_cards
from .common import PAGE_SIZE, CountedPaginator, _query_without_page


@require_http_methods(["GET"])
def dashboard(request: HttpRequest) -> HttpResponse:
    form = DashboardFilterForm(request.GET or None)
    state = q = None
    if form.is_bound and form.is_valid():
        state, q = form.cleaned_data["state"] or None, form.cleaned_data["q"] or None
    page_obj = Paginator(trips_for_dashboard(user=request.user, state=state, q=q), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "trips/dashboard.html",
        {
            "form": form,
            "page_obj": page_obj,
            "cards": trip_cards(page_obj.object_list),
            "query": _query_without_page(request),
        },
    )


@require_http_methods(["GET"])
def queue(request: HttpRequest) -> HttpResponse:
    organizations = Organization.objects.filter(is_active=True)
    form = QueueFilterForm(request.GET or None, organizations=organizations)
    filters: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "state": data["state"] or None,
            "assigned": data["assigned"] or None,
            "organization": data["organization"],
            "overdue": data["overdue"],
            "q": data["q"] or None,
        }
    paginator = CountedPaginator(
        fao_work_queue(user=request.user, **filters),
        PAGE_SIZE,
        count=lambda: fao_work_queue_count(user=request.user, **filters),
    )
    page_obj = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "trips/queue.html",
        {
            "form": form,
            "page_obj": page_obj,
            "cards": trip_cards(page_obj.object_list, with_assign=True),
            "query": _query_without_page(request),
            "waiting_states": {TripState.SUBMITTED, TripState.RESUBMITTED},
        },
    )
