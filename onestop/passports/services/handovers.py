"""Job changes and passport handovers.

When a person moves to another organization or leaves public service, every passport
they hold in the registry gets a handover: a transfer to the new organization's custodian
or a cancellation. It stays on the handover page until a passport officer completes it;
the passport cannot be reserved meanwhile. Completion is audited.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onestop.cases.audit import audit_record
from onestop.cases.services import NotPermitted
from onestop.core.errors import Conflict, NotFound, ValidationFailed

from ..access import JOB_CHANGE_ROLES
from ..models import AWAY_STATUSES, FINAL_STATUSES, CustodyEvent, Handover, Passport, PassportStatus, Reservation
from .registry import _actor, passport_move, require_officer

ERR_NOT_PERMITTED = _("You may not record job changes.")
ERR_CHOOSE = _("Give the new organization, or say that the person leaves public service — not both.")
ERR_SAME_ORGANIZATION = _("The person already belongs to this organization.")
ERR_OUTCOME = _("Choose transfer, hand-over or cancellation.")
ERR_TRANSFER_TARGET = _("A transfer needs the new organization; this person left public service.")
ERR_RECEIVER = _("Name who receives the passport outside this registry.")
ERR_COMPLETED = _("This handover is already completed.")
ERR_AWAY = _("Passport %(number)s is checked out; it can be handed over once it is returned.")


def person_change_job(
    *, person: Any, by: Any, new_organization: Any = None, leaves_public_service: bool = False
) -> list[Handover]:
    """Move ``person`` to ``new_organization`` or out of public service through the dossier's
    ``person_update`` (which checks what ``by`` may do, audits it and announces the move:
    ``on_person_moved`` raises the handovers in the same transaction, ADR 0125). Returns the
    pending handovers of the passports the person holds."""
    from onestop.dossier.services import person_update

    if by is not None and not (getattr(by, "is_authenticated", False) and by.role_names & JOB_CHANGE_ROLES):
        raise NotPermitted("passports.job_change_not_permitted", ERR_NOT_PERMITTED)
    from onestop.dossier.selectors import person_is_visible

    if by is not None and not person_is_visible(user=by, person=person):
        raise NotFound("passports.person_not_found")
    if bool(new_organization) == bool(leaves_public_service):
        raise ValidationFailed("passports.job_change_choice", ERR_CHOOSE, fields={"new_organization": [ERR_CHOOSE]})
    if new_organization is not None and new_organization.pk == person.organization_id and person.in_public_service:
        raise ValidationFailed(
            "passports.same_organization", ERR_SAME_ORGANIZATION, fields={"new_organization": [ERR_SAME_ORGANIZATION]}
        )
    with transaction.atomic():
        if leaves_public_service:
            person_update(person=person, by=by, in_public_service=False)
        else:
            person_update(person=person, by=by, organization=new_organization, in_public_service=True)
        return list(
            Handover.objects.filter(passport__holder=person, status=Handover.Status.PENDING)
            .exclude(passport__status__in=list(FINAL_STATUSES))
            .select_related("passport", "person", "from_organization", "to_organization")
            .order_by("passport_id")
        )


def on_person_moved(event: Any) -> list[Handover]:
    """Subscriber to the dossier's ``PersonMoved`` (ADR 0125), whichever page, API, admin form
    or service moved the person: leaving public service raises a cancellation, another
    organization while in public service a transfer, of each passport the person holds. Any
    other change of the flag (coming back into public service in the same organization)
    raises nothing. Runs inside the dossier's transaction; a failure undoes the move."""
    left = event.was_in_public_service and not event.in_public_service
    moved = event.in_public_service and event.old_organization_id != event.new_organization_id
    if not (left or moved):
        return []
    return handovers_raise(person=event.person, by=event.by, old_organization=event.old_organization)


def handovers_raise(*, person: Any, by: Any, old_organization: Any) -> list[Handover]:
    """Raise (or bring up to date) a handover for each passport ``person`` holds in the
    registry after they moved from ``old_organization``: a transfer to their new
    organization, or a cancellation when they left public service. Each is audited and the
    passport officers are told."""
    leaves_public_service = not person.in_public_service
    outcome = Handover.Outcome.CANCEL if leaves_public_service else Handover.Outcome.TRANSFER
    new_organization = None if leaves_public_service else person.organization
    raised: list[Handover] = []
    with transaction.atomic():
        held = Passport.objects.select_for_update().filter(holder=person).exclude(status__in=list(FINAL_STATUSES))
        for passport in held:
            handover = Handover.objects.filter(passport=passport, status=Handover.Status.PENDING).first()
            if handover is None:
                handover = Handover(
                    passport=passport, person=person, from_organization=old_organization, raised_by=_actor(by)
                )
            handover.to_organization = new_organization
            handover.proposed_outcome = outcome
            handover.save()
            raised.append(handover)
            audit_record(
                actor=by,
                action="passports.handover.raised",
                obj=handover,
                new={"proposed_outcome": outcome, "to_organization_id": handover.to_organization_id},
                data={
                    "number": passport.number_masked,
                    "person_id": person.pk,
                    "from_organization_id": getattr(old_organization, "pk", None),
                },
            )
            from .notices import notify_handover

            notify_handover(handover=handover)
    return raised


def handover_complete(
    *, handover: Handover, by: Any, outcome: str | None = None, receiver: str = "", note: str = ""
) -> Handover:
    """Complete the handover. ``transfer``: the passport follows the person to the new
    organization (kept by the FAO when it was, else by the new organization); ``hand_over``:
    it leaves the registry to a named receiver; ``cancel``: it is cancelled. Reservations not
    yet taken out are released; a booklet that is out must come back first."""
    from .custody import reservation_release

    require_officer(by)
    outcome = outcome or handover.proposed_outcome
    if outcome not in Handover.Outcome.values:
        raise ValidationFailed("passports.handover_outcome", ERR_OUTCOME, fields={"outcome": [ERR_OUTCOME]})
    receiver = (receiver or "").strip()[:200]
    with transaction.atomic():
        locked = (
            Handover.objects.select_for_update(of=("self",))
            .select_related("passport", "to_organization")
            .get(pk=handover.pk)
        )
        if locked.status != Handover.Status.PENDING:
            raise Conflict("passports.handover_completed", ERR_COMPLETED)
        if outcome == Handover.Outcome.TRANSFER and locked.to_organization is None:
            raise ValidationFailed(
                "passports.handover_target", ERR_TRANSFER_TARGET, fields={"outcome": [ERR_TRANSFER_TARGET]}
            )
        if outcome == Handover.Outcome.HAND_OVER and not receiver:
            raise ValidationFailed("passports.handover_receiver", ERR_RECEIVER, fields={"receiver": [ERR_RECEIVER]})
        passport = Passport.objects.select_for_update().get(pk=locked.passport_id)
        if passport.status in AWAY_STATUSES:
            raise Conflict("passports.handover_away", ERR_AWAY % {"number": passport.number_masked})
        for reservation in passport.reservations.filter(status=Reservation.Status.ACTIVE):
            reservation_release(reservation=reservation, by=by, note=str(locked.pk))
        passport.refresh_from_db()
        old = {
            "status": passport.status,
            "organization_id": passport.organization_id,
            "custodian_id": passport.custodian_id,
        }
        if outcome == Handover.Outcome.TRANSFER:
            _transfer(passport, locked, by)
        elif outcome == Handover.Outcome.HAND_OVER:
            passport_move(
                passport=passport, to=PassportStatus.HANDED_OVER, by=by, note=receiver, data={"handover_id": locked.pk}
            )
        else:
            passport_move(
                passport=passport, to=PassportStatus.CANCELLED, by=by, note=note, data={"handover_id": locked.pk}
            )
        locked.outcome = outcome
        locked.status = Handover.Status.COMPLETED
        locked.receiver = receiver
        locked.note = (note or "").strip()[:500]
        locked.completed_by = _actor(by)
        locked.completed_at = timezone.now()
        locked.save()
        audit_record(
            actor=by,
            action="passports.handover.completed",
            obj=locked,
            old=old,
            new={
                "status": passport.status,
                "organization_id": passport.organization_id,
                "custodian_id": passport.custodian_id,
                "outcome": outcome,
            },
            data={"number": passport.number_masked},
        )
    for name in ("outcome", "status", "receiver", "note", "completed_by", "completed_at"):
        setattr(handover, name, getattr(locked, name))
    return handover


def _transfer(passport: Passport, handover: Handover, by: Any) -> None:
    """Same status, new organization; the custodian follows unless the FAO keeps it."""
    from onestop.accounts.models import Organization

    new_org = handover.to_organization
    custodian = passport.custodian if passport.custodian.kind == Organization.Kind.FAO else new_org
    Passport.objects.filter(pk=passport.pk).update(organization=new_org, custodian=custodian, updated_at=timezone.now())
    passport.organization, passport.custodian = new_org, custodian
    CustodyEvent.objects.create(
        passport=passport,
        actor=_actor(by),
        verb=CustodyEvent.Verb.TRANSFERRED,
        old_status=passport.status,
        new_status=passport.status,
        custodian=custodian,
        note=new_org.name[:500],
    )
