"""Reads on appointments: a holder's bookings, the no-show block, object access, and the
reads other apps make on a case's appointments and the slots they offer."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Q, QuerySet

from onestop.core.errors import NotFound
from onestop.halls import clock
from onestop.halls.models import Appointment, AppointmentStatus, Hall, Slot


def holder_filter(*, user: Any, person: Any) -> Q:
    """Who an appointment counts against: the person who comes, else the booking user."""
    if person is not None:
        return Q(person=person)
    if user is not None and getattr(user, "pk", None):
        return Q(user=user, person__isnull=True)
    return Q(pk__in=[])


def booking_blocked_until(*, user: Any, person: Any, policy, now: datetime | None = None) -> date | None:
    """The day booking reopens after ``no_show_limit`` no-shows within ``no_show_window_days``;
    None when booking is open."""
    now = now or clock.now()
    since = now - timedelta(days=policy.no_show_window_days)
    starts = list(
        Appointment.objects.filter(
            holder_filter(user=user, person=person), status=AppointmentStatus.NO_SHOW, start__gte=since
        )
        .order_by("-start")
        .values_list("start", flat=True)
    )
    if len(starts) < policy.no_show_limit:
        return None
    until = starts[0] + timedelta(days=policy.no_show_block_days)
    return until.date() if until > now else None


def appointments_of(*, user: Any) -> QuerySet[Appointment]:
    """Bookings the user made or that are for the user's own person record."""
    person = getattr(user, "person", None) if getattr(user, "pk", None) else None
    cond = Q(user=user)
    if person is not None:
        cond |= Q(person=person)
    return Appointment.objects.filter(cond).select_related("hall", "service").order_by("-start")


def access_appointment(*, user: Any, code: str) -> Appointment:
    """The appointment if ``user`` may see it: the booker, the person it is for, staff of its
    hall, or an administrator. Missing and forbidden look the same."""
    from .access import can_operate_hall

    appointment = (
        Appointment.objects.select_related("hall", "service", "slot", "user", "person")
        .filter(code=(code or "").upper())
        .first()
    )
    if appointment is None or not getattr(user, "is_authenticated", False):
        raise NotFound("halls.appointment_not_found")
    if appointment.user_id == user.pk:
        return appointment
    if appointment.person_id and getattr(appointment.person, "user_id", None) == user.pk:
        return appointment
    if can_operate_hall(user=user, hall=appointment.hall):
        return appointment
    raise NotFound("halls.appointment_not_found")


# --- for other apps ---------------------------------------------------------------------


def appointments_for_case(
    *, case_id: int, service_code: str | None = None, statuses: Iterable[str] | None = None
) -> QuerySet[Appointment]:
    """The appointments booked for the case ``case_id`` (e.g. a trip's collection visit),
    with their hall and service, the latest booking first. ``service_code`` keeps those of
    that service, ``statuses`` (``AppointmentStatus`` values) those in one of the states."""
    qs = Appointment.objects.select_related("hall", "service").filter(case_id=case_id)
    if service_code is not None:
        qs = qs.filter(service__code=service_code)
    if statuses is not None:
        qs = qs.filter(status__in=list(statuses))
    return qs.order_by("-booked_at", "-pk")


def slot_of_service(*, slot_id: Any, service_code: str) -> Slot | None:
    """The slot ``slot_id`` (a number, or its text as a form sends it) with its service, if
    it is a slot of the service ``service_code``; ``None`` for an id that is malformed,
    unknown or of another service. Whether it still has room is the booking's check."""
    try:
        pk = int(slot_id)
    except (TypeError, ValueError):
        return None
    return Slot.objects.select_related("service").filter(pk=pk, service__code=service_code).first()


def appointment_hall_name(*, pk: int) -> str | None:
    """The name, in the reader's language, of the hall an appointment is at (for apps that
    keep an appointment's id, such as the permit's biometrics)."""
    hall = Hall.objects.filter(appointments__pk=pk).first()
    return hall.display_name if hall is not None else None
