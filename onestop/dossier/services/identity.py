"""Identity documents: added by number or by passport MRZ, found by keyed hash, revealed
only with a permission and an audit event."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onestop.cases.audit import audit_record
from onestop.cases.services import NotPermitted
from onestop.core import crypto
from onestop.core.errors import Conflict, ValidationFailed

from ..access import REVEAL_ROLES
from ..models import IdentityDocument, Person
from ..validators import MrzInvalid, mrz_parse, normalize_identifier, resident_id_validate

ERR_KIND = _("Choose whether this is a resident identity card or a passport.")
ERR_NUMBER_REQUIRED = _("Enter the document number.")
ERR_NUMBER_OR_MRZ = _("Enter the passport number or the two lines of its machine-readable zone.")
ERR_PASSPORT_NUMBER = _("A passport number has 5 to 9 letters and digits.")
ERR_NUMBER_NOT_MRZ = _("The number you typed (%(typed)s) differs from the number in the machine-readable zone.")
ERR_MRZ_ONLY_PASSPORT = _("Only passports have a machine-readable zone here; enter the ID number instead.")
ERR_DUPLICATE = _("This document number is already registered.")
ERR_BIRTH_MISMATCH = _(
    "The date of birth in the document (%(document)s) differs from the person's date of birth (%(person)s)."
)
ERR_EXPIRED = _("This passport expired on %(date)s; enter a valid passport.")
ERR_EXPIRY_BEFORE_ISSUE = _("The expiry date must come after the issue date.")
ERR_COUNTRY = _("Enter the issuing country as a three-letter code, for example CHN.")
ERR_REVEAL_NOT_PERMITTED = _("You may not see identity numbers in full.")


def _field_error(code: str, message, field: str) -> ValidationFailed:
    return ValidationFailed(code, message, fields={field: [message]})


def _check_birth_date(person: Person, found: date, field: str) -> None:
    if person.birth_date and person.birth_date != found:
        raise _field_error(
            "dossier.identity.birth_date_mismatch",
            ERR_BIRTH_MISMATCH % {"document": found.isoformat(), "person": person.birth_date.isoformat()},
            field,
        )


def identity_add(
    *,
    person: Person,
    kind: str,
    by: Any,
    number: str | None = None,
    mrz: Any = None,
    issuing_country: str | None = None,
    passport_type: str | None = None,
    issued_on: date | None = None,
    expires_on: date | None = None,
) -> IdentityDocument:
    """Add a resident ID card (by number) or a passport (by number, or by its two MRZ lines).

    Numbers are checked (GB 11643 / ICAO 9303), stored encrypted with a keyed hash for
    search, and refused when already registered. The MRZ or the ID number also fills the
    person's date of birth, sex and Latin name when those are still empty.
    """
    today = timezone.localdate()
    if kind not in IdentityDocument.Kind.values:
        raise _field_error("dossier.identity.kind", ERR_KIND, "kind")
    typed = normalize_identifier(number or "")
    person_updates: dict[str, Any] = {}
    document = IdentityDocument(person=person, kind=kind, issued_on=issued_on, expires_on=expires_on)
    mrz_lines: tuple[str, str] | None = None

    if kind == IdentityDocument.Kind.RESIDENT_ID:
        if mrz:
            raise _field_error("dossier.identity.mrz_not_applicable", ERR_MRZ_ONLY_PASSPORT, "mrz")
        if not typed:
            raise _field_error("dossier.identity.number_required", ERR_NUMBER_REQUIRED, "number")
        rid = resident_id_validate(typed, field="number", today=today)
        _check_birth_date(person, rid.birth_date, "number")
        clean_number = rid.number
        document.issuing_country = "CHN"
        person_updates = {"birth_date": rid.birth_date, "sex": rid.sex}
    else:
        has_mrz = bool(mrz) and (not isinstance(mrz, list | tuple) or any(str(x or "").strip() for x in mrz))
        if has_mrz:
            data = mrz_parse(mrz, today=today)
            if typed and typed != data.number:
                raise MrzInvalid(
                    "dossier.identity.number_differs", ERR_NUMBER_NOT_MRZ % {"typed": typed}, line=2, field="number"
                )
            try:
                _check_birth_date(person, data.birth_date, "mrz")
            except ValidationFailed as exc:
                raise MrzInvalid(exc.code, exc.message, line=2) from None
            clean_number = data.number
            document.issuing_country = data.issuing_state
            document.passport_type = data.document_code[:2]
            document.expires_on = data.expiry_date
            mrz_lines = data.lines
            person_updates = {"birth_date": data.birth_date, "sex": data.sex, "latin_name": data.latin_name}
        else:
            if not typed:
                raise _field_error("dossier.identity.number_required", ERR_NUMBER_OR_MRZ, "number")
            if not (5 <= len(typed) <= 9 and typed.isalnum()):
                raise _field_error("dossier.identity.passport_number", ERR_PASSPORT_NUMBER, "number")
            clean_number = typed
            country = (issuing_country or "CHN").strip().upper()
            if len(country) != 3 or not country.isalpha():
                raise _field_error("dossier.identity.country", ERR_COUNTRY, "issuing_country")
            document.issuing_country = country
            document.passport_type = (passport_type or "P").strip().upper()[:2]
        if document.expires_on and document.expires_on < today:
            field = "mrz" if mrz_lines else "expires_on"
            raise _field_error("dossier.identity.expired", ERR_EXPIRED % {"date": document.expires_on}, field)
    if document.issued_on and document.expires_on and document.expires_on <= document.issued_on:
        raise _field_error("dossier.identity.dates", ERR_EXPIRY_BEFORE_ISSUE, "expires_on")

    document.set_number(clean_number)
    if mrz_lines:
        document.mrz = crypto.encrypt("\n".join(mrz_lines))
    if IdentityDocument.objects.filter(kind=kind, number_hash=document.number_hash).exists():
        raise Conflict("dossier.identity.duplicate", ERR_DUPLICATE, fields={"number": [ERR_DUPLICATE]})
    try:
        with transaction.atomic():
            document.save()
            fill = {
                name: value
                for name, value in person_updates.items()
                if value and getattr(person, name) in (None, "", Person.Sex.UNSPECIFIED)
            }
            if fill:
                Person.objects.filter(pk=person.pk).update(**fill)
                for name, value in fill.items():
                    setattr(person, name, value)
            audit_record(
                actor=by,
                action="dossier.identity.added",
                obj=document,
                new={"kind": kind, "person_id": person.pk, "by_mrz": bool(mrz_lines)},
                data={"filled": sorted(fill)},
            )
    except IntegrityError:
        # Two clerks adding the same number at once: the unique index decides.
        raise Conflict("dossier.identity.duplicate", ERR_DUPLICATE, fields={"number": [ERR_DUPLICATE]})
    return document


def identity_find(*, number: str, kind: str | None = None) -> QuerySet[IdentityDocument]:
    """Documents with exactly this number, found through the keyed hash (never a scan of
    decrypted values). Not scoped: callers scope the persons themselves."""
    normalized = normalize_identifier(number)
    if not normalized:
        return IdentityDocument.objects.none()
    qs = IdentityDocument.objects.select_related("person").filter(number_hash=crypto.keyed_hash(normalized))
    return qs.filter(kind=kind) if kind else qs


def identity_reveal(*, user: Any, document: IdentityDocument) -> str:
    """The number in clear, for a user holding a reveal role. Every reveal, and every
    refused attempt, is audited; the audit event never contains the number."""
    allowed = bool(getattr(user, "is_authenticated", False) and user.role_names & REVEAL_ROLES)
    if not allowed:
        audit_record(
            actor=user if getattr(user, "pk", None) else None,
            action="dossier.identity.reveal_refused",
            obj=document,
            data={"kind": document.kind, "person_id": document.person_id},
        )
        raise NotPermitted("dossier.identity.reveal_not_permitted", ERR_REVEAL_NOT_PERMITTED)
    number = document.reveal_number()
    audit_record(
        actor=user,
        action="dossier.identity.revealed",
        obj=document,
        data={"kind": document.kind, "person_id": document.person_id, "roles": sorted(user.role_names & REVEAL_ROLES)},
    )
    return number
