"""Who may operate which hall (ADR 0205).

A hall belongs to the office that runs it (``Hall.organization``). Counter clerks and hall
managers operate the halls of their own office and of the offices below it in the
organization tree; administrators operate every hall. ``access_*`` raise the same
NotFound for a missing object and a forbidden one.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from onestop.accounts.roles import Role
from onestop.core.errors import NotFound
from onestop.halls.models import Counter, Hall, Ticket

HALL_STAFF_ROLES = frozenset({str(Role.COUNTER_CLERK), str(Role.HALL_MANAGER)})


def _is_admin(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and str(Role.ADMIN) in user.role_names)


def halls_operated_by(*, user: Any, manager: bool = False) -> QuerySet[Hall]:
    """Halls ``user`` may operate (as a manager when ``manager``)."""
    if not getattr(user, "is_authenticated", False):
        return Hall.objects.none()
    if _is_admin(user):
        return Hall.objects.all()
    needed = {str(Role.HALL_MANAGER)} if manager else HALL_STAFF_ROLES
    if not (user.role_names & needed) or user.organization_id is None:
        return Hall.objects.none()
    return Hall.objects.filter(organization__path__startswith=user.organization.path)


def can_operate_hall(*, user: Any, hall: Hall, manager: bool = False) -> bool:
    return halls_operated_by(user=user, manager=manager).filter(pk=hall.pk).exists()


def access_hall(*, user: Any, pk: int, manager: bool = False) -> Hall:
    hall = halls_operated_by(user=user, manager=manager).filter(pk=pk).first()
    if hall is None:
        raise NotFound("halls.hall_not_found")
    return hall


def access_counter(*, user: Any, pk: int) -> Counter:
    counter = Counter.objects.select_related("hall", "clerk").filter(pk=pk).first()
    if counter is None or not can_operate_hall(user=user, hall=counter.hall):
        raise NotFound("halls.counter_not_found")
    return counter


def access_ticket(*, user: Any, pk: int) -> Ticket:
    ticket = Ticket.objects.select_related("hall", "current_service", "counter").filter(pk=pk).first()
    if ticket is None or not can_operate_hall(user=user, hall=ticket.hall):
        raise NotFound("halls.ticket_not_found")
    return ticket


def ticket_by_token(*, token: Any) -> Ticket:
    """A visitor's own ticket, found by the unguessable token printed as its QR code."""
    ticket = Ticket.objects.select_related("hall", "current_service", "counter").filter(token=token).first()
    if ticket is None:
        raise NotFound("halls.ticket_not_found")
    return ticket


def public_hall(*, code: str) -> Hall:
    hall = Hall.objects.filter(code=code, is_active=True).first()
    if hall is None:
        raise NotFound("halls.hall_not_found")
    return hall
