"""After the collection: the dates actually travelled, the passports handed back, the trip
report (due a set number of working days after the return), its reminders, closing the
trip — and cancelling an approved trip (ADR 0543)."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onestop.accounts.roles import Role
from onestop.calendar.services import add_working_days, working_days_between
from onestop.cases.audit import audit_record
from onestop.cases.services import case_note, case_transition
from onestop.core.errors import Conflict, NotFound, ValidationFailed

from ..countries import is_valid_code
from ..models import ReportReminder, Trip, TripReport
from ..selectors import can_act_as_liaison, trip_collection_appointment, trip_policy_active, trip_report_due_candidates
from ..workflow import CANCELLABLE_STATES, TripState
from .drafting import ensure_liaison_for

logger = logging.getLogger(__name__)

ERR_DATE_REQUIRED = _("Enter the date.")
ERR_RETURN_BEFORE_DEPARTURE = _("The return date cannot be before the departure date.")
ERR_RETURN_FUTURE = _("The return date cannot be in the future: record the return once the delegation is back.")
ERR_DEPARTURE_BEFORE_APPROVAL = _("The departure cannot be before the trip was approved (%(date)s).")
ERR_NOT_COLLECTED = _("The return can be recorded once the passports and visas were collected.")
ERR_NOT_RETURNED = _("The trip report can be submitted once the return is recorded.")
ERR_SUMMARY_REQUIRED = _("Write a summary of the trip.")
ERR_SUMMARY_LONG = _("At most %(max)d characters.")
ERR_COUNTRIES_REQUIRED = _("Choose the countries the delegation actually visited.")
ERR_COUNTRY_UNKNOWN = _("Unknown country code: %(code)s.")
ERR_FILE_REQUIRED = _("Upload the trip report.")
ERR_REASON_REQUIRED = _("Please give a reason.")
ERR_NOT_CANCELLABLE = _("Only an approved trip that has not left yet can be cancelled.")

SUMMARY_MAX = 5000
REPORT_MATERIAL = "trip_report"


def report_due_date(*, returned_on: date) -> date:
    """The trip report is due the policy's number of working days after the return day."""
    return add_working_days(returned_on, trip_policy_active().report_due_working_days)


def _invalid(code: str, errors: dict[str, list[Any]]) -> ValidationFailed:
    first = next(iter(errors.values()))[0]
    return ValidationFailed(code, first, fields=errors)


def _is_passport_officer(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and str(Role.PASSPORT_OFFICER) in user.role_names)


def _check_dates(trip: Trip, departed_on: date | None, returned_on: date | None, today: date) -> None:
    errors: dict[str, list[Any]] = {}
    if departed_on is None:
        errors["departed_on"] = [ERR_DATE_REQUIRED]
    if returned_on is None:
        errors["returned_on"] = [ERR_DATE_REQUIRED]
    if not errors:
        approved_on = timezone.localtime(trip.approved_at).date() if trip.approved_at else None
        if returned_on < departed_on:
            errors["returned_on"] = [ERR_RETURN_BEFORE_DEPARTURE]
        elif returned_on > today:
            errors["returned_on"] = [ERR_RETURN_FUTURE]
        if approved_on and departed_on < approved_on:
            errors["departed_on"] = [ERR_DEPARTURE_BEFORE_APPROVAL % {"date": approved_on.isoformat()}]
    if errors:
        raise _invalid("trips.return_invalid", errors)


def _hand_back_passports(trip: Trip, by: Any) -> int:
    """Take back, through the passports app, every booklet of the trip still out."""
    from onestop.passports.selectors import reservations_for_trips
    from onestop.passports.services import passport_return

    count = 0
    for reservation in reservations_for_trips(case_ids=[trip.case_id], status="checked_out"):
        passport_return(text=reservation.passport.reveal_number(), by=by)
        count += 1
    return count


def trip_return_record(
    *, trip: Trip, by: Any, departed_on: date | None, returned_on: date | None, hand_back_passports: bool = False
) -> Trip:
    """Record the dates the delegation actually travelled; the trip report falls due the
    policy's working days after the return. A passport officer may at the same time take
    back the trip's passports (``hand_back_passports``); otherwise they come back over the
    passport desk, where a late return is recorded against the reservation."""
    officer = _is_passport_officer(by)
    if not officer:
        ensure_liaison_for(trip=trip, by=by)
    today = timezone.localdate()
    with transaction.atomic():
        locked = Trip.objects.select_for_update().select_related("case", "organization").get(pk=trip.pk)
        if locked.case.state != TripState.COLLECTED:
            raise Conflict("trips.not_collected", ERR_NOT_COLLECTED)
        _check_dates(locked, departed_on, returned_on, today)
        due = report_due_date(returned_on=returned_on)
        Trip.objects.filter(pk=locked.pk).update(
            actual_departs_on=departed_on, actual_returns_on=returned_on, report_due_on=due
        )
        returned = _hand_back_passports(locked, by) if officer and hand_back_passports else 0
        if returned:
            case_note(case=locked.case, by=by, code="trips.passports_returned", params={"count": returned})
        case_transition(
            case=locked.case,
            name="record_return",
            by=by,
            data={"departed": departed_on.isoformat(), "returned": returned_on.isoformat(), "due": due.isoformat()},
        )
        audit_record(
            actor=by,
            action="trips.trip.return_recorded",
            obj=locked.case,
            new={"actual_departs_on": departed_on, "actual_returns_on": returned_on, "report_due_on": due,
                 "passports_returned": returned},
        )  # fmt: skip
    trip.actual_departs_on, trip.actual_returns_on, trip.report_due_on = departed_on, returned_on, due
    trip.case.state = TripState.RETURNED
    trip.case._loaded_state = TripState.RETURNED
    return trip


def _clean_report(summary: str, countries: Any) -> tuple[str, list[str]]:
    errors: dict[str, list[Any]] = {}
    text = (summary or "").strip()
    if not text:
        errors["summary"] = [ERR_SUMMARY_REQUIRED]
    elif len(text) > SUMMARY_MAX:
        errors["summary"] = [ERR_SUMMARY_LONG % {"max": SUMMARY_MAX}]
    codes = [str(c).strip().upper() for c in (countries or []) if str(c).strip()]
    codes = list(dict.fromkeys(codes))
    if not codes:
        errors["countries"] = [ERR_COUNTRIES_REQUIRED]
    else:
        unknown = [c for c in codes if not is_valid_code(c)]
        if unknown:
            errors["countries"] = [ERR_COUNTRY_UNKNOWN % {"code": ", ".join(unknown)}]
    if errors:
        raise _invalid("trips.report_invalid", errors)
    return text, codes


def _leader(trip: Trip):
    member = trip.members.select_related("person").filter(role="leader").first()
    return member.person if member else None


def trip_report_submit(*, trip: Trip, by: Any, summary: str, countries: list[str], upload: Any = None) -> TripReport:
    """Submit the trip report: its summary, the countries actually visited, and the report
    document (kept in the delegation leader's dossier as material for this trip; a later
    version replaces it). Late reports are recorded with the working days late. The report
    goes to the Foreign Affairs Office's queue."""
    from onestop.dossier.services import case_material_provide

    ensure_liaison_for(trip=trip, by=by)
    if trip.case.state != TripState.RETURNED:
        raise Conflict("trips.not_returned", ERR_NOT_RETURNED)
    text, codes = _clean_report(summary, countries)
    existing = TripReport.objects.filter(trip=trip).first()
    if upload is None and (existing is None or existing.case_material_id is None):
        raise _invalid("trips.report_invalid", {"file": [ERR_FILE_REQUIRED]})
    material = existing.case_material if existing is not None else None
    if upload is not None:
        leader = _leader(trip)
        if leader is None:  # a delegation always has a leader once approved
            raise NotFound("trips.not_found")
        # The upload commits on its own (the dossier keeps what it quarantined).
        material = case_material_provide(case=trip.case, person=leader, type_code=REPORT_MATERIAL, file=upload, by=by)
    today = timezone.localdate()
    with transaction.atomic():
        locked = Trip.objects.select_for_update().select_related("case").get(pk=trip.pk)
        if locked.case.state != TripState.RETURNED:
            raise Conflict("trips.not_returned", ERR_NOT_RETURNED)
        due = locked.report_due_on or today
        late = working_days_between(due, today) if today > due else 0
        report, created = TripReport.objects.select_for_update().get_or_create(
            trip=locked,
            defaults={"summary": text, "countries_visited": codes, "case_material": material,
                      "submitted_at": timezone.now(), "submitted_by": by, "due_on": due, "days_late": late},
        )  # fmt: skip
        if not created:
            report.summary, report.countries_visited, report.case_material = text, codes, material
            report.submitted_at, report.submitted_by, report.due_on, report.days_late = timezone.now(), by, due, late
            report.revisions += 1
            report.save()
        case_transition(case=locked.case, name="submit_report", by=by)
        audit_record(
            actor=by,
            action="trips.report.submitted",
            obj=locked.case,
            new={"countries": codes, "days_late": late, "material_id": getattr(material, "pk", None),
                 "revision": report.revisions},
        )  # fmt: skip
    trip.case.state = TripState.REPORT_SUBMITTED
    trip.case._loaded_state = TripState.REPORT_SUBMITTED
    return report


def trip_report_return(*, trip: Trip, by: Any, note: str) -> Trip:
    """The Foreign Affairs Office asks for the report to be completed (reason required)."""
    if not (note or "").strip():
        raise _invalid("trips.reason_required", {"note": [ERR_REASON_REQUIRED]})
    case_transition(case=trip.case, name="return_report", by=by, note=note.strip())
    return trip


def trip_close(*, trip: Trip, by: Any, note: str = "") -> Trip:
    """Accept the trip report and close the trip; the liaison officer may then rate the service."""
    case_transition(case=trip.case, name="close", by=by, note=(note or "").strip())
    return trip


def trip_cancel(*, trip: Trip, by: Any, reason: str) -> Trip:
    """Cancel an approved trip before or after the collection (reason required). The
    passports app releases the reservations (booklets already out fall due a set number of
    days after the cancellation) and the visas app withdraws the open visa applications, in
    the same transaction; a booked collection appointment is cancelled."""
    if not (note := (reason or "").strip()):
        raise _invalid("trips.reason_required", {"note": [ERR_REASON_REQUIRED]})
    reviewer = bool(getattr(by, "is_authenticated", False) and str(Role.FAO_REVIEWER) in by.role_names)
    if not reviewer and not can_act_as_liaison(user=by, trip=trip):
        raise NotFound("trips.not_found")
    if trip.case.state not in CANCELLABLE_STATES:
        raise Conflict("trips.not_cancellable", ERR_NOT_CANCELLABLE)
    with transaction.atomic():
        case_transition(case=trip.case, name="cancel", by=by, note=note)
        appointment = trip_collection_appointment(trip=trip)
        if appointment is not None and appointment.status == "booked":
            from onestop.halls.services import appointment_cancel

            appointment_cancel(appointment=appointment, by=by, reason=str(_("The trip was cancelled.")), staff=True)
    return trip


# --- reminders --------------------------------------------------------------------------


def _liaisons(trip: Trip) -> list[Any]:
    from django.contrib.auth import get_user_model

    users = {
        u.pk: u
        for u in get_user_model()
        .objects.filter(is_active=True, organization_id=trip.organization_id, role_grants__role=Role.LIAISON)
        .distinct()
    }
    applicant = trip.case.applicant
    if applicant is not None and applicant.is_active:
        users.setdefault(applicant.pk, applicant)
    return list(users.values())


def _approver(trip: Trip) -> Any:
    """The reviewer who approved the trip (the assignment ends with the collection)."""
    from onestop.cases.models import TimelineEntry

    entry = (
        TimelineEntry.objects.select_related("actor")
        .filter(case_id=trip.case_id, code="trip.approve", actor__isnull=False)
        .order_by("-at", "-pk")
        .first()
    )
    return entry.actor if entry is not None and entry.actor.is_active else None


def trips_report_reminders(*, today: date | None = None) -> dict[str, int]:
    """Remind the liaison officers about trip reports: once within the policy's working days
    before the due date, once on it, once when overdue (the reviewer who approved the trip is
    told too, and the trip's timeline notes it for the office). Each reminder is recorded before it is sent, so two runs send it once."""
    from onestop.notify.services import notify_user

    today = today or timezone.localdate()
    policy = trip_policy_active()
    sent = {"before": 0, "due": 0, "overdue": 0}
    for item in trip_report_due_candidates(today=today, remind_days=policy.report_reminder_working_days):
        trip = item.trip
        kind = "before" if today < item.due_on else ("due" if today == item.due_on else "overdue")
        try:
            with transaction.atomic():
                ReportReminder.objects.create(trip=trip, kind=kind, due_on=item.due_on)
                context = {"number": trip.case.number, "due": item.due_on.isoformat()}
                for user in _liaisons(trip):
                    notify_user(user=user, code=f"trips.report_{kind}", context=context, case=trip.case)
                if kind == "overdue":
                    case_note(case=trip.case, by=None, code="trips.report_overdue", params=context, public=False)
                    approver = _approver(trip)
                    if approver is not None:
                        notify_user(user=approver, code="trips.report_overdue_office", context=context, case=trip.case)
        except IntegrityError:  # sent already (by this run's twin or an earlier one)
            continue
        sent[kind] += 1
    return sent
