"""The two parallel reviews and the joint decision.

Each half (work permit, residence permit) is a ``Review`` row queued for its authority's
role. An officer takes a half, then gives a verdict: approved, refused or corrections.
When the second verdict arrives the system joins them — under a row lock on the
application, so two officers deciding at the same moment still produce exactly one move:

* a half refused → the application is refused, with the reasons of every refusing half;
* otherwise a half asking for corrections → ONE combined request to the employer listing
  the points of both officers; the clock pauses;
* both approved → one joint approval; both permits are issued together, signed.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onestop.calendar.services import working_days_between
from onestop.cases.audit import audit_record
from onestop.cases.services import NotPermitted, case_note, case_transition
from onestop.core.errors import Conflict, ValidationFailed

from .. import integration
from ..models import (
    QUEUE_FOR_KIND,
    VERDICTS,
    CorrectionRequest,
    PermitApplication,
    Review,
    ReviewKind,
    ReviewStatus,
)
from ..policies import permit_policy
from ..workflow import PermitState

ERR_NOT_YOUR_QUEUE = _("This review is in another authority's queue.")
ERR_TAKEN = _("Another officer has already taken this review.")
ERR_REVIEW_CLOSED = _("This review is not open for a verdict.")
ERR_NOT_YOUR_REVIEW = _("Only the officer who took this review can give its verdict.")
ERR_CASE_NOT_IN_REVIEW = _("The application is not under review.")
ERR_VERDICT = _("Choose approve, refuse or ask for corrections.")
ERR_NOTE_REQUIRED = _("Give the reasons: the employer receives them.")
ERR_BIOMETRICS_FIRST = _("The residence permit can be approved once the biometrics appointment is booked.")


def reviews_open(*, application: PermitApplication) -> list[Review]:
    """Put both halves in their queues (called by the submission, in its transaction)."""
    rows = []
    for kind in ReviewKind:
        review, _created = Review.objects.update_or_create(
            application=application,
            kind=kind,
            defaults={
                "queue": QUEUE_FOR_KIND[kind],
                "status": ReviewStatus.PENDING,
                "round": application.round,
                "officer": None,
                "note": "",
                "started_at": None,
                "decided_at": None,
            },
        )
        rows.append(review)
    return rows


def review_start(*, review: Review, by: Any) -> Review:
    """Take a pending half. The first half taken moves the case from submitted to under
    review; the other half can be taken at the same time by the other authority."""
    if review.queue not in by.role_names:
        raise NotPermitted("permits.review.not_your_queue", ERR_NOT_YOUR_QUEUE)
    with transaction.atomic():
        application = PermitApplication.objects.select_for_update().select_related("case").get(pk=review.application_id)
        case = application.case
        if case.state not in (PermitState.SUBMITTED, PermitState.UNDER_REVIEW):
            raise Conflict("permits.review.case_not_in_review", ERR_CASE_NOT_IN_REVIEW)
        now = timezone.now()
        taken = Review.objects.filter(pk=review.pk, status=ReviewStatus.PENDING).update(
            status=ReviewStatus.IN_REVIEW, officer=by, started_at=now
        )
        if not taken:
            current = Review.objects.get(pk=review.pk)
            if current.status == ReviewStatus.IN_REVIEW and current.officer_id == by.pk:
                return current
            raise Conflict("permits.review.taken", ERR_TAKEN)
        if case.state == PermitState.SUBMITTED:
            case_transition(case=case, name="review_begin", by=by)
        case_note(case=case, by=by, code=f"permits.{review.kind}.started")
        audit_record(actor=by, action="permits.review.started", obj=review, new={"status": ReviewStatus.IN_REVIEW})
    review.refresh_from_db()
    return review


def review_decide(*, review: Review, by: Any, verdict: str, note: str = "") -> Review:
    """Record one half's verdict, then join the halves if both have one."""
    note = (note or "").strip()
    if verdict not in VERDICTS:
        raise ValidationFailed("permits.review.verdict", ERR_VERDICT, fields={"verdict": [ERR_VERDICT]})
    if verdict != ReviewStatus.APPROVED and not note:
        raise ValidationFailed("permits.review.note_required", ERR_NOTE_REQUIRED, fields={"note": [ERR_NOTE_REQUIRED]})
    if review.queue not in by.role_names:
        raise NotPermitted("permits.review.not_your_queue", ERR_NOT_YOUR_QUEUE)
    with transaction.atomic():
        application = PermitApplication.objects.select_for_update().select_related("case").get(pk=review.application_id)
        current = Review.objects.select_for_update().get(pk=review.pk)
        if application.case.state != PermitState.UNDER_REVIEW:
            raise Conflict("permits.review.case_not_in_review", ERR_CASE_NOT_IN_REVIEW)
        if current.status != ReviewStatus.IN_REVIEW:
            raise Conflict("permits.review.closed", ERR_REVIEW_CLOSED)
        if current.officer_id != by.pk:
            raise NotPermitted("permits.review.not_yours", ERR_NOT_YOUR_REVIEW)
        if (
            verdict == ReviewStatus.APPROVED
            and current.kind == ReviewKind.RESIDENCE
            and permit_policy().biometrics_before_residence_approval
            and not application.biometrics_appointment_id
        ):
            raise Conflict("permits.review.biometrics_first", ERR_BIOMETRICS_FIRST)
        current.status = verdict
        current.note = note
        current.decided_at = timezone.now()
        current.save(update_fields=["status", "note", "decided_at"])
        case_note(case=application.case, by=by, code=f"permits.{current.kind}.{verdict}", public=False)
        audit_record(
            actor=by,
            action="permits.review.decided",
            obj=current,
            old={"status": ReviewStatus.IN_REVIEW},
            new={"status": verdict},
        )
        _join(application=application, by=by)
    review.refresh_from_db()
    return review


def _kind_label(kind: str) -> str:
    return str(ReviewKind(kind).label)


def _join(*, application: PermitApplication, by: Any) -> str | None:
    """The joint decision, once both halves have a verdict. Returns the transition made."""
    reviews = list(Review.objects.filter(application=application).order_by("kind"))
    if len(reviews) != 2 or any(r.status not in VERDICTS for r in reviews):
        return None
    statuses = {r.status for r in reviews}
    case = application.case
    now = timezone.now()
    if ReviewStatus.REFUSED in statuses:
        reasons = "\n".join(f"{_kind_label(r.kind)}: {r.note}" for r in reviews if r.status == ReviewStatus.REFUSED)
        case_transition(case=case, name="refuse", by=by, note=reasons)
        application.refusal_reasons = reasons
        _record_decision(application=application, now=now)
        integration.notify_employer(
            application=application,
            code="permits.refused",
            context={},
            points=[{"kind": r.kind, "text": r.note} for r in reviews if r.status == ReviewStatus.REFUSED],
        )
        return "refuse"
    if ReviewStatus.CORRECTION_REQUESTED in statuses:
        points = [{"kind": r.kind, "text": r.note} for r in reviews if r.status == ReviewStatus.CORRECTION_REQUESTED]
        CorrectionRequest.objects.create(application=application, round=application.round, points=points, sent_at=now)
        combined = "\n".join(f"{_kind_label(p['kind'])}: {p['text']}" for p in points)
        case_transition(case=case, name="corrections_request", by=by, note=combined, data={"points": len(points)})
        integration.notify_employer(
            application=application, code="permits.correction_requested", context={}, points=points
        )
        return "corrections_request"
    case_transition(case=case, name="approve", by=by)
    _record_decision(application=application, now=now)
    integration.permits_issue_on_commit(application=application, by=by)
    return "approve"


def _record_decision(*, application: PermitApplication, now) -> None:
    case = application.case
    started = timezone.localtime(case.submitted_at).date()
    on_clock = working_days_between(started, timezone.localtime(now).date()) - application.paused_working_days
    application.decided_at = now
    application.decision_working_days = max(on_clock, 0)
    application.on_time = case.due_at is None or now <= case.due_at
    application.save(update_fields=["decided_at", "decision_working_days", "on_time", "refusal_reasons", "updated_at"])
