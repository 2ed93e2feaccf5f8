"""The inspection's building blocks: a finding, the scope it is looked for in, a rule, and
the registry of rules (ADR 0544).

A rule is a small class with a ``code``, a translatable ``title``, a ``severity`` and a
``findings(scope)`` method that queries what it needs and yields findings. Adding a check
is adding a class decorated with ``@rule``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar

from django.db.models import QuerySet

HIGH = "high"
MEDIUM = "medium"
LOW = "low"
SEVERITY_ORDER = {HIGH: 0, MEDIUM: 1, LOW: 2}


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    organization_id: int
    organization_name: str  # in the active language
    detail: str  # in the active language
    year: int | None = None
    trip_id: int | None = None
    trip_number: str = ""
    person_name: str = ""
    on: date | None = None  # the day it concerns (return, due date...)
    values: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Scope:
    """Where to look: trips departing in ``year`` (any year when ``None``) of
    ``organization``'s subtree (every organization when ``None``), judged on ``today`` under
    ``policy``."""

    today: date
    policy: Any  # TripPolicy
    year: int | None = None
    organization: Any = None

    def trips(self) -> QuerySet:
        from ..models import Trip

        qs = Trip.objects.select_related("case", "organization")
        if self.year:
            qs = qs.filter(departs_on__year=self.year)
        if self.organization is not None:
            qs = qs.filter(organization__path__startswith=self.organization.path)
        return qs


class Rule:
    code: ClassVar[str]
    title: ClassVar[Any]
    severity: ClassVar[str] = MEDIUM

    def findings(self, scope: Scope) -> Iterable[Finding]:  # pragma: no cover - interface
        raise NotImplementedError

    def finding(self, trip: Any, detail: Any, **extra: Any) -> Finding:
        """A finding about one trip, in its organization, for the year of its departure."""
        return Finding(
            rule=self.code,
            severity=extra.pop("severity", self.severity),
            organization_id=trip.organization_id,
            organization_name=trip.organization.display_name(),
            detail=str(detail),
            year=trip.departs_on.year if trip.departs_on else None,
            trip_id=trip.pk,
            trip_number=trip.case.number,
            **extra,
        )


_RULES: dict[str, Rule] = {}


def rule(cls: type[Rule]) -> type[Rule]:
    """Register a rule class (one instance, under its code)."""
    _RULES[cls.code] = cls()
    return cls


def all_rules() -> list[Rule]:
    return list(_RULES.values())


def get_rule(code: str) -> Rule | None:
    return _RULES.get(code)


def run(scope: Scope, codes: Iterable[str] | None = None) -> Iterator[Finding]:
    wanted = set(codes) if codes else None
    for item in all_rules():
        if wanted is None or item.code in wanted:
            yield from item.findings(scope)
