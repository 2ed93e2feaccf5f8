"""The supervisor's dashboard (rates per department and category, overdue requests,
charts drawn on the server as SVG) and the early-warning pages."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from onestop.core.errors import DomainError, NotFound

from .. import selectors, services
from ..forms import DashboardFilterForm
from ..models import HotspotAlert
from ..services.hotspots import alert_title
from .common import paginate, query_without_page

CHART_WIDTH = 600
CHART_HEIGHT = 120


def _bars(series: list[tuple], *, height: int = CHART_HEIGHT, width: int = CHART_WIDTH) -> dict:
    """Geometry of a server-drawn SVG bar chart: one bar per (label, value)."""
    peak = max((value for _label, value in series), default=0) or 1
    step = width / max(len(series), 1)
    bars = []
    for index, (label, value) in enumerate(series):
        bar_height = round(value / peak * (height - 20), 1)
        bars.append(
            {
                "x": round(index * step, 1),
                "y": round(height - bar_height, 1),
                "w": max(round(step - 1, 1), 1),
                "h": bar_height,
                "label": label,
                "value": value,
            }
        )
    return {"bars": bars, "width": width, "height": height, "peak": peak}


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    form = DashboardFilterForm(request.GET or None)
    today = timezone.localdate()
    start, end = today - timedelta(days=29), today
    if form.is_valid():
        start = form.cleaned_data.get("start") or start
        end = form.cleaned_data.get("end") or end
    if start > end:
        start, end = end, start
    stats = selectors.dashboard_stats(start=start, end=end)
    daily = _bars([(day.isoformat(), n) for day, n in stats.daily])
    return render(
        request,
        "hotline/dashboard.html",
        {
            "form": form,
            "stats": stats,
            "daily": daily,
            "overdue": selectors.overdue_requests(limit=25),
        },
    )


@require_GET
def alerts(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    kind = request.GET.get("kind", "")
    page = paginate(request, selectors.alert_list(user=request.user, status=status, kind=kind))
    per_day = selectors.alerts_per_day(end=timezone.localdate(), days=60)
    chart = _bars([(day.isoformat(), volume + duplicates) for day, volume, duplicates in per_day])
    rows = [(alert, alert_title(alert)) for alert in page]
    return render(
        request,
        "hotline/alerts.html",
        {
            "page_obj": page,
            "rows": rows,
            "chart": chart,
            "status": status,
            "kind": kind,
            "statuses": HotspotAlert.Status.choices,
            "kinds": HotspotAlert.Kind.choices,
            "query": query_without_page(request),
        },
    )


@require_GET
def alert(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        found = selectors.alert_get(user=request.user, pk=pk)
    except NotFound:
        raise Http404
    visible = selectors.requests_visible(user=request.user)
    items = visible.filter(alerts=found).order_by("-created_at")
    return render(
        request,
        "hotline/alert.html",
        {"alert": found, "title": alert_title(found), "page_obj": paginate(request, items)},
    )


@require_POST
def alert_ack(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        found = selectors.alert_get(user=request.user, pk=pk)
        services.alert_acknowledge(alert=found, by=request.user, close=request.POST.get("close") == "1")
    except NotFound:
        raise Http404
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Alert updated."))
    return HttpResponseRedirect(reverse("hotline:alert", args=[pk]))
