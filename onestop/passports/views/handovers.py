"""Handover pages: the list (pending until completed), completing one, and the job change
that raises them."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from onestop.accounts.models import Organization
from onestop.core.errors import DomainError
from onestop.dossier.selectors import access_person

from .. import services
from ..forms import HandoverForm, JobChangeForm, apply_error
from ..models import Handover, Passport
from ..selectors import access_handover, handovers_for, is_officer, sees_all
from .common import or_404, page_of, query_without_page


@require_http_methods(["GET"])
def handovers(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", Handover.Status.PENDING)
    if status not in Handover.Status.values and status != "all":
        status = Handover.Status.PENDING
    qs = handovers_for(user=request.user, status=None if status == "all" else status)
    return render(
        request,
        "passports/handovers.html",
        {
            "page_obj": page_of(request, qs),
            "status": status,
            "statuses": [
                (Handover.Status.PENDING, Handover.Status.PENDING.label),
                (Handover.Status.COMPLETED, Handover.Status.COMPLETED.label),
            ],
            "query": query_without_page(request),
            "is_officer": is_officer(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def handover_complete(request: HttpRequest, pk: int) -> HttpResponse:
    handover = or_404(access_handover, user=request.user, pk=pk)
    officer = is_officer(request.user)
    if request.method == "POST" and not officer:
        raise Http404
    form = HandoverForm(
        request.POST if request.method == "POST" else None, initial={"outcome": handover.proposed_outcome}
    )
    if request.method == "POST" and handover.status == Handover.Status.PENDING and form.is_valid():
        try:
            services.handover_complete(handover=handover, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("The handover is completed."))
            return HttpResponseRedirect(reverse("passports:handovers"))
    return render(
        request,
        "passports/handover.html",
        {"handover": handover, "form": form if officer and handover.status == Handover.Status.PENDING else None},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def job_change(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = or_404(access_person, user=request.user, pk=person_pk)
    user = request.user
    organizations = Organization.objects.filter(is_active=True).exclude(pk=person.organization_id).order_by("name")
    if not sees_all(user):
        organizations = (
            organizations.filter(path__startswith=user.organization.path)
            if user.organization_id
            else organizations.none()
        )
    form = JobChangeForm(request.POST if request.method == "POST" else None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        try:
            raised = services.person_change_job(person=person, by=user, **form.cleaned_data)
        except DomainError as exc:
            apply_error(form, exc)
        else:
            messages.success(
                request,
                ngettext(
                    "The job change is recorded; %(count)s passport handover to complete.",
                    "The job change is recorded; %(count)s passport handovers to complete.",
                    len(raised),
                )
                % {"count": len(raised)},
            )
            return HttpResponseRedirect(reverse("passports:handovers"))
    held = Passport.objects.filter(holder=person).exclude(status__in=["handed_over", "cancelled", "lost"])
    return render(
        request,
        "passports/job_change.html",
        {"person": person, "form": form, "held": list(held)},
        status=400 if form.errors else 200,
    )
