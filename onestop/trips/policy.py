"""Policy checks for official trips.

``policy_evaluate`` is a pure function of plain facts and rules, so every limit is tested
with a table of cases and no database. ``trip_policy_check`` gathers the facts of a saved
trip (reusing prefetched members and destinations when present) and evaluates them
against the active ``TripPolicy``.

A *hard* finding blocks submission. A *soft* finding lets the trip go ahead with a written
reason; the reviewer sees both the finding and the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from .countries import country_name, country_region

if TYPE_CHECKING:  # pragma: no cover
    from .models import Trip, TripPolicy

HARD = "hard"
SOFT = "soft"

MSG_NO_DATES = _("Give the departure and return dates of the trip.")
MSG_DATES_INVERTED = _("The return date is before the departure date.")
MSG_DEPARTURE_PAST = _("The departure date has already passed.")
MSG_NO_DESTINATION = _("Add at least one destination.")
MSG_DESTINATION_INVERTED = _("%(place)s: the departure from there is before the arrival.")
MSG_DESTINATION_OUTSIDE = _("%(place)s: the stay is outside the trip's departure and return dates.")
MSG_TOO_MANY_COUNTRIES = _("The trip visits %(count)d countries; at most %(max)d are allowed.")
MSG_TOO_MANY_DAYS = _(
    "The trip lasts %(days)d days, counting the days of departure and return; "
    "at most %(max)d days are allowed for %(countries)d countries."
)
MSG_TOO_MANY_DAYS_FAR = _(
    "The trip lasts %(days)d days, counting the days of departure and return; at most %(max)d days are "
    "allowed for %(countries)d countries, including %(extra)d extra days for Latin America or Africa."
)
MSG_NO_MEMBERS = _("Add the members of the delegation.")
MSG_NO_LEADER = _("Name one member as the delegation leader.")
MSG_SEVERAL_LEADERS = _("A delegation has exactly one leader.")
MSG_TOO_MANY_PERSONS = ngettext_lazy(
    "The delegation has %(count)d person; at most %(max)d are allowed.",
    "The delegation has %(count)d persons; at most %(max)d are allowed.",
    "count",
)
MSG_EXEMPTION_NOT_APPLICABLE = _(
    "The teaching and research exemption applies only when every member is teaching or research staff. "
    "Not such staff: %(names)s."
)


@dataclass(frozen=True)
class PolicyRules:
    max_countries: int = 3
    max_days_by_countries: tuple[int, ...] = (5, 8, 10)
    far_regions: frozenset[str] = frozenset({"latin_america", "africa"})
    far_region_extra_days: int = 1
    max_persons: int = 6
    exemption_relaxes_persons: bool = True

    @classmethod
    def from_policy(cls, policy: TripPolicy) -> PolicyRules:
        return cls(
            max_countries=policy.max_countries,
            max_days_by_countries=tuple(int(d) for d in policy.max_days_by_countries),
            far_regions=frozenset(policy.far_regions),
            far_region_extra_days=policy.far_region_extra_days,
            max_persons=policy.max_persons,
            exemption_relaxes_persons=policy.exemption_relaxes_persons,
        )

    def max_days(self, countries: int) -> int:
        table = self.max_days_by_countries
        return table[min(max(countries, 1), len(table)) - 1]


@dataclass(frozen=True)
class DestinationFact:
    country: str
    city: str
    arrive_on: date | None
    depart_on: date | None


@dataclass(frozen=True)
class MemberFact:
    name: str
    role: str  # "leader" | "member"
    is_teaching_research: bool = False


@dataclass(frozen=True)
class TripFacts:
    departs_on: date | None
    returns_on: date | None
    destinations: tuple[DestinationFact, ...] = ()
    members: tuple[MemberFact, ...] = ()
    is_teaching_research: bool = False

    @property
    def days(self) -> int | None:
        if self.departs_on and self.returns_on:
            return (self.returns_on - self.departs_on).days + 1
        return None


@dataclass(frozen=True)
class PolicyFinding:
    code: str
    severity: str  # HARD | SOFT
    message: str
    params: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def is_hard(self) -> bool:
        return self.severity == HARD


def _finding(code: str, severity: str, message: Any, **params: Any) -> PolicyFinding:
    text = str(message % params) if params else str(message)
    return PolicyFinding(code=code, severity=severity, message=text, params=params)


def _place(dest: DestinationFact) -> str:
    return f"{dest.city}, {country_name(dest.country)}" if dest.city else country_name(dest.country)


def policy_evaluate(*, facts: TripFacts, rules: PolicyRules, today: date | None = None) -> list[PolicyFinding]:
    """Every breach of ``rules`` by the trip described by ``facts``, hard ones first."""
    findings: list[PolicyFinding] = []

    # Dates of the trip as a whole.
    if not facts.departs_on or not facts.returns_on:
        findings.append(_finding("trips.no_dates", HARD, MSG_NO_DATES))
    elif facts.returns_on < facts.departs_on:
        findings.append(_finding("trips.dates_inverted", HARD, MSG_DATES_INVERTED))
    if facts.departs_on and today and facts.departs_on < today:
        findings.append(_finding("trips.departure_past", HARD, MSG_DEPARTURE_PAST))

    # Destinations.
    if not facts.destinations:
        findings.append(_finding("trips.no_destination", HARD, MSG_NO_DESTINATION))
    for dest in facts.destinations:
        if dest.arrive_on and dest.depart_on and dest.depart_on < dest.arrive_on:
            findings.append(_finding("trips.destination_inverted", HARD, MSG_DESTINATION_INVERTED, place=_place(dest)))
        elif facts.departs_on and facts.returns_on and dest.arrive_on and dest.depart_on:
            if dest.arrive_on < facts.departs_on or dest.depart_on > facts.returns_on:
                findings.append(
                    _finding("trips.destination_outside", HARD, MSG_DESTINATION_OUTSIDE, place=_place(dest))
                )

    # The delegation, and whether the exemption is claimed rightly.
    leaders = [m for m in facts.members if m.role == "leader"]
    if not facts.members:
        findings.append(_finding("trips.no_members", HARD, MSG_NO_MEMBERS))
    elif not leaders:
        findings.append(_finding("trips.no_leader", HARD, MSG_NO_LEADER))
    elif len(leaders) > 1:
        findings.append(_finding("trips.several_leaders", HARD, MSG_SEVERAL_LEADERS))
    exempt = False
    if facts.is_teaching_research and facts.members:
        outsiders = [m.name for m in facts.members if not m.is_teaching_research]
        if outsiders:
            findings.append(
                _finding(
                    "trips.exemption_not_applicable", HARD, MSG_EXEMPTION_NOT_APPLICABLE, names=", ".join(outsiders)
                )
            )
        else:
            exempt = True

    # Countries: always a hard limit.
    countries = sorted({d.country.upper() for d in facts.destinations if d.country})
    if len(countries) > rules.max_countries:
        findings.append(
            _finding(
                "trips.too_many_countries", HARD, MSG_TOO_MANY_COUNTRIES, count=len(countries), max=rules.max_countries
            )
        )

    # Days: hard, or soft under the exemption.
    days = facts.days
    if countries and days is not None and days >= 1:
        limit = rules.max_days(len(countries))
        far = any(country_region(c) in rules.far_regions for c in countries)
        extra = rules.far_region_extra_days if far else 0
        if days > limit + extra:
            severity = SOFT if exempt else HARD
            if extra:
                findings.append(
                    _finding(
                        "trips.too_many_days",
                        severity,
                        MSG_TOO_MANY_DAYS_FAR,
                        days=days,
                        max=limit + extra,
                        countries=len(countries),
                        extra=extra,
                    )
                )
            else:
                findings.append(
                    _finding(
                        "trips.too_many_days",
                        severity,
                        MSG_TOO_MANY_DAYS,
                        days=days,
                        max=limit,
                        countries=len(countries),
                    )
                )

    # Delegation size: hard, or soft under the exemption when the policy says so.
    if len(facts.members) > rules.max_persons:
        severity = SOFT if exempt and rules.exemption_relaxes_persons else HARD
        findings.append(
            _finding(
                "trips.too_many_persons",
                severity,
                MSG_TOO_MANY_PERSONS,
                count=len(facts.members),
                max=rules.max_persons,
            )
        )

    return sorted(findings, key=lambda f: f.severity != HARD)


def trip_facts(*, trip: Trip) -> TripFacts:
    """The facts of a saved trip. Two queries, or none when members (with persons) and
    destinations are prefetched."""
    members = trip.members.all() if _prefetched(trip, "members") else trip.members.select_related("person")
    return TripFacts(
        departs_on=trip.departs_on,
        returns_on=trip.returns_on,
        destinations=tuple(
            DestinationFact(d.country, d.city, d.arrive_on, d.depart_on) for d in trip.destinations.all()
        ),
        members=tuple(MemberFact(m.person.full_name, m.role, bool(m.person.is_teaching_research)) for m in members),
        is_teaching_research=trip.is_teaching_research,
    )


def _prefetched(obj: Any, name: str) -> bool:
    return name in getattr(obj, "_prefetched_objects_cache", {})


def active_rules() -> PolicyRules:
    from .selectors import trip_policy_active

    return PolicyRules.from_policy(trip_policy_active())


def trip_policy_check(
    *, trip: Trip | TripFacts, rules: PolicyRules | None = None, today: date | None = None
) -> list[PolicyFinding]:
    """Findings for ``trip`` (a saved trip or plain facts) under ``rules`` (default: the
    active policy). ``today`` enables the "departure already passed" check."""
    facts = trip if isinstance(trip, TripFacts) else trip_facts(trip=trip)
    return policy_evaluate(facts=facts, rules=rules or active_rules(), today=today)


def hard_findings(findings: list[PolicyFinding]) -> list[PolicyFinding]:
    return [f for f in findings if f.severity == HARD]


def soft_findings(findings: list[PolicyFinding]) -> list[PolicyFinding]:
    return [f for f in findings if f.severity == SOFT]
