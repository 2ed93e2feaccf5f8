"""Pages everybody with a part in a joint application shares: the list and the case page;
and the officers' review queue and verdict pages, and the managers' dashboard."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from onestop.cases.selectors import case_timeline
from onestop.core.errors import DomainError

from .. import integration, services
from ..forms import ReviewDecisionForm, apply_error
from ..models import ReviewKind, ReviewStatus
from ..policies import permit_policy
from ..selectors import (
    OFFICER_ROLES,
    STAFF_VIEWERS,
    access_application,
    access_review,
    application_completeness,
    application_list,
    application_sla,
    open_correction,
    review_queue,
    reviews_of,
)
from ..selectors.dashboard import compliance_dashboard
from ..workflow import PermitState
from .common import detail_url, scoped


def _titled(documents: list) -> list:
    """Each issued permit with its title in the reader's language (the stored title is in
    the language it was issued in)."""
    from ..services.documents import TITLES

    for document in documents:
        document.display_title = TITLES.get(document.kind, document.title)
    return documents


PAGE_SIZE = 20


@require_GET
@scoped
def application_index(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "")
    if state not in PermitState.values:
        state = ""
    query = (request.GET.get("q") or "").strip()[:100]
    qs = application_list(user=request.user, state=state, query=query)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    warning_days = permit_policy().warning_working_days
    rows = [(a, application_sla(application=a, warning_days=warning_days)) for a in page.object_list]
    filters = {k: v for k, v in (("state", state), ("q", query)) if v}
    states = PermitState.choices
    if not request.user.role_names & {"employer"}:
        states = [c for c in states if c[0] != PermitState.DRAFT]
    return render(
        request,
        "permits/index.html",
        {
            "page_obj": page,
            "rows": rows,
            "state": state,
            "states": states,
            "query_text": query,
            "query": urlencode(filters),
            "is_employer": "employer" in request.user.role_names,
            "is_officer": bool(request.user.role_names & OFFICER_ROLES),
        },
    )


@require_GET
@scoped
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = access_application(user=request.user, pk=pk)
    user = request.user
    is_employer = "employer" in user.role_names and application.employer_id == user.organization_id
    is_staff = bool(user.role_names & STAFF_VIEWERS)
    reviews = reviews_of(application=application)
    my_reviews = [r for r in reviews.values() if r.queue in user.role_names]
    context = {
        "application": application,
        "case": application.case,
        "sla": application_sla(application=application),
        "reviews": [reviews.get(k.value) for k in ReviewKind if reviews.get(k.value)],
        "my_reviews": my_reviews,
        "corrections": list(application.corrections.all()),
        "open_correction": open_correction(application=application),
        "documents": _titled(integration.case_documents(case=application.case, user=user)),
        "timeline": case_timeline(case=application.case, public_only=not is_staff),
        "is_employer": is_employer,
        "is_staff": is_staff,
        "report": application_completeness(application=application)
        if application.case.state in (PermitState.DRAFT, PermitState.CORRECTION_REQUESTED)
        else None,
        "can_book": is_employer
        and not application.biometrics_appointment_id
        and application.case.state
        in (PermitState.SUBMITTED, PermitState.UNDER_REVIEW, PermitState.CORRECTION_REQUESTED),
    }
    return render(request, "permits/detail.html", context)


# --- officers ----------------------------------------------------------------------------


@require_GET
@scoped
def officer_queue(request: HttpRequest) -> HttpResponse:
    mine = request.GET.get("mine") == "1"
    qs = review_queue(user=request.user, mine_only=mine)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    warning_days = permit_policy().warning_working_days
    rows = [(r, application_sla(application=r.application, warning_days=warning_days)) for r in page.object_list]
    return render(
        request,
        "permits/queue.html",
        {"page_obj": page, "rows": rows, "mine": mine, "query": "mine=1" if mine else ""},
    )


@require_GET
@scoped
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = access_review(user=request.user, pk=pk)
    application = review.application
    others = [r for r in application.reviews.select_related("officer") if r.pk != review.pk]
    form = ReviewDecisionForm()
    return _review_page(request, review, application, others, form)


def _review_page(request, review, application, others, form, status=200):
    from ..integration import case_materials

    return render(
        request,
        "permits/review.html",
        {
            "review": review,
            "application": application,
            "other": others[0] if others else None,
            "form": form,
            "materials": case_materials(case=application.case),
            "sla": application_sla(application=application),
            "can_start": review.status == ReviewStatus.PENDING
            and application.case.state in (PermitState.SUBMITTED, PermitState.UNDER_REVIEW),
            "can_decide": review.status == ReviewStatus.IN_REVIEW
            and review.officer_id == request.user.pk
            and application.case.state == PermitState.UNDER_REVIEW,
            "timeline": case_timeline(case=application.case, public_only=False),
        },
        status=status,
    )


@require_POST
@scoped
def review_start(request: HttpRequest, pk: int) -> HttpResponse:
    review = access_review(user=request.user, pk=pk)
    try:
        services.review_start(review=review, by=request.user)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("You took this review."))
    return HttpResponseRedirect(reverse("permits:review", args=[review.pk]))


@require_http_methods(["POST"])
@scoped
def review_decide(request: HttpRequest, pk: int) -> HttpResponse:
    review = access_review(user=request.user, pk=pk)
    form = ReviewDecisionForm(request.POST)
    if form.is_valid():
        try:
            services.review_decide(
                review=review, by=request.user, verdict=form.cleaned_data["verdict"], note=form.cleaned_data["note"]
            )
        except DomainError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("Your verdict was recorded."))
            return HttpResponseRedirect(detail_url(review.application))
    others = [r for r in review.application.reviews.select_related("officer") if r.pk != review.pk]
    return _review_page(request, review, review.application, others, form, status=400)


# --- managers ----------------------------------------------------------------------------

PERIODS = (30, 90, 365)


def _remaining_label(key: str) -> str:
    if key == "overdue":
        return _("Overdue")
    if key == "paused":
        return _("Paused for corrections")
    return _("%(n)s working days left") % {"n": key}


def _histogram(bars, *, width: int = 600, height: int = 180) -> dict:
    """Geometry of a server-rendered SVG column chart (no script, no external library)."""
    n = max(len(bars), 1)
    slot = width / n
    columns = []
    for i, bar in enumerate(bars):
        h = round((height - 30) * bar.percent / 100, 1)
        columns.append(
            {
                "x": round(i * slot + slot * 0.15, 1),
                "w": round(slot * 0.7, 1),
                "y": round(height - 20 - h, 1),
                "h": h,
                "cx": round(i * slot + slot / 2, 1),
                "bar": bar,
            }
        )
    return {"width": width, "height": height, "base": height - 20, "columns": columns}


@require_GET
@scoped
def dashboard(request: HttpRequest) -> HttpResponse:
    try:
        days = int(request.GET.get("days", 90))
    except ValueError:
        days = 90
    if days not in PERIODS:
        days = 90
    report = compliance_dashboard(days=days)
    kinds = dict(ReviewKind.choices)
    return render(
        request,
        "permits/dashboard.html",
        {
            "report": report,
            "days": days,
            "periods": PERIODS,
            "remaining_rows": [(_remaining_label(b.key), b) for b in report.remaining],
            "review_rows": [(kinds.get(b.key, b.key), b) for b in report.review_days],
            "monthly_rows": [(b.key, b) for b in report.monthly],
            "histogram": _histogram(report.distribution),
        },
    )
