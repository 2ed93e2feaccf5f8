"""Appointments: book, cancel, reschedule, check in, no-shows, reminders.

An appointment moves only along ``APPOINTMENT_TRANSITIONS``; each move is a conditional
UPDATE on the current status (so two clerks cannot both check the same booking in) and is
audited. Appointments are not kernel cases: a hall sees thousands a week and they have no
review workflow; ADR 0200 explains the choice.
"""

from __future__ import annotations

import math
import secrets
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils.translation import gettext_lazy as _

from onestop.cases.audit import audit_record
from onestop.core.errors import Conflict, NotFound, ValidationFailed
from onestop.halls import clock
from onestop.halls.models import (
    Appointment,
    AppointmentStatus,
    BookingPolicy,
    Channel,
    Hall,
    PriorityGroup,
    Service,
    Slot,
    Ticket,
)
from onestop.halls.selectors.booking import booking_blocked_until, holder_filter
from onestop.halls.selectors.reference import policy_for, service_closed_on

from .notifications import notify_appointment

ERR_SERVICE_UNKNOWN = _("There is no such service, or it cannot be booked.")
ERR_SLOT_UNKNOWN = _("This time is not offered for this service.")
ERR_SLOT_SERVICE = _("This time is for another service.")
ERR_SLOT_FULL = _("This time has just been fully booked. Please choose another.")
ERR_NO_SLOT = _("No free time was found for this service in the booking period.")
ERR_TOO_SOON = _("Bookings close %(minutes)s minutes before the start.")
ERR_TOO_FAR = _("Bookings open %(days)s days ahead.")
ERR_IN_PAST = _("This time has already passed.")
ERR_LIMIT = _("You already have %(limit)s active bookings. Cancel one before booking another.")
ERR_BLOCKED = _("After repeated missed appointments, booking is paused until %(date)s.")
ERR_CLOSED = _("The hall does not offer this service on that day.")
ERR_CHANNEL = _("Unknown booking channel.")
ERR_NOT_ACTIVE = _("This booking is no longer active.")
ERR_CANCEL_CUTOFF = _("Bookings can be cancelled up to %(minutes)s minutes before the start.")
ERR_RESCHEDULE_CUTOFF = _("Bookings can be moved up to %(minutes)s minutes before the start.")
ERR_RESCHEDULE_SAME = _("Choose a different time.")
ERR_CODE_UNKNOWN = _("No booking with this code was found.")
ERR_WRONG_HALL = _("This booking is for %(hall)s.")
ERR_WRONG_DAY = _("This booking is for %(date)s.")
ERR_TOO_EARLY = _("Check-in opens %(minutes)s minutes before your time.")
ERR_TRANSITION = _("This is not possible while the booking is “%(status)s”.")

# name -> (allowed source states, target state)
APPOINTMENT_TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "cancel": (frozenset({AppointmentStatus.BOOKED}), AppointmentStatus.CANCELLED),
    "check_in": (frozenset({AppointmentStatus.BOOKED}), AppointmentStatus.CHECKED_IN),
    "no_show": (frozenset({AppointmentStatus.BOOKED, AppointmentStatus.CHECKED_IN}), AppointmentStatus.NO_SHOW),
    "complete": (frozenset({AppointmentStatus.CHECKED_IN}), AppointmentStatus.COMPLETED),
}

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud and typed at a kiosk


def new_booking_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(8))


def normalize_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def appointment_move(
    *, appointment: Appointment, name: str, by: Any, data: dict | None = None, **fields: Any
) -> Appointment:
    """Move ``appointment`` along the declared transition ``name`` (conditional UPDATE)."""
    sources, target = APPOINTMENT_TRANSITIONS[name]
    with transaction.atomic():
        changed = Appointment.objects.filter(pk=appointment.pk, status__in=sources).update(status=target, **fields)
        if not changed:
            current = Appointment.objects.filter(pk=appointment.pk).values_list("status", flat=True).first()
            label = AppointmentStatus(current).label if current else ""
            raise Conflict(f"halls.appointment.{name}_not_allowed", ERR_TRANSITION % {"status": label})
        old = appointment.status
        appointment.status = target
        for key, value in fields.items():
            setattr(appointment, key, value)
        audit_record(
            actor=by,
            action=f"halls.appointment.{name}",
            obj=appointment,
            old={"status": old},
            new={"status": target},
            data=data or {},
        )
    return appointment


def _resolve_service(service_code: str) -> Service:
    service = Service.objects.filter(code=service_code, is_active=True, bookable=True).first()
    if service is None:
        raise ValidationFailed(
            "halls.service_unknown", ERR_SERVICE_UNKNOWN, fields={"service_code": [ERR_SERVICE_UNKNOWN]}
        )
    return service


def _resolve_slot(*, service: Service, slot: Slot | None, hall: Hall | None, start: datetime | None) -> Slot:
    if slot is not None:
        if slot.service_id != service.pk:
            raise ValidationFailed("halls.slot_service", ERR_SLOT_SERVICE, fields={"slot": [ERR_SLOT_SERVICE]})
        return slot
    if hall is not None and start is not None:
        found = Slot.objects.filter(hall=hall, service=service, start=start).first()
        if found is None:
            raise ValidationFailed("halls.slot_unknown", ERR_SLOT_UNKNOWN, fields={"start": [ERR_SLOT_UNKNOWN]})
        return found
    from onestop.halls.selectors.recommend import recommend_slots

    near = (hall.latitude, hall.longitude) if hall is not None else None
    recs = recommend_slots(service=service, near=near, limit=1, hall_ids={hall.pk} if hall is not None else None)
    if not recs:
        raise Conflict("halls.no_slot", ERR_NO_SLOT)
    return recs[0].slot


def _check_slot_rules(*, slot: Slot, service: Service, now: datetime, policy) -> None:
    if slot.start <= now:
        raise ValidationFailed("halls.slot_past", ERR_IN_PAST, fields={"slot": [ERR_IN_PAST]})
    if slot.start < now + timedelta(minutes=policy.min_minutes_ahead):
        message = ERR_TOO_SOON % {"minutes": policy.min_minutes_ahead}
        raise ValidationFailed("halls.too_soon", message, fields={"slot": [message]})
    if slot.start > now + timedelta(days=policy.max_days_ahead):
        message = ERR_TOO_FAR % {"days": policy.max_days_ahead}
        raise ValidationFailed("halls.too_far", message, fields={"slot": [message]})
    hall = slot.hall
    if service_closed_on(hall=hall, service=service, day=slot.start.astimezone(hall.tz).date()):
        raise Conflict("halls.service_closed", ERR_CLOSED)


def _lock_holder(user: Any, person: Any) -> None:
    """Serialize bookings of one holder so the per-person limit cannot be raced past."""
    if person is not None:
        type(person).objects.select_for_update().filter(pk=person.pk).first()
    elif user is not None and getattr(user, "pk", None):
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()


def _check_holder(*, user: Any, person: Any, policy, now: datetime, replacing: Appointment | None = None) -> None:
    blocked = booking_blocked_until(user=user, person=person, policy=policy, now=now)
    if blocked is not None:
        raise Conflict("halls.booking_blocked", ERR_BLOCKED % {"date": blocked.isoformat()})
    active = Appointment.objects.filter(
        holder_filter(user=user, person=person), status=AppointmentStatus.BOOKED, end__gt=now
    )
    if replacing is not None:
        active = active.exclude(pk=replacing.pk)
    if active.count() >= policy.per_person_active_limit:
        raise Conflict("halls.limit", ERR_LIMIT % {"limit": policy.per_person_active_limit})


def _claim(slot: Slot) -> None:
    """Take one place in ``slot``: the UPDATE matches only while a place is free."""
    try:
        with transaction.atomic():
            claimed = Slot.objects.filter(pk=slot.pk, booked__lt=F("capacity")).update(booked=F("booked") + 1)
    except IntegrityError:  # the check constraint: never more bookings than capacity
        claimed = 0
    if not claimed:
        raise Conflict("halls.slot_full", ERR_SLOT_FULL)


def arrival_time(slot: Slot) -> datetime:
    """When the visitor taking a place in ``slot`` is asked to come (ADR 0202): the places of
    all the hall's slots starting then are spread evenly over the slot, and a new booking
    gets the free point furthest from the times already given (the first gets the start).
    Visitors of one slot then arrive one after another instead of all at the start."""
    length = (slot.end - slot.start).total_seconds() / 60
    places = Slot.objects.filter(hall_id=slot.hall_id, start=slot.start).aggregate(n=Sum("capacity"))["n"] or 1
    taken = list(
        Appointment.objects.filter(
            hall_id=slot.hall_id,
            slot__start=slot.start,
            status__in=(AppointmentStatus.BOOKED, AppointmentStatus.CHECKED_IN),
        ).values_list("start", flat=True)
    )
    grid = [slot.start + timedelta(minutes=int(length * j // places)) for j in range(max(places, 1))]

    def distance(t: datetime) -> float:
        return min((abs((t - other).total_seconds()) for other in taken), default=math.inf)

    return max(grid, key=lambda t: (distance(t), -grid.index(t)))


def _release(slot_id: int) -> None:
    Slot.objects.filter(pk=slot_id, booked__gt=0).update(booked=F("booked") - 1)


def _create(**values: Any) -> Appointment:
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Appointment.objects.create(code=new_booking_code(), **values)
        except IntegrityError:
            continue
    raise Conflict("halls.code_exhausted", ERR_SLOT_FULL)  # pragma: no cover - 31^8 codes


def appointment_book(
    *,
    user: Any,
    service_code: str,
    slot: Slot | None = None,
    hall: Hall | None = None,
    start: datetime | None = None,
    person: Any = None,
    case: Any = None,
    channel: str = "web",
) -> Appointment:
    """Book a visit. With ``slot`` that slot; with ``hall`` and ``start`` the slot there and
    then; with ``hall`` alone the best time at that hall; with neither the best hall and time
    (see ``selectors.recommend``). ``person`` is who comes when the booker books for someone
    else (an employer for an employee); the per-person limit and no-show block count for the
    person then. ``case`` links the visit to a kernel case (the permit's biometrics).

    The place is claimed with a conditional UPDATE (no double booking, ADR 0202); the booker
    is told after commit.
    """
    if channel not in Channel.values:
        raise ValidationFailed("halls.channel", ERR_CHANNEL, fields={"channel": [ERR_CHANNEL]})
    service = _resolve_service(service_code)
    target = _resolve_slot(service=service, slot=slot, hall=hall, start=start)
    target = Slot.objects.select_related("hall").get(pk=target.pk)
    policy = policy_for(service)
    now = clock.now()
    _check_slot_rules(slot=target, service=service, now=now, policy=policy)
    with transaction.atomic():
        _lock_holder(user, person)
        _check_holder(user=user, person=person, policy=policy, now=now)
        _claim(target)
        appointment = _create(
            user=user if getattr(user, "pk", None) else None,
            person=person,
            slot=target,
            hall=target.hall,
            service=service,
            start=arrival_time(target),
            end=target.end,
            channel=channel,
            case=case,
        )
        audit_record(
            actor=user,
            action="halls.appointment.booked",
            obj=appointment,
            new={
                "status": appointment.status,
                "slot": target.pk,
                "hall": target.hall.code,
                "service": service.code,
                "case": getattr(case, "pk", None),
                "channel": channel,
            },
        )
        notify_appointment(appointment=appointment, code="halls.appointment_booked")
    return appointment


def appointment_cancel(*, appointment: Appointment, by: Any, reason: str = "", staff: bool = False) -> Appointment:
    """Cancel and free the place. The visitor may cancel up to the policy's cutoff; hall
    staff (``staff=True``) at any time, and the visitor is told."""
    policy = policy_for(appointment.service)
    now = clock.now()
    if appointment.status != AppointmentStatus.BOOKED:
        raise Conflict("halls.appointment.cancel_not_allowed", ERR_NOT_ACTIVE)
    if not staff and appointment.start - timedelta(minutes=policy.cancel_cutoff_minutes) < now:
        raise Conflict("halls.cancel_cutoff", ERR_CANCEL_CUTOFF % {"minutes": policy.cancel_cutoff_minutes})
    with transaction.atomic():
        appointment_move(
            appointment=appointment,
            name="cancel",
            by=by,
            data={"staff": staff},
            cancelled_at=now,
            cancel_reason=reason[:200],
        )
        _release(appointment.slot_id)
        if staff:
            notify_appointment(
                appointment=appointment, code="halls.appointment_cancelled_by_hall", extra={"reason": reason}
            )
    return appointment


def appointment_reschedule(*, appointment: Appointment, by: Any, slot: Slot) -> Appointment:
    """Move the booking to ``slot`` (same service): the new place is claimed first, then the
    old one is cancelled and freed, in one transaction. Returns the new appointment."""
    policy = policy_for(appointment.service)
    now = clock.now()
    if appointment.status != AppointmentStatus.BOOKED:
        raise Conflict("halls.appointment.reschedule_not_allowed", ERR_NOT_ACTIVE)
    if appointment.start - timedelta(minutes=policy.reschedule_cutoff_minutes) < now:
        raise Conflict("halls.reschedule_cutoff", ERR_RESCHEDULE_CUTOFF % {"minutes": policy.reschedule_cutoff_minutes})
    if slot.pk == appointment.slot_id:
        raise ValidationFailed("halls.reschedule_same", ERR_RESCHEDULE_SAME, fields={"slot": [ERR_RESCHEDULE_SAME]})
    if slot.service_id != appointment.service_id:
        raise ValidationFailed("halls.slot_service", ERR_SLOT_SERVICE, fields={"slot": [ERR_SLOT_SERVICE]})
    target = Slot.objects.select_related("hall").get(pk=slot.pk)
    _check_slot_rules(slot=target, service=appointment.service, now=now, policy=policy)
    with transaction.atomic():
        _lock_holder(appointment.user, appointment.person)
        _check_holder(user=appointment.user, person=appointment.person, policy=policy, now=now, replacing=appointment)
        _claim(target)
        appointment_move(
            appointment=appointment,
            name="cancel",
            by=by,
            data={"rescheduled": True},
            cancelled_at=now,
            cancel_reason="rescheduled",
        )
        _release(appointment.slot_id)
        new = _create(
            user=appointment.user,
            person=appointment.person,
            slot=target,
            hall=target.hall,
            service=appointment.service,
            start=arrival_time(target),
            end=target.end,
            channel=appointment.channel,
            case=appointment.case,
            rescheduled_from=appointment,
        )
        audit_record(
            actor=by,
            action="halls.appointment.rescheduled",
            obj=new,
            old={"appointment": appointment.pk, "slot": appointment.slot_id},
            new={"slot": target.pk},
        )
        notify_appointment(appointment=new, code="halls.appointment_rescheduled")
    return new


def appointment_check_in(
    *, code: str, hall: Hall, by: Any = None, priority_group: PriorityGroup | None = None
) -> Ticket:
    """Check a booking in at the kiosk and issue its ticket. Within the policy's lateness
    tolerance the ticket is marked on time (it is called before walk-ins, ADR 0201); later
    it joins the queue as a walk-in would. Records the visit on the linked case."""
    from .queue import ticket_issue

    appointment = (
        Appointment.objects.select_related("service", "hall", "case", "user").filter(code=normalize_code(code)).first()
    )
    if appointment is None:
        raise NotFound("halls.code_unknown", ERR_CODE_UNKNOWN, fields={"code": [ERR_CODE_UNKNOWN]})
    if appointment.hall_id != hall.pk:
        message = ERR_WRONG_HALL % {"hall": appointment.hall.display_name}
        raise Conflict("halls.wrong_hall", message, fields={"code": [message]})
    if appointment.status != AppointmentStatus.BOOKED:
        label = AppointmentStatus(appointment.status).label
        raise Conflict("halls.appointment.check_in_not_allowed", ERR_TRANSITION % {"status": label})
    policy = policy_for(appointment.service)
    now = clock.now()
    local_day = appointment.start.astimezone(hall.tz).date()
    if now.astimezone(hall.tz).date() != local_day:
        raise Conflict("halls.wrong_day", ERR_WRONG_DAY % {"date": local_day.isoformat()})
    if now < appointment.start - timedelta(minutes=policy.check_in_early_minutes):
        raise Conflict("halls.too_early", ERR_TOO_EARLY % {"minutes": policy.check_in_early_minutes})
    on_time = now <= appointment.start + timedelta(minutes=policy.late_minutes)
    with transaction.atomic():
        appointment_move(appointment=appointment, name="check_in", by=by, data={"on_time": on_time}, checked_in_at=now)
        ticket = ticket_issue(
            hall=hall,
            services=[appointment.service],
            by=by,
            appointment=appointment,
            booked_start=appointment.start if on_time else None,
            priority_group=priority_group,
            user=appointment.user,
        )
        if appointment.case_id:
            from onestop.cases.services import case_record_visit

            case_record_visit(
                case=appointment.case,
                by=by,
                purpose=f"halls.{appointment.service.code}",
                place=hall.display_name,
                at=now,
            )
    return ticket


def appointments_mark_no_show(*, now: datetime | None = None) -> int:
    """Booked appointments whose slot ended more than the policy's grace ago become no-shows."""
    now = now or clock.now()
    count = 0
    candidates = Appointment.objects.filter(status=AppointmentStatus.BOOKED, end__lt=now).select_related("service")
    for appointment in candidates.iterator():
        policy = policy_for(appointment.service)
        if appointment.end + timedelta(minutes=policy.no_show_after_minutes) > now:
            continue
        try:
            appointment_move(appointment=appointment, name="no_show", by=None, data={"sweep": True})
            count += 1
        except Conflict:
            continue  # checked in or cancelled meanwhile
    return count


def appointments_send_reminders(*, now: datetime | None = None) -> int:
    """Remind each booked visitor once, ``reminder_hours_before`` the start (the day before
    by default). The flag is set with a conditional UPDATE so two runs send one reminder."""
    now = now or clock.now()
    sent = 0
    longest = max(BookingPolicy.objects.values_list("reminder_hours_before", flat=True), default=0)
    horizon = now + timedelta(hours=max(longest, policy_for(None).reminder_hours_before) + 1)
    for appointment in Appointment.objects.filter(
        status=AppointmentStatus.BOOKED, reminder_sent_at__isnull=True, start__gt=now, start__lte=horizon
    ).select_related("service", "hall", "user"):
        policy = policy_for(appointment.service)
        if appointment.start - timedelta(hours=policy.reminder_hours_before) > now:
            continue
        with transaction.atomic():
            if Appointment.objects.filter(pk=appointment.pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=now
            ):
                notify_appointment(appointment=appointment, code="halls.appointment_reminder")
                sent += 1
    return sent
