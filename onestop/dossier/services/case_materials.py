"""Once-only reuse: a case names the materials it needs; what the person already has,
valid and verified, is attached automatically; only the rest is asked for."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from onestop.cases.audit import audit_record
from onestop.cases.models import Case

from ..models import CaseMaterial, Material, MaterialType, Person
from .materials import material_type_get, material_upload


def _lock_case(case: Any) -> None:
    """One writer of a case's material list at a time: rows are created without twins."""
    Case.objects.select_for_update().filter(pk=case.pk).values_list("pk", flat=True).first()


def _types_in_order(type_codes: list[str]) -> list[MaterialType]:
    codes = list(dict.fromkeys(type_codes))
    return [material_type_get(code=code, field="type_codes") for code in codes]


def usable_materials(*, person: Person, types: list[MaterialType], case: Any, on: date) -> dict[int, Material]:
    """The person's reusable material per type: latest version, verified, scanned clean,
    valid on ``on``. A per-case type only counts when it was provided for this very case."""
    reusable = Q(type__per_case=False, case__isnull=True)
    if case is not None:
        reusable |= Q(type__per_case=True, case=case)
    rows = (
        Material.objects.filter(person=person, type__in=types, superseded_by__isnull=True)
        .filter(verification=Material.Verification.VERIFIED, scan_status=Material.Scan.CLEAN)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on))
        .filter(reusable)
        .order_by("type_id", "-version")
    )
    found: dict[int, Material] = {}
    for material in rows:
        found.setdefault(material.type_id, material)
    return found


def case_materials_require(*, case: Any, person: Person, type_codes: list[str], by: Any) -> list[CaseMaterial]:
    """Record that ``case`` needs these materials from ``person``, attaching what the vault
    already holds in usable form (``reused=True``) and leaving the rest missing
    (``material=None``). Safe to call again: rows that hold an acceptable material keep it,
    the others are attached when a usable material has appeared since."""
    today = timezone.localdate()
    types = _types_in_order(type_codes)
    now = timezone.now()
    rows: list[CaseMaterial] = []
    with transaction.atomic():
        _lock_case(case)
        existing = {
            row.type_id: row
            for row in CaseMaterial.objects.select_for_update(of=("self",))
            .select_related("material")
            .filter(case=case, person=person, type__in=types)
        }
        usable = usable_materials(person=person, types=types, case=case, on=today)
        attached, missing = [], []
        for mtype in types:
            row = existing.get(mtype.pk)
            if row is not None and row.material is not None and row.material.is_acceptable(today):
                rows.append(row)
                attached.append(mtype.code)
                continue
            material = usable.get(mtype.pk)
            if row is None:
                row = CaseMaterial(case=case, person=person, type=mtype)
            row.material = material
            row.reused = material is not None and material.case_id is None
            row.attached_at = now if material is not None else None
            row.save()
            rows.append(row)
            (attached if material is not None else missing).append(mtype.code)
        audit_record(
            actor=by,
            action="dossier.case_materials.required",
            obj=case,
            data={"person_id": person.pk, "attached": attached, "missing": missing},
        )
    return rows


def case_material_provide(*, case: Any, person: Person, type_code: str, file: Any, by: Any) -> CaseMaterial:
    """Upload a material for a case (through ``material_upload``: same checks, versions and
    quarantine) and attach it. A reusable type goes into the person's vault, so the next
    case finds it there; a per-case type stays with this case."""
    mtype = material_type_get(code=type_code)
    # The upload commits on its own: a quarantined file stays recorded even when the
    # attachment below is never reached.
    material = material_upload(
        person=person, type_code=type_code, file=file, by=by, case=case if mtype.per_case else None
    )
    with transaction.atomic():
        _lock_case(case)
        row = CaseMaterial.objects.select_for_update().filter(case=case, person=person, type=mtype).first()
        if row is None:
            row = CaseMaterial(case=case, person=person, type=mtype)
        row.material = material
        row.reused = False
        row.attached_at = timezone.now()
        row.save()
        audit_record(
            actor=by,
            action="dossier.case_material.provided",
            obj=case,
            data={"person_id": person.pk, "type": mtype.code, "material_id": material.pk},
        )
    return row
