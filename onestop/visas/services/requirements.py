"""Writes on the reference data (the requirement table and the missions), used by the admin
and the demo data: validated, saved and audited."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from onestop.cases.audit import audit_record
from onestop.core.errors import ValidationFailed

from ..models import Mission, VisaRequirement

REQUIREMENT_FIELDS = ("kind", "max_stay_days", "processing_days", "notes", "source")


def _validated(obj: Any) -> None:
    try:
        obj.full_clean()
    except ValidationError as exc:
        fields = {name: [str(m) for m in messages] for name, messages in exc.message_dict.items()}
        first = next(iter(fields.values()))[0]
        raise ValidationFailed("visas.reference_invalid", first, fields=fields)


def requirement_save(*, requirement: VisaRequirement, by: Any) -> VisaRequirement:
    """Check and save one row of the requirement table (new or changed), audited."""
    _validated(requirement)
    with transaction.atomic():
        old = None
        if requirement.pk:
            before = VisaRequirement.objects.filter(pk=requirement.pk).values(*REQUIREMENT_FIELDS).first()
            old = dict(before) if before else None
        requirement.save()
        audit_record(
            actor=by,
            action="visas.requirement.saved",
            obj=requirement,
            old=old,
            new={
                "country": requirement.country,
                "passport_type": requirement.passport_type,
                "valid_from": requirement.valid_from,
                **{name: getattr(requirement, name) for name in REQUIREMENT_FIELDS},
            },
        )
    return requirement


def requirement_set(*, by: Any, country: str, passport_type: str, valid_from, **values: Any) -> VisaRequirement:
    """Create or update the row for ``country``, ``passport_type`` and ``valid_from``."""
    row = VisaRequirement.objects.filter(
        country=country.upper(), passport_type=passport_type, valid_from=valid_from
    ).first() or VisaRequirement(country=country.upper(), passport_type=passport_type, valid_from=valid_from)
    for name, value in values.items():
        if name not in REQUIREMENT_FIELDS:
            raise ValidationFailed("visas.reference_invalid", name, fields={name: [name]})
        setattr(row, name, value)
    return requirement_save(requirement=row, by=by)


def mission_save(*, mission: Mission, by: Any) -> Mission:
    _validated(mission)
    with transaction.atomic():
        mission.save()
        audit_record(
            actor=by,
            action="visas.mission.saved",
            obj=mission,
            new={"country": mission.country, "kind": mission.kind, "names": mission.names, "active": mission.is_active},
        )
    return mission
