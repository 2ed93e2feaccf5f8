"""The visa officer's pages: the work queue by country, batches (creation with the covering
note, detail with an outcome form per application)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from onestop.core.errors import DomainError

from .. import selectors, services
from ..forms import BatchForm, IssueForm, RefuseForm, WithdrawForm, apply_error
from .common import STATE_BADGE, or_404, page_of, query_without_page

QUEUE_PAGE_SIZE = 50


@require_http_methods(["GET"])
def queue(request: HttpRequest) -> HttpResponse:
    """Prepared applications grouped by destination country, each with what still stops it."""
    country = (request.GET.get("country") or "").upper()[:2] or None
    page_obj = page_of(request, selectors.prepared_applications(country=country), QUEUE_PAGE_SIZE)
    groups = selectors.queue_groups(list(page_obj.object_list))
    return render(
        request,
        "visas/queue.html",
        {
            "groups": groups,
            "page_obj": page_obj,
            "query": query_without_page(request),
            "country": country,
            "open_batches": selectors.batches_for(user=request.user, open_only=True)[:10],
        },
    )


@require_POST
def queue_refresh(request: HttpRequest) -> HttpResponse:
    """Bring the prepared applications (of one country) up to date with the passport
    registry and the dossier."""
    country = (request.POST.get("country") or "").upper()[:2] or None
    count = services.visas_refresh_prepared(by=request.user, country=country)
    messages.success(
        request,
        ngettext(
            "%(count)s application was brought up to date.", "%(count)s applications were brought up to date.", count
        )
        % {"count": count},
    )
    url = reverse("visas:queue")
    return HttpResponseRedirect(f"{url}?country={country}" if country else url)


@require_http_methods(["GET"])
def batch_list(request: HttpRequest) -> HttpResponse:
    open_only = request.GET.get("open") == "1"
    page_obj = page_of(request, selectors.batches_for(user=request.user, open_only=open_only))
    return render(
        request,
        "visas/batch_list.html",
        {"page_obj": page_obj, "open_only": open_only, "query": query_without_page(request)},
    )


def _label(line) -> str:
    application = line.application
    return f"{application.case.number} · {application.person.full_name} · {application.arrive_on:%Y-%m-%d}"


@require_http_methods(["GET", "POST"])
def batch_create(request: HttpRequest) -> HttpResponse:
    country = (request.GET.get("country") or request.POST.get("country") or "").upper()[:2]
    lines = selectors.batch_candidates(country=country) if country else []
    ready = [line for line in lines if line.ready]
    kinds = {line.application.requirement_kind for line in ready} or {"embassy_visa"}
    missions = selectors.missions_for(country=country) if country else selectors.missions_for().none()
    form = BatchForm(
        request.POST if request.method == "POST" else None,
        missions=missions,
        choices=[(line.application.pk, _label(line)) for line in ready],
        initial={"applications": [str(line.application.pk) for line in ready]},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            batch = services.visa_batch_create(
                by=request.user,
                mission=data["mission"],
                application_ids=[int(pk) for pk in data["applications"]],
                covering_note=data["covering_note"],
                submitted_on=data["submitted_on"],
            )
        except DomainError as exc:
            apply_error(form, exc)
        else:
            messages.success(
                request,
                _("Batch %(number)s submitted. The signed covering letter is being issued.") % {"number": batch.number},
            )
            return HttpResponseRedirect(reverse("visas:batch-detail", kwargs={"pk": batch.pk}))
    from onestop.trips.countries import country_name

    return render(
        request,
        "visas/batch_create.html",
        {
            "form": form,
            "country": country,
            "country_name": country_name(country) if country else "",
            "not_ready": [line for line in lines if not line.ready],
            "ready_count": len(ready),
            "suggested": selectors.missions_accepting(country=country, requirement_kinds=kinds) if country else [],
        },
        status=400 if form.errors else 200,
    )


def _outcome_forms(application, bound: dict | None = None) -> dict:
    bound = bound or {}
    return {
        "issue": bound.get("issue") or IssueForm(prefix_pk=application.pk),
        "refuse": bound.get("refuse") or RefuseForm(prefix_pk=application.pk),
        "withdraw": bound.get("withdraw") or WithdrawForm(prefix_pk=application.pk),
    }


def batch_context(request: HttpRequest, batch, *, bound_for: int | None = None, bound: dict | None = None) -> dict:
    rows = []
    for application in selectors.batch_applications(batch=batch):
        forms = _outcome_forms(application, bound if application.pk == bound_for else None)
        rows.append(
            {
                "application": application,
                "forms": forms,
                "badge": STATE_BADGE.get(application.case.state, ""),
                "open": application.pk == bound_for,
            }
        )
    return {"batch": batch, "rows": rows, "may_act": selectors.is_officer(request.user), "bound_for": bound_for}


@require_http_methods(["GET"])
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = or_404(selectors.access_batch, user=request.user, pk=pk)
    return render(request, "visas/batch_detail.html", batch_context(request, batch))


@require_POST
def batch_letter(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue the covering letter again when the background job did not (once per batch)."""
    batch = or_404(selectors.access_batch, user=request.user, pk=pk)
    services.covering_letter_schedule(batch=batch, by=request.user)
    messages.success(request, _("The signed covering letter is being issued."))
    return HttpResponseRedirect(reverse("visas:batch-detail", kwargs={"pk": batch.pk}))
