"""The trip workflow (ADR 0160, extended after the approval by ADR 0540).

    draft ──submit──► submitted ──assign──► in_review ──approve──► approved
                         ▲                    │  │
                         │                    │  └──reject──► rejected
           resubmitted ◄─┼─resubmit── correction_requested ◄──request_correction──┘
                │        │
                └─assign─┘ (to in_review)
    any state before a decision ──withdraw──► withdrawn

    approved ──mark_ready (system)──► ready_for_collection ──collect──► collected
        ▲                                  │
        └──────readiness_lost (system)─────┘
    collected ──record_return──► returned ──submit_report──► report_submitted ──close──► closed
                                    ▲                              │
                                    └────────return_report─────────┘
    approved | ready_for_collection | collected ──cancel──► cancelled

"Ready" means every traveller's passport is reserved in custody and every visa needed is
issued; the system checks it (``services.trip_readiness_refresh``) whenever a passport or
visa moves and on a periodic scan.

The clock starts on submission, pauses while the liaison officer corrects the trip and
runs again on resubmission. Guards check what a form could not: that the liaison officer
acts for their own organization, and that the trip passes the policy and has its materials
— so no path (page, API, admin, shell) submits a trip the services would refuse.
"""

from __future__ import annotations

from typing import Any

from django.db.models import TextChoices
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from onestop.accounts.roles import Role
from onestop.cases.workflow import Clock, Transition, Workflow, own_organization_guard, register

KIND = "trip"
PREFIX = "TRP"
APPROVAL_PREFIX = "TRPA"

ERR_OTHER_ORGANIZATION = _("You may act only for trips of your own organization.")
ERR_NOT_READY = _("The trip breaks a limit of the policy or misses materials; open the review step to see what.")
ERR_NOT_ASSIGNEE = _("Only the reviewer assigned to the trip decides on it; assign it to yourself first.")
ERR_SOFT_REASON_MISSING = _("The trip exceeds a soft limit: give the reason in writing.")
ERR_NOT_READY_FOR_COLLECTION = _("Not every passport and visa of the trip is ready yet.")
ERR_STILL_READY = _("Every passport and visa of the trip is still ready.")
ERR_NOT_SIGNED = _("The collection must be signed for by the liaison officer first.")
ERR_NO_ACTUAL_DATES = _("Enter the dates actually travelled first.")
ERR_NO_REPORT = _("Upload the trip report and write its summary first.")


class TripState(TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    CORRECTION_REQUESTED = "correction_requested", _("Correction requested")
    RESUBMITTED = "resubmitted", _("Resubmitted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", pgettext_lazy("trip not approved", "Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    READY_FOR_COLLECTION = "ready_for_collection", _("Ready for collection")
    COLLECTED = "collected", _("Collected")
    RETURNED = "returned", _("Back from the trip")
    REPORT_SUBMITTED = "report_submitted", _("Report submitted")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


# States in which the liaison officer may still change the trip's facts.
EDITABLE_STATES = frozenset({TripState.DRAFT, TripState.CORRECTION_REQUESTED})
DECIDED_STATES = frozenset({TripState.APPROVED, TripState.REJECTED, TripState.WITHDRAWN})
# The approval stands in these states (the passports and visas work for the trip).
APPROVED_STATES = frozenset(
    {
        TripState.APPROVED,
        TripState.READY_FOR_COLLECTION,
        TripState.COLLECTED,
        TripState.RETURNED,
        TripState.REPORT_SUBMITTED,
        TripState.CLOSED,
    }
)
FINAL_STATES = frozenset({TripState.REJECTED, TripState.WITHDRAWN, TripState.CLOSED, TripState.CANCELLED})
CANCELLABLE_STATES = (TripState.APPROVED, TripState.READY_FOR_COLLECTION, TripState.COLLECTED)
LIAISON_QUEUE = str(Role.LIAISON)
REVIEW_QUEUE = str(Role.FAO_REVIEWER)


def _trip_of(case: Any):
    from django.db.models import Prefetch

    from .models import Trip, TripMember

    return (
        Trip.objects.select_related("organization", "case")
        .prefetch_related(Prefetch("members", queryset=TripMember.objects.select_related("person")), "destinations")
        .get(case_id=case.pk)
    )


# A liaison officer acts only within their organization's subtree.
guard_own_organization = own_organization_guard(ERR_OTHER_ORGANIZATION)


OFFICE_ROLES = frozenset({str(Role.FAO_REVIEWER), str(Role.PASSPORT_OFFICER), str(Role.VISA_OFFICER)})


def guard_liaison_or_office(case: Any, by: Any) -> Any:
    """A liaison officer acts only for their organization's subtree; the Foreign Affairs
    Office's staff act for every organization (the roles of the move say which of them)."""
    if by is not None and OFFICE_ROLES & set(getattr(by, "role_names", ())):
        return None
    return guard_own_organization(case, by)


def guard_all_ready(case: Any, by: Any) -> Any:
    """Every traveller's passport reserved and every visa needed issued."""
    from .selectors import trip_readiness

    if not trip_readiness(trip=_trip_of(case)).ready:
        return ERR_NOT_READY_FOR_COLLECTION
    return None


def guard_no_longer_ready(case: Any, by: Any) -> Any:
    from .selectors import trip_readiness

    if trip_readiness(trip=_trip_of(case)).ready:
        return ERR_STILL_READY
    return None


def guard_signed(case: Any, by: Any) -> Any:
    """The collection row (with the drawn or typed signature) is written by the same
    transaction before the move; without it there is nothing to record."""
    from .models import TripCollection

    if not TripCollection.objects.filter(trip__case_id=case.pk).exists():
        return ERR_NOT_SIGNED
    return None


def guard_actual_dates(case: Any, by: Any) -> Any:
    from .models import Trip

    if not Trip.objects.filter(
        case_id=case.pk, actual_departs_on__isnull=False, actual_returns_on__isnull=False
    ).exists():
        return ERR_NO_ACTUAL_DATES
    return None


def guard_report(case: Any, by: Any) -> Any:
    from .models import TripReport

    if not TripReport.objects.filter(trip__case_id=case.pk, case_material__isnull=False).exclude(summary="").exists():
        return ERR_NO_REPORT
    return None


def guard_assigned_reviewer(case: Any, by: Any) -> Any:
    """Decisions are taken by the reviewer the trip is assigned to."""
    if case.assigned_to_id is None or case.assigned_to_id != getattr(by, "pk", None):
        return ERR_NOT_ASSIGNEE
    return None


def guard_ready(case: Any, by: Any) -> Any:
    """No hard policy finding, a written reason for soft ones, every material present."""
    from .materials import trip_materials_missing
    from .policy import hard_findings, soft_findings, trip_policy_check

    trip = _trip_of(case)
    findings = trip_policy_check(trip=trip, today=timezone.localdate())
    if hard_findings(findings):
        return ERR_NOT_READY
    if soft_findings(findings) and not trip.soft_breach_reason.strip():
        return ERR_SOFT_REASON_MISSING
    if trip_materials_missing(trip=trip):
        return ERR_NOT_READY
    return None


def effect_assign_reviewer(case: Any, by: Any, data: dict) -> None:
    """The reviewer who starts the review is the one assigned to it."""
    case.assigned_to = by
    case.save(update_fields=["assigned_to", "updated_at"])


def effect_approve(case: Any, by: Any, data: dict) -> None:
    """Number the approval, then have its signed document issued once the approval commits."""
    from onestop.cases.services import next_case_number

    from .approval import approval_document_schedule
    from .models import Trip

    now = timezone.now()
    number = next_case_number(APPROVAL_PREFIX, year=timezone.localtime(now).year)
    Trip.objects.filter(case_id=case.pk).update(approval_number=number, approved_at=now)
    approval_document_schedule(trip=_trip_of(case), by=by)
    schedule_readiness_refresh(case_id=case.pk)


def schedule_readiness_refresh(*, case_id: int) -> None:
    """After the commit (when the passports and visas apps have reacted to the move), check
    whether the trip is ready for collection."""
    from django.db import transaction

    from .tasks import enqueue_readiness_refresh

    transaction.on_commit(lambda: enqueue_readiness_refresh(case_id=case_id))


_BEFORE_DECISION = (
    TripState.DRAFT,
    TripState.SUBMITTED,
    TripState.RESUBMITTED,
    TripState.IN_REVIEW,
    TripState.CORRECTION_REQUESTED,
)
LIAISON = frozenset({str(Role.LIAISON)})
REVIEWER = frozenset({str(Role.FAO_REVIEWER)})
PASSPORT_OFFICER = frozenset({str(Role.PASSPORT_OFFICER)})

WORKFLOW = register(
    Workflow(
        kind=KIND,
        prefix=PREFIX,
        states=TripState,
        initial=TripState.DRAFT,
        final_states=FINAL_STATES,
        sla_unit="working_days",
        sla_budget=5,
        verbose_name=_("Official trip"),
        transitions=[
            Transition(
                name="submit",
                source=(TripState.DRAFT,),
                target=TripState.SUBMITTED,
                label=_("Submit for approval"),
                timeline=_("Submitted to the Foreign Affairs Office for approval."),
                roles=LIAISON,
                guards=(guard_own_organization, guard_ready),
                clock=Clock.START,
                queue=REVIEW_QUEUE,
            ),
            Transition(
                name="assign",
                source=(TripState.SUBMITTED, TripState.RESUBMITTED),
                target=TripState.IN_REVIEW,
                label=_("Assign to me and start the review"),
                timeline=_("A reviewer of the Foreign Affairs Office started the review."),
                roles=REVIEWER,
                effects=(effect_assign_reviewer,),
                queue=REVIEW_QUEUE,
            ),
            Transition(
                name="request_correction",
                source=(TripState.IN_REVIEW,),
                target=TripState.CORRECTION_REQUESTED,
                label=_("Request a correction"),
                timeline=_("The reviewer asked for a correction. The review clock is paused until it is resubmitted."),
                roles=REVIEWER,
                guards=(guard_assigned_reviewer,),
                clock=Clock.PAUSE,
                queue=LIAISON_QUEUE,
                requires_note=True,
                style="secondary",
            ),
            Transition(
                name="resubmit",
                source=(TripState.CORRECTION_REQUESTED,),
                target=TripState.RESUBMITTED,
                label=_("Resubmit"),
                timeline=_("The trip was corrected and submitted again. The review clock runs again."),
                roles=LIAISON,
                guards=(guard_own_organization, guard_ready),
                clock=Clock.RESUME,
                queue=REVIEW_QUEUE,
            ),
            Transition(
                name="approve",
                source=(TripState.IN_REVIEW,),
                target=TripState.APPROVED,
                label=_("Approve"),
                timeline=_("The trip was approved. The approval document is being issued."),
                roles=REVIEWER,
                guards=(guard_assigned_reviewer,),
                effects=(effect_approve,),
                clock=Clock.STOP,
                # The reviewer's work is done; the passport and visa offices work from their
                # own queues until the trip is ready for collection (ADR 0169).
                queue="",
            ),
            Transition(
                name="reject",
                source=(TripState.IN_REVIEW,),
                target=TripState.REJECTED,
                label=pgettext_lazy("trip not approved", "Reject"),
                timeline=_("The trip was not approved."),
                roles=REVIEWER,
                guards=(guard_assigned_reviewer,),
                clock=Clock.STOP,
                requires_note=True,
                style="danger",
            ),
            Transition(
                name="withdraw",
                source=_BEFORE_DECISION,
                target=TripState.WITHDRAWN,
                label=_("Withdraw"),
                timeline=_("The liaison officer withdrew the trip."),
                roles=LIAISON,
                guards=(guard_own_organization,),
                clock=Clock.STOP,
                style="danger",
            ),
            # --- after the approval (ADR 0540) ---------------------------------------
            Transition(
                name="mark_ready",
                source=(TripState.APPROVED,),
                target=TripState.READY_FOR_COLLECTION,
                label=_("Mark ready for collection"),
                timeline=_(
                    "Every passport and visa of the trip is ready. The liaison officer can book the one "
                    "collection visit."
                ),
                guards=(guard_all_ready,),
                queue=LIAISON_QUEUE,
            ),
            Transition(
                name="readiness_lost",
                source=(TripState.READY_FOR_COLLECTION,),
                target=TripState.APPROVED,
                label=_("Back to waiting for passports and visas"),
                timeline=_("A passport or visa of the trip is no longer ready; the collection waits for it."),
                guards=(guard_no_longer_ready,),
                queue="",
            ),
            Transition(
                name="collect",
                source=(TripState.READY_FOR_COLLECTION,),
                target=TripState.COLLECTED,
                label=_("Record the collection"),
                timeline=_("The liaison officer collected the passports and visas at %(place)s and signed for them."),
                roles=PASSPORT_OFFICER,
                guards=(guard_signed,),
                queue="",
            ),
            Transition(
                name="record_return",
                source=(TripState.COLLECTED,),
                target=TripState.RETURNED,
                label=_("Record the return"),
                timeline=_(
                    "The delegation travelled from %(departed)s to %(returned)s. The trip report is due by %(due)s."
                ),
                roles=LIAISON | PASSPORT_OFFICER,
                guards=(guard_liaison_or_office, guard_actual_dates),
                queue=LIAISON_QUEUE,
            ),
            Transition(
                name="submit_report",
                source=(TripState.RETURNED,),
                target=TripState.REPORT_SUBMITTED,
                label=_("Submit the trip report"),
                timeline=_("The trip report was submitted."),
                roles=LIAISON,
                guards=(guard_own_organization, guard_report),
                queue=REVIEW_QUEUE,
            ),
            Transition(
                name="return_report",
                source=(TripState.REPORT_SUBMITTED,),
                target=TripState.RETURNED,
                label=_("Ask for a better report"),
                timeline=_("The Foreign Affairs Office asked for the trip report to be completed."),
                roles=REVIEWER,
                queue=LIAISON_QUEUE,
                requires_note=True,
                style="secondary",
            ),
            Transition(
                name="close",
                source=(TripState.REPORT_SUBMITTED,),
                target=TripState.CLOSED,
                label=_("Accept the report and close the trip"),
                timeline=_("The Foreign Affairs Office accepted the trip report. The trip is closed."),
                roles=REVIEWER,
            ),
            Transition(
                name="cancel",
                source=CANCELLABLE_STATES,
                target=TripState.CANCELLED,
                label=_("Cancel the trip"),
                timeline=_("The trip was cancelled after its approval."),
                roles=LIAISON | REVIEWER,
                guards=(guard_liaison_or_office,),
                requires_note=True,
                style="danger",
            ),
        ],
    )
)
