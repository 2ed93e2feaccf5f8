"""Moving a trip along its workflow: submit, review, decide, withdraw, rate.

Each function checks what the caller may do, then calls ``case_transition``, which locks the
case, checks the declared transition and its guards, writes the timeline and the audit
event, and notifies the applicant after commit.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onestop.accounts.roles import Role
from onestop.cases.models import Case, CaseRating
from onestop.cases.services import NotPermitted, case_assign, case_rate, case_set_sla, case_transition
from onestop.core.errors import Conflict, ValidationFailed

from ..materials import trip_materials_missing, trip_materials_require
from ..models import Trip
from ..policy import hard_findings, soft_findings, trip_policy_check
from ..selectors import trip_policy_active
from ..workflow import TripState
from .drafting import _fresh, ensure_liaison_for

ERR_NOT_READY = _("The trip cannot be submitted yet.")
ERR_SOFT_REASON = _("The trip exceeds a soft limit of the policy: explain why in writing.")
ERR_SOFT_REASON_LONG = _("At most %(max)d characters.")
ERR_MATERIAL_MISSING = _("%(person)s: %(material)s is missing.")
ERR_REASON_REQUIRED = _("Please give a reason.")
ERR_NOT_REVIEWER = _("Only a reviewer of the Foreign Affairs Office assigns trips.")
ERR_ASSIGN_STATE = _("A trip can be assigned only while it waits for review or is in review.")
ERR_ASSIGN_TAKEN = _("%(name)s has already taken this trip for review. Use “Take over this review” to take it.")

SOFT_REASON_MAX = 2000
logger = logging.getLogger(__name__)


def _readiness_errors(trip: Trip) -> tuple[str | None, dict[str, list[Any]]]:
    """The first problem's code and every problem by field: policy, soft_reason, materials."""
    findings = trip_policy_check(trip=trip, today=timezone.localdate())
    fields: dict[str, list[Any]] = {}
    code = None
    hard = hard_findings(findings)
    if hard:
        fields["policy"] = [f.message for f in hard]
        code = "trips.policy_hard"
    if soft_findings(findings) and not trip.soft_breach_reason.strip():
        fields["soft_reason"] = [ERR_SOFT_REASON] + [f.message for f in soft_findings(findings)]
        code = code or "trips.soft_reason_required"
    missing = trip_materials_missing(trip=trip)
    if missing:
        fields["materials"] = [
            ERR_MATERIAL_MISSING % {"person": line.person_name, "material": line.type_name} for line in missing
        ]
        code = code or "trips.materials_missing"
    return code, fields


def _send(*, trip: Trip, by: Any, name: str, soft_reason: str | None) -> Trip:
    ensure_liaison_for(trip=trip, by=by)
    with transaction.atomic():
        locked = Trip.objects.select_for_update().get(pk=trip.pk)
        if soft_reason is not None:
            reason = soft_reason.strip()
            if len(reason) > SOFT_REASON_MAX:
                message = ERR_SOFT_REASON_LONG % {"max": SOFT_REASON_MAX}
                raise ValidationFailed("trips.invalid", message, fields={"soft_reason": [message]})
            if reason != locked.soft_breach_reason:
                locked.soft_breach_reason = reason
                locked.save(update_fields=["soft_breach_reason", "updated_at"])
        fresh = _fresh(locked)
        if fresh.case.state in (TripState.DRAFT, TripState.CORRECTION_REQUESTED):
            trip_materials_require(trip=fresh, by=by)
            code, fields = _readiness_errors(fresh)
            if code:
                raise ValidationFailed(code, ERR_NOT_READY, fields=fields)
        if name == "submit":
            case_set_sla(case=fresh.case, budget=trip_policy_active().sla_working_days)
        case_transition(case=fresh.case, name=name, by=by)
    trip.soft_breach_reason = fresh.soft_breach_reason
    _refresh_case(trip, fresh.case)
    return trip


def trip_submit(*, trip: Trip, by: Any, soft_reason: str | None = None) -> Trip:
    """Send a draft to the Foreign Affairs Office.

    Asks the dossier for the materials (reusing what is on file), runs the policy check and
    refuses with every problem listed by field (``policy``, ``soft_reason``, ``materials``)
    when a hard limit is broken, a soft one lacks a written reason or a material is missing.
    Starts the review clock with the policy's deadline and puts the trip in the FAO queue.
    """
    return _send(trip=trip, by=by, name="submit", soft_reason=soft_reason)


def trip_resubmit(*, trip: Trip, by: Any, soft_reason: str | None = None) -> Trip:
    """Send a corrected trip back; the same checks as submission. The clock runs again and
    the reviewer who asked for the correction is told."""
    trip = _send(trip=trip, by=by, name="resubmit", soft_reason=soft_reason)
    reviewer_id = trip.case.assigned_to_id
    if reviewer_id:
        case_id = trip.case_id
        transaction.on_commit(lambda: _notify_reviewer(reviewer_id=reviewer_id, case_id=case_id))
    return trip


def _notify_reviewer(*, reviewer_id: int, case_id: int) -> None:
    from django.contrib.auth import get_user_model

    from onestop.cases.models import Case
    from onestop.notify.services import notify_user

    try:
        reviewer = get_user_model().objects.filter(pk=reviewer_id).first()
        case = Case.objects.filter(pk=case_id).first()
        if reviewer is not None and case is not None:
            notify_user(user=reviewer, code="trips.resubmitted", context={"number": case.number}, case=case)
    except Exception:  # runs after commit: a failed notice never undoes the resubmission
        logger.exception("could not tell reviewer %s that case %s was resubmitted", reviewer_id, case_id)


def trip_assign(*, trip: Trip, by: Any, assignee: Any = None, take_over: bool = False) -> Trip:
    """Take a waiting trip for review (it moves to "in review", assigned to ``by``), or hand
    a trip in review to another reviewer (``assignee``), or take it over from the reviewer
    who holds it (``take_over``). The case row is locked while deciding, so a reviewer who
    pressed "assign to me" on a trip a colleague has just taken gets a clear refusal instead
    of silently taking it from them."""
    if not (getattr(by, "is_authenticated", False) and str(Role.FAO_REVIEWER) in by.role_names):
        raise NotPermitted("trips.not_reviewer", ERR_NOT_REVIEWER)
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=trip.case_id)
        if case.state in (TripState.SUBMITTED, TripState.RESUBMITTED):
            case_transition(case=case, name="assign", by=by)
            if assignee is not None and assignee.pk != by.pk:
                case_assign(case=case, assignee=assignee, by=by)
        elif case.state == TripState.IN_REVIEW:
            holder = case.assigned_to
            taken_by_other = holder is not None and holder.pk != by.pk
            if assignee is None and taken_by_other and not take_over:
                raise Conflict("trips.assign_taken", ERR_ASSIGN_TAKEN % {"name": holder.full_name or holder.username})
            case_assign(case=case, assignee=assignee or by, by=by)
        else:
            raise Conflict("trips.assign_state", ERR_ASSIGN_STATE)
    trip.case = Case.objects.get(pk=case.pk)
    return trip


def _decide(*, trip: Trip, by: Any, name: str, note: str = "") -> Trip:
    case_transition(case=trip.case, name=name, by=by, note=(note or "").strip())
    return trip


def trip_request_correction(*, trip: Trip, by: Any, note: str) -> Trip:
    """Send the trip back to the liaison officer with what to correct; pauses the clock."""
    return _decide(trip=trip, by=by, name="request_correction", note=note)


def trip_approve(*, trip: Trip, by: Any, note: str = "") -> Trip:
    """Approve the trip. This numbers the approval and, once committed, issues the signed
    approval document through the documents task; the liaison officer is notified."""
    _decide(trip=trip, by=by, name="approve", note=note)
    fresh = Trip.objects.only("approval_number", "approved_at").get(pk=trip.pk)
    trip.approval_number, trip.approved_at = fresh.approval_number, fresh.approved_at
    return trip


def trip_reject(*, trip: Trip, by: Any, reason: str) -> Trip:
    """Refuse the trip; the reason is required and shown to the liaison officer."""
    if not (reason or "").strip():
        raise ValidationFailed("trips.reason_required", ERR_REASON_REQUIRED, fields={"note": [ERR_REASON_REQUIRED]})
    return _decide(trip=trip, by=by, name="reject", note=reason)


def trip_withdraw(*, trip: Trip, by: Any, note: str = "") -> Trip:
    """The liaison officer takes the trip back before a decision; it is kept on record."""
    ensure_liaison_for(trip=trip, by=by)
    return _decide(trip=trip, by=by, name="withdraw", note=note)


def trip_rate(*, trip: Trip, by: Any, score: int, comment: str = "") -> CaseRating:
    """The liaison officer rates the service once the trip is decided."""
    ensure_liaison_for(trip=trip, by=by)
    return case_rate(case=trip.case, by=by, score=score, comment=comment)


def _refresh_case(trip: Trip, case: Any) -> None:
    if trip.case is not case:
        for field in (
            "state",
            "queue",
            "assigned_to_id",
            "is_open",
            "due_at",
            "paused_at",
            "submitted_at",
            "sla_budget",
            "sla_started_at",
            "closed_at",
        ):
            setattr(trip.case, field, getattr(case, field))
        trip.case._loaded_state = case.state
