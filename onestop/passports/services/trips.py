"""Passports react to trip moves (listeners registered in ``PassportsConfig.ready``).

They run inside the trip transition's transaction: a ``Conflict`` raised here undoes the
transition, so a trip is never approved with a passport clash, nor submitted by a blocked
organization.

* approve: reserve each traveller's valid passport; a traveller without one gets a
  passport application (unless one is already open, e.g. filed in parallel).
* withdraw / reject: release the trip's reservations, withdraw its open applications.
* cancel (after approval): release what was not taken out; what is out is due back
  ``return_days_after_cancellation`` days after the cancellation.
* submit / resubmit: refused while the organization has a passport too long overdue.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import ngettext_lazy

from onestop.core.errors import Conflict

from ..models import Passport, Reservation
from ..policies import passport_policy, return_due_after_cancellation, return_due_after_trip, valid_until_needed
from ..selectors import open_application_for, organization_block, overlapping_reservation, valid_passports_of
from ..trips_link import TripFacts, trip_facts

ERR_BLOCKED = ngettext_lazy(
    "Passport %(number)s of %(holder)s is %(days)s day overdue; return it before submitting new trips.",
    "Passport %(number)s of %(holder)s is %(days)s days overdue; return it before submitting new trips.",
    "days",
)


def reserve_traveller(*, facts: TripFacts, person: Any, by: Any) -> Reservation | None:
    """Reserve the traveller's best valid passport for the trip; ``None`` when they have no
    passport valid long enough. A clash with another trip raises ``Conflict`` naming it."""
    from onestop.cases.models import Case

    from .custody import _overlap, passport_reserve

    policy = passport_policy()
    needed = valid_until_needed(returns_on=facts.returns_on, policy=policy)
    candidates = list(valid_passports_of(person=person, needed_until=needed))
    if not candidates:
        return None
    existing = Reservation.objects.filter(
        trip_case_id=facts.case_id,
        passport__in=candidates,
        status__in=[Reservation.Status.ACTIVE, Reservation.Status.CHECKED_OUT],
    ).first()
    if existing is not None:
        return existing
    clash = None
    for passport in candidates:
        other = overlapping_reservation(
            passport=passport, starts_on=facts.departs_on, ends_on=facts.returns_on, exclude_case_id=facts.case_id
        )
        if other is None:
            due = return_due_after_trip(departs_on=facts.departs_on, approved_days=facts.approved_days, policy=policy)
            return passport_reserve(
                passport=passport,
                trip_case=Case.objects.get(pk=facts.case_id),
                organization=facts.organization,
                starts_on=facts.departs_on,
                ends_on=facts.returns_on,
                due_on=due,
                by=by,
            )
        clash = clash or (passport, other)
    passport, other = clash
    raise _overlap(Passport.objects.select_related("holder").get(pk=passport.pk), other)


def on_trip_approved(case: Any, by: Any, data: dict) -> None:
    from .applications import application_open_for_trip

    facts = trip_facts(case_id=case.pk)
    if facts is None or facts.departs_on is None or facts.returns_on is None:
        return
    for person in facts.travellers:
        if reserve_traveller(facts=facts, person=person, by=by) is not None:
            continue
        if open_application_for(person=person, parent_case_id=case.pk) is None:
            application_open_for_trip(person=person, facts=facts, by=by)


def _release_live(case: Any, by: Any, *, cancelled: bool) -> None:
    from .custody import reservation_release, reservation_set_due

    today = timezone.localdate()
    for reservation in Reservation.objects.select_related("passport", "trip_case").filter(
        trip_case_id=case.pk, status__in=[Reservation.Status.ACTIVE, Reservation.Status.CHECKED_OUT]
    ):
        if reservation.status == Reservation.Status.ACTIVE:
            reservation_release(reservation=reservation, by=by, note=case.number)
        elif cancelled:
            due = return_due_after_cancellation(cancelled_on=today)
            reservation_set_due(reservation=reservation, due_on=due, by=by, cancelled_on=today)


def _withdraw_applications(case: Any) -> None:
    from .applications import application_withdraw_for_trip

    application_withdraw_for_trip(trip_case_id=case.pk)


def on_trip_closed(case: Any, by: Any, data: dict) -> None:
    """Withdrawn or rejected: release the reservations, withdraw the open applications."""
    _release_live(case, by, cancelled=False)
    _withdraw_applications(case)


def on_trip_cancelled(case: Any, by: Any, data: dict) -> None:
    """Cancelled after approval: release what is still in custody; booklets already out
    are due back a set number of days after the cancellation."""
    _release_live(case, by, cancelled=True)
    _withdraw_applications(case)


def on_trip_submitted(case: Any, by: Any, data: dict) -> None:
    """Refuse the submission while the organization has a passport overdue too long."""
    block = organization_block(organization=case.organization)
    if block is None:
        return
    passport = block.reservation.passport
    message = ERR_BLOCKED % {
        "number": passport.number_masked,
        "holder": passport.holder.full_name,
        "days": block.days_overdue,
    }
    raise Conflict("passports.organization_blocked", message)
