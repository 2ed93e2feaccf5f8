"""A hall manager's changes to capacity: service days, staffing, closures. Each change is
audited and the affected day's slots are regenerated at once."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from onestop.cases.audit import audit_record
from onestop.core.errors import Conflict, ValidationFailed
from onestop.halls import clock
from onestop.halls.models import (
    Appointment,
    AppointmentStatus,
    Counter,
    Hall,
    HallClosure,
    HallService,
    ServiceDay,
    StaffingPlan,
)

from .booking import appointment_cancel
from .slots import SlotsResult, slots_generate

ERR_PAST_DAY = _("Days in the past cannot be changed.")
ERR_HOURS_ORDER = _("The end time must be after the start time.")
ERR_CONFIRM = _("%(count)s visitors are booked. Confirm that their bookings are cancelled and they are told.")
ERR_CAPACITY = _("Capacity must be between 0 and 300 percent.")
ERR_OVERLAP = _("This counter is already staffed at that time.")


def _not_past(day: date, hall: Hall) -> None:
    if day < clock.now().astimezone(hall.tz).date():
        raise ValidationFailed("halls.past_day", ERR_PAST_DAY, fields={"date": [ERR_PAST_DAY]})


def _booked_on(hall: Hall, day: date, service_id: int | None = None):
    start = hall.local(day, time.min)
    qs = Appointment.objects.filter(
        hall=hall, status=AppointmentStatus.BOOKED, start__gte=start, start__lt=hall.local(day, time.max)
    )
    if service_id is not None:
        qs = qs.filter(service_id=service_id)
    return qs


def service_day_set(
    *,
    hall_service: HallService,
    date: date,
    by: Any,
    closed: bool = False,
    capacity_percent: int = 100,
    reason: str = "",
    confirm_cancellations: bool = False,
) -> tuple[ServiceDay, SlotsResult]:
    """Close a service for a day or scale its bookable capacity. Closing a day with bookings
    needs ``confirm_cancellations``: those bookings are cancelled and the visitors told."""
    hall = hall_service.hall
    _not_past(date, hall)
    if not 0 <= capacity_percent <= 300:
        raise ValidationFailed("halls.capacity_range", ERR_CAPACITY, fields={"capacity_percent": [ERR_CAPACITY]})
    with transaction.atomic():
        booked = list(_booked_on(hall, date, hall_service.service_id)) if closed else []
        if booked and not confirm_cancellations:
            message = ERR_CONFIRM % {"count": len(booked)}
            raise Conflict("halls.confirm_cancellations", message, fields={"confirm_cancellations": [message]})
        day, _created = ServiceDay.objects.get_or_create(hall_service=hall_service, date=date)
        old = {"closed": day.closed, "capacity_percent": day.capacity_percent}
        day.closed, day.capacity_percent, day.reason, day.changed_by = closed, capacity_percent, reason[:200], by
        day.save()
        for appointment in booked:
            appointment_cancel(appointment=appointment, by=by, reason=reason or "service closed", staff=True)
        audit_record(
            actor=by,
            action="halls.service_day.set",
            obj=day,
            old=old,
            new={"closed": closed, "capacity_percent": capacity_percent, "cancelled": len(booked)},
        )
        result = slots_generate(hall=hall, date=date)
    return day, result


def staffing_set(
    *, counter: Counter, date: date, opens: time, closes: time, by: Any
) -> tuple[StaffingPlan, SlotsResult]:
    """Staff ``counter`` on ``date`` from ``opens`` to ``closes``; slots follow."""
    hall = counter.hall
    _not_past(date, hall)
    if closes <= opens:
        raise ValidationFailed("halls.hours_order", ERR_HOURS_ORDER, fields={"closes": [ERR_HOURS_ORDER]})
    with transaction.atomic():
        clash = StaffingPlan.objects.filter(counter=counter, date=date, opens__lt=closes, closes__gt=opens)
        if clash.exists():
            raise ValidationFailed("halls.staffing_overlap", ERR_OVERLAP, fields={"opens": [ERR_OVERLAP]})
        row = StaffingPlan.objects.create(hall=hall, counter=counter, date=date, opens=opens, closes=closes)
        audit_record(
            actor=by,
            action="halls.staffing.added",
            obj=row,
            new={"counter": counter.number, "date": date, "opens": opens, "closes": closes},
        )
        result = slots_generate(hall=hall, date=date)
    return row, result


def staffing_remove(*, row: StaffingPlan, by: Any) -> SlotsResult:
    hall, day = row.hall, row.date
    _not_past(day, hall)
    with transaction.atomic():
        audit_record(
            actor=by,
            action="halls.staffing.removed",
            obj=row,
            old={"counter": row.counter.number, "date": day, "opens": row.opens, "closes": row.closes},
        )
        row.delete()
        return slots_generate(hall=hall, date=day)


def hall_closure_set(
    *, hall: Hall, date: date, by: Any, reason: str = "", confirm_cancellations: bool = False
) -> HallClosure:
    """Close the whole hall for a day; bookings that day are cancelled once confirmed."""
    _not_past(date, hall)
    with transaction.atomic():
        booked = list(_booked_on(hall, date))
        if booked and not confirm_cancellations:
            message = ERR_CONFIRM % {"count": len(booked)}
            raise Conflict("halls.confirm_cancellations", message, fields={"confirm_cancellations": [message]})
        closure, _created = HallClosure.objects.get_or_create(hall=hall, date=date, defaults={"reason": reason[:200]})
        for appointment in booked:
            appointment_cancel(appointment=appointment, by=by, reason=reason or "hall closed", staff=True)
        audit_record(
            actor=by, action="halls.hall.closed_for_day", obj=hall, new={"date": date, "cancelled": len(booked)}
        )
        slots_generate(hall=hall, date=date)
    return closure
