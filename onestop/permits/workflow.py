"""The joint permit workflow ("permit", numbers PRM-2026-000001).

draft → submitted (complete) → under_review (the first officer starts) →
correction_requested (both halves have a verdict, at least one asks for corrections) →
under_review (the employer answers) → approved (both halves approved) | refused (a half
refused). The SLA clock starts on complete submission, pauses while the employer corrects
and stops at the joint decision. The two halves live on ``Review`` rows; the system joins
them (``services.reviews``), so every decision transition has a guard that re-reads them.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from onestop.cases.workflow import Clock, Transition, Workflow, register

KIND = "permit"
OFFICERS = frozenset({"permit_officer", "exit_entry_officer"})
EMPLOYER = frozenset({"employer"})


class PermitState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    CORRECTION_REQUESTED = "correction_requested", _("Corrections requested")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", pgettext_lazy("permit decision", "Refused")


ERR_INCOMPLETE = _("The application is not complete: %(missing)s.")
ERR_REVIEWS_OPEN = _("Both reviews must reach a verdict first.")
ERR_NOT_BOTH_APPROVED = _("Both permits must be approved for a joint approval.")
ERR_NO_REFUSAL = _("Neither review refused the application.")
ERR_NO_CORRECTION = _("Neither review asked for corrections.")
ERR_REFUSAL_PENDING = _("A review refused the application; it cannot go back for corrections.")


def _application(case):
    from .models import PermitApplication

    return PermitApplication.objects.get(case=case)


def _statuses(case) -> list[str]:
    from .models import Review

    return list(Review.objects.filter(application__case=case).values_list("status", flat=True))


def guard_complete(case, by):
    from .selectors import application_completeness

    report = application_completeness(application=_application(case))
    if report.complete:
        return None
    return ERR_INCOMPLETE % {"missing": ", ".join(str(item) for item in report.missing_labels)}


def _all_decided(statuses: list[str]) -> bool:
    from .models import VERDICTS

    return len(statuses) == 2 and all(s in VERDICTS for s in statuses)


def guard_both_approved(case, by):
    from .models import ReviewStatus

    statuses = _statuses(case)
    if len(statuses) == 2 and all(s == ReviewStatus.APPROVED for s in statuses):
        return None
    return ERR_NOT_BOTH_APPROVED


def guard_refused(case, by):
    from .models import ReviewStatus

    statuses = _statuses(case)
    if not _all_decided(statuses):
        return ERR_REVIEWS_OPEN
    if ReviewStatus.REFUSED not in statuses:
        return ERR_NO_REFUSAL
    return None


def guard_corrections(case, by):
    from .models import ReviewStatus

    statuses = _statuses(case)
    if not _all_decided(statuses):
        return ERR_REVIEWS_OPEN
    if ReviewStatus.REFUSED in statuses:
        return ERR_REFUSAL_PENDING
    if ReviewStatus.CORRECTION_REQUESTED not in statuses:
        return ERR_NO_CORRECTION
    return None


WORKFLOW = register(
    Workflow(
        kind=KIND,
        prefix="PRM",
        states=PermitState,
        initial=PermitState.DRAFT,
        final_states=frozenset({PermitState.APPROVED, PermitState.REFUSED}),
        sla_budget=7,
        verbose_name=_("joint work and residence permit"),
        transitions=[
            Transition(
                name="submit",
                source=(PermitState.DRAFT,),
                target=PermitState.SUBMITTED,
                label=_("Submit the application"),
                timeline=_("The application was submitted complete; the clock of %(days)s working days started."),
                roles=EMPLOYER,
                guards=(guard_complete,),
                clock=Clock.START,
                queue="",
            ),
            Transition(
                name="review_begin",
                source=(PermitState.SUBMITTED,),
                target=PermitState.UNDER_REVIEW,
                label=_("Start the review"),
                timeline=_("The review started: work permit and residence permit are examined in parallel."),
                roles=OFFICERS,
            ),
            Transition(
                name="corrections_request",
                source=(PermitState.UNDER_REVIEW,),
                target=PermitState.CORRECTION_REQUESTED,
                label=_("Ask for corrections"),
                timeline=_("Corrections were requested (%(points)s points in one request); the clock is paused."),
                roles=OFFICERS,
                guards=(guard_corrections,),
                clock=Clock.PAUSE,
                notify_applicant=False,  # the employer gets the combined request itself
                style="secondary",
            ),
            Transition(
                name="resubmit",
                source=(PermitState.CORRECTION_REQUESTED,),
                target=PermitState.UNDER_REVIEW,
                label=_("Send the corrections"),
                timeline=_("The employer sent the corrections; the review resumed."),
                roles=EMPLOYER,
                guards=(guard_complete,),
                clock=Clock.RESUME,
            ),
            Transition(
                name="approve",
                source=(PermitState.UNDER_REVIEW,),
                target=PermitState.APPROVED,
                label=_("Approve both permits"),
                timeline=_("Both permits were approved in one joint decision."),
                roles=OFFICERS,
                guards=(guard_both_approved,),
                clock=Clock.STOP,
            ),
            Transition(
                name="refuse",
                source=(PermitState.UNDER_REVIEW,),
                target=PermitState.REFUSED,
                label=_("Refuse the application"),
                timeline=_("The application was refused."),
                roles=OFFICERS,
                guards=(guard_refused,),
                clock=Clock.STOP,
                requires_note=True,
                notify_applicant=False,  # the employer gets the reasons of every refusing half
                style="danger",
            ),
        ],
    )
)
