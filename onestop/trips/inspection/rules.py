"""The inspection rules (ADR 0544). Each reads only what it needs, in a few queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from django.db.models import Count, Prefetch
from django.utils.translation import gettext_lazy as _

from ..countries import country_name
from ..models import TripDestination, TripMember, TripReport
from ..workflow import APPROVED_STATES, TripState
from .base import HIGH, LOW, MEDIUM, Finding, Rule, Scope, rule

# Trips whose approval stood when they were travelled (a cancelled trip did not go).
_TRAVELLED = [str(s) for s in APPROVED_STATES]

MSG_OVERSTAY = _(
    "Approved for %(approved)s days (%(planned_from)s – %(planned_to)s); travelled %(actual)s days "
    "(%(actual_from)s – %(actual_to)s), %(extra)s more than approved."
)
MSG_COUNTRIES = _("The report names countries that were not approved: %(countries)s.")
MSG_PASSPORT_LATE = _("Passport %(passport)s of %(person)s was returned %(days)s days late (due %(due)s).")
MSG_PASSPORT_OUT = _("Passport %(passport)s of %(person)s has not been returned; it was due on %(due)s.")
MSG_SIZE = _("The delegation had %(count)s persons; the limit is %(max)s.")
MSG_SIZE_EXEMPT = _(
    "The delegation had %(count)s persons; the limit is %(max)s (teaching and research exemption, reason given)."
)
MSG_PER_PERSON = _("%(count)s trips departing in %(year)s (limit %(max)s): %(trips)s.")
MSG_REPORT_LATE = _("The trip report was submitted %(days)s working days late (due %(due)s).")
MSG_REPORT_MISSING = _("The trip report was due on %(due)s and has not been submitted (%(days)s working days overdue).")


@rule
class OverstayRule(Rule):
    code = "overstay"
    title = _("Stay longer than approved")
    severity = HIGH

    def findings(self, scope: Scope) -> Iterator[Finding]:
        trips = scope.trips().filter(
            case__state__in=_TRAVELLED, actual_departs_on__isnull=False, actual_returns_on__isnull=False
        )
        for trip in trips.order_by("pk"):
            actual = (trip.actual_returns_on - trip.actual_departs_on).days + 1
            approved = trip.days or 0
            if actual <= approved:
                continue
            detail = MSG_OVERSTAY % {
                "approved": approved, "planned_from": trip.departs_on, "planned_to": trip.returns_on,
                "actual": actual, "actual_from": trip.actual_departs_on, "actual_to": trip.actual_returns_on,
                "extra": actual - approved,
            }  # fmt: skip
            yield self.finding(trip, detail, on=trip.actual_returns_on, values={"approved": approved, "actual": actual})


@rule
class CountriesNotApprovedRule(Rule):
    code = "countries_not_approved"
    title = _("Countries visited that were not approved")
    severity = HIGH

    def findings(self, scope: Scope) -> Iterator[Finding]:
        trips = (
            scope.trips()
            .filter(case__state__in=_TRAVELLED, report__isnull=False)
            .select_related("report")
            .prefetch_related(Prefetch("destinations", queryset=TripDestination.objects.only("trip_id", "country")))
        )
        for trip in trips.order_by("pk"):
            approved = {d.country for d in trip.destinations.all()}
            extra = [c for c in trip.report.countries_visited if c not in approved]
            if not extra:
                continue
            names = ", ".join(f"{country_name(c)} ({c})" for c in extra)
            yield self.finding(
                trip, MSG_COUNTRIES % {"countries": names}, on=trip.actual_returns_on, values={"countries": extra}
            )


class _PassportRule(Rule):
    """Reads the passports app's reservations of the trips in scope (the returned-late flag
    and days it records on return, and the booklets still out)."""

    def reservations(self, scope: Scope):
        from onestop.passports.selectors import reservations_for_trips

        trips = {t.case_id: t for t in scope.trips().filter(case__state__in=[*_TRAVELLED, TripState.CANCELLED])}
        for reservation in reservations_for_trips(case_ids=trips):
            yield trips[reservation.trip_case_id], reservation


@rule
class PassportReturnedLateRule(_PassportRule):
    code = "passport_returned_late"
    title = _("Passports returned late")
    severity = MEDIUM

    def findings(self, scope: Scope) -> Iterator[Finding]:
        for trip, reservation in self.reservations(scope):
            if reservation.status != "returned" or not reservation.returned_late:
                continue
            passport = reservation.passport
            detail = MSG_PASSPORT_LATE % {
                "passport": passport.number_masked, "person": passport.holder.full_name,
                "days": reservation.days_late, "due": reservation.due_on,
            }  # fmt: skip
            yield self.finding(
                trip, detail, person_name=passport.holder.full_name, on=reservation.due_on,
                values={"days_late": reservation.days_late},
            )  # fmt: skip


@rule
class PassportNotReturnedRule(_PassportRule):
    code = "passport_not_returned"
    title = _("Passports not returned")
    severity = HIGH

    def findings(self, scope: Scope) -> Iterator[Finding]:
        for trip, reservation in self.reservations(scope):
            if reservation.status != "checked_out" or reservation.due_on >= scope.today:
                continue
            passport = reservation.passport
            detail = MSG_PASSPORT_OUT % {
                "passport": passport.number_masked, "person": passport.holder.full_name, "due": reservation.due_on,
            }  # fmt: skip
            yield self.finding(
                trip, detail, person_name=passport.holder.full_name, on=reservation.due_on,
                values={"days_overdue": (scope.today - reservation.due_on).days},
            )  # fmt: skip


@rule
class DelegationSizeRule(Rule):
    code = "delegation_size"
    title = _("Delegation larger than the limit")
    severity = MEDIUM

    def findings(self, scope: Scope) -> Iterator[Finding]:
        limit = scope.policy.max_persons
        trips = (
            scope.trips()
            .filter(case__state__in=_TRAVELLED)
            .annotate(size=Count("members"))
            .filter(size__gt=limit)
            .order_by("pk")
        )
        for trip in trips:
            message = MSG_SIZE_EXEMPT if trip.is_teaching_research and trip.soft_breach_reason else MSG_SIZE
            severity = LOW if message is MSG_SIZE_EXEMPT else self.severity
            yield self.finding(
                trip, message % {"count": trip.size, "max": limit}, severity=severity, on=trip.departs_on,
                values={"size": trip.size, "limit": limit},
            )  # fmt: skip


@rule
class TripsPerPersonRule(Rule):
    code = "trips_per_person"
    title = _("Too many trips by one person in a year")
    severity = MEDIUM

    def findings(self, scope: Scope) -> Iterator[Finding]:
        limit = scope.policy.max_trips_per_person_per_year
        trip_ids = scope.trips().filter(case__state__in=_TRAVELLED, departs_on__isnull=False).values("pk")
        members = (
            TripMember.objects.filter(trip__in=trip_ids)
            .select_related("person", "trip__case", "trip__organization")
            .order_by("person_id", "trip__departs_on", "trip_id")
        )
        by_person_year: dict[tuple[int, int], list[TripMember]] = defaultdict(list)
        for member in members:
            by_person_year[(member.person_id, member.trip.departs_on.year)].append(member)
        for (_person_id, year), rows in by_person_year.items():
            if len(rows) <= limit:
                continue
            last = rows[-1].trip
            numbers = ", ".join(m.trip.case.number for m in rows)
            detail = MSG_PER_PERSON % {"count": len(rows), "year": year, "max": limit, "trips": numbers}
            yield Finding(
                rule=self.code,
                severity=self.severity,
                organization_id=last.organization_id,
                organization_name=last.organization.display_name(),
                detail=str(detail),
                year=year,
                trip_id=last.pk,
                trip_number=last.case.number,
                person_name=rows[-1].person.full_name,
                on=last.departs_on,
                values={"count": len(rows), "limit": limit},
            )


@rule
class LateReportRule(Rule):
    code = "late_report"
    title = _("Trip reports late or missing")
    severity = LOW

    def findings(self, scope: Scope) -> Iterator[Finding]:
        from onestop.calendar.services import working_days_between

        reports = (
            TripReport.objects.filter(trip__in=scope.trips().values("pk"), days_late__gt=0)
            .select_related("trip__case", "trip__organization")
            .order_by("trip_id")
        )
        for report in reports:
            detail = MSG_REPORT_LATE % {"days": report.days_late, "due": report.due_on}
            yield self.finding(report.trip, detail, on=report.due_on, values={"days_late": report.days_late})
        missing = (
            scope.trips()
            .filter(case__state=TripState.RETURNED, report_due_on__lt=scope.today)
            .exclude(report__isnull=False, report__days_late__gt=0)
            .order_by("pk")
        )
        for trip in missing:
            days = working_days_between(trip.report_due_on, scope.today)
            if days <= 0:
                continue
            detail = MSG_REPORT_MISSING % {"due": trip.report_due_on, "days": days}
            yield self.finding(trip, detail, severity=MEDIUM, on=trip.report_due_on, values={"days_overdue": days})
