"""The policy check as a table: countries, days counting both ends, the extra day for Latin
America and Africa, delegation size, the teaching and research exemption, and the trip's
own consistency. Pure: no database."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from onestop.trips.policy import (
    HARD,
    SOFT,
    DestinationFact,
    MemberFact,
    PolicyRules,
    TripFacts,
    policy_evaluate,
)

START = date(2026, 3, 2)
DEFAULT = PolicyRules()


def trip(countries=("JP",), days=5, persons=2, *, teaching_claim=False, teaching_members=None, leaders=1, start=START):
    """Facts of a trip over ``countries`` (one stop each, splitting the days) lasting ``days``
    days counted from departure to return inclusive."""
    end = start + timedelta(days=days - 1)
    stops = tuple(DestinationFact(code, f"City {i}", start, end) for i, code in enumerate(countries))
    teaching_members = persons if teaching_members is None else teaching_members
    members = tuple(
        MemberFact(f"P{i}", "leader" if i < leaders else "member", i < teaching_members) for i in range(persons)
    )
    return TripFacts(start, end, stops, members, teaching_claim)


def codes(findings):
    return {(f.code, f.severity) for f in findings}


@pytest.mark.parametrize(
    ("label", "facts", "expected"),
    [
        # countries and days: 5 / 8 / 10 days for 1 / 2 / 3 countries, both end days counted
        ("1 country, 5 days", trip(("JP",), 5), set()),
        ("1 country, 6 days", trip(("JP",), 6), {("trips.too_many_days", HARD)}),
        ("2 countries, 8 days", trip(("JP", "KR"), 8), set()),
        ("2 countries, 9 days", trip(("JP", "KR"), 9), {("trips.too_many_days", HARD)}),
        ("3 countries, 10 days", trip(("JP", "KR", "SG"), 10), set()),
        ("3 countries, 11 days", trip(("JP", "KR", "SG"), 11), {("trips.too_many_days", HARD)}),
        ("same country twice counts once", trip(("JP", "JP"), 5), set()),
        (
            "4 countries",
            trip(("JP", "KR", "SG", "TH"), 10),
            {("trips.too_many_countries", HARD)},
        ),
        (
            "4 countries, 11 days",
            trip(("JP", "KR", "SG", "TH"), 11),
            {("trips.too_many_countries", HARD), ("trips.too_many_days", HARD)},
        ),
        # one extra day when any destination is in Latin America or Africa
        ("Brazil, 6 days", trip(("BR",), 6), set()),
        ("Brazil, 7 days", trip(("BR",), 7), {("trips.too_many_days", HARD)}),
        ("Kenya and Japan, 9 days", trip(("KE", "JP"), 9), set()),
        ("Kenya and Japan, 10 days", trip(("KE", "JP"), 10), {("trips.too_many_days", HARD)}),
        ("Mexico, Chile, Egypt, 11 days", trip(("MX", "CL", "EG"), 11), set()),
        ("Germany is not far, 6 days", trip(("DE",), 6), {("trips.too_many_days", HARD)}),
        # delegation size
        ("6 persons", trip(persons=6), set()),
        ("7 persons", trip(persons=7), {("trips.too_many_persons", HARD)}),
        # the exemption: day limit and size become soft, countries stay hard
        ("exempt, 7 days", trip(("JP",), 7, teaching_claim=True), {("trips.too_many_days", SOFT)}),
        ("exempt, 7 persons", trip(persons=7, teaching_claim=True), {("trips.too_many_persons", SOFT)}),
        (
            "exempt, 4 countries",
            trip(("JP", "KR", "SG", "TH"), 10, teaching_claim=True),
            {("trips.too_many_countries", HARD)},
        ),
        ("exempt within limits", trip(("JP",), 5, teaching_claim=True), set()),
        (
            "exemption claimed for a mixed delegation",
            trip(("JP",), 7, persons=3, teaching_claim=True, teaching_members=2),
            {("trips.exemption_not_applicable", HARD), ("trips.too_many_days", HARD)},
        ),
        ("teaching staff without the claim", trip(("JP",), 6, teaching_claim=False), {("trips.too_many_days", HARD)}),
        # the delegation's shape
        ("no leader", trip(leaders=0), {("trips.no_leader", HARD)}),
        ("two leaders", trip(persons=3, leaders=2), {("trips.several_leaders", HARD)}),
        ("nobody", trip(persons=0), {("trips.no_members", HARD)}),
    ],
)
def test_policy_table(label, facts, expected):
    assert codes(policy_evaluate(facts=facts, rules=DEFAULT)) == expected, label


def test_days_count_the_days_of_departure_and_return():
    facts = TripFacts(
        date(2026, 3, 1),
        date(2026, 3, 5),
        (DestinationFact("JP", "Tokyo", date(2026, 3, 1), date(2026, 3, 5)),),
        (MemberFact("A", "leader"),),
    )
    assert facts.days == 5
    assert policy_evaluate(facts=facts, rules=DEFAULT) == []
    longer = TripFacts(date(2026, 3, 1), date(2026, 3, 6), facts.destinations, facts.members)
    [finding] = policy_evaluate(facts=longer, rules=DEFAULT)
    assert finding.code == "trips.too_many_days"
    assert finding.params == {"days": 6, "max": 5, "countries": 1}
    assert "6" in finding.message and "5" in finding.message


def test_far_region_message_names_the_extra_day():
    [finding] = policy_evaluate(facts=trip(("BR",), 7), rules=DEFAULT)
    assert finding.params["extra"] == 1 and finding.params["max"] == 6


@pytest.mark.parametrize(
    ("facts", "today", "expected"),
    [
        (TripFacts(None, None, trip().destinations, trip().members), None, {("trips.no_dates", HARD)}),
        (
            TripFacts(START, START - timedelta(days=1), (), trip().members),
            None,
            {("trips.dates_inverted", HARD), ("trips.no_destination", HARD)},
        ),
        (trip(), START + timedelta(days=1), {("trips.departure_past", HARD)}),
        (trip(), START, set()),
        (
            TripFacts(
                START,
                START + timedelta(days=3),
                (DestinationFact("JP", "Osaka", START, START + timedelta(days=4)),),
                trip().members,
            ),
            None,
            {("trips.destination_outside", HARD)},
        ),
        (
            TripFacts(
                START,
                START + timedelta(days=3),
                (DestinationFact("JP", "Osaka", START + timedelta(days=2), START),),
                trip().members,
            ),
            None,
            {("trips.destination_inverted", HARD)},
        ),
    ],
)
def test_trip_consistency(facts, today, expected):
    assert codes(policy_evaluate(facts=facts, rules=DEFAULT, today=today)) == expected


def test_rules_are_configurable():
    strict = PolicyRules(max_countries=2, max_days_by_countries=(3, 4), far_region_extra_days=2, max_persons=2)
    assert codes(policy_evaluate(facts=trip(("JP",), 4), rules=strict)) == {("trips.too_many_days", HARD)}
    assert codes(policy_evaluate(facts=trip(("BR",), 5), rules=strict)) == set()
    assert codes(policy_evaluate(facts=trip(("JP", "KR", "SG"), 4, persons=3), rules=strict)) == {
        ("trips.too_many_countries", HARD),
        ("trips.too_many_persons", HARD),
    }


def test_exemption_may_leave_the_size_limit_hard():
    rules = PolicyRules(exemption_relaxes_persons=False)
    assert codes(policy_evaluate(facts=trip(persons=7, teaching_claim=True), rules=rules)) == {
        ("trips.too_many_persons", HARD)
    }


def test_hard_findings_come_first():
    findings = policy_evaluate(facts=trip(("JP", "KR", "SG", "TH"), 12, teaching_claim=True), rules=DEFAULT)
    severities = [f.severity for f in findings]
    assert severities == sorted(severities, key=lambda s: s != HARD)
    assert severities[0] == HARD and severities[-1] == SOFT


def test_messages_are_translated():
    from django.utils import translation

    with translation.override("zh-hans"):
        [finding] = policy_evaluate(facts=trip(persons=7), rules=DEFAULT)
    assert finding.code == "trips.too_many_persons"
    assert finding.message == "团组共 7 人，最多允许 6 人。"
