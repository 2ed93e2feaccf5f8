"""The covering letter of a batch: a signed PDF issued through the documents app (ADR 0524).

It is bilingual (Chinese, then English) whatever the officer's language, as letters to
foreign missions are, and lists each application with the traveller's name and the
passport number masked. The public verify page shows only the batch's essentials (number,
mission, date, how many applications): no names, no numbers.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from onestop.cases.audit import audit_record

from ..models import VisaBatch

KIND = "visa_covering_letter"
TEMPLATE = "visas/covering_letter.html"
logger = logging.getLogger(__name__)

ESSENTIAL_LABELS = {
    "batch_number": _("Batch number"),
    "mission": _("Embassy, consulate or e-visa portal"),
    "applications": _("Number of applications"),
    "submitted_on": _("Submitted on"),
}


def _both(label: Any) -> dict[str, str]:
    with translation.override("zh-hans"):
        zh = str(label)
    with translation.override("en"):
        en = str(label)
    return {"zh": zh, "en": en}


def _organization(trip: dict[str, Any], current: Any) -> dict[str, str]:
    """The trip's organization in Chinese and in English ("" when it has no English name)."""
    from ..names import organization_names

    zh, en = organization_names(trip, current)
    if not zh and current is not None:
        zh, en = current.name, current.name_en
    return {"zh": zh, "en": en or ""}


def covering_letter_context(*, batch: VisaBatch) -> dict[str, Any]:
    from onestop.passports.models import PassportType
    from onestop.trips.countries import get_country

    from ..selectors.applications import batch_applications

    country = get_country(batch.country)
    rows = []
    for application in batch_applications(batch=batch):
        data = application.data or {}
        traveller, trip = data.get("traveller", {}), data.get("trip", {})
        passport = data.get("passport") or {}
        try:
            passport_type = _both(PassportType(application.passport_type).label)
        except ValueError:
            passport_type = {"zh": application.passport_type, "en": application.passport_type}
        rows.append(
            {
                "number": application.case.number,
                "name": traveller.get("full_name", application.person.full_name),
                "latin_name": traveller.get("latin_name", ""),
                "birth_date": traveller.get("birth_date", ""),
                "passport": passport.get("number_masked", ""),
                "passport_type": passport_type,
                "arrive_on": application.arrive_on.isoformat(),
                "depart_on": application.depart_on.isoformat(),
                "trip_number": trip.get("number", ""),
                "approval_number": trip.get("approval_number", ""),
                "organization": _organization(trip, application.case.organization),
                "purpose": trip.get("purpose", ""),
                "inviter_name": trip.get("inviter_name", ""),
            }
        )
    return {
        "batch_number": batch.number,
        "mission": {"zh": batch.mission.name("zh-hans"), "en": batch.mission.name("en")},
        "country": {
            "zh": country.name("zh-hans") if country else batch.country,
            "en": country.name("en") if country else batch.country,
        },
        "submitted_on": batch.submitted_on.isoformat(),
        "covering_note": batch.covering_note,
        "applications": rows,
    }


def covering_letter_essentials(*, batch: VisaBatch) -> dict[str, Any]:
    return {
        "batch_number": batch.number,
        "mission": f"{batch.mission.name('zh-hans')} {batch.mission.name('en')}".strip(),
        "applications": batch.applications.count(),
        "submitted_on": batch.submitted_on,
    }


def covering_letter_title(*, batch: VisaBatch) -> str:
    return f"签证申请送签函 Covering Letter for Visa Applications {batch.number}"


def covering_letter_schedule(*, batch: VisaBatch, by: Any) -> None:
    """Have the letter issued once the batch commits (a background job; retried on failure,
    issued once per batch)."""
    from ..tasks import covering_letter_issue_task

    batch_id, by_id = batch.pk, getattr(by, "pk", None)
    transaction.on_commit(lambda: covering_letter_issue_task.delay(batch_id=batch_id, by_id=by_id))


def covering_letter_issue(*, batch_id: int, by: Any) -> str:
    """Render, sign and register the batch's covering letter; store its verification code.
    Issues at most one letter per batch, also when a job is retried. Returns the code."""
    from onestop.documents.services import document_issue_keyed

    batch = VisaBatch.objects.select_related("mission").get(pk=batch_id)
    if batch.covering_letter_code:
        return batch.covering_letter_code
    document = document_issue_keyed(
        request_key=f"{KIND}:{batch.pk}",
        case=None,
        kind=KIND,
        title=covering_letter_title(batch=batch),
        template=TEMPLATE,
        context=covering_letter_context(batch=batch),
        essentials=covering_letter_essentials(batch=batch),
        by=by,
        language="zh-hans",
    )
    with transaction.atomic():
        VisaBatch.objects.filter(pk=batch.pk, covering_letter_code="").update(covering_letter_code=document.code)
        audit_record(actor=by, action="visas.batch.letter_issued", obj=batch, new={"code": document.code})
    logger.info("covering letter %s issued for batch %s", document.code, batch.number)
    return document.code
