"""Application pages: the list (the visa office: all; a liaison officer: their
organization's, read-only), the application with its assembled data, reused materials and
timeline, and the officer's moves (outcome, withdrawal, refresh, revealing a visa number)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from onestop.cases.selectors import case_timeline
from onestop.core.errors import DomainError

from .. import selectors, services
from ..forms import ApplicationFilterForm, IssueForm, RefuseForm, WithdrawForm, apply_error
from ..models import Visa
from ..names import organization_shown
from ..workflow import VisaState
from .common import STATE_BADGE, or_404, page_of, query_without_page
from .office import _outcome_forms, batch_context


@require_http_methods(["GET"])
def application_list(request: HttpRequest) -> HttpResponse:
    form = ApplicationFilterForm(request.GET or None)
    state = country = q = None
    if form.is_bound and form.is_valid():
        state = form.cleaned_data["state"] or None
        country = form.cleaned_data["country"] or None
        q = form.cleaned_data["q"] or None
    page_obj = page_of(request, selectors.applications_for(user=request.user, state=state, country=country, q=q))
    rows = [(a, STATE_BADGE.get(a.case.state, "")) for a in page_obj.object_list]
    return render(
        request,
        "visas/application_list.html",
        {"form": form, "page_obj": page_obj, "rows": rows, "query": query_without_page(request)},
    )


def detail_context(request: HttpRequest, application, **extra) -> dict:
    user = request.user
    officer = selectors.is_officer(user)
    state = application.case.state
    data = application.data or {}
    visa = getattr(application, "visa", None) if state == VisaState.ISSUED else None
    return {
        "application": application,
        "case": application.case,
        "data": data,
        "traveller_organization": organization_shown(data.get("traveller") or {}, application.person.organization),
        "badge": STATE_BADGE.get(state, ""),
        "materials": selectors.application_materials(application=application),
        "problems": selectors.application_problems(application=application) if state == VisaState.PREPARED else [],
        "timeline": case_timeline(case=application.case, public_only=not officer),
        "visa": visa,
        "covers": visa.covers(arrive_on=application.arrive_on, depart_on=application.depart_on) if visa else None,
        "may_act": officer,
        "may_decide": officer and state == VisaState.SUBMITTED,
        "may_withdraw": officer and state in (VisaState.PREPARED, VisaState.SUBMITTED),
        "may_refresh": officer and state == VisaState.PREPARED,
        "forms": extra.pop("forms", None) or _outcome_forms(application),
        **extra,
    }


@require_http_methods(["GET"])
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = or_404(selectors.access_application, user=request.user, pk=pk)
    return render(request, "visas/application_detail.html", detail_context(request, application))


def _after(request: HttpRequest, application) -> HttpResponseRedirect:
    if request.POST.get("back") == "batch" and application.batch_id:
        return HttpResponseRedirect(reverse("visas:batch-detail", kwargs={"pk": application.batch_id}))
    return HttpResponseRedirect(reverse("visas:application-detail", kwargs={"pk": application.pk}))


def _failed(request: HttpRequest, application, name: str, form) -> HttpResponse:
    fresh = or_404(selectors.access_application, user=request.user, pk=application.pk)
    if request.POST.get("back") == "batch" and fresh.batch_id:
        batch = or_404(selectors.access_batch, user=request.user, pk=fresh.batch_id)
        context = batch_context(request, batch, bound_for=fresh.pk, bound={name: form})
        return render(request, "visas/batch_detail.html", context, status=400)
    context = detail_context(request, fresh, forms=_outcome_forms(fresh, {name: form}), failed=name)
    return render(request, "visas/application_detail.html", context, status=400)


@require_POST
def application_issue(request: HttpRequest, pk: int) -> HttpResponse:
    application = or_404(selectors.access_application, user=request.user, pk=pk)
    form = IssueForm(request.POST, prefix_pk=application.pk)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.visa_application_issue(
                application=application,
                by=request.user,
                number=data["number"],
                valid_from=data["valid_from"],
                valid_until=data["valid_until"],
                entries=data["entries"],
                category=data["category"],
                max_stay_days=data["max_stay_days"],
                issued_on=data["issued_on"],
            )
        except DomainError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("Visa recorded for %(number)s.") % {"number": application.case.number})
            return _after(request, application)
    return _failed(request, application, "issue", form)


@require_POST
def application_refuse(request: HttpRequest, pk: int) -> HttpResponse:
    application = or_404(selectors.access_application, user=request.user, pk=pk)
    form = RefuseForm(request.POST, prefix_pk=application.pk)
    if form.is_valid():
        try:
            services.visa_application_refuse(
                application=application,
                by=request.user,
                reason=form.cleaned_data["reason"],
                refused_on=form.cleaned_data["refused_on"],
            )
        except DomainError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("Refusal recorded for %(number)s.") % {"number": application.case.number})
            return _after(request, application)
    return _failed(request, application, "refuse", form)


@require_POST
def application_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    application = or_404(selectors.access_application, user=request.user, pk=pk)
    form = WithdrawForm(request.POST, prefix_pk=application.pk)
    if form.is_valid():
        try:
            services.visa_application_withdraw(
                application=application, by=request.user, reason=form.cleaned_data["reason"]
            )
        except DomainError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("Application %(number)s withdrawn.") % {"number": application.case.number})
            return _after(request, application)
    return _failed(request, application, "withdraw", form)


@require_POST
def application_refresh(request: HttpRequest, pk: int) -> HttpResponse:
    application = or_404(selectors.access_application, user=request.user, pk=pk)
    try:
        services.visa_application_refresh(application=application, by=request.user)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The application was brought up to date."))
    return HttpResponseRedirect(reverse("visas:application-detail", kwargs={"pk": application.pk}))


@require_POST
def visa_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the visa number in clear once, on this answer only; the reveal is audited."""
    application = or_404(selectors.access_application, user=request.user, pk=pk)
    visa = Visa.objects.filter(application=application).first()
    if visa is None:
        messages.error(request, _("No visa is recorded for this application."))
        return HttpResponseRedirect(reverse("visas:application-detail", kwargs={"pk": application.pk}))
    number = services.visa_reveal_number(user=request.user, visa=visa)
    context = detail_context(request, application, revealed=number)
    response = render(request, "visas/application_detail.html", context)
    response["Cache-Control"] = "no-store"
    return response
