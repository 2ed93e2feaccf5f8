"""Forms of the trip page after the approval: check readiness, book the collection, record
the collection with its signature, record the return, submit the report; and the drawn
signature's image. Each posts, calls one service and redirects back to the trip."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from onestop.accounts.roles import Role
from onestop.core.errors import DomainError, NotFound

from .. import services
from ..forms import CollectionForm, ReportForm, ReturnForm, apply_error
from ..selectors import FAO_ROLES, access_collection_signature, can_act_as_liaison
from .common import _get_trip
from .detail import _approved_countries, _booking_form, render_detail


def _back(trip, anchor: str = "") -> HttpResponse:
    return HttpResponseRedirect(reverse("trips:detail", kwargs={"pk": trip.pk}) + (f"#{anchor}" if anchor else ""))


@require_POST
def refresh(request: HttpRequest, pk: int) -> HttpResponse:
    """Check the passports and visas now (the system also does it when they move)."""
    trip = _get_trip(request, pk)
    if not (request.user.role_names & FAO_ROLES or can_act_as_liaison(user=request.user, trip=trip)):
        raise Http404
    trip = services.trip_readiness_refresh(trip=trip, by=request.user)
    messages.info(request, _("Checked: %(state)s.") % {"state": trip.case.state_label})
    return _back(trip, "passports-visas")


@require_POST
def book(request: HttpRequest, pk: int) -> HttpResponse:
    trip = _get_trip(request, pk)
    form = _booking_form(trip, request.user, None, request.POST)
    if form is None:
        raise Http404
    if form.is_valid():
        try:
            appointment = services.trip_collection_book(trip=trip, by=request.user, slot_id=form.cleaned_data["slot"])
        except NotFound:
            raise Http404
        except DomainError as exc:
            apply_error(form, exc)
        else:
            start = timezone.localtime(appointment.start).strftime("%Y-%m-%d %H:%M")
            messages.success(
                request,
                _("Your collection visit is booked for %(start)s. Booking code: %(code)s.")
                % {"start": start, "code": appointment.code},
            )
            return _back(trip, "collection")
    return render_detail(request, _get_trip(request, pk), status=400, booking_form=form)


@require_POST
def collect(request: HttpRequest, pk: int) -> HttpResponse:
    trip = _get_trip(request, pk)
    if str(Role.PASSPORT_OFFICER) not in request.user.role_names:
        raise Http404
    form = CollectionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.trip_collect(
                trip=trip,
                by=request.user,
                signer_name=data["signer_name"],
                signature=data["signature"],
                confirmed=data["confirmed"],
                place=data["place"],
            )
        except NotFound:
            raise Http404
        except DomainError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("The collection was recorded."))
            return _back(trip, "collection")
    return render_detail(request, _get_trip(request, pk), status=400, collection_form=form)


@require_POST
def record_return(request: HttpRequest, pk: int) -> HttpResponse:
    trip = _get_trip(request, pk)
    officer = str(Role.PASSPORT_OFFICER) in request.user.role_names
    if not (officer or can_act_as_liaison(user=request.user, trip=trip)):
        raise Http404
    form = ReturnForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.trip_return_record(
                trip=trip,
                by=request.user,
                departed_on=data["departed_on"],
                returned_on=data["returned_on"],
                hand_back_passports=officer and data["hand_back_passports"],
            )
        except NotFound:
            raise Http404
        except DomainError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("The return was recorded. The trip report is now due."))
            return _back(trip, "report")
    return render_detail(request, _get_trip(request, pk), status=400, return_form=form, return_by_officer=officer)


@require_POST
def report(request: HttpRequest, pk: int) -> HttpResponse:
    trip = _get_trip(request, pk)
    if not can_act_as_liaison(user=request.user, trip=trip):
        raise Http404
    form = ReportForm(request.POST, request.FILES, approved=_approved_countries(trip))
    if form.is_valid():
        try:
            services.trip_report_submit(
                trip=trip,
                by=request.user,
                summary=form.cleaned_data["summary"],
                countries=form.visited(),
                upload=form.cleaned_data.get("file"),
            )
        except NotFound:
            raise Http404
        except DomainError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("The trip report was sent to the Foreign Affairs Office."))
            return _back(trip, "report")
    return render_detail(request, _get_trip(request, pk), status=400, report_form=form)


@require_http_methods(["GET"])
def signature(request: HttpRequest, pk: int) -> HttpResponse:
    """The drawn signature of the collection, for those who may see the trip."""
    trip = _get_trip(request, pk)
    try:
        collection = access_collection_signature(trip=trip)
    except NotFound:
        raise Http404
    with collection.signature.open("rb") as handle:
        data = handle.read()
    response = HttpResponse(data, content_type="image/png")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
