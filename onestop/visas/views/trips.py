"""Trips seen from the visa side: the liaison officer's approved trips with where each
traveller's visas stand (read-only), and the visa officer's re-check of a trip."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from onestop.core.errors import DomainError

from .. import selectors, services
from ..trips_link import approval_stands
from .common import STATE_BADGE, or_404, page_of, query_without_page


@require_http_methods(["GET"])
def trip_list(request: HttpRequest) -> HttpResponse:
    page_obj = page_of(request, selectors.trips_with_visas(user=request.user))
    return render(
        request,
        "visas/trip_list.html",
        {
            "page_obj": page_obj,
            "summaries": selectors.trip_summaries(list(page_obj.object_list)),
            "query": query_without_page(request),
        },
    )


@require_http_methods(["GET"])
def trip_status(request: HttpRequest, case_id: int) -> HttpResponse:
    case = or_404(selectors.access_trip_case, user=request.user, case_id=case_id)
    lines = selectors.visa_status_for_trip(trip_case=case)
    return render(
        request,
        "visas/trip_status.html",
        {
            "trip_case": case,
            "lines": [(line, STATE_BADGE.get(line.state, "")) for line in lines],
            "ready": all(line.ready for line in lines),
            "may_prepare": selectors.is_officer(request.user) and approval_stands(case.state),
        },
    )


@require_POST
def trip_prepare(request: HttpRequest, case_id: int) -> HttpResponse:
    """The visa officer re-checks an approved trip against the table (after adding a
    missing entry): applications still needed are prepared."""
    case = or_404(selectors.access_trip_case, user=request.user, case_id=case_id)
    try:
        created = services.visas_prepare_for_trip(trip_case=case, by=request.user, record_notes=False)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        count = len(created)
        messages.success(
            request,
            ngettext(
                "%(count)s new visa application was prepared.", "%(count)s new visa applications were prepared.", count
            )
            % {"count": count},
        )
    return HttpResponseRedirect(reverse("visas:trip-status", kwargs={"case_id": case.pk}))
