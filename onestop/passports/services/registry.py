"""The registry: entering a passport, the declared status moves, loss reports, expiry.

``passport_move`` is the only code that changes ``Passport.status``: it checks the move
against ``ALLOWED_MOVES``, changes the row with a conditional UPDATE (so two officers
acting at once cannot both move it), writes the custody history line and the audit event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onestop.cases.audit import audit_record
from onestop.core import crypto
from onestop.core.errors import Conflict, ValidationFailed
from onestop.dossier.validators import ERR_MRZ_LINES, MrzData, mrz_parse, normalize_identifier

from ..models import (
    ALLOWED_MOVES,
    MRZ_CODE_TYPES,
    CustodyEvent,
    LossReport,
    Passport,
    PassportStatus,
    PassportType,
    Reservation,
)

ERR_MOVE = _("A passport cannot go from “%(old)s” to “%(new)s”.")
ERR_MOVED_MEANWHILE = _("The passport was changed by someone else a moment ago; reload and try again.")
ERR_NUMBER_OR_MRZ = _("Enter the passport number or the two lines of its machine-readable zone.")
ERR_NUMBER_FORMAT = _("A passport number has 5 to 9 letters and digits.")
ERR_NUMBER_NOT_MRZ = _("The number you typed differs from the number in the machine-readable zone.")
ERR_DUPLICATE = _("This passport number is already in the registry.")
ERR_TYPE = _("Choose the passport type: diplomatic, service or ordinary for public affairs.")
ERR_TYPE_MRZ = _("The machine-readable zone says this is a %(found)s, not a %(chosen)s.")
ERR_EXPIRY_REQUIRED = _("Enter the expiry date.")
ERR_EXPIRY_BEFORE_ISSUE = _("The expiry date must come after the issue date.")
ERR_EXPIRED = _("This passport expired on %(date)s; an expired passport is not entered in custody.")
ERR_BIRTH_MISMATCH = _("The date of birth in the machine-readable zone differs from the holder's date of birth.")
ERR_NO_ORGANIZATION = _("The holder belongs to no organization; record their organization in the dossier first.")
ERR_HOLDER_NOT_PUBLIC = _("The holder is not in public service; public-affairs passports are for public servants.")
ERR_LOST_KIND = _("Choose lost or stolen.")
ERR_LOST_PLACE = _("Say where the passport was lost or stolen.")
ERR_LOST_DATE = _("The date of the loss cannot be in the future.")
ERR_ALREADY_FINAL = _("This passport is no longer in the registry's custody (%(status)s).")

VERB_FOR_STATUS = {
    PassportStatus.RESERVED: CustodyEvent.Verb.RESERVED,
    PassportStatus.CHECKED_OUT: CustodyEvent.Verb.CHECKED_OUT,
    PassportStatus.OVERDUE: CustodyEvent.Verb.OVERDUE,
    PassportStatus.HANDED_OVER: CustodyEvent.Verb.HANDED_OVER,
    PassportStatus.CANCELLED: CustodyEvent.Verb.CANCELLED,
    PassportStatus.EXPIRED: CustodyEvent.Verb.EXPIRED,
    PassportStatus.LOST: CustodyEvent.Verb.LOST,
}


def _label(status: str) -> str:
    try:
        return str(PassportStatus(status).label)
    except ValueError:
        return status


ERR_NOT_OFFICER = _("Only a passport officer may do this.")


def require_officer(by: Any) -> None:
    """Registry work is the passport office's: a user without the role is refused (the
    system, ``by`` None, may)."""
    from onestop.cases.services import NotPermitted

    from ..access import OFFICER_ROLES

    if by is None:
        return
    if not (getattr(by, "is_authenticated", False) and by.role_names & OFFICER_ROLES):
        raise NotPermitted("passports.not_officer", ERR_NOT_OFFICER)


def _actor(by: Any):
    return by if getattr(by, "pk", None) else None


def move_allowed(old: str, new: str) -> bool:
    return new in ALLOWED_MOVES.get(old, frozenset())


def passport_move(
    *,
    passport: Passport,
    to: str,
    by: Any,
    verb: str | None = None,
    reservation: Reservation | None = None,
    note: str = "",
    data: dict | None = None,
) -> Passport:
    """Move ``passport`` to status ``to`` along a declared move, atomically and audited."""
    old = passport.status
    if not move_allowed(old, to):
        raise Conflict("passports.status_move", ERR_MOVE % {"old": _label(old), "new": _label(to)})
    with transaction.atomic():
        changed = Passport.objects.filter(pk=passport.pk, status=old).update(status=to, updated_at=timezone.now())
        if not changed:
            raise Conflict("passports.changed_meanwhile", ERR_MOVED_MEANWHILE)
        verb = verb or VERB_FOR_STATUS.get(to, CustodyEvent.Verb.RETURNED)
        CustodyEvent.objects.create(
            passport=passport,
            actor=_actor(by),
            verb=verb,
            old_status=old,
            new_status=to,
            reservation=reservation,
            custodian_id=passport.custodian_id,
            note=note[:500],
        )
        audit_record(
            actor=by,
            action=f"passports.passport.{verb}",
            obj=passport,
            old={"status": old},
            new={"status": to},
            data={"number": passport.number_masked, **(data or {})},
        )
    passport.status = to
    passport._loaded_status = to
    return passport


# --- reading what was typed or scanned -------------------------------------------------


@dataclass(frozen=True)
class ScanInput:
    number: str
    mrz: MrzData | None


def scan_parse(*, text: str, field: str = "code") -> ScanInput:
    """One input accepting the two MRZ lines (with or without a line break between them,
    as scanners send them) or the passport number. The MRZ is checked with its check digits."""
    raw = (text or "").strip().upper()
    lines = [line.strip().replace(" ", "") for line in raw.replace("\r", "\n").split("\n") if line.strip()]
    if not lines:
        raise ValidationFailed("passports.scan_empty", ERR_NUMBER_OR_MRZ, fields={field: [ERR_NUMBER_OR_MRZ]})
    joined = "".join(lines)
    if len(lines) == 1 and len(joined) == 88:
        lines = [joined[:44], joined[44:]]
    if len(lines) >= 2 or len(joined) > 20 or "<" in joined:
        if len(lines) != 2:
            raise ValidationFailed("dossier.mrz.lines", ERR_MRZ_LINES, fields={field: [ERR_MRZ_LINES]})
        data = mrz_parse(lines, field=field)
        return ScanInput(number=data.number, mrz=data)
    number = normalize_identifier(joined)
    if not (5 <= len(number) <= 9 and number.isalnum()):
        raise ValidationFailed("passports.number_format", ERR_NUMBER_FORMAT, fields={field: [ERR_NUMBER_FORMAT]})
    return ScanInput(number=number, mrz=None)


# --- entering a passport ----------------------------------------------------------------


def _fao_organization():
    from onestop.accounts.models import Organization

    return Organization.objects.filter(kind=Organization.Kind.FAO, is_active=True).order_by("pk").first()


def default_custodian(*, organization: Any):
    """Where a new booklet is kept, as the policy says: the FAO, else the organization."""
    from ..policies import passport_policy

    if passport_policy().custody_at_fao:
        return _fao_organization() or organization
    return organization


def _invalid(code: str, message: Any, field: str) -> ValidationFailed:
    return ValidationFailed(code, message, fields={field: [message]})


def passport_register(
    *,
    holder: Any,
    by: Any,
    type: str = "",
    number: str = "",
    mrz: Any = None,
    issued_on: date | None = None,
    expires_on: date | None = None,
    custodian: Any = None,
    storage_place: str = "",
    issuing_state: str = "CHN",
) -> Passport:
    """Enter a public-affairs passport in custody, by its number or its two MRZ lines.

    The MRZ is checked (ICAO 9303 check digits) and gives the number, the expiry date and,
    for PD/PS booklets, the type; its birth date must match the holder's. The number is
    stored encrypted with a keyed hash; a number already in the registry is refused.
    """
    require_officer(by)
    today = timezone.localdate()
    if holder.organization_id is None:
        raise _invalid("passports.holder_organization", ERR_NO_ORGANIZATION, "holder")
    if not holder.in_public_service:
        raise _invalid("passports.holder_not_public", ERR_HOLDER_NOT_PUBLIC, "holder")
    typed = normalize_identifier(number)
    mrz_lines: tuple[str, str] | None = None
    has_mrz = bool(mrz) and (not isinstance(mrz, list | tuple) or any(str(x or "").strip() for x in mrz))
    if has_mrz:
        data = mrz_parse(mrz, today=today)
        if typed and typed != data.number:
            raise _invalid("passports.number_differs", ERR_NUMBER_NOT_MRZ, "number")
        if holder.birth_date and holder.birth_date != data.birth_date:
            raise _invalid("passports.birth_mismatch", ERR_BIRTH_MISMATCH, "mrz")
        found_type = MRZ_CODE_TYPES.get(data.document_code)
        if type and found_type and type != found_type:
            message = ERR_TYPE_MRZ % {"found": PassportType(found_type).label, "chosen": PassportType(type).label}
            raise _invalid("passports.type_mismatch", message, "type")
        type = type or found_type or ""
        typed, expires_on, issuing_state = data.number, data.expiry_date, data.issuing_state
        mrz_lines = data.lines
    else:
        if not typed:
            raise _invalid("passports.number_required", ERR_NUMBER_OR_MRZ, "number")
        if not (5 <= len(typed) <= 9 and typed.isalnum()):
            raise _invalid("passports.number_format", ERR_NUMBER_FORMAT, "number")
    if type not in PassportType.values:
        raise _invalid("passports.type", ERR_TYPE, "type")
    if expires_on is None:
        raise _invalid("passports.expiry_required", ERR_EXPIRY_REQUIRED, "expires_on")
    if issued_on and expires_on <= issued_on:
        raise _invalid("passports.dates", ERR_EXPIRY_BEFORE_ISSUE, "expires_on")
    if expires_on < today:
        raise _invalid(
            "passports.expired", ERR_EXPIRED % {"date": expires_on.isoformat()}, "mrz" if mrz_lines else "expires_on"
        )
    passport = Passport(
        holder=holder,
        type=type,
        issuing_state=(issuing_state or "CHN")[:3],
        issued_on=issued_on,
        expires_on=expires_on,
        organization_id=holder.organization_id,
        custodian=custodian or default_custodian(organization=holder.organization),
        storage_place=(storage_place or "").strip()[:100],
    )
    passport.set_number(typed)
    if mrz_lines:
        passport.mrz_encrypted = crypto.encrypt("\n".join(mrz_lines))
    if Passport.objects.filter(number_hash=passport.number_hash).exists():
        raise Conflict("passports.duplicate", ERR_DUPLICATE, fields={"number": [ERR_DUPLICATE]})
    try:
        with transaction.atomic():
            passport.save()
            CustodyEvent.objects.create(
                passport=passport,
                actor=_actor(by),
                verb=CustodyEvent.Verb.REGISTERED,
                new_status=passport.status,
                custodian=passport.custodian,
                note=passport.storage_place,
            )
            audit_record(
                actor=by,
                action="passports.passport.registered",
                obj=passport,
                new={"status": passport.status, "type": passport.type, "holder_id": holder.pk},
                data={
                    "number": passport.number_masked,
                    "by_mrz": bool(mrz_lines),
                    "custodian_id": passport.custodian_id,
                },
            )
    except IntegrityError:
        raise Conflict("passports.duplicate", ERR_DUPLICATE, fields={"number": [ERR_DUPLICATE]})
    return passport


# --- loss, expiry -------------------------------------------------------------------------


def passport_report_lost(
    *, passport: Passport, by: Any, kind: str, place: str, occurred_on: date, note: str = ""
) -> LossReport:
    """Record a lost or stolen passport: status "lost", its live reservations ended, the
    report kept, the passport office and the organization's liaison officers told."""
    from ..trips_link import trip_passports_changed
    from .notices import notify_loss

    if kind not in LossReport.Kind.values:
        raise _invalid("passports.lost_kind", ERR_LOST_KIND, "kind")
    if not (place or "").strip():
        raise _invalid("passports.lost_place", ERR_LOST_PLACE, "place")
    if occurred_on > timezone.localdate():
        raise _invalid("passports.lost_date", ERR_LOST_DATE, "occurred_on")
    with transaction.atomic():
        locked = Passport.objects.select_for_update().get(pk=passport.pk)
        if locked.is_final:
            raise Conflict("passports.final", ERR_ALREADY_FINAL % {"status": locked.get_status_display()})
        report = LossReport.objects.create(
            passport=locked,
            kind=kind,
            place=place.strip()[:200],
            occurred_on=occurred_on,
            note=(note or "").strip()[:1000],
            reported_by=_actor(by),
        )
        now = timezone.now()
        for reservation in locked.reservations.filter(
            status__in=[Reservation.Status.ACTIVE, Reservation.Status.CHECKED_OUT]
        ):
            reservation.status = Reservation.Status.LOST
            reservation.released_at = now
            reservation.save(update_fields=["status", "released_at"])
            trip_passports_changed(case_id=reservation.trip_case_id)
        passport_move(passport=locked, to=PassportStatus.LOST, by=by, note=kind, data={"kind": kind})
        notify_loss(passport=locked, kind=kind)
    passport.status = locked.status
    passport._loaded_status = locked.status
    return report


def passports_expire(*, today: date | None = None) -> int:
    """Mark passports in custody whose expiry date has passed as expired."""
    today = today or timezone.localdate()
    count = 0
    for passport in Passport.objects.filter(status=PassportStatus.IN_CUSTODY, expires_on__lt=today).iterator():
        try:
            passport_move(passport=passport, to=PassportStatus.EXPIRED, by=None)
            count += 1
        except Conflict:
            continue  # moved by someone else meanwhile; the next scan looks again
    return count
