"""Issuing the two permits of a joint approval, together, as signed verifiable documents."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import PermitApplication, ReviewKind

TEMPLATE = "permits/documents/permit.html"
TITLES = {
    ReviewKind.WORK: _("Foreigner's work permit"),
    ReviewKind.RESIDENCE: _("Work-type residence permit"),
}
# A residence permit outlasts the contract by a month, to leave time to settle affairs,
# but never the passport it is stamped against.
RESIDENCE_GRACE_DAYS = 30


def permit_validity(*, application: PermitApplication, kind: str, decided_on: date) -> tuple[date, date]:
    start = max(decided_on, application.contract_start or decided_on)
    end = application.contract_end or decided_on
    if kind == ReviewKind.RESIDENCE:
        end = end + timedelta(days=RESIDENCE_GRACE_DAYS)
        if application.passport is not None and application.passport.expires_on:
            end = min(end, application.passport.expires_on)
    return start, end


def permits_issue(*, application: PermitApplication, by: Any, language: str | None = None) -> list[Any]:
    """Issue the work permit and the residence permit of an approved application. Each is
    keyed by case and kind, so a retried job returns what an earlier attempt issued instead
    of issuing twice; the job is done when both exist."""
    from onestop.documents.services import document_issue_keyed

    case = application.case
    decided_on = timezone.localtime(application.decided_at or timezone.now()).date()
    person = application.person
    issued = []
    for kind in (ReviewKind.WORK, ReviewKind.RESIDENCE):
        valid_from, valid_until = permit_validity(application=application, kind=kind, decided_on=decided_on)
        essentials = {
            "case_number": case.number,
            "holder": person.latin_name or person.full_name,
            "nationality": person.nationality,
            "passport": application.passport.number_masked if application.passport else "",
            "employer": application.employer.name_en or application.employer.name,
            "position": application.job_title,
            "valid_from": valid_from,
            "valid_until": valid_until,
            "approved_on": decided_on,
        }
        issued.append(
            document_issue_keyed(
                request_key=f"permits:{case.pk}:{kind}",
                case=case,
                kind=str(kind),
                title=str(TITLES[kind]),
                template=TEMPLATE,
                context={
                    "permit_kind": str(kind),
                    "holder": person.full_name,
                    "holder_latin": person.latin_name,
                    "employer": application.employer.display_name(language or settings.LANGUAGE_CODE),
                    "work_address": application.work_address,
                    "job_title": application.job_title,
                    "valid_from": valid_from,
                    "valid_until": valid_until,
                },
                essentials={k: v for k, v in essentials.items() if v not in (None, "")},
                by=by,
                language=language,
            )
        )
    return issued
