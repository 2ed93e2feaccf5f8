"""Outcomes of submitted applications: the visa issued (recorded against the passport),
a refusal with its reason, a withdrawal; and revealing a visa number, which is audited."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onestop.cases.audit import audit_record
from onestop.cases.services import NotPermitted
from onestop.core.errors import Conflict, ValidationFailed

from ..models import Visa, VisaApplication
from ..workflow import VisaState
from .common import ERR_NOT_OFFICER, ensure_officer, invalid, lock_application

NUMBER_SHAPE = re.compile(r"^[A-Z0-9]{5,20}$")
REASON_MAX = 2000
CATEGORY_MAX = 40

ERR_NUMBER = _("Type the visa number as printed: 5 to 20 letters and digits.")
ERR_NUMBER_TAKEN = _("A visa with this number is already recorded for this country.")
ERR_DATES_REQUIRED = _("Give the first and the last day of validity.")
ERR_DATES_ORDER = _("The last day of validity cannot be before the first.")
ERR_ISSUED_FUTURE = _("The date of issue cannot be in the future.")
ERR_DECIDED_BEFORE_SUBMISSION = _("The date cannot be before the application was submitted (%(date)s).")
ERR_ENTRIES = _("Choose single, double or multiple entries.")
ERR_STAY = _("The maximum stay must be a whole number of days from 1 to 3650.")
ERR_CATEGORY_LONG = _("The visa category may have at most %(max)d characters.")
ERR_REASON_REQUIRED = _("Please give the reason.")
ERR_REASON_LONG = _("At most %(max)d characters.")
ERR_NOT_SUBMITTED = _("An outcome is recorded only for a submitted application.")
ERR_NOT_OPEN = _("Only an application that is prepared or submitted can be withdrawn.")


def _normalize_number(number: str) -> str:
    return "".join((number or "").split()).upper()


def _decision_date(application: VisaApplication, value: date | None, field: str) -> date:
    today = timezone.localdate()
    value = value or today
    if value > today:
        raise invalid("visas.date_future", ERR_ISSUED_FUTURE, field)
    if application.submitted_on and value < application.submitted_on:
        message = ERR_DECIDED_BEFORE_SUBMISSION % {"date": application.submitted_on.isoformat()}
        raise invalid("visas.date_before_submission", message, field)
    return value


def _reason(reason: str) -> str:
    text = (reason or "").strip()
    if not text:
        raise invalid("visas.reason_required", ERR_REASON_REQUIRED, "reason")
    if len(text) > REASON_MAX:
        raise invalid("visas.reason_long", ERR_REASON_LONG % {"max": REASON_MAX}, "reason")
    return text


def _locked(application: VisaApplication) -> VisaApplication:
    return lock_application(application)


def visa_application_issue(
    *,
    application: VisaApplication,
    by: Any,
    number: str,
    valid_from: date | None,
    valid_until: date | None,
    entries: str = Visa.Entries.SINGLE,
    category: str = "",
    max_stay_days: int | None = None,
    issued_on: date | None = None,
) -> Visa:
    """Record the visa the mission issued and close the application as "issued".

    The visa is recorded against the passport reserved for the trip (the one the
    application was submitted with); its number is stored encrypted and shown masked. The
    liaison officer is told. A visa that does not cover the whole stay is recorded as
    issued, and the trip's visa status shows that it does not cover it.
    """
    ensure_officer(by)
    clean = _normalize_number(number)
    errors: dict[str, list[Any]] = {}
    if not NUMBER_SHAPE.match(clean):
        errors["number"] = [ERR_NUMBER]
    if valid_from is None or valid_until is None:
        errors["valid_until" if valid_from else "valid_from"] = [ERR_DATES_REQUIRED]
    elif valid_until < valid_from:
        errors["valid_until"] = [ERR_DATES_ORDER]
    if entries not in Visa.Entries.values:
        errors["entries"] = [ERR_ENTRIES]
    if max_stay_days is not None and not (isinstance(max_stay_days, int) and 1 <= max_stay_days <= 3650):
        errors["max_stay_days"] = [ERR_STAY]
    category = (category or "").strip()
    if len(category) > CATEGORY_MAX:
        errors["category"] = [ERR_CATEGORY_LONG % {"max": CATEGORY_MAX}]
    if errors:
        first = next(iter(errors.values()))[0]
        raise ValidationFailed("visas.visa_invalid", first, fields=errors)
    from onestop.cases.services import case_transition

    with transaction.atomic():
        locked = _locked(application)
        if locked.case.state != VisaState.SUBMITTED:
            raise Conflict("visas.not_submitted", ERR_NOT_SUBMITTED)
        issued_on = _decision_date(locked, issued_on, "issued_on")
        visa = Visa(
            application=locked,
            person_id=locked.person_id,
            passport=locked.passport,
            country=locked.country,
            category=category,
            entries=entries,
            valid_from=valid_from,
            valid_until=valid_until,
            max_stay_days=max_stay_days,
            issued_on=issued_on,
            recorded_by=by if getattr(by, "pk", None) else None,
        )
        visa.set_number(clean)
        try:
            with transaction.atomic():
                visa.save()
        except IntegrityError:
            raise Conflict("visas.number_taken", ERR_NUMBER_TAKEN, fields={"number": [ERR_NUMBER_TAKEN]})
        locked.decided_on = issued_on
        locked.save(update_fields=["decided_on", "updated_at"])
        case_transition(
            case=locked.case,
            name="issue",
            by=by,
            data={"valid_from": valid_from.isoformat(), "valid_until": valid_until.isoformat()},
        )
        audit_record(
            actor=by,
            action="visas.visa.recorded",
            obj=visa,
            new={
                "application": locked.case.number,
                "number": visa.number_masked,
                "passport_id": visa.passport_id,
                "valid_from": valid_from,
                "valid_until": valid_until,
                "entries": entries,
            },
        )
    application.refresh_from_db()
    return visa


def visa_application_refuse(
    *, application: VisaApplication, by: Any, reason: str, refused_on: date | None = None
) -> VisaApplication:
    """Record the mission's refusal, with its reason (shown to the liaison officer)."""
    ensure_officer(by)
    text = _reason(reason)
    from onestop.cases.services import case_transition

    with transaction.atomic():
        locked = _locked(application)
        if locked.case.state != VisaState.SUBMITTED:
            raise Conflict("visas.not_submitted", ERR_NOT_SUBMITTED)
        refused_on = _decision_date(locked, refused_on, "refused_on")
        locked.refusal_reason = text
        locked.decided_on = refused_on
        locked.save(update_fields=["refusal_reason", "decided_on", "updated_at"])
        case_transition(case=locked.case, name="refuse", by=by, note=text)
    application.refresh_from_db()
    return application


def visa_application_withdraw(*, application: VisaApplication, by: Any, reason: str) -> VisaApplication:
    """Withdraw a prepared or submitted application (the traveller no longer goes, the
    mission was asked to return the passport...)."""
    ensure_officer(by)
    text = _reason(reason)
    from onestop.cases.services import case_transition

    with transaction.atomic():
        locked = _locked(application)
        if locked.case.state not in (VisaState.PREPARED, VisaState.SUBMITTED):
            raise Conflict("visas.not_open", ERR_NOT_OPEN)
        case_transition(case=locked.case, name="withdraw", by=by, note=text)
    application.refresh_from_db()
    return application


def visa_reveal_number(*, user: Any, visa: Visa) -> str:
    """The visa number in clear, for a visa officer; every reveal is audited."""
    if user is None:
        raise NotPermitted("visas.not_officer", ERR_NOT_OFFICER)
    ensure_officer(user)
    number = visa.reveal_number()
    audit_record(actor=user, action="visas.visa.revealed", obj=visa, data={"number": visa.number_masked})
    return number
