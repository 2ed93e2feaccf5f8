"""The employer's side: file, complete, submit and correct a joint application, and book
the one in-person step (biometrics) through the halls module."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onestop.calendar.services import working_days_between
from onestop.cases.audit import audit_record
from onestop.cases.models import Case
from onestop.cases.references import with_reference
from onestop.cases.services import case_create, case_note, case_set_sla, case_transition
from onestop.core.errors import Conflict, ValidationFailed
from onestop.halls.apps import HALL_REFERENCE

from .. import integration
from ..models import PermitApplication, Review, ReviewStatus, SalaryBand
from ..policies import REQUIRED_MATERIALS, permit_policy
from ..selectors import open_correction
from ..workflow import KIND, PermitState
from .reviews import reviews_open

ERR_NOT_EMPLOYER = _("Only an employer's agent with an organization can file a joint permit application.")
ERR_PERSON_NOT_FOREIGN = _("The joint permit is for foreign employees; this person has Chinese nationality.")
ERR_PERSON_OTHER_ORG = _("This person is not an employee of your organization.")
ERR_DUPLICATE = _("This employee already has an open joint permit application (%(number)s).")
ERR_NOT_DRAFT = _("Only a draft can be changed.")
ERR_JOB_TITLE = _("Enter the job title (at most 200 characters).")
ERR_CONTRACT_ORDER = _("The contract must end after it starts.")
ERR_SALARY_BAND = _("Choose one of the salary bands.")
ERR_ADDRESS = _("The work address may have at most 300 characters.")
ERR_MATERIAL_CODE = _("This material is not part of a joint permit application.")
ERR_MATERIALS_CLOSED = _("Materials can be added while the application is a draft or corrections are requested.")
ERR_RESPONSE_REQUIRED = _("Describe what you corrected.")
ERR_NO_OPEN_CORRECTION = _("There is no open correction request.")
ERR_BIOMETRICS_STATE = _(
    "The biometrics appointment can be booked once the application is submitted and until the decision."
)
ERR_BIOMETRICS_TWICE = _("The biometrics appointment is already booked (%(code)s).")

EDITABLE_FIELDS = ("job_title", "contract_start", "contract_end", "salary_band", "work_address")


def _require_employer(by: Any) -> Any:
    if "employer" not in by.role_names or not by.organization_id:
        raise ValidationFailed("permits.not_employer", ERR_NOT_EMPLOYER)
    return by.organization


def _validate_details(values: dict[str, Any]) -> None:
    errors: dict[str, list[Any]] = {}
    title = values.get("job_title")
    if title is not None and (not str(title).strip() or len(str(title)) > 200):
        errors["job_title"] = [ERR_JOB_TITLE]
    start, end = values.get("contract_start"), values.get("contract_end")
    if isinstance(start, date) and isinstance(end, date) and end <= start:
        errors["contract_end"] = [ERR_CONTRACT_ORDER]
    band = values.get("salary_band")
    if band and band not in SalaryBand.values:
        errors["salary_band"] = [ERR_SALARY_BAND]
    address = values.get("work_address")
    if address and len(address) > 300:
        errors["work_address"] = [ERR_ADDRESS]
    if errors:
        first = next(iter(errors.values()))[0]
        raise ValidationFailed("permits.invalid", first, fields=errors)


def application_create(
    *,
    by: Any,
    person: Any,
    job_title: str,
    contract_start: date | None = None,
    contract_end: date | None = None,
    salary_band: str = "",
    work_address: str = "",
) -> PermitApplication:
    """Open a draft for a foreign employee of ``by``'s organization. The employee's passport
    (entered from its MRZ) and the seven materials are taken from the dossier: whatever is
    already there and usable is attached now, the rest shows as missing."""
    employer = _require_employer(by)
    if person.nationality == "CHN":
        raise ValidationFailed(
            "permits.person_not_foreign", ERR_PERSON_NOT_FOREIGN, fields={"person": [ERR_PERSON_NOT_FOREIGN]}
        )
    if person.organization_id != employer.pk:
        raise ValidationFailed(
            "permits.person_other_org", ERR_PERSON_OTHER_ORG, fields={"person": [ERR_PERSON_OTHER_ORG]}
        )
    values = {
        "job_title": job_title.strip(),
        "contract_start": contract_start,
        "contract_end": contract_end,
        "salary_band": salary_band,
        "work_address": work_address.strip(),
    }
    _validate_details(values)
    open_one = PermitApplication.objects.filter(person=person, decided_at__isnull=True).select_related("case").first()
    if open_one is not None:
        raise Conflict("permits.duplicate", ERR_DUPLICATE % {"number": open_one.case.number})
    try:
        return _create(by=by, employer=employer, person=person, values=values)
    except IntegrityError:
        # Two agents filing for the same employee at once: the partial unique index decides.
        open_one = (
            PermitApplication.objects.filter(person=person, decided_at__isnull=True).select_related("case").first()
        )
        raise Conflict("permits.duplicate", ERR_DUPLICATE % {"number": open_one.case.number if open_one else "—"})


def _create(*, by: Any, employer: Any, person: Any, values: dict[str, Any]) -> PermitApplication:
    with transaction.atomic():
        case = case_create(
            kind=KIND,
            by=by,
            title=f"{values['job_title']} · {person.latin_name or person.full_name}",
            organization=employer,
            applicant=by,
        )
        application = PermitApplication.objects.create(
            case=case,
            employer=employer,
            person=person,
            passport=integration.person_passport(person=person),
            **values,
        )
        integration.materials_require(case=case, person=person, by=by)
        audit_record(
            actor=by,
            action="permits.application.created",
            obj=application,
            new={"case": case.number, "job_title": values["job_title"]},
        )
    return application


def application_update(*, application: PermitApplication, by: Any, **changes: Any) -> PermitApplication:
    """Change the employment details of a draft."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationFailed(
            "permits.unknown_field", ERR_NOT_DRAFT, fields={name: [ERR_NOT_DRAFT] for name in unknown}
        )
    if "job_title" in changes:
        changes["job_title"] = (changes["job_title"] or "").strip()
    if "work_address" in changes:
        changes["work_address"] = (changes["work_address"] or "").strip()
    merged = {name: changes.get(name, getattr(application, name)) for name in EDITABLE_FIELDS}
    _validate_details(merged)
    with transaction.atomic():
        locked = PermitApplication.objects.select_for_update().select_related("case").get(pk=application.pk)
        if locked.case.state != PermitState.DRAFT:
            raise Conflict("permits.not_draft", ERR_NOT_DRAFT)
        old = {name: getattr(locked, name) for name in changes}
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.passport = integration.person_passport(person=locked.person) or locked.passport
        locked.save()
        audit_record(actor=by, action="permits.application.updated", obj=locked, old=old, new=changes)
    for name in (*EDITABLE_FIELDS, "passport_id"):
        setattr(application, name, getattr(locked, name))
    return application


def application_material_provide(*, application: PermitApplication, by: Any, type_code: str, file: Any) -> Any:
    """Put one material into the employee's dossier and attach it to this application (a
    draft, or while corrections are requested)."""
    if type_code not in REQUIRED_MATERIALS:
        raise ValidationFailed("permits.material_code", ERR_MATERIAL_CODE, fields={"type_code": [ERR_MATERIAL_CODE]})
    state = Case.objects.filter(pk=application.case_id).values_list("state", flat=True).first()
    if state not in (PermitState.DRAFT, PermitState.CORRECTION_REQUESTED):
        raise Conflict("permits.materials_closed", ERR_MATERIALS_CLOSED)
    return integration.material_provide(
        case=application.case, person=application.person, type_code=type_code, file=file, by=by
    )


def application_submit(*, application: PermitApplication, by: Any) -> PermitApplication:
    """Submit a complete draft. This starts the single SLA clock (the policy's working
    days, 7 by default) and opens both reviews at once: the work permit in the permit
    officers' queue, the residence permit in the exit-entry officers' queue."""
    policy = permit_policy()
    with transaction.atomic():
        locked = PermitApplication.objects.select_for_update().get(pk=application.pk)
        integration.materials_require(case=application.case, person=application.person, by=by)
        locked.passport = integration.person_passport(person=application.person) or locked.passport
        locked.save(update_fields=["passport", "updated_at"])
        application.passport = locked.passport
        if application.case.state == PermitState.DRAFT:
            case_set_sla(case=application.case, budget=policy.sla_working_days)
        case_transition(case=application.case, name="submit", by=by, data={"days": policy.sla_working_days})
        locked.round = 1
        locked.save(update_fields=["round", "updated_at"])
        reviews_open(application=locked)
    application.round = locked.round
    return application


def application_resubmit(*, application: PermitApplication, by: Any, response: str) -> PermitApplication:
    """Answer the combined correction request. The clock resumes (the deadline moves back by
    the working days spent on the corrections) and the halves that asked go back to their
    officers; a half already approved stays approved."""
    response = (response or "").strip()
    if not response:
        raise ValidationFailed(
            "permits.response_required", ERR_RESPONSE_REQUIRED, fields={"response": [ERR_RESPONSE_REQUIRED]}
        )
    with transaction.atomic():
        locked = PermitApplication.objects.select_for_update().select_related("case").get(pk=application.pk)
        correction = open_correction(application=locked)
        if correction is None or locked.case.state != PermitState.CORRECTION_REQUESTED:
            raise Conflict("permits.no_open_correction", ERR_NO_OPEN_CORRECTION)
        now = timezone.now()
        paused_at = locked.case.paused_at
        integration.materials_require(case=locked.case, person=locked.person, by=by)
        case_transition(case=application.case, name="resubmit", by=by, note=response)
        waited = (
            working_days_between(timezone.localtime(paused_at).date(), timezone.localtime(now).date())
            if paused_at
            else 0
        )
        locked.paused_working_days += waited
        locked.round += 1
        locked.save(update_fields=["paused_working_days", "round", "updated_at"])
        correction.answered_at = now
        correction.response = response
        correction.answered_by = by
        correction.save(update_fields=["answered_at", "response", "answered_by"])
        Review.objects.filter(application=locked, status=ReviewStatus.CORRECTION_REQUESTED).update(
            status=ReviewStatus.PENDING, round=locked.round, decided_at=None
        )
        audit_record(
            actor=by,
            action="permits.application.resubmitted",
            obj=locked,
            new={"round": locked.round, "paused_working_days": locked.paused_working_days},
        )
    application.round, application.paused_working_days = locked.round, locked.paused_working_days
    return application


def application_biometrics_book(
    *,
    application: PermitApplication,
    by: Any,
    slot: Any = None,
    hall: Any = None,
    start: Any = None,
) -> Any:
    """Book the one in-person step — biometrics at a service hall — through the halls
    module, linked to this case; the halls module records it as the case's one visit when
    the employee checks in."""
    with transaction.atomic():
        locked = PermitApplication.objects.select_for_update().select_related("case").get(pk=application.pk)
        case = locked.case
        if case.state not in (PermitState.SUBMITTED, PermitState.UNDER_REVIEW, PermitState.CORRECTION_REQUESTED):
            raise Conflict("permits.biometrics_state", ERR_BIOMETRICS_STATE)
        if locked.biometrics_appointment_id:
            raise Conflict("permits.biometrics_booked", ERR_BIOMETRICS_TWICE % {"code": locked.biometrics_code})
        booking = integration.biometrics_book(by=by, case=case, person=locked.person, slot=slot, hall=hall, start=start)
        locked.biometrics_appointment_id = booking.pk
        locked.biometrics_code = booking.code
        locked.biometrics_at = booking.start
        locked.biometrics_place = booking.place
        locked.save(
            update_fields=[
                "biometrics_appointment_id",
                "biometrics_code",
                "biometrics_at",
                "biometrics_place",
                "updated_at",
            ]
        )
        # The hall is referred to by its code, so the line names it in the reader's language;
        # the name stored as booked is the fallback.
        reference = with_reference("place", HALL_REFERENCE, booking.hall_code) if booking.hall_code else {}
        case_note(case=case, by=by, code="permits.biometrics_booked", params={"place": booking.place, **reference})
        audit_record(actor=by, action="permits.biometrics.booked", obj=locked, new={"appointment": booking.pk})
    for name in ("biometrics_appointment_id", "biometrics_code", "biometrics_at", "biometrics_place"):
        setattr(application, name, getattr(locked, name))
    return booking
