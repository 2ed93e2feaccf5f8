"""Tickets: issue, call next, recall, start, no-show, transfer, complete.

A ticket moves only along ``TICKET_TRANSITIONS``; each move is a conditional UPDATE on the
current status, so two counters can never call the same visitor, and is audited. Ticket
numbers come from a per hall, prefix and day counter incremented inside the issuing
transaction (the unique constraint on the number is the last defence).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from onestop.cases.audit import audit_record
from onestop.core.errors import Conflict, ValidationFailed
from onestop.halls import clock
from onestop.halls.models import (
    WAITING_STATES,
    Appointment,
    AppointmentStatus,
    Counter,
    Hall,
    HallService,
    PriorityGroup,
    QueueCounter,
    Service,
    Ticket,
    TicketService,
    TicketStatus,
)
from onestop.halls.policy import choose_next
from onestop.halls.selectors.queue import waiting_views
from onestop.halls.selectors.reference import counter_handles, counter_view, opening_periods, services_open_on

ERR_NO_SERVICE = _("Choose at least one service.")
ERR_NOT_OFFERED = _("%(service)s is not offered at this hall today.")
ERR_COUNTER_BUSY = _("Finish or release the current visitor first.")
ERR_COUNTER_INACTIVE = _("This counter is not in use.")
ERR_TICKET_STATE = _("This is not possible while the ticket is “%(status)s”.")
ERR_TRANSFER_TARGET = _("Choose a service or a counter to transfer to.")
ERR_TRANSFER_COUNTER = _("Counter %(number)s does not handle %(service)s.")
ERR_TRANSFER_HALL = _("The counter must be in the same hall.")
ERR_TRY_AGAIN = _("The kiosk is busy. Please try again.")
ERR_DUPLICATE_SERVICE = _("This service is already part of the visit.")
ERR_CLOSED_FOR_TODAY = _("The hall has closed for today. Please come back during the opening hours.")

# name -> (allowed source states, target state); "complete" may also go back to the queue
TICKET_TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "call": (frozenset(WAITING_STATES), TicketStatus.CALLED),
    "recall": (frozenset({TicketStatus.CALLED}), TicketStatus.CALLED),
    "start": (frozenset({TicketStatus.CALLED}), TicketStatus.SERVING),
    "no_show": (frozenset({TicketStatus.CALLED}), TicketStatus.NO_SHOW),
    "transfer": (frozenset({TicketStatus.CALLED, TicketStatus.SERVING}), TicketStatus.TRANSFERRED),
    "complete": (frozenset({TicketStatus.CALLED, TicketStatus.SERVING}), TicketStatus.DONE),
}


def _state_error(name: str, status: str) -> Conflict:
    return Conflict(f"halls.ticket.{name}_not_allowed", ERR_TICKET_STATE % {"status": TicketStatus(status).label})


def ticket_move(
    *, ticket: Ticket, name: str, by: Any, target: str | None = None, data: dict | None = None, **fields: Any
) -> Ticket:
    """Move ``ticket`` along transition ``name`` with a conditional UPDATE; audited."""
    sources, default_target = TICKET_TRANSITIONS[name]
    target = target or default_target
    with transaction.atomic():
        changed = Ticket.objects.filter(pk=ticket.pk, status__in=sources).update(status=target, **fields)
        if not changed:
            current = Ticket.objects.filter(pk=ticket.pk).values_list("status", flat=True).first()
            raise _state_error(name, current or ticket.status)
        old = ticket.status
        ticket.refresh_from_db()
        audit_record(
            actor=by,
            action=f"halls.ticket.{name}",
            obj=ticket,
            old={"status": old},
            new={"status": ticket.status, "counter": ticket.counter_id},
            data=data or {},
        )
    return ticket


def _next_number(hall: Hall, prefix: str, day) -> int:
    """The next number for ``prefix`` today: an UPDATE that takes the counter row's lock for
    the rest of the transaction, then a read of the value it wrote."""
    counter = QueueCounter.objects.filter(hall=hall, prefix=prefix, day=day)
    if not counter.update(last=F("last") + 1):
        # first ticket of the day: start after any number already handed out (imported or by hand)
        highest = Ticket.objects.filter(hall=hall, prefix=prefix, day=day).aggregate(m=Max("seq"))["m"] or 0
        _row, created = QueueCounter.objects.get_or_create(
            hall=hall, prefix=prefix, day=day, defaults={"last": highest + 1}
        )
        if created:
            return highest + 1
        counter.update(last=F("last") + 1)
    return counter.values_list("last", flat=True).get()


def _check_offered(hall: Hall, services: list[Service], day) -> None:
    offered = services_open_on(hall=hall, day=day, services=services)
    for service in services:
        if service.pk not in offered:
            message = ERR_NOT_OFFERED % {"service": service.display_name}
            raise ValidationFailed("halls.not_offered", message, fields={"services": [message]})


def ticket_issue(
    *,
    hall: Hall,
    services: list[Service],
    by: Any = None,
    appointment: Appointment | None = None,
    booked_start: datetime | None = None,
    priority_group: PriorityGroup | None = None,
    user: Any = None,
) -> Ticket:
    """Issue a numbered ticket carrying ``services`` (in that order) for today. The number's
    prefix is the first service's letter."""
    services = list(dict.fromkeys(services))
    if not services:
        raise ValidationFailed("halls.no_service", ERR_NO_SERVICE, fields={"services": [ERR_NO_SERVICE]})
    now = clock.now()
    day = now.astimezone(hall.tz).date()
    _check_offered(hall, services, day)
    first = services[0]
    with transaction.atomic():
        for _attempt in range(3):
            seq = _next_number(hall, first.prefix, day)
            try:
                with transaction.atomic():
                    ticket = Ticket.objects.create(
                        hall=hall,
                        day=day,
                        prefix=first.prefix,
                        seq=seq,
                        number=f"{first.prefix}{seq:03d}",
                        current_service=first,
                        appointment=appointment,
                        booked_start=booked_start,
                        priority_group=priority_group,
                        user=user if getattr(user, "pk", None) else None,
                        issued_at=now,
                    )
                break
            except IntegrityError:  # a number handed out by hand or by a lost counter row
                continue
        else:  # pragma: no cover - three collisions in a row
            raise Conflict("halls.ticket_number", ERR_TRY_AGAIN)
        TicketService.objects.bulk_create(
            [TicketService(ticket=ticket, service=s, position=i) for i, s in enumerate(services)]
        )
        audit_record(
            actor=by,
            action="halls.ticket.issued",
            obj=ticket,
            new={
                "number": ticket.number,
                "services": [s.code for s in services],
                "appointment": getattr(appointment, "pk", None),
                "priority": getattr(priority_group, "code", None),
            },
        )
    return ticket


def ticket_issue_walk_in(
    *, hall: Hall, services: list[Service], by: Any = None, priority_group: PriorityGroup | None = None
) -> Ticket:
    """A walk-in takes a number at the kiosk. Before opening the visitor may queue up (the
    number is called when the counters open); after the day's last opening period has ended
    no number is given, so nobody waits for a call that will not come."""
    now = clock.now()
    local = now.astimezone(hall.tz)
    if not any(local.time() < closes for _opens, closes, _ext in opening_periods(hall=hall, day=local.date())):
        raise Conflict("halls.closed_for_today", ERR_CLOSED_FOR_TODAY)
    return ticket_issue(hall=hall, services=services, by=by, priority_group=priority_group)


def ticket_call_next(*, counter: Counter, by: Any) -> Ticket | None:
    """Call the visitor the policy picks for this counter (``policy.choose_next``); None when
    nobody it can serve is waiting. The claim is a conditional UPDATE: if another counter
    took the same visitor a moment earlier, the next choice is tried."""
    if not counter.is_active:
        raise Conflict("halls.counter_inactive", ERR_COUNTER_INACTIVE)
    if Ticket.objects.filter(counter=counter, status__in=(TicketStatus.CALLED, TicketStatus.SERVING)).exists():
        raise Conflict("halls.counter_busy", ERR_COUNTER_BUSY)
    hall = counter.hall
    now = clock.now()
    offered = None
    if counter.comprehensive:  # a comprehensive counter handles whatever the hall offers
        offered = frozenset(
            HallService.objects.filter(hall=hall, is_active=True).values_list("service__code", flat=True)
        )
    view = counter_view(counter, offered)
    waiting = waiting_views(hall=hall, day=now.astimezone(hall.tz).date())
    with transaction.atomic():
        for _attempt in range(8):
            choice = choose_next(view, waiting, now)
            if choice is None:
                return None
            claimed = Ticket.objects.filter(pk=choice.id, status__in=WAITING_STATES).update(
                status=TicketStatus.CALLED,
                counter=counter,
                called_at=now,
                target_counter=None,
                first_called_at=Coalesce(F("first_called_at"), now),
            )
            if claimed:
                break
            waiting = [w for w in waiting if w.id != choice.id]
        else:  # pragma: no cover - eight races lost in a row
            return None
        ticket = Ticket.objects.select_related("hall", "current_service", "counter").get(pk=choice.id)
        audit_record(
            actor=by,
            action="halls.ticket.call",
            obj=ticket,
            old={"status": "waiting"},
            new={"status": ticket.status, "counter": counter.number},
        )
        hall_id = hall.pk
        transaction.on_commit(lambda: _notify_ahead_safely(hall_id))
    return ticket


def _notify_ahead_safely(hall_id: int) -> None:
    from .alerts import tickets_notify_ahead

    hall = Hall.objects.filter(pk=hall_id).first()
    if hall is not None:
        tickets_notify_ahead(hall=hall)


def ticket_recall(*, ticket: Ticket, by: Any) -> Ticket:
    """Call the same visitor again (shown again on the board)."""
    return ticket_move(ticket=ticket, name="recall", by=by, called_at=clock.now(), recall_count=F("recall_count") + 1)


def ticket_start(*, ticket: Ticket, by: Any) -> Ticket:
    """The visitor arrived at the desk: the handling clock starts."""
    now = clock.now()
    with transaction.atomic():
        ticket_move(ticket=ticket, name="start", by=by, served_at=now)
        TicketService.objects.filter(ticket=ticket, service=ticket.current_service, done_at__isnull=True).update(
            started_at=now, counter=ticket.counter, clerk=by if getattr(by, "pk", None) else None
        )
    return ticket


def ticket_no_show(*, ticket: Ticket, by: Any) -> Ticket:
    """The called visitor did not come to the desk. A booked visit becomes a no-show."""
    now = clock.now()
    with transaction.atomic():
        ticket_move(ticket=ticket, name="no_show", by=by, done_at=now)
        if ticket.appointment_id:
            from .booking import appointment_move

            appointment = Appointment.objects.get(pk=ticket.appointment_id)
            if appointment.status == AppointmentStatus.CHECKED_IN:
                appointment_move(appointment=appointment, name="no_show", by=by, data={"ticket": ticket.pk})
    return ticket


def ticket_transfer(
    *, ticket: Ticket, by: Any, service: Service | None = None, counter: Counter | None = None
) -> Ticket:
    """Send the visitor back to the queue for another service and/or a named counter. The
    visitor keeps their place in time (and a bonus, ADR 0201): they do not start again."""
    if service is None and counter is None:
        raise ValidationFailed("halls.transfer_target", ERR_TRANSFER_TARGET, fields={"service": [ERR_TRANSFER_TARGET]})
    new_service = service or ticket.current_service
    if counter is not None:
        if counter.hall_id != ticket.hall_id:
            raise ValidationFailed("halls.transfer_hall", ERR_TRANSFER_HALL, fields={"counter": [ERR_TRANSFER_HALL]})
        if not counter_handles(counter, new_service):
            message = ERR_TRANSFER_COUNTER % {"number": counter.number, "service": new_service.display_name}
            raise ValidationFailed("halls.transfer_counter", message, fields={"counter": [message]})
    if service is not None:
        _check_offered(ticket.hall, [service], ticket.day)
    with transaction.atomic():
        old_service = ticket.current_service
        if service is not None and service != old_service:
            item = TicketService.objects.filter(ticket=ticket, done_at__isnull=True).order_by("position").first()
            if item is not None:
                item.service = service
                item.started_at = None
                item.save(update_fields=["service", "started_at"])
        ticket_move(
            ticket=ticket,
            name="transfer",
            by=by,
            current_service=new_service,
            counter=None,
            target_counter=counter,
            booked_start=None,
            data={
                "from_service": getattr(old_service, "code", None),
                "to_service": new_service.code,
                "to_counter": getattr(counter, "number", None),
            },
        )
    return ticket


def ticket_add_service(*, ticket: Ticket, service: Service, by: Any) -> TicketService:
    """Add a further service to the same visit (served after the current ones)."""
    if ticket.status not in (*WAITING_STATES, TicketStatus.CALLED, TicketStatus.SERVING):
        raise _state_error("add_service", ticket.status)
    _check_offered(ticket.hall, [service], ticket.day)
    with transaction.atomic():
        if TicketService.objects.filter(ticket=ticket, service=service, done_at__isnull=True).exists():
            raise ValidationFailed(
                "halls.duplicate_service", ERR_DUPLICATE_SERVICE, fields={"service": [ERR_DUPLICATE_SERVICE]}
            )
        position = (TicketService.objects.filter(ticket=ticket).aggregate(m=Max("position"))["m"] or 0) + 1
        item = TicketService.objects.create(ticket=ticket, service=service, position=position)
        audit_record(actor=by, action="halls.ticket.service_added", obj=ticket, new={"service": service.code})
    return item


def ticket_complete(*, ticket: Ticket, by: Any) -> Ticket:
    """Finish the current service and record its handling time. If the visit has a further
    service this desk handles, it continues here ("handling at one desk"); otherwise the
    visitor goes back to the queue for it. After the last service the ticket is done and a
    booked visit is completed."""
    now = clock.now()
    ticket.refresh_from_db()
    if ticket.status not in TICKET_TRANSITIONS["complete"][0]:
        raise _state_error("complete", ticket.status)
    with transaction.atomic():
        items = list(
            TicketService.objects.select_for_update()
            .filter(ticket=ticket, done_at__isnull=True)
            .select_related("service")
            .order_by("position")
        )
        current = items[0] if items else None
        if current is not None:
            started = current.started_at or ticket.served_at or ticket.called_at or now
            current.started_at = started
            current.done_at = now
            current.counter = ticket.counter
            current.clerk = by if getattr(by, "pk", None) else current.clerk
            current.handling_seconds = max(int((now - started).total_seconds()), 0)
            current.save(update_fields=["started_at", "done_at", "counter", "clerk", "handling_seconds"])
        following = items[1] if len(items) > 1 else None
        data = {
            "service": current.service.code if current else None,
            "handling_seconds": current.handling_seconds if current else None,
        }
        if following is None:
            ticket_move(ticket=ticket, name="complete", by=by, done_at=now, data=data)
            if ticket.appointment_id:
                from .booking import appointment_move

                appointment = Appointment.objects.get(pk=ticket.appointment_id)
                if appointment.status == AppointmentStatus.CHECKED_IN:
                    appointment_move(appointment=appointment, name="complete", by=by, completed_at=now)
            return ticket
        counter = ticket.counter
        if counter is not None and counter_handles(counter, following.service):
            TicketService.objects.filter(pk=following.pk).update(started_at=now, counter=counter)
            return ticket_move(
                ticket=ticket,
                name="complete",
                by=by,
                target=TicketStatus.SERVING,
                current_service=following.service,
                served_at=now,
                data={**data, "next": following.service.code, "same_desk": True},
            )
        return ticket_move(
            ticket=ticket,
            name="complete",
            by=by,
            target=TicketStatus.TRANSFERRED,
            current_service=following.service,
            counter=None,
            booked_start=None,
            data={**data, "next": following.service.code, "same_desk": False},
        )


def counter_sign_in(*, counter: Counter, clerk: Any) -> Counter:
    """The clerk takes the counter (and leaves any other counter they were at)."""
    if not counter.is_active:
        raise Conflict("halls.counter_inactive", ERR_COUNTER_INACTIVE)
    with transaction.atomic():
        Counter.objects.filter(clerk=clerk).exclude(pk=counter.pk).update(clerk=None)
        old = counter.clerk_id
        Counter.objects.filter(pk=counter.pk).update(clerk=clerk)
        counter.clerk = clerk
        audit_record(
            actor=clerk, action="halls.counter.signed_in", obj=counter, old={"clerk": old}, new={"clerk": clerk.pk}
        )
    return counter


def counter_sign_out(*, counter: Counter, clerk: Any) -> Counter:
    with transaction.atomic():
        if Ticket.objects.filter(counter=counter, status__in=(TicketStatus.CALLED, TicketStatus.SERVING)).exists():
            raise Conflict("halls.counter_busy", ERR_COUNTER_BUSY)
        Counter.objects.filter(pk=counter.pk).update(clerk=None)
        counter.clerk = None
        audit_record(actor=clerk, action="halls.counter.signed_out", obj=counter)
    return counter
