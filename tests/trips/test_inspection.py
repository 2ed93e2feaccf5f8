"""The inspection rules on constructed trips (rows written directly: the rules read what the
workflow leaves behind), each with a case it must find and one it must not; the filters,
the page, and the CSV and XLSX exports (the workbook is opened with openpyxl)."""

from __future__ import annotations

import csv
import io
import itertools
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from onestop.trips.inspection import all_rules, inspection_by_organization, inspection_run
from onestop.trips.inspection.export import findings_csv, findings_xlsx

_numbers = itertools.count(1)
TODAY = date(2026, 6, 15)


@pytest.fixture
def make_trip(db, org, make_person):
    """A trip row in ``state`` with its case, delegation, destinations, actual dates and
    report as given (no workflow: the rules only read)."""
    from onestop.cases.models import Case
    from onestop.trips.models import Trip, TripDestination, TripMember, TripReport

    def _make(
        *,
        state: str = "closed",
        organization=None,
        departs: date = date(2026, 3, 2),
        days: int = 5,
        countries=("JP",),
        persons=None,
        size: int = 2,
        actual: tuple[date, date] | None = None,
        visited=None,
        report_due: date | None = None,
        days_late: int = 0,
        exempt: bool = False,
        reason: str = "",
    ):
        organization = organization or org
        n = next(_numbers)
        case = Case.objects.create(number=f"TRP-2026-9{n:05d}", kind="trip", state=state, organization=organization)
        trip = Trip.objects.create(
            case=case, organization=organization, purpose="Visit", inviter_name="Partner", inviter_country=countries[0],
            departs_on=departs, returns_on=departs + timedelta(days=days - 1), approval_number=f"TRPA-2026-9{n:05d}",
            approved_at=timezone.now(), is_teaching_research=exempt, soft_breach_reason=reason,
            actual_departs_on=actual[0] if actual else None, actual_returns_on=actual[1] if actual else None,
            report_due_on=report_due,
        )  # fmt: skip
        persons = persons or [make_person(organization=organization) for _ in range(size)]
        for index, person in enumerate(persons):
            TripMember.objects.create(trip=trip, person=person, role="leader" if index == 0 else "member")
        for order, country in enumerate(countries):
            TripDestination.objects.create(
                trip=trip, country=country, city="City", arrive_on=departs, depart_on=trip.returns_on, order=order
            )
        if visited is not None:
            TripReport.objects.create(
                trip=trip, summary="Done", countries_visited=list(visited), submitted_at=timezone.now(),
                due_on=report_due or departs, days_late=days_late,
            )  # fmt: skip
        return trip

    return _make


def codes(findings) -> list[tuple[str, str]]:
    return [(f.rule, f.trip_number) for f in findings]


def run(rule: str, **kwargs):
    return inspection_run(rules=[rule], today=TODAY, **kwargs)


def test_every_rule_has_a_code_a_title_and_a_severity():
    rules = all_rules()
    assert {r.code for r in rules} == {
        "overstay", "countries_not_approved", "passport_returned_late", "passport_not_returned",
        "delegation_size", "trips_per_person", "late_report",
    }  # fmt: skip
    assert all(str(r.title) and r.severity in ("high", "medium", "low") for r in rules)


def test_overstay_is_found_and_a_trip_within_its_days_is_not(make_trip):
    d = date(2026, 3, 2)
    long = make_trip(days=5, actual=(d, d + timedelta(days=6)))  # 7 days travelled
    make_trip(days=5, actual=(d + timedelta(days=1), d + timedelta(days=5)))  # 5 days, shifted: fine
    make_trip(days=5)  # not back yet: nothing to compare
    found = run("overstay")
    assert codes(found) == [("overstay", long.case.number)]
    assert found[0].values == {"approved": 5, "actual": 7} and "2 more" in found[0].detail
    assert found[0].severity == "high"


def test_a_cancelled_trip_is_not_an_overstay(make_trip):
    d = date(2026, 3, 2)
    make_trip(state="cancelled", days=2, actual=(d, d + timedelta(days=9)))
    assert run("overstay") == []


def test_countries_not_approved(make_trip):
    wrong = make_trip(countries=("JP",), visited=("JP", "KR"))
    make_trip(countries=("JP", "DE"), visited=("DE",))  # visiting fewer is not a finding
    found = run("countries_not_approved")
    assert codes(found) == [("countries_not_approved", wrong.case.number)]
    assert found[0].values == {"countries": ["KR"]} and "(KR)" in found[0].detail


@pytest.fixture
def reservation_for(db, passport_officer):
    from onestop.passports.models import Passport, Reservation

    def _make(trip, *, status: str, due: date, late: int = 0):
        person = trip.members.first().person
        passport = Passport(
            holder=person, type="ordinary_public_affairs", expires_on=date(2031, 1, 1), organization=trip.organization,
            custodian=trip.organization, status="in_custody" if status != "checked_out" else "checked_out",
        )  # fmt: skip
        passport.set_number(f"E{next(_numbers) + 9100000:08d}")
        passport.save()
        return Reservation.objects.create(
            passport=passport, trip_case=trip.case, organization=trip.organization, starts_on=trip.departs_on,
            ends_on=trip.returns_on, due_on=due, status=status, returned_late=late > 0, days_late=late,
        )  # fmt: skip

    return _make


def test_passports_returned_late(make_trip, reservation_for):
    late = make_trip()
    on_time = make_trip()
    reservation_for(late, status="returned", due=date(2026, 3, 13), late=4)
    reservation_for(on_time, status="returned", due=date(2026, 3, 13))
    found = run("passport_returned_late")
    assert codes(found) == [("passport_returned_late", late.case.number)]
    assert found[0].values == {"days_late": 4} and found[0].person_name


def test_passports_not_returned(make_trip, reservation_for):
    out = make_trip()
    still_due = make_trip()
    reservation_for(out, status="checked_out", due=TODAY - timedelta(days=3))
    reservation_for(still_due, status="checked_out", due=TODAY + timedelta(days=2))
    found = run("passport_not_returned")
    assert codes(found) == [("passport_not_returned", out.case.number)]
    assert found[0].values == {"days_overdue": 3}
    assert "E" not in found[0].detail.split("Passport ")[1][:2] or "*" in found[0].detail  # masked number


def test_delegation_size_over_the_limit(make_trip):
    big = make_trip(size=7)
    exempt = make_trip(size=8, exempt=True, reason="Field work")
    make_trip(size=6)
    found = {f.trip_number: f for f in run("delegation_size")}
    assert set(found) == {big.case.number, exempt.case.number}
    assert found[big.case.number].severity == "medium" and found[exempt.case.number].severity == "low"


def test_trips_per_person_per_year_above_the_limit(make_trip, make_person):
    frequent, occasional = make_person(), make_person()
    for month in (1, 4, 8):
        make_trip(departs=date(2026, month, 5), persons=[frequent, make_person()])
    make_trip(departs=date(2025, 11, 5), persons=[occasional])
    make_trip(departs=date(2026, 2, 5), persons=[occasional])
    make_trip(state="cancelled", departs=date(2026, 9, 5), persons=[occasional])  # did not travel
    found = run("trips_per_person")
    assert [(f.person_name, f.year, f.values["count"]) for f in found] == [(frequent.full_name, 2026, 3)]
    assert run("trips_per_person", year=2025) == []


def test_late_and_missing_reports(make_trip):
    late = make_trip(visited=("JP",), report_due=date(2026, 3, 20), days_late=3)
    missing = make_trip(state="returned", report_due=date(2026, 6, 1))
    make_trip(state="returned", report_due=TODAY + timedelta(days=5))  # not due yet
    make_trip(visited=("JP",), report_due=date(2026, 3, 20))  # on time
    found = {f.trip_number: f for f in run("late_report")}
    assert set(found) == {late.case.number, missing.case.number}
    assert found[late.case.number].values == {"days_late": 3}
    assert found[missing.case.number].values["days_overdue"] > 0


def test_filters_by_year_organization_and_rule(make_trip, make_org, org):
    d = date(2026, 3, 2)
    other = make_org("Another Group", kind="soe")
    child = make_org("School of Physics", kind="university", parent=org)
    mine = make_trip(days=2, actual=(d, d + timedelta(days=4)))
    below = make_trip(organization=child, days=2, actual=(d, d + timedelta(days=4)))
    theirs = make_trip(organization=other, days=2, actual=(d, d + timedelta(days=4)))
    old = make_trip(departs=date(2025, 5, 5), days=2, actual=(date(2025, 5, 5), date(2025, 5, 9)))
    assert {f.trip_number for f in inspection_run(today=TODAY, organization=org)} >= {
        mine.case.number, below.case.number, old.case.number,
    }  # fmt: skip
    assert theirs.case.number not in {f.trip_number for f in inspection_run(today=TODAY, organization=org)}
    assert old.case.number not in {f.trip_number for f in inspection_run(today=TODAY, year=2026)}
    assert {f.rule for f in inspection_run(today=TODAY, rules=["overstay"])} == {"overstay"}
    groups = inspection_by_organization(inspection_run(today=TODAY))
    assert [g.organization_name for g in groups] == sorted(g.organization_name for g in groups)


def test_csv_and_xlsx_exports(make_trip):
    from openpyxl import load_workbook

    d = date(2026, 3, 2)
    trip = make_trip(days=2, actual=(d, d + timedelta(days=4)), visited=("JP", "=CMD()"))
    findings = inspection_run(today=TODAY)
    rows = list(csv.reader(io.StringIO(findings_csv(findings).decode("utf-8-sig"))))
    assert rows[0][:3] == ["Organization", "Rule", "Rule code"]
    assert {row[4] for row in rows[1:]} == {trip.case.number}
    assert len(rows) == len(findings) + 1

    book = load_workbook(io.BytesIO(findings_xlsx(findings)))
    sheet = book["Findings"]
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "Organization" and len(values) == len(findings) + 1
    assert {row[2] for row in values[1:]} == {f.rule for f in findings}
    summary = list(book["By organization"].iter_rows(values_only=True))
    assert sum(row[2] for row in summary[1:]) == len(findings)
    assert all(not str(cell).startswith("=") for row in values for cell in row if cell is not None)


def test_findings_and_exports_name_the_organization_in_the_readers_language(make_trip, org):
    from django.utils import translation

    org.name, org.name_en = "市立大学", "City University of Beijing"
    org.save()
    d = date(2026, 3, 2)
    make_trip(organization=org, days=2, actual=(d, d + timedelta(days=4)))
    with translation.override("en"):
        findings = inspection_run(today=TODAY)
        assert {f.organization_name for f in findings} == {"City University of Beijing"}
        rows = list(csv.reader(io.StringIO(findings_csv(findings).decode("utf-8-sig"))))
        assert {row[0] for row in rows[1:]} == {"City University of Beijing"}
    with translation.override("zh-hans"):
        assert {f.organization_name for f in inspection_run(today=TODAY)} == {"市立大学"}


# --- the page and its exports ----------------------------------------------------------------


@pytest.fixture
def inspector(make_user):
    return make_user("fao_reviewer")


def test_the_page_lists_findings_per_organization(login, inspector, make_trip, org):
    d = timezone.localdate() - timedelta(days=30)
    trip = make_trip(days=2, departs=d, actual=(d, d + timedelta(days=4)))
    body = login(inspector).get(reverse("trips:inspection"), {"year": d.year}).content.decode()
    assert org.name in body and trip.case.number in body and "Stay longer than approved" in body
    empty = login(inspector).get(reverse("trips:inspection"), {"rule": "late_report"}).content.decode()
    assert "No findings for this selection." in empty


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_page_exports(login, inspector, make_trip, fmt):
    from openpyxl import load_workbook

    d = timezone.localdate() - timedelta(days=30)
    trip = make_trip(days=2, departs=d, actual=(d, d + timedelta(days=4)))
    response = login(inspector).get(reverse("trips:inspection-export", kwargs={"fmt": fmt}), {"rule": "overstay"})
    assert response.status_code == 200
    assert f'.{fmt}"' in response["Content-Disposition"]
    if fmt == "csv":
        assert trip.case.number in response.content.decode("utf-8-sig")
    else:
        sheet = load_workbook(io.BytesIO(response.content))["Findings"]
        assert trip.case.number in [row[4] for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize(
    ("lang", "shown", "hidden"),
    [("en", "City University of Beijing", "市立大学"), ("zh-hans", "市立大学", "City University of Beijing")],
)
def test_the_page_names_organizations_in_the_readers_language(login, inspector, make_trip, org, lang, shown, hidden):
    org.name, org.name_en = "市立大学", "City University of Beijing"
    org.save()
    d = timezone.localdate() - timedelta(days=30)
    make_trip(days=2, departs=d, actual=(d, d + timedelta(days=4)))
    body = login(inspector).get(reverse("trips:inspection"), {"year": d.year, "lang": lang}).content.decode()
    assert f">{shown} <span" in body  # the group's heading
    assert hidden not in body


def test_the_page_is_for_the_office_only(login, liaison, make_user):
    assert login(liaison).get(reverse("trips:inspection")).status_code in (403, 404)
    assert login(make_user("supervisor")).get(reverse("trips:inspection")).status_code == 200
    assert login(make_user("admin")).get(reverse("trips:inspection-export", kwargs={"fmt": "csv"})).status_code == 200
    reviewer = make_user("fao_reviewer")
    assert login(reviewer).get(reverse("trips:inspection-export", kwargs={"fmt": "pdf"})).status_code == 404


def test_the_api_lists_findings_with_filters(api, inspector, make_trip, org, liaison):
    d = timezone.localdate() - timedelta(days=30)
    trip = make_trip(days=2, departs=d, actual=(d, d + timedelta(days=4)))
    client = api(inspector)
    body = client.get("/api/v1/trips/inspection/", {"rule": "overstay", "organization": org.pk}).json()
    assert body["count"] == 1 and body["results"][0]["trip_number"] == trip.case.number
    assert body["results"][0]["values"] == {"approved": 2, "actual": 5}
    bad = client.get("/api/v1/trips/inspection/", {"year": "26"})
    assert bad.status_code == 400 and bad.json()["error"]["fields"]["year"]
    assert client.get("/api/v1/trips/inspection/", {"rule": "nope"}).status_code == 400
    rules = client.get("/api/v1/trips/inspection/rules/").json()
    assert {r["code"] for r in rules} >= {"overstay", "late_report"}
    assert api(liaison).get("/api/v1/trips/inspection/").status_code in (403, 404)


def test_the_page_costs_the_same_queries_for_more_findings(login, inspector, make_trip):
    """Each rule reads with a fixed number of queries, whatever the number of trips."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    d = timezone.localdate() - timedelta(days=40)

    def add(n):
        for _ in range(n):
            make_trip(days=2, departs=d, actual=(d, d + timedelta(days=4)), visited=("JP", "KR"), size=7,
                      report_due=d + timedelta(days=10), days_late=2)  # fmt: skip

    client = login(inspector)
    add(2)
    client.get(reverse("trips:inspection"))  # warm the session and caches
    with CaptureQueriesContext(connection) as few:
        body = client.get(reverse("trips:inspection")).content.decode()
    assert body.count('data-rule="overstay"') == 2
    add(4)
    with CaptureQueriesContext(connection) as more:
        body = client.get(reverse("trips:inspection")).content.decode()
    assert body.count('data-rule="overstay"') == 6
    assert len(more) == len(few)
