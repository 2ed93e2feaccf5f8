"""Enrolment: self-registration, nomination, quotas, approval, cancellation and the waitlist.

Seats are claimed with a conditional UPDATE (``seats_taken = seats_taken + 1 WHERE
seats_taken < capacity``): on PostgreSQL concurrent claims queue on the program row and each
re-checks the condition, so exactly ``capacity`` succeed; the check constraint on the table
is the last line of defence. A freed seat is handed straight to the next eligible person on
the waitlist as a time-limited offer, inside the same transaction, so it never returns to
the open pool while someone is waiting. See docs/adr/0401 and 0402.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onestop.accounts.roles import Role
from onestop.cases.audit import audit_deferred, audit_record
from onestop.core.errors import Conflict, NotFound, ValidationFailed

from ..models import ACTIVE, Enrolment, EnrolmentStatus, Program, ProgramState, Quota
from .common import can_manage, in_subtree, notify_later

S = EnrolmentStatus

ERR_NOT_OPEN = _("Enrolment for this program is not open.")
ERR_SELF_CLOSED = _("This program does not take self-registration; ask your organization's liaison officer.")
ERR_NOMINATION_CLOSED = _("This program does not take nominations.")
ERR_FULL = _("All seats are taken and this program keeps no waitlist.")
ERR_QUOTA_FULL = _("Your organization's seats are all taken and this program keeps no waitlist.")
ERR_NO_QUOTA = _("This program is only open to organizations that were given seats.")
ERR_ALREADY = _("This person is already enrolled in the program or on its waitlist.")
ERR_NOT_PARTICIPANT = _("Only people with the participant role can register themselves.")
ERR_OUTSIDE_ORG = _("You can only nominate people of your own organization.")
ERR_NO_ORG = _("Your account is not linked to an organization.")
ERR_MOVE = _("This is not possible while the enrolment is “%(status)s”.")
ERR_OFFER_LAPSED = _("The offer has expired.")
ERR_PROGRAM_OVER = _("The program is over; its enrolments can no longer change.")
ERR_REASON = _("Please give a reason.")
ERR_CAPACITY_BELOW_TAKEN = _("The program already has %(taken)d seats taken; the capacity cannot be lower.")
ERR_QUOTA_BELOW_TAKEN = _("This organization already holds %(taken)d seats; the quota cannot be lower.")
ERR_QUOTA_POSITIVE = _("A quota must be at least one seat.")


@dataclass(frozen=True)
class Move:
    """A declared change of an enrolment's status."""

    name: str
    source: tuple[str, ...]
    target: str | None  # None: decided by the program's settings (accepting an offer)
    releases_seat: bool = False


ENROLMENT_MOVES: dict[str, Move] = {
    m.name: m
    for m in (
        Move("approve", (S.PENDING,), S.CONFIRMED),
        Move("reject", (S.PENDING,), S.REJECTED, releases_seat=True),
        Move("cancel", (S.PENDING, S.CONFIRMED, S.WAITLISTED, S.OFFERED), S.CANCELLED, releases_seat=True),
        Move("offer", (S.WAITLISTED,), S.OFFERED),
        Move("accept", (S.OFFERED,), None),
        Move("decline", (S.OFFERED,), S.CANCELLED, releases_seat=True),
        Move("expire", (S.OFFERED,), S.EXPIRED, releases_seat=True),
    )
}


class _QuotaFull(Exception):
    pass


def _lock_program(program_id: int, *, with_case: bool = False) -> Program:
    """Lock the program row for the rest of the transaction.

    Every write that touches seats takes its locks in one order: the program, then quotas and
    enrolments, and the audit chain tip last (the services run inside ``audit_deferred``), so
    two transactions never wait on each other in a circle. ``FOR NO KEY UPDATE`` is the lock a
    plain ``UPDATE`` of the counter takes; unlike ``FOR UPDATE`` it does not block inserts of
    rows that reference the program (their foreign-key check takes a key-share lock)."""
    programs = Program.objects.select_for_update(no_key=True, of=("self",))
    if with_case:
        programs = programs.select_related("case")
    return programs.get(pk=program_id)


# --- registration ------------------------------------------------------------------------


def _org_ancestor_ids(org: Any) -> list[int]:
    if org is None or not org.path:
        return []
    return [int(part) for part in org.path.strip("/").split("/") if part]


def quota_for(*, program: Program, organization: Any) -> Quota | None:
    """The quota that applies to ``organization``: the one on the nearest organization at or
    above it in the tree."""
    ids = _org_ancestor_ids(organization)
    if not ids:
        return None
    quotas = {q.organization_id: q for q in Quota.objects.filter(program=program, organization_id__in=ids)}
    for org_id in reversed(ids):
        if org_id in quotas:
            return quotas[org_id]
    return None


def _check_enrolment_open(program: Program) -> None:
    if program.case.state != ProgramState.OPEN:
        raise Conflict("training.enrolment_closed", ERR_NOT_OPEN)


def _notify_status(enrolment: Enrolment) -> None:
    program = enrolment.program
    code = {
        S.CONFIRMED: "training.enrolment_confirmed",
        S.PENDING: "training.enrolment_pending",
        S.WAITLISTED: "training.enrolment_waitlisted",
        S.OFFERED: "training.seat_offered",
        S.REJECTED: "training.enrolment_rejected",
        S.CANCELLED: "training.enrolment_cancelled",
        S.EXPIRED: "training.offer_expired",
    }[enrolment.status]
    expires = enrolment.offer_expires_at
    context: dict[str, Any] = {
        "program": lambda: program.name,
        "url": reverse("training:my-trainings"),
    }
    if expires:
        context["expires_at"] = lambda: timezone.localtime(expires).strftime("%Y-%m-%d %H:%M")
    notify_later(user_id=enrolment.participant_id, code=code, context=context)


def _enrol(*, program: Program, participant: Any, by: Any, source: str) -> Enrolment:
    _check_enrolment_open(program)
    organization = participant.organization
    quota = quota_for(program=program, organization=organization)
    if program.quota_only and quota is None:
        raise ValidationFailed("training.no_quota", ERR_NO_QUOTA, fields={"participant": [ERR_NO_QUOTA]})
    if Enrolment.objects.filter(program=program, participant=participant, status__in=ACTIVE).exists():
        raise Conflict("training.already_enrolled", ERR_ALREADY)
    seat_status = S.PENDING if program.requires_approval else S.CONFIRMED
    fields = {
        "program": program,
        "participant": participant,
        "organization": organization,
        "quota": quota,
        "source": source,
        "nominated_by": by if source == Enrolment.Source.NOMINATION else None,
    }
    try:
        with audit_deferred():
            enrolment = _claim_or_wait(program=program, quota=quota, seat_status=seat_status, fields=fields, by=by)
    except IntegrityError:
        if Enrolment.objects.filter(program=program, participant=participant, status__in=ACTIVE).exists():
            raise Conflict("training.already_enrolled", ERR_ALREADY)
        raise
    enrolment.program = program
    _notify_status(enrolment)
    return enrolment


def _claim_or_wait(*, program: Program, quota: Quota | None, seat_status: str, fields: dict, by: Any) -> Enrolment:
    """A seat (program first, then the organization's quota), else a place on the waitlist.
    Runs inside the caller's transaction."""
    try:
        with transaction.atomic():
            got_seat = Program.objects.filter(pk=program.pk, seats_taken__lt=F("capacity")).update(
                seats_taken=F("seats_taken") + 1
            )
            if got_seat and quota is not None:
                claimed = Quota.objects.filter(pk=quota.pk, seats_taken__lt=F("seats")).update(
                    seats_taken=F("seats_taken") + 1
                )
                if not claimed:
                    raise _QuotaFull  # rolls the program's seat back with this block
            if got_seat:
                now = timezone.now()
                enrolment = Enrolment.objects.create(
                    status=seat_status, confirmed_at=now if seat_status == S.CONFIRMED else None, **fields
                )
            else:
                if not program.waitlist_enabled:
                    raise Conflict("training.full", ERR_FULL)
                enrolment = Enrolment.objects.create(status=S.WAITLISTED, **fields)
            _audit_created(enrolment, by)
    except _QuotaFull:
        if not program.waitlist_enabled:
            raise Conflict("training.quota_full", ERR_QUOTA_FULL)
        enrolment = Enrolment.objects.create(status=S.WAITLISTED, **fields)
        _audit_created(enrolment, by)
    _recheck_open(program)
    return enrolment


def _recheck_open(program: Program) -> None:
    """The state was checked before the claim; a program closed, completed or cancelled while
    this registration waited for the program row must not gain an enrolment. Program
    transitions lock the row ``FOR UPDATE``, which the insert's foreign-key check waits for,
    so this fresh read sees their outcome (see ``services.programs.program_transition``)."""
    state = Program.objects.filter(pk=program.pk).values_list("case__state", flat=True).first()
    if state != ProgramState.OPEN:
        raise Conflict("training.enrolment_closed", ERR_NOT_OPEN)


def _audit_created(enrolment: Enrolment, by: Any) -> None:
    audit_record(
        actor=by,
        action="training.enrolment.created",
        obj=enrolment,
        new={"status": enrolment.status, "program": enrolment.program_id, "source": enrolment.source},
    )


def enrolment_self_register(*, program: Program, user: Any) -> Enrolment:
    """``user`` registers for ``program``: a seat (confirmed, or pending approval), or a
    place on the waitlist when the program or the organization's quota is full."""
    if Role.PARTICIPANT not in user.role_names:
        raise ValidationFailed("training.not_participant", ERR_NOT_PARTICIPANT)
    if not program.self_registration:
        raise Conflict("training.self_registration_closed", ERR_SELF_CLOSED)
    return _enrol(program=program, participant=user, by=user, source=Enrolment.Source.SELF)


def enrolment_nominate(*, program: Program, participant: Any, by: Any) -> Enrolment:
    """A liaison officer enrols a member of their organization (or one below it)."""
    if not program.nomination:
        raise Conflict("training.nomination_closed", ERR_NOMINATION_CLOSED)
    if by.organization_id is None:
        raise ValidationFailed("training.no_organization", ERR_NO_ORG)
    if not in_subtree(participant.organization, by.organization):
        raise ValidationFailed(
            "training.outside_organization", ERR_OUTSIDE_ORG, fields={"participant": [ERR_OUTSIDE_ORG]}
        )
    return _enrol(program=program, participant=participant, by=by, source=Enrolment.Source.NOMINATION)


# --- moves -------------------------------------------------------------------------------


def _move(*, enrolment: Enrolment, name: str, by: Any, note: str = "", system: bool = False) -> Enrolment:
    move = ENROLMENT_MOVES[name]
    with audit_deferred():
        _lock_program(enrolment.program_id)
        locked = Enrolment.objects.select_for_update(of=("self",)).select_related("program__case").get(pk=enrolment.pk)
        if locked.status not in move.source:
            raise Conflict("training.enrolment_move", ERR_MOVE % {"status": locked.get_status_display()})
        old = locked.status
        held = locked.holds_seat
        now = timezone.now()
        if move.target is None:  # accepting an offer
            if locked.offer_expires_at and locked.offer_expires_at <= now:
                raise Conflict("training.offer_lapsed", ERR_OFFER_LAPSED)
            target = S.PENDING if locked.program.requires_approval else S.CONFIRMED
        else:
            target = move.target
        locked.status = target
        locked.note = note[:300] if note else locked.note
        if target == S.CONFIRMED:
            locked.confirmed_at = now
        if target != S.OFFERED:
            locked.offer_expires_at = None
        locked.save(update_fields=["status", "note", "confirmed_at", "offer_expires_at", "updated_at"])
        audit_record(
            actor=None if system else by,
            action=f"training.enrolment.{name}",
            obj=locked,
            old={"status": old},
            new={"status": target},
        )
        if move.releases_seat and held:
            _seat_release(enrolment=locked, by=by)
        _notify_status(locked)
    enrolment.status = locked.status
    enrolment.confirmed_at = locked.confirmed_at
    enrolment.offer_expires_at = locked.offer_expires_at
    enrolment.note = locked.note
    return enrolment


def _seat_release(*, enrolment: Enrolment, by: Any) -> Enrolment | None:
    """Give the seat ``enrolment`` held to the next eligible person on the waitlist, or back
    to the pool. Runs inside the caller's transaction; locks the program row so promotions
    happen one at a time."""
    program = _lock_program(enrolment.program_id)
    program.case = enrolment.program.case
    if enrolment.quota_id:
        Quota.objects.filter(pk=enrolment.quota_id, seats_taken__gt=0).update(seats_taken=F("seats_taken") - 1)
    offered = _offer_next(program=program, by=by)
    if offered is None:
        Program.objects.filter(pk=program.pk, seats_taken__gt=0).update(seats_taken=F("seats_taken") - 1)
    return offered


def _waitlist_moving(program: Program) -> bool:
    return program.waitlist_enabled and program.case.state in (ProgramState.OPEN, ProgramState.CLOSED)


def _offer_next(*, program: Program, by: Any) -> Enrolment | None:
    """Turn the first waitlisted enrolment whose organization still has quota into an offer
    holding the seat the caller owns. The program row must be locked by the caller."""
    if not _waitlist_moving(program):
        return None
    queue = Enrolment.objects.filter(program=program, status=S.WAITLISTED).order_by("created_at", "pk")
    for candidate_id in queue.values_list("pk", flat=True)[:500]:
        candidate = Enrolment.objects.select_for_update().filter(pk=candidate_id, status=S.WAITLISTED).first()
        if candidate is None:  # withdrew a moment ago
            continue
        if candidate.quota_id:
            claimed = Quota.objects.filter(pk=candidate.quota_id, seats_taken__lt=F("seats")).update(
                seats_taken=F("seats_taken") + 1
            )
            if not claimed:
                continue
        candidate.status = S.OFFERED
        candidate.offer_expires_at = timezone.now() + timedelta(hours=program.offer_hours)
        candidate.save(update_fields=["status", "offer_expires_at", "updated_at"])
        candidate.program = program
        audit_record(
            actor=None,
            action="training.enrolment.offer",
            obj=candidate,
            old={"status": S.WAITLISTED},
            new={"status": S.OFFERED, "expires": candidate.offer_expires_at.isoformat()},
        )
        _notify_status(candidate)
        return candidate
    return None


def waitlist_promote(*, program: Program, by: Any = None) -> int:
    """Offer every free seat to the waitlist (after the capacity or a quota grew). Returns
    the number of offers made."""
    made = 0
    with audit_deferred():
        locked = _lock_program(program.pk, with_case=True)
        while locked.seats_taken + made < locked.capacity:
            if not Program.objects.filter(pk=locked.pk, seats_taken__lt=F("capacity")).update(
                seats_taken=F("seats_taken") + 1
            ):
                break
            if _offer_next(program=locked, by=by) is None:
                Program.objects.filter(pk=locked.pk).update(seats_taken=F("seats_taken") - 1)
                break
            made += 1
    return made


def _may_cancel(user: Any, enrolment: Enrolment) -> bool:
    if enrolment.participant_id == getattr(user, "pk", None):
        return True
    if Role.LIAISON in user.role_names and in_subtree(enrolment.organization, user.organization):
        return True
    return can_manage(user, enrolment.program)


def enrolment_cancel(*, enrolment: Enrolment, by: Any, reason: str = "") -> Enrolment:
    """The participant, their liaison officer or the organizer withdraws the enrolment. The
    seat goes to the next person on the waitlist."""
    if not _may_cancel(by, enrolment):
        raise NotFound("training.not_found")
    if enrolment.program.case.state in (ProgramState.COMPLETED, ProgramState.CANCELLED):
        raise Conflict("training.program_over", ERR_PROGRAM_OVER)
    return _move(enrolment=enrolment, name="cancel", by=by, note=reason.strip())


def enrolment_approve(*, enrolment: Enrolment, by: Any) -> Enrolment:
    if not can_manage(by, enrolment.program):
        raise NotFound("training.not_found")
    return _move(enrolment=enrolment, name="approve", by=by)


def enrolment_reject(*, enrolment: Enrolment, by: Any, reason: str) -> Enrolment:
    if not can_manage(by, enrolment.program):
        raise NotFound("training.not_found")
    if not reason.strip():
        raise ValidationFailed("training.reason_required", ERR_REASON, fields={"reason": [ERR_REASON]})
    return _move(enrolment=enrolment, name="reject", by=by, note=reason.strip())


def _own(enrolment: Enrolment, by: Any) -> None:
    if enrolment.participant_id != getattr(by, "pk", None):
        raise NotFound("training.not_found")


def enrolment_accept_offer(*, enrolment: Enrolment, by: Any) -> Enrolment:
    """Take the seat offered from the waitlist (before the offer expires)."""
    _own(enrolment, by)
    return _move(enrolment=enrolment, name="accept", by=by)


def enrolment_decline_offer(*, enrolment: Enrolment, by: Any) -> Enrolment:
    _own(enrolment, by)
    return _move(enrolment=enrolment, name="decline", by=by)


def offers_expire(*, now=None) -> int:
    """Expire the offers whose time is up; each freed seat is offered to the next person."""
    now = now or timezone.now()
    expired = 0
    due = Enrolment.objects.filter(status=S.OFFERED, offer_expires_at__lte=now).order_by("offer_expires_at", "pk")
    for enrolment in due[:1000]:
        try:
            _move(enrolment=enrolment, name="expire", by=None, system=True)
            expired += 1
        except Conflict:  # accepted or cancelled in the meantime
            continue
    return expired


def offers_withdraw(*, program: Program) -> int:
    """The program is completed: open offers lapse (their seats are no longer of use)."""
    withdrawn = 0
    for enrolment in Enrolment.objects.filter(program=program, status=S.OFFERED):
        _move(enrolment=enrolment, name="expire", by=None, system=True)
        withdrawn += 1
    return withdrawn


def enrolments_cancel_all(*, program: Program, by: Any) -> int:
    """The program was cancelled: every active enrolment ends and every seat is freed."""
    with audit_deferred():
        _lock_program(program.pk)
        active = list(Enrolment.objects.filter(program=program, status__in=ACTIVE).values_list("pk", "participant_id"))
        Enrolment.objects.filter(pk__in=[pk for pk, _p in active]).update(
            status=S.CANCELLED, offer_expires_at=None, updated_at=timezone.now()
        )
        Program.objects.filter(pk=program.pk).update(seats_taken=0)
        Quota.objects.filter(program=program).update(seats_taken=0)
        audit_record(
            actor=by, action="training.enrolment.cancelled_with_program", obj=program, data={"count": len(active)}
        )
        for _pk, participant_id in active:
            notify_later(
                user_id=participant_id,
                code="training.program_cancelled",
                context={"program": lambda: program.name, "url": reverse("training:my-trainings")},
            )
    return len(active)


# --- capacity and quotas -----------------------------------------------------------------


def program_set_capacity(*, program: Program, capacity: int, by: Any) -> Program:
    """Change the number of seats. It cannot drop below the seats already taken; new seats
    are offered to the waitlist straight away."""
    with audit_deferred():
        locked = _lock_program(program.pk)
        if capacity < locked.seats_taken:
            message = ERR_CAPACITY_BELOW_TAKEN % {"taken": locked.seats_taken}
            raise ValidationFailed("training.capacity_below_taken", message, fields={"capacity": [message]})
        old = locked.capacity
        Program.objects.filter(pk=locked.pk).update(capacity=capacity)
        audit_record(
            actor=by, action="training.program.capacity", obj=locked, old={"capacity": old}, new={"capacity": capacity}
        )
    program.capacity = capacity
    if capacity > old:
        waitlist_promote(program=program, by=by)
    program.refresh_from_db(fields=["capacity", "seats_taken"])
    return program


def quota_set(*, program: Program, organization: Any, seats: int, by: Any) -> Quota:
    """Limit ``organization`` and the organizations below it to ``seats`` seats (a ceiling,
    see ``Quota``). A larger quota offers seats to that organization's waitlisted people."""
    if seats < 1:
        raise ValidationFailed("training.quota_positive", ERR_QUOTA_POSITIVE, fields={"seats": [ERR_QUOTA_POSITIVE]})
    with audit_deferred():
        _lock_program(program.pk)
        quota, created = Quota.objects.select_for_update().get_or_create(
            program=program, organization=organization, defaults={"seats": seats}
        )
        old = None if created else quota.seats
        if not created:
            if seats < quota.seats_taken:
                message = ERR_QUOTA_BELOW_TAKEN % {"taken": quota.seats_taken}
                raise ValidationFailed("training.quota_below_taken", message, fields={"seats": [message]})
            quota.seats = seats
            quota.save(update_fields=["seats"])
        audit_record(
            actor=by,
            action="training.quota.set",
            obj=quota,
            old={"seats": old},
            new={"seats": seats, "org": organization.pk},
        )
    if old is None or seats > old:
        waitlist_promote(program=program, by=by)
    return quota


def quota_delete(*, quota: Quota, by: Any) -> None:
    """Remove a quota. Enrolments that counted against it keep their seats."""
    with audit_deferred():
        _lock_program(quota.program_id)
        audit_record(actor=by, action="training.quota.deleted", obj=quota, old={"seats": quota.seats})
        quota.delete()
