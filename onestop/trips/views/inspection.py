"""The inspection page: findings per organization, filtered by year, organization and
rule, exportable as CSV and XLSX (ADR 0544)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from onestop.accounts.models import Organization

from ..forms import InspectionFilterForm
from ..inspection import all_rules, inspection_by_organization, inspection_run, inspection_years
from ..inspection.export import findings_csv, findings_xlsx

ORGANIZATIONS_PER_PAGE = 20
EXPORTS = {
    "csv": ("text/csv; charset=utf-8", findings_csv),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", findings_xlsx),
}


def _filters(request: HttpRequest) -> tuple[InspectionFilterForm, dict[str, Any]]:
    form = InspectionFilterForm(
        request.GET or None,
        years=inspection_years(),
        organizations=Organization.objects.filter(is_active=True),
        rules=all_rules(),
    )
    filters: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "year": data["year"],
            "organization": data["organization"],
            "rules": [data["rule"]] if data["rule"] else None,
        }
    return form, filters


def _query(request: HttpRequest) -> str:
    return urlencode([(k, v) for k, v in request.GET.items() if k in ("year", "organization", "rule") and v])


@require_http_methods(["GET"])
def inspection(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    findings = inspection_run(**filters) if not form.errors else []
    groups = inspection_by_organization(findings)
    page_obj = Paginator(groups, ORGANIZATIONS_PER_PAGE).get_page(request.GET.get("page"))
    counts: dict[str, int] = {}
    for finding in findings:
        counts[finding.rule] = counts.get(finding.rule, 0) + 1
    rules = [(rule, counts.get(rule.code, 0)) for rule in all_rules()]
    return render(
        request,
        "trips/inspection.html",
        {
            "form": form,
            "page_obj": page_obj,
            "total": len(findings),
            "rules": rules,
            "query": _query(request),
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET"])
def inspection_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in EXPORTS:
        raise Http404
    form, filters = _filters(request)
    if form.errors:
        raise Http404
    content_type, writer = EXPORTS[fmt]
    response = HttpResponse(writer(inspection_run(**filters)), content_type=content_type)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="trip-inspection-{stamp}.{fmt}"'
    return response
