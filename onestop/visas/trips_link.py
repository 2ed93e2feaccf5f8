"""Everything the visas app reads about trips and passports, in one place (ADR 0521).

The trips app does not know about visas: visas react to its transitions through the
kernel's listener hook and read here, without writing, the facts an application is
assembled from — the delegation, the destinations, the purpose and inviting party — and,
from the passports app's selectors, the passport reserved for each traveller.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

TRIP_KIND = "trip"
APPROVED = "approved"
# States in which a trip's approval stands (the trip may be waiting for its collection,
# collected, back...). Read from the trips workflow; "approved" alone when it lists none.
_FALLBACK_APPROVED_STATES = frozenset({APPROVED})
# Trip transitions after which the trip's open visa applications are withdrawn. "cancel"
# is listened to as well: it runs when the trips workflow declares it.
CLOSING_TRANSITIONS = ("withdraw", "reject", "cancel")


@dataclass(frozen=True)
class Stay:
    country: str
    city: str
    arrive_on: date
    depart_on: date


@dataclass(frozen=True)
class Traveller:
    person: Any  # dossier Person
    role: str  # "leader" | "member"


@dataclass(frozen=True)
class TripVisaFacts:
    case: Any
    number: str
    state: str
    organization: Any
    approval_number: str
    purpose: str
    inviter_name: str
    inviter_country: str
    departs_on: date | None
    returns_on: date | None
    funding_source: str
    travellers: tuple[Traveller, ...]  # leader first
    stays: tuple[Stay, ...]  # in itinerary order

    def countries(self) -> list[str]:
        """Destination countries in the order they are first visited."""
        return list(dict.fromkeys(stay.country for stay in self.stays))

    def stays_in(self, country: str) -> list[Stay]:
        return [stay for stay in self.stays if stay.country == country]


def approved_states() -> frozenset[str]:
    from onestop.trips import workflow

    return frozenset(str(state) for state in getattr(workflow, "APPROVED_STATES", _FALLBACK_APPROVED_STATES))


def approval_stands(state: str) -> bool:
    return state in approved_states()


def trip_visa_facts(*, case_id: int) -> TripVisaFacts | None:
    """The facts of the trip whose case is ``case_id``; ``None`` when it is not a trip."""
    from django.db.models import Prefetch

    from onestop.trips.models import Trip, TripDestination, TripMember

    trip = (
        Trip.objects.select_related("case", "case__applicant", "organization")
        .prefetch_related(
            Prefetch("members", queryset=TripMember.objects.select_related("person", "person__organization")),
            Prefetch("destinations", queryset=TripDestination.objects.order_by("order", "arrive_on", "pk")),
        )
        .filter(case_id=case_id)
        .first()
    )
    if trip is None:
        return None
    members = sorted(trip.members.all(), key=lambda m: (m.role != TripMember.Role.LEADER, m.pk))
    return TripVisaFacts(
        case=trip.case,
        number=trip.case.number,
        state=trip.case.state,
        organization=trip.organization,
        approval_number=trip.approval_number,
        purpose=trip.purpose,
        inviter_name=trip.inviter_name,
        inviter_country=trip.inviter_country,
        departs_on=trip.departs_on,
        returns_on=trip.returns_on,
        funding_source=trip.funding_source,
        travellers=tuple(Traveller(person=m.person, role=m.role) for m in members),
        stays=tuple(Stay(d.country, d.city, d.arrive_on, d.depart_on) for d in trip.destinations.all()),
    )


def trip_cases_approved(*, organization_path: str | None = None, upcoming_from: date | None = None):
    """Trip cases whose approval stands (optionally of one organization's subtree, optionally returning on
    or after ``upcoming_from``), newest first, as a queryset of cases."""
    from onestop.cases.models import Case

    qs = Case.objects.filter(kind=TRIP_KIND, state__in=sorted(approved_states())).select_related("organization")
    if organization_path:
        qs = qs.filter(organization__path__startswith=organization_path)
    if upcoming_from is not None:
        qs = qs.filter(trip__returns_on__gte=upcoming_from)
    return qs.order_by("-created_at", "-pk")


# --- passports ------------------------------------------------------------------------


@dataclass(frozen=True)
class TravellerPassport:
    passport: Any | None  # the passports registry's Passport reserved for the trip
    passport_type: str  # its type, else the type applied for, else ordinary
    application_number: str  # the passport application filed for the trip, if any


def traveller_passport(*, trip_case_id: int, person: Any) -> TravellerPassport:
    """The passport reserved for this traveller on this trip, through the passports app's
    selectors; without one, the type of the passport applied for (or ordinary)."""
    from onestop.passports.models import PassportType
    from onestop.passports.selectors import open_application_for, passport_for_traveller

    passport = passport_for_traveller(case_id=trip_case_id, person_id=person.pk)
    if passport is not None:
        return TravellerPassport(passport=passport, passport_type=passport.type, application_number="")
    application = open_application_for(person=person, parent_case_id=trip_case_id)
    if application is not None:
        return TravellerPassport(
            passport=None, passport_type=application.passport_type, application_number=application.case.number
        )
    return TravellerPassport(passport=None, passport_type=PassportType.ORDINARY, application_number="")
