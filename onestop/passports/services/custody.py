"""Custody: reserving a passport for a trip, releasing it, checking it out and taking it
back by its MRZ or number, and changing a return date.

A reservation is claimed under a row lock on the passport (``select_for_update``): the
overlap check and the insert happen while no one else can reserve the same booklet. The
database is the last defence: on PostgreSQL an exclusion constraint refuses overlapping
live reservations of one passport; everywhere, at most one live reservation per trip and
one booklet out per passport (ADR 0505).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onestop.cases.audit import audit_record
from onestop.core.errors import Conflict, ValidationFailed

from ..models import AWAY_STATUSES, CustodyEvent, Handover, Passport, PassportStatus, Reservation
from ..policies import passport_policy, valid_until_needed
from ..selectors import overlapping_reservation, passport_find
from ..trips_link import trip_passports_changed
from .registry import _actor, passport_move, require_officer, scan_parse

ERR_OVERLAP = _(
    "Passport %(number)s of %(person)s is already reserved for trip %(trip)s from %(start)s to %(end)s; "
    "the dates overlap."
)
ERR_NOT_VALID_LONG_ENOUGH = _(
    "Passport %(number)s of %(person)s expires on %(expires)s; a trip returning on %(returns)s needs a passport "
    "valid until at least %(needed)s."
)
ERR_NOT_RESERVABLE = _("Passport %(number)s cannot be reserved while it is “%(status)s”.")
ERR_HANDOVER_PENDING = _("Passport %(number)s has a handover pending; complete it first.")
ERR_UNKNOWN_NUMBER = _("No passport with this number is in the registry.")
ERR_MRZ_EXPIRY = _(
    "The expiry date in the machine-readable zone (%(found)s) differs from the registry's (%(expected)s)."
)
ERR_MRZ_BIRTH = _("The date of birth in the machine-readable zone differs from the holder's date of birth.")
ERR_NO_RESERVATION = _("Passport %(number)s is not reserved for an approved trip; it cannot be checked out.")
ERR_ALREADY_OUT = _("Passport %(number)s is already checked out.")
ERR_TRIP_NOT_APPROVED = _("Trip %(trip)s is no longer approved; the passport stays in custody.")
ERR_NOT_OUT = _("Passport %(number)s is not checked out; there is nothing to return.")
ERR_RELEASE_STATE = _("Only a reservation whose passport is still in custody can be released.")
ERR_DUE_BEFORE_START = _("The return date cannot be before the trip's departure.")

LIVE = (Reservation.Status.ACTIVE, Reservation.Status.CHECKED_OUT)


def _lock(passport: Passport) -> Passport:
    return Passport.objects.select_for_update().select_related("holder").get(pk=passport.pk)


def passport_reserve(
    *, passport: Passport, trip_case: Any, organization: Any, starts_on: date, ends_on: date, due_on: date, by: Any
) -> Reservation:
    """Hold ``passport`` for the trip from ``starts_on`` to ``ends_on``. Refused when the
    passport is not in custody (or out for an earlier trip), not valid long enough, has a
    handover pending, or is already reserved for a trip whose dates overlap — the message
    names the traveller and the other trip."""
    with transaction.atomic():
        locked = _lock(passport)
        names = {"number": locked.number_masked, "person": locked.holder.full_name}
        if locked.status not in (PassportStatus.IN_CUSTODY, PassportStatus.RESERVED, PassportStatus.CHECKED_OUT):
            raise Conflict(
                "passports.not_reservable",
                ERR_NOT_RESERVABLE % {"number": locked.number_masked, "status": locked.get_status_display()},
            )
        needed = valid_until_needed(returns_on=ends_on)
        if locked.expires_on < needed:
            raise Conflict(
                "passports.not_valid_long_enough",
                ERR_NOT_VALID_LONG_ENOUGH
                % {
                    **names,
                    "expires": locked.expires_on.isoformat(),
                    "returns": ends_on.isoformat(),
                    "needed": needed.isoformat(),
                },
            )
        if locked.handovers.filter(status=Handover.Status.PENDING).exists():
            raise Conflict("passports.handover_pending", ERR_HANDOVER_PENDING % names)
        existing = locked.reservations.filter(trip_case=trip_case, status__in=LIVE).first()
        if existing is not None:
            return existing
        other = overlapping_reservation(
            passport=locked, starts_on=starts_on, ends_on=ends_on, exclude_case_id=trip_case.pk
        )
        if other is not None:
            raise _overlap(locked, other)
        try:
            with transaction.atomic():
                reservation = Reservation.objects.create(
                    passport=locked,
                    trip_case=trip_case,
                    organization=organization,
                    starts_on=starts_on,
                    ends_on=ends_on,
                    due_on=due_on,
                )
        except IntegrityError:
            other = overlapping_reservation(
                passport=locked, starts_on=starts_on, ends_on=ends_on, exclude_case_id=trip_case.pk
            )
            if other is not None:
                raise _overlap(locked, other)
            raise Conflict("passports.reservation_race", _("The passport was reserved a moment ago; try again."))
        trip_passports_changed(case_id=trip_case.pk)
        note = trip_case.number
        if locked.status == PassportStatus.IN_CUSTODY:
            passport_move(
                passport=locked,
                to=PassportStatus.RESERVED,
                by=by,
                reservation=reservation,
                note=note,
                data={"trip_case_id": trip_case.pk},
            )
        else:
            _event(locked, by, CustodyEvent.Verb.RESERVED, reservation, note)
            audit_record(
                actor=by,
                action="passports.passport.reserved",
                obj=locked,
                data={"number": locked.number_masked, "trip_case_id": trip_case.pk},
            )
    passport.status = locked.status
    passport._loaded_status = locked.status
    return reservation


def _overlap(passport: Passport, other: Reservation) -> Conflict:
    message = ERR_OVERLAP % {
        "number": passport.number_masked,
        "person": passport.holder.full_name,
        "trip": other.trip_case.number,
        "start": other.starts_on.isoformat(),
        "end": other.ends_on.isoformat(),
    }
    return Conflict("passports.reservation_overlap", message)


def _event(passport: Passport, by: Any, verb: str, reservation: Reservation | None, note: str = "") -> None:
    CustodyEvent.objects.create(
        passport=passport,
        actor=_actor(by),
        verb=verb,
        old_status=passport.status,
        new_status=passport.status,
        reservation=reservation,
        custodian_id=passport.custodian_id,
        note=note[:500],
    )


def _settle_status(
    passport: Passport, *, by: Any, verb: str, reservation: Reservation, note: str = "", data=None
) -> None:
    """After a reservation ends: "reserved" while another reservation is live, else "in custody"."""
    others = passport.reservations.filter(status=Reservation.Status.ACTIVE).exclude(pk=reservation.pk).exists()
    target = PassportStatus.RESERVED if others else PassportStatus.IN_CUSTODY
    if passport.status == target:
        _event(passport, by, verb, reservation, note)
        audit_record(
            actor=by,
            action=f"passports.passport.{verb}",
            obj=passport,
            data={"number": passport.number_masked, **(data or {})},
        )
    else:
        passport_move(passport=passport, to=target, by=by, verb=verb, reservation=reservation, note=note, data=data)


def reservation_release(*, reservation: Reservation, by: Any, note: str = "") -> Reservation:
    """End a reservation whose booklet was not taken out (trip withdrawn, rejected or
    cancelled, or released by the passport office)."""
    with transaction.atomic():
        locked_passport = _lock(reservation.passport)
        locked = Reservation.objects.select_for_update().get(pk=reservation.pk)
        if locked.status != Reservation.Status.ACTIVE:
            raise Conflict("passports.release_state", ERR_RELEASE_STATE)
        locked.status = Reservation.Status.RELEASED
        locked.released_at = timezone.now()
        trip_passports_changed(case_id=locked.trip_case_id)
        locked.save(update_fields=["status", "released_at"])
        note = note or locked.trip_case.number
        if locked_passport.status in AWAY_STATUSES:  # out for another trip: the status stays
            _event(locked_passport, by, CustodyEvent.Verb.RELEASED, locked, note)
            audit_record(
                actor=by,
                action="passports.passport.released",
                obj=locked_passport,
                data={"number": locked_passport.number_masked, "trip_case_id": locked.trip_case_id},
            )
        else:
            _settle_status(
                locked_passport,
                by=by,
                verb=CustodyEvent.Verb.RELEASED,
                reservation=locked,
                note=note,
                data={"trip_case_id": locked.trip_case_id},
            )
    reservation.status, reservation.released_at = locked.status, locked.released_at
    return reservation


def _identify(text: str) -> tuple[Passport, Any]:
    scan = scan_parse(text=text)
    passport = passport_find(number=scan.number)
    if passport is None:
        raise ValidationFailed("passports.unknown_number", ERR_UNKNOWN_NUMBER, fields={"code": [ERR_UNKNOWN_NUMBER]})
    if scan.mrz is not None:
        if scan.mrz.expiry_date != passport.expires_on:
            message = ERR_MRZ_EXPIRY % {
                "found": scan.mrz.expiry_date.isoformat(),
                "expected": passport.expires_on.isoformat(),
            }
            raise ValidationFailed("passports.mrz_expiry_mismatch", message, fields={"code": [message]})
        if passport.holder.birth_date and scan.mrz.birth_date != passport.holder.birth_date:
            raise ValidationFailed("passports.mrz_birth_mismatch", ERR_MRZ_BIRTH, fields={"code": [ERR_MRZ_BIRTH]})
    return passport, scan


def passport_lookup(*, text: str, user: Any) -> Passport:
    """The passport with the scanned or typed MRZ or number, if the user may see it. The
    number travels in a POST body, never in a URL."""
    from ..selectors import access_passport

    passport, _scan = _identify(text)
    try:
        return access_passport(user=user, pk=passport.pk)
    except Exception:
        raise ValidationFailed("passports.unknown_number", ERR_UNKNOWN_NUMBER, fields={"code": [ERR_UNKNOWN_NUMBER]})


def passport_check_out(*, text: str, by: Any, trip_case_id: int | None = None) -> Reservation:
    """Hand the booklet out for its reserved, approved trip (the earliest one, unless
    ``trip_case_id`` says which). ``text`` is the scanned or typed MRZ, or the number."""
    from ..trips_link import trip_is_approved

    require_officer(by)
    passport, scan = _identify(text)
    with transaction.atomic():
        locked = _lock(passport)
        names = {"number": locked.number_masked}
        if locked.status in (PassportStatus.CHECKED_OUT, PassportStatus.OVERDUE):
            raise Conflict("passports.already_out", ERR_ALREADY_OUT % names)
        candidates = locked.reservations.select_related("trip_case").filter(status=Reservation.Status.ACTIVE)
        if trip_case_id:
            candidates = candidates.filter(trip_case_id=trip_case_id)
        reservation = candidates.order_by("starts_on", "pk").first()
        if reservation is None or locked.status != PassportStatus.RESERVED:
            raise Conflict("passports.not_reserved", ERR_NO_RESERVATION % names)
        if not trip_is_approved(case_id=reservation.trip_case_id):
            raise Conflict(
                "passports.trip_not_approved", ERR_TRIP_NOT_APPROVED % {"trip": reservation.trip_case.number}
            )
        now = timezone.now()
        if not Reservation.objects.filter(pk=reservation.pk, status=Reservation.Status.ACTIVE).update(
            status=Reservation.Status.CHECKED_OUT, checked_out_at=now
        ):
            raise Conflict("passports.changed_meanwhile", _("The reservation changed a moment ago; try again."))
        reservation.status, reservation.checked_out_at = Reservation.Status.CHECKED_OUT, now
        passport_move(
            passport=locked,
            to=PassportStatus.CHECKED_OUT,
            by=by,
            reservation=reservation,
            note=reservation.trip_case.number,
            data={
                "trip_case_id": reservation.trip_case_id,
                "due_on": reservation.due_on,
                "by_mrz": scan.mrz is not None,
            },
        )
    return reservation


def passport_return(*, text: str, by: Any) -> Reservation:
    """Take the booklet back. A return after the due date is recorded as late, with the
    number of days (the inspection rules read it)."""
    require_officer(by)
    passport, scan = _identify(text)
    with transaction.atomic():
        locked = _lock(passport)
        reservation = (
            locked.reservations.select_related("trip_case").filter(status=Reservation.Status.CHECKED_OUT).first()
        )
        if reservation is None or locked.status not in (PassportStatus.CHECKED_OUT, PassportStatus.OVERDUE):
            raise Conflict("passports.not_out", ERR_NOT_OUT % {"number": locked.number_masked})
        today = timezone.localdate()
        late = max((today - reservation.due_on).days, 0)
        reservation.status = Reservation.Status.RETURNED
        reservation.returned_at = timezone.now()
        reservation.returned_late = late > 0
        reservation.days_late = late
        reservation.save(update_fields=["status", "returned_at", "returned_late", "days_late"])
        verb = CustodyEvent.Verb.RETURNED_LATE if late else CustodyEvent.Verb.RETURNED
        _settle_status(
            locked,
            by=by,
            verb=verb,
            reservation=reservation,
            note=reservation.trip_case.number,
            data={"trip_case_id": reservation.trip_case_id, "days_late": late, "by_mrz": scan.mrz is not None},
        )
    return reservation


def reservation_set_due(
    *, reservation: Reservation, due_on: date, by: Any, cancelled_on: date | None = None
) -> Reservation:
    """Change when the booklet is due back (a trip cancelled after check-out)."""
    if due_on < reservation.starts_on and cancelled_on is None:
        raise ValidationFailed(
            "passports.due_before_start", ERR_DUE_BEFORE_START, fields={"due_on": [ERR_DUE_BEFORE_START]}
        )
    with transaction.atomic():
        locked = Reservation.objects.select_for_update().select_related("passport").get(pk=reservation.pk)
        old = locked.due_on
        locked.due_on = due_on
        fields = ["due_on"]
        if cancelled_on is not None:
            locked.trip_cancelled_on = cancelled_on
            fields.append("trip_cancelled_on")
        locked.save(update_fields=fields)
        locked.notices.all().delete()  # reminders start over for the new date
        passport = Passport.objects.select_for_update().get(pk=locked.passport_id)
        if passport.status == PassportStatus.OVERDUE and due_on >= timezone.localdate():
            passport_move(
                passport=passport,
                to=PassportStatus.CHECKED_OUT,
                by=by,
                verb=CustodyEvent.Verb.DUE_CHANGED,
                reservation=locked,
                note=due_on.isoformat(),
            )
        else:
            _event(passport, by, CustodyEvent.Verb.DUE_CHANGED, locked, due_on.isoformat())
        audit_record(
            actor=by,
            action="passports.reservation.due_changed",
            obj=locked,
            old={"due_on": old},
            new={"due_on": due_on},
            data={"number": locked.passport.number_masked},
        )
    reservation.due_on = locked.due_on
    reservation.trip_cancelled_on = locked.trip_cancelled_on
    return reservation


def policy_due_for_trip(*, departs_on: date, approved_days: int) -> date:
    from ..policies import return_due_after_trip

    return return_due_after_trip(departs_on=departs_on, approved_days=approved_days, policy=passport_policy())
