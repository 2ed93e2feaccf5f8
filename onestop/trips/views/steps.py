"""The liaison officer's step-by-step trip form."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from onestop.core.errors import DomainError, NotFound

from .. import services
from ..forms import BasicsForm, DestinationForm, MaterialForm, MemberForm, SubmitForm, apply_error
from ..materials import trip_materials_status
from ..models import Trip
from ..policy import trip_policy_check
from ..selectors import can_act_as_liaison, persons_selectable
from ..workflow import EDITABLE_STATES, TripState
from .common import _get_trip, _int

STEPS = (
    (1, "basics"),
    (2, "delegation"),
    (3, "destinations"),
    (4, "materials"),
    (5, "review"),
)


def _step_labels() -> list[tuple[int, str]]:
    return [
        (1, _("Basics")),
        (2, _("Delegation")),
        (3, _("Destinations")),
        (4, _("Materials")),
        (5, _("Review and submit")),
    ]


def _step_context(trip: Trip | None, step: int, **extra: Any) -> dict[str, Any]:
    return {"trip": trip, "step": step, "steps": _step_labels(), **extra}


@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    form = BasicsForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            trip = services.trip_create(by=request.user, **form.cleaned_data)
        except DomainError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("Draft %(number)s saved.") % {"number": trip.case.number})
            return HttpResponseRedirect(reverse("trips:step", kwargs={"pk": trip.pk, "step": 2}))
    status = 400 if form.errors else 200
    return render(request, "trips/step_basics.html", _step_context(None, 1, form=form), status=status)


@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, pk: int, step: int) -> HttpResponse:
    trip = _get_trip(request, pk)
    if not can_act_as_liaison(user=request.user, trip=trip):
        raise Http404
    if trip.case.state not in EDITABLE_STATES:
        messages.info(request, _("This trip can no longer be changed."))
        return HttpResponseRedirect(reverse("trips:detail", kwargs={"pk": trip.pk}))
    handler = _STEP_HANDLERS.get(step)
    if handler is None:
        raise Http404
    return handler(request, trip)


def _back_to(trip: Trip, step: int) -> HttpResponse:
    return HttpResponseRedirect(reverse("trips:step", kwargs={"pk": trip.pk, "step": step}))


def _step_basics(request: HttpRequest, trip: Trip) -> HttpResponse:
    initial = {name: getattr(trip, name) for name in services.drafting.BASIC_FIELDS}
    form = BasicsForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.trip_update(trip=trip, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            apply_error(form, exc)
        else:
            return _back_to(trip, 2)
    status = 400 if form.errors else 200
    return render(request, "trips/step_basics.html", _step_context(trip, 1, form=form), status=status)


def _step_delegation(request: HttpRequest, trip: Trip) -> HttpResponse:
    persons = persons_selectable(trip=trip, user=request.user)
    op = request.POST.get("op") if request.method == "POST" else None
    form = MemberForm(request.POST if op == "add" else None, persons=persons)
    try:
        if op == "add" and form.is_valid():
            services.trip_member_add(trip=trip, by=request.user, **form.cleaned_data)
            return _back_to(trip, 2)
        if op == "remove":
            services.trip_member_remove(trip=trip, by=request.user, member_id=_int(request.POST.get("member_id")))
            return _back_to(trip, 2)
        if op == "next":
            return _back_to(trip, 3)
    except NotFound:
        raise Http404
    except DomainError as exc:
        apply_error(form, exc)
    status = 400 if form.errors else 200
    context = _step_context(trip, 2, form=form, members=list(trip.members.all()))
    return render(request, "trips/step_delegation.html", context, status=status)


def _step_destinations(request: HttpRequest, trip: Trip) -> HttpResponse:
    op = request.POST.get("op") if request.method == "POST" else None
    form = DestinationForm(request.POST if op == "add" else None)
    try:
        if op == "add" and form.is_valid():
            services.trip_destination_add(trip=trip, by=request.user, **form.cleaned_data)
            return _back_to(trip, 3)
        if op == "remove":
            services.trip_destination_remove(
                trip=trip, by=request.user, destination_id=_int(request.POST.get("destination_id"))
            )
            return _back_to(trip, 3)
        if op == "next":
            services.trip_materials_prepare(trip=trip, by=request.user)
            return _back_to(trip, 4)
    except NotFound:
        raise Http404
    except DomainError as exc:
        apply_error(form, exc)
    status = 400 if form.errors else 200
    context = _step_context(trip, 3, form=form, destinations=list(trip.destinations.all()))
    return render(request, "trips/step_destinations.html", context, status=status)


def _step_materials(request: HttpRequest, trip: Trip) -> HttpResponse:
    op = request.POST.get("op") if request.method == "POST" else None
    form = MaterialForm(request.POST if op == "upload" else None, request.FILES if op == "upload" else None)
    try:
        if op == "upload" and form.is_valid():
            services.trip_material_provide(
                trip=trip,
                by=request.user,
                person_id=form.cleaned_data["person_id"],
                type_code=form.cleaned_data["type_code"],
                upload=form.cleaned_data["file"],
            )
            messages.success(request, _("The file was added to the dossier and attached to the trip."))
            return _back_to(trip, 4)
        if op == "refresh":
            services.trip_materials_prepare(trip=trip, by=request.user)
            return _back_to(trip, 4)
        if op == "next":
            return _back_to(trip, 5)
    except NotFound:
        raise Http404
    except DomainError as exc:
        apply_error(form, exc)
    status = 400 if form.errors else 200
    lines = trip_materials_status(trip=trip)
    context = _step_context(
        trip,
        4,
        form=form,
        lines=lines,
        missing=[line for line in lines if line.status == "missing"],
        reused=[line for line in lines if line.status == "reused"],
    )
    return render(request, "trips/step_materials.html", context, status=status)


def _step_review(request: HttpRequest, trip: Trip) -> HttpResponse:
    form = SubmitForm(
        request.POST if request.method == "POST" else None, initial={"soft_reason": trip.soft_breach_reason}
    )
    if request.method == "POST" and form.is_valid():
        submit = services.trip_resubmit if trip.case.state == TripState.CORRECTION_REQUESTED else services.trip_submit
        try:
            submit(trip=trip, by=request.user, soft_reason=form.cleaned_data["soft_reason"])
        except NotFound:
            raise Http404
        except DomainError as exc:
            apply_error(form, exc)
            trip = _get_trip(request, trip.pk)
        else:
            messages.success(
                request, _("Trip %(number)s was sent to the Foreign Affairs Office.") % {"number": trip.case.number}
            )
            return HttpResponseRedirect(reverse("trips:detail", kwargs={"pk": trip.pk}))
    findings = trip_policy_check(trip=trip, today=timezone.localdate())
    lines = trip_materials_status(trip=trip)
    status = 400 if form.errors else 200
    context = _step_context(
        trip,
        5,
        form=form,
        findings=findings,
        has_soft=any(not f.is_hard for f in findings),
        has_hard=any(f.is_hard for f in findings),
        missing=[line for line in lines if line.status == "missing"],
        members=list(trip.members.all()),
        destinations=list(trip.destinations.all()),
    )
    return render(request, "trips/step_review.html", context, status=status)


_STEP_HANDLERS = {
    1: _step_basics,
    2: _step_delegation,
    3: _step_destinations,
    4: _step_materials,
    5: _step_review,
}
