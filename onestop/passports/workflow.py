"""The passport application workflow (ADR 0504).

    draft ──submit──► submitted ──accept──► in_review ──prepare──► ready_for_issue ──issue──► issued
                                              │   ▲
              request_correction ◄────────────┘   └──resubmit── correction_requested
    in_review ──reject──► rejected;  any state before issue ──withdraw──► withdrawn

An application may be filed while its trip is still being approved: it is processed in
parallel up to "ready for issue", and ``issue`` waits for the trip's approval (guard).
"""

from __future__ import annotations

from typing import Any

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

from onestop.accounts.roles import Role
from onestop.cases.workflow import Clock, Transition, Workflow, own_organization_guard, register

KIND = "passport_application"
PREFIX = "PPA"

ERR_OTHER_ORGANIZATION = _("You may act only for applications of your own organization.")
ERR_MATERIALS_MISSING = _("Some materials are still missing: provide them before submitting.")
ERR_FORM_INCOMPLETE = _("Fill in the place of birth and a contact phone before submitting.")
ERR_TRIP_NOT_APPROVED = _("The passport can be issued only once trip %(number)s is approved.")


class ApplicationState(TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    CORRECTION_REQUESTED = "correction_requested", _("Correction requested")
    READY_FOR_ISSUE = "ready_for_issue", _("Ready for issue")
    ISSUED = "issued", _("Issued")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


A = ApplicationState
OPEN_STATES = frozenset({A.DRAFT, A.SUBMITTED, A.IN_REVIEW, A.CORRECTION_REQUESTED, A.READY_FOR_ISSUE})
FINAL_STATES = frozenset({A.ISSUED, A.REJECTED, A.WITHDRAWN})
EDITABLE_STATES = frozenset({A.DRAFT, A.CORRECTION_REQUESTED})
LIAISON = frozenset({str(Role.LIAISON)})
OFFICER = frozenset({str(Role.PASSPORT_OFFICER)})
OFFICER_QUEUE = str(Role.PASSPORT_OFFICER)
LIAISON_QUEUE = str(Role.LIAISON)


def _application(case: Any):
    from .models import PassportApplication

    return PassportApplication.objects.select_related("person", "organization").get(case_id=case.pk)


# A liaison officer acts for their organization's subtree; the system (``by`` None, e.g.
# when a trip is withdrawn) always may.
guard_own_organization = own_organization_guard(ERR_OTHER_ORGANIZATION, system_may=True)


def guard_complete(case: Any, by: Any) -> Any:
    """Form data filled in and every material attached (photo, ID card)."""
    from .services.applications import application_materials_refresh, application_missing_materials

    application = _application(case)
    if not application.place_of_birth.strip() or not application.contact_phone.strip():
        return ERR_FORM_INCOMPLETE
    application_materials_refresh(application=application, by=by)
    if application_missing_materials(application=application):
        return ERR_MATERIALS_MISSING
    return None


def guard_parent_trip_approved(case: Any, by: Any) -> Any:
    """Filed for a trip: that trip must be approved (and not cancelled since)."""
    from .trips_link import trip_is_approved

    if case.parent_id is None:
        return None
    if not trip_is_approved(case_id=case.parent_id):
        return ERR_TRIP_NOT_APPROVED % {"number": case.parent.number}
    return None


def effect_take(case: Any, by: Any, data: dict) -> None:
    case.assigned_to = by
    case.save(update_fields=["assigned_to", "updated_at"])


_BEFORE_ISSUE = (A.DRAFT, A.SUBMITTED, A.IN_REVIEW, A.CORRECTION_REQUESTED, A.READY_FOR_ISSUE)

WORKFLOW = register(
    Workflow(
        kind=KIND,
        prefix=PREFIX,
        states=ApplicationState,
        initial=A.DRAFT,
        final_states=FINAL_STATES,
        sla_unit="working_days",
        sla_budget=10,
        verbose_name=_("Passport application"),
        transitions=[
            Transition(
                name="submit",
                source=(A.DRAFT,),
                target=A.SUBMITTED,
                label=_("Submit the application"),
                timeline=_("The passport application was submitted to the passport office."),
                roles=LIAISON,
                guards=(guard_own_organization, guard_complete),
                clock=Clock.START,
                queue=OFFICER_QUEUE,
            ),
            Transition(
                name="accept",
                source=(A.SUBMITTED,),
                target=A.IN_REVIEW,
                label=_("Start processing"),
                timeline=_("A passport officer started processing the application."),
                roles=OFFICER,
                effects=(effect_take,),
                queue=OFFICER_QUEUE,
            ),
            Transition(
                name="request_correction",
                source=(A.IN_REVIEW,),
                target=A.CORRECTION_REQUESTED,
                label=_("Request a correction"),
                timeline=_("The passport officer asked for a correction; the clock is paused."),
                roles=OFFICER,
                clock=Clock.PAUSE,
                queue=LIAISON_QUEUE,
                requires_note=True,
                style="secondary",
            ),
            Transition(
                name="resubmit",
                source=(A.CORRECTION_REQUESTED,),
                target=A.IN_REVIEW,
                label=_("Resubmit"),
                timeline=_("The application was corrected and sent back; the clock runs again."),
                roles=LIAISON,
                guards=(guard_own_organization, guard_complete),
                clock=Clock.RESUME,
                queue=OFFICER_QUEUE,
            ),
            Transition(
                name="prepare",
                source=(A.IN_REVIEW,),
                target=A.READY_FOR_ISSUE,
                label=_("Mark ready for issue"),
                timeline=_("The application is processed; the passport is ready to be issued."),
                roles=OFFICER,
                queue=OFFICER_QUEUE,
            ),
            Transition(
                name="issue",
                source=(A.READY_FOR_ISSUE,),
                target=A.ISSUED,
                label=_("Issue the passport"),
                timeline=_("The passport was issued and entered in the registry."),
                roles=OFFICER,
                guards=(guard_parent_trip_approved,),
                clock=Clock.STOP,
            ),
            Transition(
                name="reject",
                source=(A.IN_REVIEW,),
                target=A.REJECTED,
                label=_("Reject"),
                timeline=_("The passport application was rejected."),
                roles=OFFICER,
                clock=Clock.STOP,
                requires_note=True,
                style="danger",
            ),
            Transition(
                name="withdraw",
                source=_BEFORE_ISSUE,
                target=A.WITHDRAWN,
                label=_("Withdraw"),
                timeline=_("The passport application was withdrawn."),
                roles=LIAISON,
                guards=(guard_own_organization,),
                clock=Clock.STOP,
                style="danger",
            ),
        ],
    )
)
