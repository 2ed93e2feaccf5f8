"""The hall manager's pages: halls overview, the planning view for one day, the dashboard."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from onestop.cases.audit import audit_record
from onestop.core.errors import DomainError
from onestop.halls import clock
from onestop.halls.charts import grouped_bars
from onestop.halls.forms import ClosureForm, PlanDateForm, ServiceDayForm, StaffingForm
from onestop.halls.models import HallClosure, HallService, OpeningHours, ServiceDay, StaffingPlan
from onestop.halls.selectors.access import access_hall, halls_operated_by
from onestop.halls.selectors.dashboard import day_plan, imbalance, weekly_forecast
from onestop.halls.selectors.queue import QueueSnapshot, hall_waits
from onestop.halls.services import hall_closure_set, service_day_set, slots_generate, staffing_remove, staffing_set

from .common import form_errors, page, report
from .kiosk import KIOSK_COOKIE, KIOSK_SALT


@page
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    rows = []
    for hall in halls_operated_by(user=request.user, manager=True).order_by("area", "code"):
        snap = QueueSnapshot.build(hall=hall)
        estimates = hall_waits(hall=hall, snapshot=snap)
        known = [e.minutes for e in estimates if e.minutes is not None]
        rows.append(
            {
                "hall": hall,
                "waiting": len(snap.waiting),
                "open": len(snap.open_ids),
                "wait": max(known) if known else None,
            }
        )
    return render(request, "halls/manage_index.html", {"rows": rows})


def _day(request: HttpRequest, hall) -> date:
    form = PlanDateForm(request.GET or None)
    if request.GET.get("date") and form.is_valid():
        return form.cleaned_data["date"]
    return clock.now().astimezone(hall.tz).date()


def _plan_context(request: HttpRequest, hall, day: date, **forms) -> dict:
    hours = day_plan(hall=hall, day=day)
    weekly = weekly_forecast(hall=hall)
    week_max = max(weekly.values(), default=0) or 1
    return {
        "hall": hall,
        "day": day,
        "hours": hours,
        "max_expected": max([h.expected for h in hours] + [h.counters * 60 / 12 for h in hours] + [1]),
        "weekly": [(label, weekly.get(d, 0.0)) for d, label in OpeningHours.Weekday.choices],
        "week_max": week_max,
        "service_days": ServiceDay.objects.filter(hall_service__hall=hall, date=day).select_related(
            "hall_service__service"
        ),
        "hall_services": HallService.objects.filter(hall=hall).select_related("service"),
        "staffing": StaffingPlan.objects.filter(hall=hall, date=day)
        .select_related("counter")
        .order_by("counter__number", "opens"),
        "closed": HallClosure.objects.filter(hall=hall, date=day).first(),
        "service_form": forms.get("service_form") or ServiceDayForm(hall=hall, initial={"date": day}),
        "staffing_form": forms.get("staffing_form") or StaffingForm(hall=hall, initial={"date": day}),
        "closure_form": forms.get("closure_form") or ClosureForm(initial={"date": day}),
        "date_form": PlanDateForm(initial={"date": day}),
    }


@page
@require_GET
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    hall = access_hall(user=request.user, pk=pk, manager=True)
    return render(request, "halls/plan.html", _plan_context(request, hall, _day(request, hall)))


def _back(hall, day: date) -> HttpResponseRedirect:
    return HttpResponseRedirect(f"{reverse('halls:plan', args=[hall.pk])}?date={day.isoformat()}")


@page
@require_POST
def plan_service_day(request: HttpRequest, pk: int) -> HttpResponse:
    hall = access_hall(user=request.user, pk=pk, manager=True)
    form = ServiceDayForm(request.POST, hall=hall)
    if form.is_valid():
        data = form.cleaned_data
        hs = HallService.objects.get(hall=hall, service=data["service"])
        try:
            service_day_set(
                hall_service=hs,
                date=data["date"],
                by=request.user,
                closed=data["closed"],
                capacity_percent=data["capacity_percent"],
                reason=data["reason"],
                confirm_cancellations=data["confirm_cancellations"],
            )
        except DomainError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Saved. The day's slots were recalculated."))
            return _back(hall, data["date"])
    day = (
        form.cleaned_data.get("date")
        if hasattr(form, "cleaned_data") and form.cleaned_data.get("date")
        else _day(request, hall)
    )
    return render(request, "halls/plan.html", _plan_context(request, hall, day, service_form=form), status=400)


@page
@require_POST
def plan_staffing_add(request: HttpRequest, pk: int) -> HttpResponse:
    hall = access_hall(user=request.user, pk=pk, manager=True)
    form = StaffingForm(request.POST, hall=hall)
    if form.is_valid():
        data = form.cleaned_data
        try:
            staffing_set(
                counter=data["counter"], date=data["date"], opens=data["opens"], closes=data["closes"], by=request.user
            )
        except DomainError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Saved. The day's slots were recalculated."))
            return _back(hall, data["date"])
    day = (
        form.cleaned_data.get("date")
        if hasattr(form, "cleaned_data") and form.cleaned_data.get("date")
        else _day(request, hall)
    )
    return render(request, "halls/plan.html", _plan_context(request, hall, day, staffing_form=form), status=400)


@page
@require_POST
def plan_staffing_remove(request: HttpRequest, pk: int, row: int) -> HttpResponse:
    hall = access_hall(user=request.user, pk=pk, manager=True)
    shift = StaffingPlan.objects.filter(pk=row, hall=hall).select_related("counter", "hall").first()
    if shift is None:
        messages.error(request, _("This shift no longer exists."))
        return _back(hall, _day(request, hall))
    try:
        staffing_remove(row=shift, by=request.user)
    except DomainError as exc:
        report(request, exc)
    else:
        messages.success(request, _("Saved. The day's slots were recalculated."))
    return _back(hall, shift.date)


@page
@require_POST
def plan_closure(request: HttpRequest, pk: int) -> HttpResponse:
    hall = access_hall(user=request.user, pk=pk, manager=True)
    form = ClosureForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            hall_closure_set(
                hall=hall,
                date=data["date"],
                by=request.user,
                reason=data["reason"],
                confirm_cancellations=data["confirm_cancellations"],
            )
        except DomainError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("The hall is closed on that day."))
            return _back(hall, data["date"])
    day = (
        form.cleaned_data.get("date")
        if hasattr(form, "cleaned_data") and form.cleaned_data.get("date")
        else _day(request, hall)
    )
    return render(request, "halls/plan.html", _plan_context(request, hall, day, closure_form=form), status=400)


@page
@require_POST
def plan_generate(request: HttpRequest, pk: int) -> HttpResponse:
    hall = access_hall(user=request.user, pk=pk, manager=True)
    form = PlanDateForm(request.POST)
    day = form.cleaned_data["date"] if form.is_valid() else clock.now().astimezone(hall.tz).date()
    result = slots_generate(hall=hall, date=day)
    audit_record(
        actor=request.user,
        action="halls.slots.generated",
        obj=hall,
        new={"date": day, "created": result.created, "updated": result.updated, "removed": result.removed},
    )
    messages.success(request, _("Slots recalculated: %(capacity)s bookable places.") % {"capacity": result.capacity})
    return _back(hall, day)


@page
@require_POST
def kiosk_enrol(request: HttpRequest, pk: int) -> HttpResponse:
    """Turn this browser into the hall's kiosk: it keeps working after staff log out."""
    hall = access_hall(user=request.user, pk=pk)
    audit_record(actor=request.user, action="halls.kiosk.enrolled", obj=hall)
    response = HttpResponseRedirect(reverse("halls:kiosk", args=[hall.code]))
    response.set_signed_cookie(
        KIOSK_COOKIE,
        hall.code,
        salt=KIOSK_SALT,
        max_age=365 * 86400,
        httponly=True,
        samesite="Strict",
        secure=request.is_secure(),
    )
    return response


def _chart_labels(halls: list) -> dict[int, str]:
    """Short chart labels: the district and area ("Chaoyang · Urban"); the full name when two
    halls share a district. A hall's full name does not fit beside a bar on a phone."""
    districts = [h.display_district for h in halls]
    out = {}
    for hall in halls:
        if districts.count(hall.display_district) > 1:
            out[hall.pk] = hall.display_name
        else:
            out[hall.pk] = f"{hall.display_district} · {hall.get_area_display()}"
    return out


@page
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    data = imbalance(days=28)
    labels = _chart_labels([hf.hall for hf in data.halls])
    visitors_chart = grouped_bars(
        title=_("Visitors per open day, by hall"),
        rows=[(labels[hf.hall.pk], [hf.working.per_day, hf.rest.per_day]) for hf in data.halls],
        series=[_("Working day"), _("Rest day")],
        width=440,
        label_w=150,
    )
    wait_chart = grouped_bars(
        title=_("Mean wait and utilisation, by hall"),
        rows=[
            (labels[hf.hall.pk], [hf.total.mean_wait or 0.0, (hf.total.utilisation or 0.0) * 100]) for hf in data.halls
        ],
        series=[_("Mean wait (min)"), _("Utilisation (%)")],
        width=440,
        label_w=150,
    )
    return render(
        request,
        "halls/dashboard.html",
        {
            "data": data,
            "visitors_chart": visitors_chart,
            "wait_chart": wait_chart,
            "areas": [(key, data.by_area[key]) for key in ("urban", "suburban") if key in data.by_area],
        },
    )
