"""The trip's case page and the moves made from it.

One page for the whole trip: the facts, the approval, the passports and visas (what the
collection waits for), the one collection visit, the return and the report, and one
timeline across the trip and its passport and visa cases. Forms post to their own views
(``after``); GET never changes anything.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from onestop.accounts.roles import Role
from onestop.cases.models import CaseRating
from onestop.core.errors import DomainError, NotFound

from .. import services
from ..forms import BookingForm, CollectionForm, NoteForm, RatingForm, ReportForm, ReturnForm, apply_error
from ..materials import trip_materials_status
from ..models import Trip, TripCollection, TripReport
from ..policy import trip_policy_check
from ..selectors import (
    FAO_ROLES,
    can_act_as_liaison,
    trip_available_actions,
    trip_collection_appointment,
    trip_collection_options,
    trip_readiness,
    trip_review_sla,
    trip_visits_count,
)
from ..selectors.readiness import collection_place_name
from ..selectors.timeline import trip_timeline
from ..workflow import APPROVED_STATES, EDITABLE_STATES, TripState
from .common import _get_trip

NOTE_REQUIRED = frozenset({"request_correction", "reject", "cancel", "return_report"})
POST_ACTIONS = frozenset(
    {"assign", "take_over", "request_correction", "approve", "reject", "withdraw", "cancel", "close", "return_report"}
)
# Moves made through their own form on the page (the action is a link to it).
FORM_ACTIONS = {"collect": "collection", "record_return": "return", "submit_report": "report"}
# States after the approval in which passports and visas are shown.
READINESS_STATES = frozenset({TripState.APPROVED, TripState.READY_FOR_COLLECTION, TripState.COLLECTED})


@dataclass
class Action:
    name: str
    label: Any
    style: str
    url: str
    link: bool = False
    note: str = ""  # "", "optional" or "required"


def _actions(trip: Trip, user: Any) -> list[Action]:
    workflow = trip.case.workflow
    actions: list[Action] = []
    for name in trip_available_actions(trip=trip, user=user):
        if name in ("submit", "resubmit"):
            url = reverse("trips:step", kwargs={"pk": trip.pk, "step": 5})
            transition = workflow.by_name[name]
            actions.append(Action(name, transition.label, transition.style, url, link=True))
        elif name in FORM_ACTIONS:
            transition = workflow.by_name[name]
            actions.append(Action(name, transition.label, transition.style, f"#{FORM_ACTIONS[name]}", link=True))
        elif name == "take_over":
            url = reverse("trips:act", kwargs={"pk": trip.pk, "action": "take_over"})
            actions.append(Action("take_over", _("Take over this review"), "secondary", url))
        else:
            transition = workflow.by_name[name]
            url = reverse("trips:act", kwargs={"pk": trip.pk, "action": name})
            note = "required" if name in NOTE_REQUIRED else ("" if name == "assign" else "optional")
            actions.append(Action(name, transition.label, transition.style, url, note=note))
    if can_act_as_liaison(user=user, trip=trip) and trip.case.state in EDITABLE_STATES:
        url = reverse("trips:step", kwargs={"pk": trip.pk, "step": 1})
        actions.insert(0, Action("edit", _("Edit the trip"), "secondary", url, link=True))
    return actions


def _slot_label(rec: Any) -> str:
    start = timezone.localtime(rec.start)
    wait = rec.predicted_wait_min
    return _("%(day)s %(time)s at %(hall)s · expected wait about %(minutes)s min") % {
        "day": start.strftime("%Y-%m-%d"),
        "time": start.strftime("%H:%M"),
        "hall": rec.hall,
        "minutes": round(wait) if math.isfinite(wait) else "—",
    }


def _booking_form(trip: Trip, user: Any, appointment: Any, data: Any = None) -> BookingForm | None:
    if trip.case.state != TripState.READY_FOR_COLLECTION or not can_act_as_liaison(user=user, trip=trip):
        return None
    if appointment is not None and appointment.status in ("booked", "checked_in"):
        return None
    choices = [(str(rec.slot.pk), _slot_label(rec)) for rec in trip_collection_options()]
    return BookingForm(data, choices=choices)


def _after_forms(trip: Trip, user: Any, state: str) -> dict[str, Any]:
    liaison = can_act_as_liaison(user=user, trip=trip)
    officer = str(Role.PASSPORT_OFFICER) in user.role_names
    forms: dict[str, Any] = {"collection_form": None, "return_form": None, "report_form": None}
    if state == TripState.READY_FOR_COLLECTION and officer:
        forms["collection_form"] = CollectionForm()
    if state == TripState.COLLECTED and (liaison or officer):
        forms["return_form"] = ReturnForm(initial={"departed_on": trip.departs_on, "returned_on": trip.returns_on})
        forms["return_by_officer"] = officer
    if state == TripState.RETURNED and liaison:
        report = TripReport.objects.filter(trip=trip).first()
        initial = {"summary": report.summary, "countries": report.countries_visited} if report else {}
        forms["report_form"] = ReportForm(initial=initial, approved=_approved_countries(trip))
    return forms


def _approved_countries(trip: Trip) -> list[str]:
    return list(dict.fromkeys(d.country for d in trip.destinations.all()))


def detail_context(request: HttpRequest, trip: Trip) -> dict[str, Any]:
    from onestop.documents.selectors import documents_for_case

    user = request.user
    staff = bool(user.role_names & FAO_ROLES)
    case = trip.case
    state = case.state
    liaison = can_act_as_liaison(user=user, trip=trip)
    can_rate = liaison and not case.is_open and not CaseRating.objects.filter(case=case).exists()
    after_approval = state in APPROVED_STATES or state == TripState.CANCELLED
    appointment = trip_collection_appointment(trip=trip) if after_approval else None
    collection = (
        TripCollection.objects.filter(trip=trip).select_related("recorded_by").first() if after_approval else None
    )
    context = {
        "trip": trip,
        "case": case,
        "sla": trip_review_sla(case=case),
        "members": list(trip.members.all()),
        "destinations": list(trip.destinations.all()),
        "materials": trip_materials_status(trip=trip),
        "findings": trip_policy_check(trip=trip),
        "timeline": trip_timeline(trip=trip, public_only=not staff),
        "documents": documents_for_case(case=case, user=user),
        "actions": _actions(trip, user),
        "rating_form": RatingForm() if can_rate else None,
        "rating": CaseRating.objects.filter(case=case).first() if not case.is_open else None,
        "is_staff_view": staff,
        "after_approval": after_approval,
        "readiness": trip_readiness(trip=trip) if state in READINESS_STATES else None,
        "can_refresh": state in (TripState.APPROVED, TripState.READY_FOR_COLLECTION) and (staff or liaison),
        "visits": trip_visits_count(trip=trip) if after_approval else 0,
        "appointment": appointment,
        "booking_form": _booking_form(trip, user, appointment) if after_approval else None,
        "collection": collection,
        "collection_place": collection_place_name(collection=collection, appointment=appointment) if collection else "",
        "report": TripReport.objects.filter(trip=trip).select_related("case_material").first()
        if after_approval
        else None,
        "back_url": reverse("trips:queue")
        if str(Role.FAO_REVIEWER) in user.role_names
        else (reverse("trips:dashboard") if liaison else ""),
    }
    context.update(_after_forms(trip, user, state))
    return context


def render_detail(request: HttpRequest, trip: Trip, *, status: int = 200, **extra: Any) -> HttpResponse:
    context = detail_context(request, trip)
    context.update(extra)
    return render(request, "trips/detail.html", context, status=status)


@require_http_methods(["GET"])
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_detail(request, _get_trip(request, pk))


def _run_action(trip: Trip, user: Any, action: str, note: str) -> None:
    if action in ("assign", "take_over"):
        services.trip_assign(trip=trip, by=user, take_over=action == "take_over")
    elif action == "request_correction":
        services.trip_request_correction(trip=trip, by=user, note=note)
    elif action == "approve":
        services.trip_approve(trip=trip, by=user, note=note)
    elif action == "reject":
        services.trip_reject(trip=trip, by=user, reason=note)
    elif action == "cancel":
        services.trip_cancel(trip=trip, by=user, reason=note)
    elif action == "close":
        services.trip_close(trip=trip, by=user, note=note)
    elif action == "return_report":
        services.trip_report_return(trip=trip, by=user, note=note)
    else:
        services.trip_withdraw(trip=trip, by=user, note=note)


@require_POST
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    trip = _get_trip(request, pk)
    if action not in POST_ACTIONS:
        raise Http404
    form = NoteForm(request.POST, required=action in NOTE_REQUIRED)
    error = None
    if form.is_valid():
        try:
            _run_action(trip, request.user, action, form.cleaned_data["note"])
        except NotFound:
            raise Http404
        except DomainError as exc:
            error = str(exc.message)
        else:
            messages.success(request, _("Done: %(state)s.") % {"state": trip.case.state_label})
            return HttpResponseRedirect(reverse("trips:detail", kwargs={"pk": trip.pk}))
    else:
        error = _("Please give a reason.")
    return render_detail(request, _get_trip(request, pk), status=400, action_error=error, failed_action=action)


@require_POST
def rate(request: HttpRequest, pk: int) -> HttpResponse:
    trip = _get_trip(request, pk)
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            services.trip_rate(
                trip=trip, by=request.user, score=form.cleaned_data["score"], comment=form.cleaned_data["comment"]
            )
        except NotFound:
            raise Http404
        except DomainError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("Thank you for your rating."))
            return HttpResponseRedirect(reverse("trips:detail", kwargs={"pk": trip.pk}))
    return render_detail(request, trip, status=400, rating_form=form)
