"""The visa application workflow (ADR 0520).

    prepared ──submit (in a batch)──► submitted ──issue──► issued
        │                                │
        │                                └──refuse──► refused
        └──────────withdraw──────────────┴──withdraw──► withdrawn

An application is prepared by the system when its trip is approved. The visa officer
submits it by putting it in a batch for the embassy, consulate or e-visa portal of its
country (``services.batches``), then records the outcome. A trip withdrawn, rejected or
cancelled withdraws its open applications (system move). The guards hold for every path —
page, API, admin or shell: no submission outside a batch or with a material or passport
missing, no "issued" without the visa's details recorded.
"""

from __future__ import annotations

from typing import Any

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from onestop.accounts.roles import Role
from onestop.cases.workflow import Transition, Workflow, register

KIND = "visa"
PREFIX = "VSA"
BATCH_PREFIX = "VSB"

ERR_NOT_IN_BATCH = _("An application is submitted only as part of a batch for its country's mission.")
ERR_NOT_READY = _("The application is not ready: %(problems)s")
ERR_VISA_NOT_RECORDED = _("Record the visa's number and dates first.")


class VisaState(TextChoices):
    PREPARED = "prepared", _("Prepared")
    SUBMITTED = "submitted", pgettext_lazy("visa application sent to the mission", "Submitted")
    ISSUED = "issued", pgettext_lazy("visa", "Issued")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_STATES = frozenset({VisaState.PREPARED, VisaState.SUBMITTED})
FINAL_STATES = frozenset({VisaState.ISSUED, VisaState.REFUSED, VisaState.WITHDRAWN})
OFFICER_QUEUE = str(Role.VISA_OFFICER)
OFFICER = frozenset({str(Role.VISA_OFFICER)})


def _application(case: Any):
    from .models import VisaApplication

    return VisaApplication.objects.select_related("batch", "passport").get(case_id=case.pk)


def guard_in_batch(case: Any, by: Any) -> Any:
    """Submitted only inside a batch for the application's own country."""
    application = _application(case)
    if application.batch is None or application.batch.country != application.country:
        return ERR_NOT_IN_BATCH
    return None


def guard_ready(case: Any, by: Any) -> Any:
    """A passport valid for the stay and every material present."""
    from .selectors.readiness import application_problems

    problems = application_problems(application=_application(case))
    if problems:
        return ERR_NOT_READY % {"problems": " ".join(str(p) for p in problems)}
    return None


def guard_visa_recorded(case: Any, by: Any) -> Any:
    from .models import Visa

    if not Visa.objects.filter(application__case_id=case.pk).exists():
        return ERR_VISA_NOT_RECORDED
    return None


WORKFLOW = register(
    Workflow(
        kind=KIND,
        prefix=PREFIX,
        states=VisaState,
        initial=VisaState.PREPARED,
        final_states=FINAL_STATES,
        verbose_name=_("Visa application"),
        transitions=[
            Transition(
                name="submit",
                source=(VisaState.PREPARED,),
                target=VisaState.SUBMITTED,
                label=_("Submit in a batch"),
                timeline=_(
                    "The visa application was handed to the embassy, consulate or e-visa portal in batch %(batch)s."
                ),
                roles=OFFICER,
                guards=(guard_in_batch, guard_ready),
                queue=OFFICER_QUEUE,
            ),
            Transition(
                name="issue",
                source=(VisaState.SUBMITTED,),
                target=VisaState.ISSUED,
                label=_("Record the issued visa"),
                timeline=_("The visa was issued, valid from %(valid_from)s to %(valid_until)s."),
                roles=OFFICER,
                guards=(guard_visa_recorded,),
            ),
            Transition(
                name="refuse",
                source=(VisaState.SUBMITTED,),
                target=VisaState.REFUSED,
                label=_("Record a refusal"),
                timeline=_("The visa was refused."),
                roles=OFFICER,
                requires_note=True,
                style="danger",
            ),
            Transition(
                name="withdraw",
                source=(VisaState.PREPARED, VisaState.SUBMITTED),
                target=VisaState.WITHDRAWN,
                label=_("Withdraw the application"),
                timeline=_("The visa application was withdrawn."),
                roles=OFFICER,
                requires_note=True,
                style="danger",
            ),
        ],
    )
)
