"""The requirement table: what a passport type needs to enter a country on a given day."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import NEEDS_APPLICATION, UNKNOWN, Mission, RequirementKind, VisaRequirement

UNKNOWN_LABEL = _("Unknown — ask the visa officer")
UNKNOWN_NOTE = _(
    "The requirement table has no entry for this country and passport type. The visa officer checks it and "
    "adds it to the table."
)


@dataclass(frozen=True)
class RequirementAnswer:
    """The answer for one country and passport type; ``kind`` is ``"unknown"`` when the table
    has no row valid on the day asked about."""

    country: str
    passport_type: str
    kind: str
    requirement: VisaRequirement | None = None

    @property
    def known(self) -> bool:
        return self.requirement is not None

    @property
    def needs_application(self) -> bool:
        return self.kind in NEEDS_APPLICATION

    @property
    def label(self) -> str:
        return requirement_label(self.kind)

    @property
    def notes(self) -> str:
        return self.requirement.localized_notes() if self.requirement else str(UNKNOWN_NOTE)

    @property
    def max_stay_days(self) -> int | None:
        return self.requirement.max_stay_days if self.requirement else None

    @property
    def processing_days(self) -> int | None:
        return self.requirement.processing_days if self.requirement else None

    @property
    def source(self) -> str:
        return self.requirement.source if self.requirement else ""

    @property
    def valid_from(self) -> date | None:
        return self.requirement.valid_from if self.requirement else None


def requirement_label(kind: str) -> str:
    if kind == UNKNOWN:
        return str(UNKNOWN_LABEL)
    try:
        return str(RequirementKind(kind).label)
    except ValueError:
        return str(UNKNOWN_LABEL)


def _answer(country: str, passport_type: str, row: VisaRequirement | None) -> RequirementAnswer:
    if row is None:
        return RequirementAnswer(country=country, passport_type=passport_type, kind=UNKNOWN)
    return RequirementAnswer(country=country, passport_type=passport_type, kind=row.kind, requirement=row)


def visa_requirement_for(*, country: str, passport_type: str, on: date | None = None) -> RequirementAnswer:
    """What a holder of ``passport_type`` needs to enter ``country`` on ``on`` (today by
    default): the newest row valid on that day, or the "unknown — ask the visa officer" answer."""
    country = (country or "").upper()
    on = on or timezone.localdate()
    row = (
        VisaRequirement.objects.filter(country=country, passport_type=passport_type, valid_from__lte=on)
        .order_by("-valid_from", "-pk")
        .first()
    )
    return _answer(country, passport_type, row)


class RequirementTable:
    """Rows for several countries loaded in one query, answered in memory (status pages)."""

    def __init__(self, countries: Iterable[str]):
        self._rows: dict[tuple[str, str], list[VisaRequirement]] = {}
        codes = sorted({(c or "").upper() for c in countries})
        if codes:
            for row in VisaRequirement.objects.filter(country__in=codes).order_by("-valid_from", "-pk"):
                self._rows.setdefault((row.country, row.passport_type), []).append(row)

    def answer(self, *, country: str, passport_type: str, on: date | None = None) -> RequirementAnswer:
        on = on or timezone.localdate()
        country = (country or "").upper()
        row = next((r for r in self._rows.get((country, passport_type), []) if r.valid_from <= on), None)
        return _answer(country, passport_type, row)


def requirements_for(
    *, country: str | None = None, passport_type: str | None = None, kind: str | None = None, current_only: bool = True
) -> list[VisaRequirement]:
    """The table for reading: by default only the row in force today per country and type."""
    qs: QuerySet[VisaRequirement] = VisaRequirement.objects.all()
    if country:
        qs = qs.filter(country=country.upper())
    if passport_type:
        qs = qs.filter(passport_type=passport_type)
    today = timezone.localdate()
    if current_only:
        qs = qs.filter(valid_from__lte=today)
    rows = list(qs.order_by("country", "passport_type", "-valid_from", "-pk"))
    if current_only:
        seen: set[tuple[str, str]] = set()
        current = []
        for row in rows:
            key = (row.country, row.passport_type)
            if key not in seen:
                seen.add(key)
                current.append(row)
        rows = current
    if kind:
        rows = [row for row in rows if row.kind == kind]
    return rows


def missions_for(*, country: str | None = None, active_only: bool = True) -> QuerySet[Mission]:
    qs = Mission.objects.all()
    if country:
        qs = qs.filter(country=country.upper())
    if active_only:
        qs = qs.filter(is_active=True)
    return qs.order_by("country", "kind", "pk")


def mission_accepts(*, mission: Mission, requirement_kind: str) -> bool:
    """An e-visa goes to the country's e-visa portal; an embassy visa to an embassy or consulate."""
    if requirement_kind == RequirementKind.E_VISA:
        return mission.kind == Mission.Kind.ONLINE
    return mission.kind != Mission.Kind.ONLINE
