"""Visitors' pages: one-click booking, their appointments, calendar file, cancel, move."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from onestop.core.errors import DomainError
from onestop.halls.forms import BookingSearchForm, SlotPickForm
from onestop.halls.ics import appointment_ics as build_ics
from onestop.halls.ics import qr_svg
from onestop.halls.models import AppointmentStatus, Service, Slot
from onestop.halls.selectors.booking import access_appointment, appointments_of
from onestop.halls.selectors.recommend import recommend_slots
from onestop.halls.selectors.reference import policy_for
from onestop.halls.services import appointment_book, appointment_cancel, appointment_reschedule
from onestop.halls.services.booking import ERR_SLOT_UNKNOWN

from .common import REASONS, material_names, page, report


def _recommendations(form: BookingSearchForm):
    service = form.cleaned_data["service"]
    return recommend_slots(service=service, near=form.near(), limit=5, days=policy_for(service).max_days_ahead)


@page
@require_http_methods(["GET", "POST"])
def book(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        pick = SlotPickForm(request.POST)
        if pick.is_valid():
            slot = Slot.objects.filter(pk=pick.cleaned_data["slot"]).first()
            try:
                if slot is None:
                    raise DomainError("halls.slot_unknown", ERR_SLOT_UNKNOWN)
                appointment = appointment_book(
                    user=request.user, service_code=pick.cleaned_data["service"], slot=slot, channel="web"
                )
            except DomainError as exc:
                report(request, exc)
                return HttpResponseRedirect(f"{reverse('halls:book')}?service={pick.cleaned_data['service']}")
            messages.success(request, _("Booked. Your booking code is %(code)s.") % {"code": appointment.code})
            return HttpResponseRedirect(reverse("halls:appointment-detail", args=[appointment.code]))
        messages.error(request, _("Please choose a time."))
        return HttpResponseRedirect(reverse("halls:book"))
    form = BookingSearchForm(request.GET or None)
    recs, service = [], None
    if request.GET and form.is_valid():
        service = form.cleaned_data["service"]
        recs = _recommendations(form)
    return render(
        request,
        "halls/book.html",
        {
            "form": form,
            "service": service,
            "proposal": recs[0] if recs else None,
            "alternatives": recs[1:],
            "reasons": REASONS,
            "materials": material_names(service) if service else [],
            "booking_days": policy_for(service).max_days_ahead if service else 0,
        },
    )


@page
@require_GET
def appointment_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(appointments_of(user=request.user), 20).get_page(request.GET.get("page"))
    return render(request, "halls/appointment_list.html", {"page_obj": page, "appointments": page.object_list})


@page
@require_GET
def appointment_detail(request: HttpRequest, code: str) -> HttpResponse:
    appointment = access_appointment(user=request.user, code=code)
    policy = policy_for(appointment.service)
    return render(
        request,
        "halls/appointment_detail.html",
        {
            "appointment": appointment,
            "hall": appointment.hall,
            "service": appointment.service,
            "qr": qr_svg(appointment.code),
            "materials": material_names(appointment.service),
            "policy": policy,
            "active": appointment.status == AppointmentStatus.BOOKED,
        },
    )


@page
@require_GET
def appointment_ics(request: HttpRequest, code: str) -> HttpResponse:
    appointment = access_appointment(user=request.user, code=code)
    body = appointment_ics_text(appointment)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="onestop-{appointment.code}.ics"'
    return response


def appointment_ics_text(appointment) -> str:
    return build_ics(appointment, materials=material_names(appointment.service))


@page
@require_GET
def appointment_qr(request: HttpRequest, code: str) -> HttpResponse:
    appointment = access_appointment(user=request.user, code=code)
    return HttpResponse(qr_svg(appointment.code), content_type="image/svg+xml")


@page
@require_POST
def appointment_cancel_view(request: HttpRequest, code: str) -> HttpResponse:
    appointment = access_appointment(user=request.user, code=code)
    try:
        appointment_cancel(appointment=appointment, by=request.user, reason=request.POST.get("reason", "")[:200])
    except DomainError as exc:
        report(request, exc)
    else:
        messages.success(request, _("The booking is cancelled."))
    return HttpResponseRedirect(reverse("halls:appointment-detail", args=[appointment.code]))


@page
@require_http_methods(["GET", "POST"])
def appointment_reschedule_view(request: HttpRequest, code: str) -> HttpResponse:
    appointment = access_appointment(user=request.user, code=code)
    if request.method == "POST":
        pick = SlotPickForm(request.POST)
        slot = Slot.objects.filter(pk=pick.cleaned_data["slot"]).first() if pick.is_valid() else None
        if slot is None:
            messages.error(request, _("Please choose a time."))
        else:
            try:
                new = appointment_reschedule(appointment=appointment, by=request.user, slot=slot)
            except DomainError as exc:
                report(request, exc)
            else:
                messages.success(request, _("Moved. Your new booking code is %(code)s.") % {"code": new.code})
                return HttpResponseRedirect(reverse("halls:appointment-detail", args=[new.code]))
    service: Service = appointment.service
    recs = recommend_slots(
        service=service,
        near=(appointment.hall.latitude, appointment.hall.longitude),
        limit=6,
        days=policy_for(service).max_days_ahead,
    )
    recs = [r for r in recs if r.slot.pk != appointment.slot_id]
    return render(
        request,
        "halls/appointment_reschedule.html",
        {
            "appointment": appointment,
            "recommendations": recs,
            "reasons": REASONS,
        },
    )
