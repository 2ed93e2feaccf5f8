"""Passport applications (new, renewal): filed by the liaison officer, possibly in
parallel with the trip's approval, processed by the passport office up to "ready for
issue", and issued once the trip is approved. Materials come from the dossier (photo,
ID card): what the person already has is attached, only the rest is asked for."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onestop.cases.audit import audit_record
from onestop.cases.models import Case
from onestop.cases.services import NotPermitted, case_create, case_transition
from onestop.core.errors import Conflict, ValidationFailed

from ..access import ORG_SCOPED_ROLES
from ..models import FINAL_STATUSES, ApplicationKind, Passport, PassportApplication, PassportStatus, PassportType
from ..workflow import EDITABLE_STATES, KIND, OPEN_STATES

APPLICATION_MATERIALS = ("photo", "id_card")
EDITABLE_FIELDS = ("passport_type", "reason", "place_of_birth", "contact_phone")
ACTIONS = ("submit", "accept", "request_correction", "resubmit", "prepare", "reject", "withdraw")

ERR_NOT_LIAISON = _("Only a liaison officer files passport applications.")
ERR_PERSON_OTHER_ORG = _("This person does not belong to your organization.")
ERR_NOT_PUBLIC = _("This person is not in public service.")
ERR_KIND = _("Choose a new passport or a renewal.")
ERR_TYPE = _("Choose the passport type: diplomatic, service or ordinary for public affairs.")
ERR_OPEN_EXISTS = _("%(person)s already has an open passport application (%(number)s).")
ERR_HOLDS_VALID = _("%(person)s holds a valid passport of this type (%(number)s); apply for a renewal instead.")
ERR_NOTHING_TO_RENEW = _("%(person)s holds no passport of this type to renew; apply for a new passport.")
ERR_RENEW_OTHER = _("The passport to renew belongs to someone else.")
ERR_TRIP = _("Choose one of your organization's trips that is not closed.")
ERR_NOT_TRAVELLER = _("%(person)s is not a member of trip %(trip)s.")
ERR_NOT_EDITABLE = _("The application can be changed only while it is a draft or sent back for correction.")
ERR_TOO_LONG = _("At most %(max)d characters.")
ERR_ACTION = _("This action does not exist for passport applications.")
ERR_NOTE_REQUIRED = _("Please give a reason.")


def _invalid(code: str, message: Any, field: str) -> ValidationFailed:
    return ValidationFailed(code, message, fields={field: [message]})


def _check_liaison_for(*, by: Any, organization: Any) -> None:
    if by is None:
        return
    if not (getattr(by, "is_authenticated", False) and by.role_names & ORG_SCOPED_ROLES):
        raise NotPermitted("passports.not_liaison", ERR_NOT_LIAISON)
    own = by.organization
    if own is None or organization is None or not organization.path.startswith(own.path):
        raise _invalid("passports.person_other_org", ERR_PERSON_OTHER_ORG, "person")


def _renewable(person: Any, passport_type: str) -> Passport | None:
    return (
        Passport.objects.filter(holder=person, type=passport_type)
        .exclude(status__in=list(FINAL_STATUSES))
        .order_by("-expires_on")
        .first()
    )


def application_create(
    *,
    by: Any,
    person: Any,
    kind: str,
    passport_type: str = PassportType.ORDINARY,
    reason: str = "",
    place_of_birth: str = "",
    contact_phone: str = "",
    trip_case: Case | None = None,
    previous_passport: Passport | None = None,
) -> PassportApplication:
    """Open a draft application for ``person``; with ``trip_case`` it is filed for that trip
    (in parallel with its approval) and appears on the trip's timeline."""
    from ..trips_link import trip_facts

    organization = person.organization
    _check_liaison_for(by=by, organization=organization)
    if not person.in_public_service:
        raise _invalid("passports.not_public", ERR_NOT_PUBLIC, "person")
    if kind not in ApplicationKind.values:
        raise _invalid("passports.application_kind", ERR_KIND, "kind")
    if passport_type not in PassportType.values:
        raise _invalid("passports.type", ERR_TYPE, "passport_type")
    names = {"person": person.full_name}
    open_one = (
        PassportApplication.objects.filter(person=person, case__state__in=list(OPEN_STATES))
        .select_related("case")
        .first()
    )
    if open_one is not None:
        raise Conflict("passports.application_open", ERR_OPEN_EXISTS % {**names, "number": open_one.case.number})
    current = _renewable(person, passport_type)
    if kind == ApplicationKind.NEW:
        if (
            current is not None
            and current.status != PassportStatus.EXPIRED
            and current.expires_on >= timezone.localdate()
        ):
            raise _invalid(
                "passports.holds_valid", ERR_HOLDS_VALID % {**names, "number": current.number_masked}, "kind"
            )
        previous_passport = None
    else:
        if previous_passport is None:
            previous_passport = current
        if previous_passport is None:
            raise _invalid("passports.nothing_to_renew", ERR_NOTHING_TO_RENEW % names, "kind")
        if previous_passport.holder_id != person.pk:
            raise _invalid("passports.renew_other", ERR_RENEW_OTHER, "previous_passport")
    if trip_case is not None:
        facts = trip_facts(case_id=trip_case.pk)
        if (
            facts is None
            or facts.state in ("rejected", "withdrawn", "cancelled")
            or (by is not None and not facts.organization.path.startswith(by.organization.path))
        ):
            raise _invalid("passports.trip", ERR_TRIP, "trip")
        if person.pk not in {p.pk for p in facts.travellers}:
            raise _invalid("passports.not_traveller", ERR_NOT_TRAVELLER % {**names, "trip": facts.number}, "person")
    values = _clean_fields({"reason": reason, "place_of_birth": place_of_birth, "contact_phone": contact_phone})
    with transaction.atomic():
        case = case_create(
            kind=KIND,
            by=by,
            title=person.full_name,
            organization=organization,
            applicant=by,
            parent=trip_case,
        )
        application = PassportApplication.objects.create(
            case=case,
            person=person,
            organization=organization,
            kind=kind,
            passport_type=passport_type,
            previous_passport=previous_passport,
            created_by=by if getattr(by, "pk", None) else None,
            **values,
        )
        application_materials_refresh(application=application, by=by)
    return application


def application_open_for_trip(*, person: Any, facts: Any, by: Any) -> PassportApplication:
    """Opened by the system when an approved trip's traveller has no passport valid long
    enough: a renewal when they hold one of the ordinary type, else a new passport."""
    from onestop.dossier.models import Person

    from .notices import notify_application_needed

    person = Person.objects.select_related("organization").get(pk=person.pk)
    kind = ApplicationKind.RENEWAL if _renewable(person, PassportType.ORDINARY) else ApplicationKind.NEW
    application = application_create(
        by=None,
        person=person,
        kind=kind,
        passport_type=PassportType.ORDINARY,
        trip_case=Case.objects.get(pk=facts.case_id),
        contact_phone=person.phone,
    )
    audit_record(
        actor=by,
        action="passports.application.opened_for_trip",
        obj=application.case,
        data={"person_id": person.pk, "trip_case_id": facts.case_id, "kind": kind},
    )
    notify_application_needed(application=application, trip_number=facts.number)
    return application


def _clean_fields(values: dict[str, Any]) -> dict[str, Any]:
    limits = {"reason": 2000, "place_of_birth": 100, "contact_phone": 32}
    clean: dict[str, Any] = {}
    for name, value in values.items():
        if name == "passport_type":
            if value not in PassportType.values:
                raise _invalid("passports.type", ERR_TYPE, "passport_type")
            clean[name] = value
            continue
        text = (value or "").strip()
        if len(text) > limits[name]:
            raise _invalid("passports.too_long", ERR_TOO_LONG % {"max": limits[name]}, name)
        clean[name] = text
    return clean


def application_update(*, application: PassportApplication, by: Any, **changes: Any) -> PassportApplication:
    unknown = sorted(set(changes) - set(EDITABLE_FIELDS))
    if unknown:
        raise _invalid("passports.unknown_field", ERR_NOT_EDITABLE, unknown[0])
    _check_liaison_for(by=by, organization=application.organization)
    if application.case.state not in EDITABLE_STATES:
        raise Conflict("passports.application_not_editable", ERR_NOT_EDITABLE)
    clean = _clean_fields(changes)
    with transaction.atomic():
        for name, value in clean.items():
            setattr(application, name, value)
        application.save(update_fields=list(clean))
        audit_record(
            actor=by, action="passports.application.updated", obj=application.case, data={"fields": sorted(clean)}
        )
    return application


def application_materials_refresh(*, application: PassportApplication, by: Any) -> None:
    """Ask the dossier for the photo and the ID card; it attaches what is on file."""
    from onestop.dossier.services import case_materials_require

    case_materials_require(
        case=application.case, person=application.person, type_codes=list(APPLICATION_MATERIALS), by=by
    )


def application_missing_materials(*, application: PassportApplication) -> list[Any]:
    from onestop.dossier.services import case_materials_missing

    return case_materials_missing(case=application.case)


def application_material_provide(*, application: PassportApplication, by: Any, type_code: str, file: Any) -> Any:
    from onestop.dossier.services import case_material_provide

    _check_liaison_for(by=by, organization=application.organization)
    if type_code not in APPLICATION_MATERIALS:
        raise _invalid("passports.material_type", _("This application does not need that material."), "type_code")
    if application.case.state not in EDITABLE_STATES:
        raise Conflict("passports.application_not_editable", ERR_NOT_EDITABLE)
    return case_material_provide(
        case=application.case, person=application.person, type_code=type_code, file=file, by=by
    )


def application_act(*, application: PassportApplication, name: str, by: Any, note: str = "") -> PassportApplication:
    """Move the application along ``name`` (every move except ``issue``, which takes the
    new passport's details: ``application_issue``)."""
    if name not in ACTIONS:
        raise _invalid("passports.action", ERR_ACTION, "action")
    if name in ("request_correction", "reject") and not (note or "").strip():
        raise _invalid("passports.note_required", ERR_NOTE_REQUIRED, "note")
    case_transition(case=application.case, name=name, by=by, note=(note or "").strip())
    return application


def application_issue(
    *,
    application: PassportApplication,
    by: Any,
    number: str = "",
    mrz: Any = None,
    issued_on: date | None = None,
    expires_on: date | None = None,
    storage_place: str = "",
) -> Passport:
    """Issue the passport: only once the parent trip is approved (the workflow's guard).
    The passport enters the registry in custody; a renewed passport is cancelled; when the
    trip is approved, the new passport is reserved for it at once."""
    from ..trips_link import trip_facts
    from .registry import passport_move, passport_register
    from .trips import reserve_traveller

    with transaction.atomic():
        case_transition(case=application.case, name="issue", by=by)
        passport = passport_register(
            holder=application.person,
            by=by,
            type=application.passport_type,
            number=number,
            mrz=mrz,
            issued_on=issued_on or timezone.localdate(),
            expires_on=expires_on,
            storage_place=storage_place,
        )
        application.issued_passport = passport
        application.save(update_fields=["issued_passport"])
        audit_record(
            actor=by,
            action="passports.application.issued",
            obj=application.case,
            data={"passport_id": passport.pk, "number": passport.number_masked},
        )
        previous = application.previous_passport
        if previous is not None:
            previous = Passport.objects.get(pk=previous.pk)
            if previous.status in (PassportStatus.IN_CUSTODY, PassportStatus.EXPIRED):
                passport_move(
                    passport=previous,
                    to=PassportStatus.CANCELLED,
                    by=by,
                    note=application.case.number,
                    data={"renewed_by": passport.pk},
                )
        if application.case.parent_id:
            facts = trip_facts(case_id=application.case.parent_id)
            if facts is not None and facts.departs_on and facts.returns_on:
                reserve_traveller(facts=facts, person=application.person, by=by)
    return Passport.objects.select_related("holder").get(pk=passport.pk)


def application_withdraw_for_trip(*, trip_case_id: int) -> int:
    """The system withdraws the open applications filed for a trip that was withdrawn,
    rejected or cancelled."""
    count = 0
    for application in PassportApplication.objects.select_related("case").filter(
        case__parent_id=trip_case_id, case__state__in=list(OPEN_STATES)
    ):
        case_transition(case=application.case, name="withdraw", by=None, system=True)
        count += 1
    return count
