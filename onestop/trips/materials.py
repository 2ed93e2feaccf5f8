"""What a trip needs from the dossier, and where it stands.

Every member provides a passport data page and a photo; the trip provides the invitation
letter, kept in the leader's dossier as a material specific to this case. The dossier
attaches what a person already has (valid and verified) and reports only what is missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from .models import Trip

MEMBER_MATERIALS = ("passport_page", "photo")
TRIP_MATERIALS = ("invitation_letter",)


@dataclass(frozen=True)
class MaterialLine:
    person_id: int
    person_name: str
    type_code: str
    type_name: str
    status: str  # "reused" | "provided" | "missing"
    case_material_id: int | None = None


def _leader(trip: Trip):
    for member in trip.members.all():
        if member.role == "leader":
            return member
    return None


def trip_materials_require(*, trip: Trip, by: Any) -> None:
    """Ask the dossier for every material the trip needs; it attaches what is on file."""
    from onestop.dossier.services import case_materials_require

    for member in trip.members.all():
        case_materials_require(case=trip.case, person=member.person, type_codes=list(MEMBER_MATERIALS), by=by)
    leader = _leader(trip)
    if leader is not None:
        case_materials_require(case=trip.case, person=leader.person, type_codes=list(TRIP_MATERIALS), by=by)


def _expected(trip: Trip) -> set[tuple[int, str]]:
    """(person id, type code) pairs the current delegation needs. Requirements left over from
    members who were removed do not count."""
    wanted = {(m.person_id, code) for m in trip.members.all() for code in MEMBER_MATERIALS}
    leader = _leader(trip)
    if leader is not None:
        wanted |= {(leader.person_id, code) for code in TRIP_MATERIALS}
    return wanted


def trip_materials_status(*, trip: Trip) -> list[MaterialLine]:
    """One line per needed material of the current delegation, in delegation order: reused
    from the dossier, provided for this trip, or missing (nothing usable attached)."""
    from onestop.dossier.services import case_materials_for, case_materials_missing

    rows = {(cm.person_id, cm.type.code): cm for cm in case_materials_for(case=trip.case)}
    missing_ids = {cm.pk for cm in case_materials_missing(case=trip.case)} if rows else set()
    names = {cm.type.code: cm.type.localized_name() for cm in rows.values()}
    lines: list[MaterialLine] = []
    leader = _leader(trip)
    for member in trip.members.all():
        codes = list(MEMBER_MATERIALS)
        if leader is not None and member.pk == leader.pk:
            codes += list(TRIP_MATERIALS)
        for code in codes:
            cm = rows.get((member.person_id, code))
            if cm is None or cm.pk in missing_ids:
                status = "missing"
            else:
                status = "reused" if cm.reused else "provided"
            type_name = names.get(code) or _type_name(code, names)
            lines.append(
                MaterialLine(
                    member.person_id, member.person.full_name, code, type_name, status, getattr(cm, "pk", None)
                )
            )
    return lines


def _type_name(code: str, cache: dict[str, str]) -> str:
    from onestop.core.errors import ValidationFailed
    from onestop.dossier.services import material_type_get

    try:
        cache[code] = material_type_get(code=code).localized_name()
    except ValidationFailed:  # a type missing from the catalogue is shown by its code
        cache[code] = code
    return cache[code]


def trip_materials_missing(*, trip: Trip) -> list[MaterialLine]:
    return [line for line in trip_materials_status(trip=trip) if line.status == "missing"]
