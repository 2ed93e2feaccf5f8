"""Batches: the visa officer hands several prepared applications to one mission (embassy,
consulate or e-visa portal) with a covering note. Creating the batch submits them.

An application goes into one batch only: it is claimed with a conditional update (no batch
yet, still prepared) under the case's row lock, so two officers batching the same
application at once cannot both succeed (ADR 0523). The covering letter is issued as a
signed PDF by the documents app after the batch commits (ADR 0524).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onestop.cases.audit import audit_record
from onestop.cases.models import Case
from onestop.cases.services import case_transition, next_case_number
from onestop.core.errors import Conflict

from ..models import Mission, VisaApplication, VisaBatch
from ..selectors.readiness import readiness_for
from ..selectors.requirements import mission_accepts
from ..workflow import BATCH_PREFIX, VisaState
from .common import ensure_officer, invalid
from .preparation import visa_application_refresh

NOTE_MAX = 4000
BATCH_MAX = 60

ERR_MISSION = _("Choose an active embassy, consulate or e-visa portal.")
ERR_NOTE_REQUIRED = _("Write the covering note for the mission.")
ERR_NOTE_LONG = _("The covering note may have at most %(max)d characters.")
ERR_DATE_FUTURE = _("The submission date cannot be in the future.")
ERR_NO_APPLICATIONS = _("Choose at least one application.")
ERR_TOO_MANY = _("A batch holds at most %(max)d applications.")
ERR_UNKNOWN_APPLICATIONS = _("Some chosen applications do not exist.")
ERR_NOT_PREPARED = _("Only prepared applications go in a batch; not prepared: %(numbers)s.")
ERR_OTHER_COUNTRY = _("A batch goes to one mission: %(numbers)s are for another country than %(country)s.")
ERR_WRONG_CHANNEL = _(
    "%(numbers)s cannot go to this mission: e-visas go to the e-visa portal, other visas to an embassy or consulate."
)
ERR_NOT_READY = _("%(number)s is not ready: %(problems)s")
ERR_ALREADY_BATCHED = _("Another batch took some of these applications in the meantime; reload and choose again.")


def _numbers(applications: list[VisaApplication]) -> str:
    return ", ".join(a.case.number for a in applications)


def _check_inputs(*, mission: Mission | None, covering_note: str, submitted_on: date, ids: list[int]) -> str:
    if mission is None or not mission.is_active:
        raise invalid("visas.batch_mission", ERR_MISSION, "mission")
    note = (covering_note or "").strip()
    if not note:
        raise invalid("visas.batch_note_required", ERR_NOTE_REQUIRED, "covering_note")
    if len(note) > NOTE_MAX:
        raise invalid("visas.batch_note_long", ERR_NOTE_LONG % {"max": NOTE_MAX}, "covering_note")
    if submitted_on > timezone.localdate():
        raise invalid("visas.batch_date_future", ERR_DATE_FUTURE, "submitted_on")
    if not ids:
        raise invalid("visas.batch_empty", ERR_NO_APPLICATIONS, "applications")
    if len(ids) > BATCH_MAX:
        raise invalid("visas.batch_too_many", ERR_TOO_MANY % {"max": BATCH_MAX}, "applications")
    return note


def _check_applications(*, mission: Mission, applications: list[VisaApplication]) -> None:
    not_prepared = [a for a in applications if a.case.state != VisaState.PREPARED or a.batch_id]
    if not_prepared:
        raise Conflict(
            "visas.batch_not_prepared",
            ERR_NOT_PREPARED % {"numbers": _numbers(not_prepared)},
            fields={"applications": [ERR_NOT_PREPARED % {"numbers": _numbers(not_prepared)}]},
        )
    other = [a for a in applications if a.country != mission.country]
    if other:
        message = ERR_OTHER_COUNTRY % {"numbers": _numbers(other), "country": mission.country}
        raise invalid("visas.batch_one_mission", message, "applications")
    wrong = [a for a in applications if not mission_accepts(mission=mission, requirement_kind=a.requirement_kind)]
    if wrong:
        raise invalid("visas.batch_channel", ERR_WRONG_CHANNEL % {"numbers": _numbers(wrong)}, "applications")


def visa_batch_create(
    *,
    by: Any,
    mission: Mission | None,
    application_ids: list[int],
    covering_note: str,
    submitted_on: date | None = None,
) -> VisaBatch:
    """Submit prepared applications of one country to ``mission`` as a batch.

    Refuses with the reason, naming the applications concerned: a mission of another country
    or channel, an application not prepared (or already in a batch), one not ready (no
    passport reserved, a material missing). Each application is first refreshed from the
    passport registry and the dossier, then moved to "submitted" (the liaison officer is
    told); the signed covering letter is issued after commit.
    """
    ensure_officer(by)
    submitted_on = submitted_on or timezone.localdate()
    ids = sorted({int(pk) for pk in application_ids})
    note = _check_inputs(mission=mission, covering_note=covering_note, submitted_on=submitted_on, ids=ids)
    found = list(VisaApplication.objects.select_related("case").filter(pk__in=ids).order_by("pk"))
    if len(found) != len(ids):
        raise invalid("visas.batch_unknown", ERR_UNKNOWN_APPLICATIONS, "applications")
    _check_applications(mission=mission, applications=found)
    # Bring each application up to date first (its own commit: a passport reserved since the
    # approval is linked; one that turned out not to need a visa is withdrawn, with a note).
    for application in found:
        try:
            visa_application_refresh(application=application, by=by)
        except Conflict as exc:  # submitted meanwhile: the check below names it
            if exc.code != "visas.not_prepared":
                raise
    with transaction.atomic():
        # Lock the cases in a fixed order (no deadlock between two officers' batches).
        case_ids = list(
            VisaApplication.objects.filter(pk__in=ids).order_by("case_id").values_list("case_id", flat=True)
        )
        list(Case.objects.select_for_update().filter(pk__in=case_ids).order_by("pk").values_list("pk", flat=True))
        applications = list(
            VisaApplication.objects.select_related("case", "passport").filter(pk__in=ids).order_by("pk")
        )
        if len(applications) != len(ids):
            raise invalid("visas.batch_unknown", ERR_UNKNOWN_APPLICATIONS, "applications")
        _check_applications(mission=mission, applications=applications)
        problems = readiness_for(applications)
        for application in applications:
            if problems[application.pk]:
                message = ERR_NOT_READY % {
                    "number": application.case.number,
                    "problems": " ".join(problems[application.pk]),
                }
                raise Conflict("visas.batch_not_ready", message, fields={"applications": [message]})
        batch = VisaBatch.objects.create(
            number=next_case_number(BATCH_PREFIX, year=submitted_on.year),
            mission=mission,
            country=mission.country,
            covering_note=note,
            submitted_on=submitted_on,
            created_by=by if getattr(by, "pk", None) else None,
        )
        claimed = VisaApplication.objects.filter(pk__in=ids, batch__isnull=True, case__state=VisaState.PREPARED).update(
            batch=batch, submitted_on=submitted_on
        )
        if claimed != len(ids):
            raise Conflict("visas.batch_taken", ERR_ALREADY_BATCHED)
        for application in applications:
            case_transition(case=application.case, name="submit", by=by, data={"batch": batch.number})
        audit_record(
            actor=by,
            action="visas.batch.created",
            obj=batch,
            new={"number": batch.number, "mission_id": mission.pk, "country": mission.country,
                 "applications": [a.case.number for a in applications], "submitted_on": submitted_on},
        )  # fmt: skip
        from .letters import covering_letter_schedule

        covering_letter_schedule(batch=batch, by=by)
    return batch
