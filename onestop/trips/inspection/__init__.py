"""Inspection after the trips: a small rule engine and its exports (ADR 0544).

``inspection_run`` (a selector: it only reads) applies the registered rules to the trips of
a year and an organization's subtree and returns the findings, most serious first within
each organization. ``export`` writes them as CSV or XLSX.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from . import rules as _rules  # noqa: F401  (registers the rules)
from .base import HIGH, LOW, MEDIUM, SEVERITY_ORDER, Finding, Rule, Scope, all_rules, get_rule, run

__all__ = [
    "HIGH",
    "LOW",
    "MEDIUM",
    "Finding",
    "OrganizationFindings",
    "Rule",
    "Scope",
    "all_rules",
    "get_rule",
    "inspection_by_organization",
    "inspection_run",
    "inspection_years",
]


def inspection_run(
    *,
    year: int | None = None,
    organization: Any = None,
    rules: Iterable[str] | None = None,
    today: date | None = None,
) -> list[Finding]:
    """Findings of the chosen rules (all when ``rules`` is empty) for trips departing in
    ``year`` of ``organization``'s subtree, by organization, severity and trip."""
    from ..selectors import trip_policy_active

    scope = Scope(
        today=today or timezone.localdate(), policy=trip_policy_active(), year=year, organization=organization
    )
    found = list(run(scope, rules))
    return sorted(
        found,
        key=lambda f: (f.organization_name, f.organization_id, SEVERITY_ORDER.get(f.severity, 9), f.trip_number,
                       f.rule, f.person_name),
    )  # fmt: skip


@dataclass
class OrganizationFindings:
    organization_id: int
    organization_name: str
    findings: list[Finding]

    @property
    def high(self) -> int:
        return sum(1 for f in self.findings if f.severity == HIGH)


def inspection_by_organization(findings: list[Finding]) -> list[OrganizationFindings]:
    """The findings grouped per organization (they arrive sorted by organization)."""
    groups: list[OrganizationFindings] = []
    for finding in findings:
        if not groups or groups[-1].organization_id != finding.organization_id:
            groups.append(OrganizationFindings(finding.organization_id, finding.organization_name, []))
        groups[-1].findings.append(finding)
    return groups


def inspection_years() -> list[int]:
    """Years in which approved trips depart, newest first (for the year filter)."""
    from ..models import Trip

    years = Trip.objects.filter(approved_at__isnull=False, departs_on__isnull=False).dates("departs_on", "year")
    return sorted({d.year for d in years}, reverse=True)
