"""Registry pages: the list with filters, a passport's detail with its custody history,
entering a passport, reporting a loss, releasing a reservation, a trip's passports."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from onestop.accounts.models import Organization
from onestop.core.errors import DomainError

from .. import services
from ..access import LOSS_ROLES
from ..forms import LostForm, RegisterForm, RegistryFilterForm, apply_error
from ..models import Reservation
from ..selectors import (
    access_passport,
    access_trip_case,
    blocked_organizations,
    is_officer,
    passport_history,
    passport_reservations,
    passports_for,
    sees_all,
    trip_passports,
)
from .common import STATUS_BADGE, or_404, page_of, query_without_page


def _organizations(user):
    qs = Organization.objects.filter(is_active=True).order_by("name")
    if sees_all(user):
        return qs
    return qs.filter(path__startswith=user.organization.path) if user.organization_id else qs.none()


@require_http_methods(["GET"])
def registry(request: HttpRequest) -> HttpResponse:
    form = RegistryFilterForm(request.GET or None, organizations=_organizations(request.user))
    filters = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "status": data["status"] or None,
            "type": data["type"] or None,
            "organization_id": data["organization"].pk if data["organization"] else None,
            "q": data["q"] or None,
            "expiring_within_days": data["expiring"],
        }
    page_obj = page_of(request, passports_for(user=request.user, **filters))
    return render(
        request,
        "passports/registry.html",
        {
            "form": form,
            "page_obj": page_obj,
            "query": query_without_page(request),
            "badges": STATUS_BADGE,
            "blocks": blocked_organizations(user=request.user),
            "is_officer": is_officer(request.user),
        },
    )


def _detail_context(request: HttpRequest, passport, **extra) -> dict:
    user = request.user
    may_report = bool(user.role_names & LOSS_ROLES) and not passport.is_final
    return {
        "passport": passport,
        "badge": STATUS_BADGE.get(passport.status, ""),
        "history": passport_history(passport=passport),
        "reservations": passport_reservations(passport=passport),
        "handovers": list(passport.handovers.select_related("to_organization", "from_organization")),
        "loss": getattr(passport, "loss_report", None) if passport.status == "lost" else None,
        "lost_form": extra.pop("lost_form", None) or (LostForm() if may_report else None),
        "is_officer": is_officer(user),
        **extra,
    }


@require_http_methods(["GET"])
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    passport = or_404(access_passport, user=request.user, pk=pk)
    return render(request, "passports/detail.html", _detail_context(request, passport))


@require_POST
def lost(request: HttpRequest, pk: int) -> HttpResponse:
    passport = or_404(access_passport, user=request.user, pk=pk)
    form = LostForm(request.POST)
    if form.is_valid():
        try:
            services.passport_report_lost(passport=passport, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("The passport is recorded as lost or stolen; the passport office was told."))
            return HttpResponseRedirect(reverse("passports:detail", kwargs={"pk": passport.pk}))
    return render(request, "passports/detail.html", _detail_context(request, passport, lost_form=form), status=400)


@require_POST
def release(request: HttpRequest, pk: int) -> HttpResponse:
    reservation = Reservation.objects.select_related("passport").filter(pk=pk).first()
    if reservation is None:
        from django.http import Http404

        raise Http404
    passport = or_404(access_passport, user=request.user, pk=reservation.passport_id)
    try:
        services.reservation_release(reservation=reservation, by=request.user)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The reservation was released."))
    return HttpResponseRedirect(reverse("passports:detail", kwargs={"pk": passport.pk}))


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    from onestop.dossier.models import Person

    persons = Person.objects.filter(in_public_service=True, organization__isnull=False).order_by("full_name")
    form = RegisterForm(request.POST if request.method == "POST" else None, persons=persons)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            passport = services.passport_register(
                holder=data["holder"],
                by=request.user,
                type=data["type"],
                number=data["number"],
                mrz=data["mrz"],
                issued_on=data["issued_on"],
                expires_on=data["expires_on"],
                storage_place=data["storage_place"],
            )
        except DomainError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("Passport %(number)s is in custody.") % {"number": passport.number_masked})
            return HttpResponseRedirect(reverse("passports:detail", kwargs={"pk": passport.pk}))
    return render(request, "passports/register.html", {"form": form}, status=400 if form.errors else 200)


@require_http_methods(["GET"])
def trip(request: HttpRequest, case_id: int) -> HttpResponse:
    case = or_404(access_trip_case, user=request.user, case_id=case_id)
    return render(
        request,
        "passports/trip.html",
        {"case": case, "rows": trip_passports(case_id=case.pk), "badges": STATUS_BADGE},
    )
