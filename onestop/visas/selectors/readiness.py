"""Is an application ready to go in a batch? A passport valid for the stay, and every
material attached: the traveller's passport data page and photo, and the trip's invitation
letter.

Materials are never copied. The application asks the dossier for the traveller's passport
data page and photo (``case_materials_require`` attaches the verified ones from the vault);
where the vault has none verified yet, the one accepted with the approved trip counts, by
reference to the trip's case. The invitation letter belongs to the trip and is always
referred to there (ADR 0525)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onestop.dossier.models import CaseMaterial

# Materials each application asks the dossier for, from its traveller.
PERSON_MATERIALS = ("passport_page", "photo")
# Materials of the trip every application refers to (kept with the trip's case).
TRIP_MATERIALS = ("invitation_letter",)

ERR_NO_PASSPORT = _("No passport is reserved for the traveller on this trip yet.")
ERR_PASSPORT_GONE = _("The reserved passport is no longer valid (lost, cancelled or handed over).")
ERR_PASSPORT_EXPIRES = _("The passport expires before the stay ends.")
ERR_MATERIAL_MISSING = _("%(material)s is missing.")
ERR_TRIP_MATERIAL_MISSING = _("The trip's %(material)s is missing.")


def _passport_problems(application: Any) -> list[str]:
    passport = application.passport
    if passport is None:
        return [str(ERR_NO_PASSPORT)]
    if passport.is_final:
        return [str(ERR_PASSPORT_GONE)]
    if passport.expires_on < application.depart_on:
        return [str(ERR_PASSPORT_EXPIRES)]
    return []


def _material_problems(rows: list[CaseMaterial], wanted: Iterable[str], message: Any, on) -> list[str]:
    problems = []
    for code in wanted:
        candidates = [row for row in rows if row.type.code == code]
        if any(not row.is_missing(on) for row in candidates):
            continue
        name = candidates[0].type.localized_name() if candidates else _type_name(code)
        problems.append(str(message % {"material": name}))
    return problems


def _type_name(code: str) -> str:
    from onestop.core.errors import ValidationFailed
    from onestop.dossier.services import material_type_get

    try:
        return material_type_get(code=code).localized_name()
    except ValidationFailed:  # a type missing from the catalogue is named by its code
        return code


def readiness_for(applications: Iterable[Any]) -> dict[int, list[str]]:
    """Problems per application id (empty list: ready), in one query whatever the number of
    applications: the case materials of the applications and of their trips."""
    applications = list(applications)
    if not applications:
        return {}
    today = timezone.localdate()
    case_ids = {a.case_id for a in applications} | {a.trip_case_id for a in applications}
    rows: dict[tuple[int, int], list[CaseMaterial]] = {}
    trip_letters: dict[int, list[CaseMaterial]] = {}
    for row in CaseMaterial.objects.filter(case_id__in=case_ids).select_related("type", "material"):
        rows.setdefault((row.case_id, row.person_id), []).append(row)
        if row.type.code in TRIP_MATERIALS:
            trip_letters.setdefault(row.case_id, []).append(row)
    result: dict[int, list[str]] = {}
    for application in applications:
        problems = _passport_problems(application)
        own = rows.get((application.case_id, application.person_id), [])
        from_trip = rows.get((application.trip_case_id, application.person_id), [])
        problems += _material_problems(own + from_trip, PERSON_MATERIALS, ERR_MATERIAL_MISSING, today)
        problems += _material_problems(
            trip_letters.get(application.trip_case_id, []), TRIP_MATERIALS, ERR_TRIP_MATERIAL_MISSING, today
        )
        result[application.pk] = problems
    return result


def application_problems(*, application: Any) -> list[str]:
    """What stops this application from being submitted; empty when it is ready."""
    return readiness_for([application])[application.pk]


def application_materials(*, application: Any) -> list[CaseMaterial]:
    """The materials the application uses, one per type: the traveller's own (attached to the
    application from the dossier) or, where that is missing, the one accepted with the trip;
    then the trip's invitation letter. Rows of the trip's case are references, not copies."""
    today = timezone.localdate()
    rows = list(
        CaseMaterial.objects.filter(case_id__in=[application.case_id, application.trip_case_id])
        .filter(Q(person_id=application.person_id) | Q(type__code__in=TRIP_MATERIALS))
        .select_related("type", "material", "person")
        .order_by("type__code", "pk")
    )
    chosen: list[CaseMaterial] = []
    for code in PERSON_MATERIALS:
        own = [r for r in rows if r.case_id == application.case_id and r.type.code == code]
        trip = [
            r for r in rows
            if r.case_id == application.trip_case_id and r.person_id == application.person_id and r.type.code == code
        ]  # fmt: skip
        usable = [r for r in own if not r.is_missing(today)] or [r for r in trip if not r.is_missing(today)]
        chosen.extend(usable[:1] or own[:1] or trip[:1])
    for code in TRIP_MATERIALS:
        letters = [r for r in rows if r.case_id == application.trip_case_id and r.type.code == code]
        usable = [r for r in letters if not r.is_missing(today)]
        chosen.extend(usable[:1] or letters[:1])
    return chosen
