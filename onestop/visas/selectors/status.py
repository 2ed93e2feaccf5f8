"""Where each traveller stands on visas for a trip: the "ready" answer the trip's one-visit
collection asks for, and the per traveller × destination lines behind it.

A line is ready when no visa is needed (visa-free, visa on arrival) or when the visa was
issued and covers the stay. Lines without an application are answered from the requirement
table with the traveller's passport type, so a destination the table does not know stays
"unknown — ask the visa officer" (not ready) until the officer settles it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from onestop.core.errors import NotFound

from ..models import NO_APPLICATION, UNKNOWN, VisaApplication
from ..trips_link import TRIP_KIND, approval_stands, trip_cases_approved, trip_visa_facts
from ..workflow import VisaState
from .applications import org_path, sees_all
from .requirements import RequirementTable, requirement_label

# Line states besides the application states.
NOT_NEEDED = "not_needed"
AWAITING_APPROVAL = "awaiting_approval"
NOT_PREPARED = "not_prepared"
TO_CHECK = "to_check"

LINE_LABELS = {
    NOT_NEEDED: _("No visa needed"),
    AWAITING_APPROVAL: _("Prepared once the trip is approved"),
    NOT_PREPARED: _("Not prepared yet"),
    TO_CHECK: _("To be checked by the visa officer"),
}


@dataclass(frozen=True)
class VisaStatusLine:
    person_id: int
    person_name: str
    country: str
    country_name: str
    arrive_on: date
    depart_on: date
    passport_type: str
    requirement: str  # visa_free | on_arrival | e_visa | embassy_visa | unknown
    requirement_label: str
    state: str  # an application state, or not_needed | awaiting_approval | not_prepared | to_check
    state_label: str
    ready: bool
    application_id: int | None = None
    application_number: str = ""
    visa_valid_until: date | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "person_id": self.person_id,
            "person_name": self.person_name,
            "country": self.country,
            "country_name": self.country_name,
            "arrive_on": self.arrive_on,
            "depart_on": self.depart_on,
            "passport_type": self.passport_type,
            "requirement": self.requirement,
            "requirement_label": self.requirement_label,
            "state": self.state,
            "state_label": self.state_label,
            "ready": self.ready,
            "application_id": self.application_id,
            "application_number": self.application_number,
            "visa_valid_until": self.visa_valid_until,
        }


def _passport_types(case_id: int) -> dict[int, str]:
    """Per traveller: the type of the passport reserved for the trip, else of the passport
    applied for, else ordinary (one call to the passports app's trip selector)."""
    from onestop.passports.models import PassportType
    from onestop.passports.selectors import trip_passports

    types: dict[int, str] = {}
    for row in trip_passports(case_id=case_id):
        if row.reservation is not None:
            types[row.person.pk] = row.reservation.passport.type
        elif row.application is not None:
            types[row.person.pk] = row.application.passport_type
        else:
            types[row.person.pk] = PassportType.ORDINARY
    return types


def _application_line(base: dict, application: VisaApplication) -> VisaStatusLine:
    state = application.case.state
    visa = getattr(application, "visa", None) if state == VisaState.ISSUED else None
    ready = bool(visa and visa.covers(arrive_on=application.arrive_on, depart_on=application.depart_on))
    return VisaStatusLine(
        **base,
        passport_type=application.passport_type,
        requirement=application.requirement_kind,
        requirement_label=requirement_label(application.requirement_kind),
        state=state,
        state_label=application.case.state_label,
        ready=ready,
        application_id=application.pk,
        application_number=application.case.number,
        visa_valid_until=visa.valid_until if visa else None,
    )


def visa_status_for_trip(*, trip_case: Any) -> list[VisaStatusLine]:
    """One line per traveller × destination country, leader first, countries in itinerary
    order. Not scoped: callers check access to the trip (``access_trip_case``)."""
    from onestop.trips.countries import country_name

    facts = trip_visa_facts(case_id=trip_case.pk)
    if facts is None:
        return []
    countries = facts.countries()
    applications = {
        (a.person_id, a.country): a
        for a in VisaApplication.objects.select_related("case", "visa").filter(trip_case_id=trip_case.pk)
    }
    table = RequirementTable(countries)
    types: dict[int, str] | None = None
    approved = approval_stands(facts.state)
    lines: list[VisaStatusLine] = []
    for traveller in facts.travellers:
        person = traveller.person
        for country in countries:
            stays = facts.stays_in(country)
            base = {
                "person_id": person.pk,
                "person_name": person.full_name,
                "country": country,
                "country_name": country_name(country),
                "arrive_on": min(s.arrive_on for s in stays),
                "depart_on": max(s.depart_on for s in stays),
            }
            application = applications.get((person.pk, country))
            if application is not None:
                line = _application_line(base, application)
                if application.case.state != VisaState.WITHDRAWN or not approved:
                    lines.append(line)
                    continue
                # Withdrawn while the trip goes ahead: needed after all only if the table
                # still asks for a visa with the passport the traveller travels on.
                answer = table.answer(country=country, passport_type=application.passport_type, on=base["arrive_on"])
                if answer.kind not in NO_APPLICATION:
                    lines.append(line)
                    continue
            if types is None:
                types = _passport_types(trip_case.pk)
            passport_type = types.get(person.pk, "ordinary_public_affairs")
            answer = table.answer(country=country, passport_type=passport_type, on=base["arrive_on"])
            if answer.kind in NO_APPLICATION:
                state = NOT_NEEDED
            elif answer.kind == UNKNOWN:
                state = TO_CHECK
            else:
                state = NOT_PREPARED if approved else AWAITING_APPROVAL
            lines.append(
                VisaStatusLine(
                    **base,
                    passport_type=passport_type,
                    requirement=answer.kind,
                    requirement_label=answer.label,
                    state=state,
                    state_label=str(LINE_LABELS[state]),
                    ready=state == NOT_NEEDED,
                )
            )
    return lines


def visas_ready_for_trip(*, trip_case: Any) -> bool:
    """True when no traveller waits for a visa: every destination is visa-free or visa on
    arrival for them, or their visa was issued and covers the stay."""
    return all(line.ready for line in visa_status_for_trip(trip_case=trip_case))


# --- trips, for the liaison officer and the visa officer --------------------------------


def access_trip_case(*, user: Any, case_id: Any):
    """The trip case ``case_id`` if the user may see it (the Foreign Affairs Office: every
    trip; a liaison officer: their organization's subtree)."""
    from onestop.cases.models import Case

    try:
        case_id = int(case_id)
    except (TypeError, ValueError):
        raise NotFound("visas.trip_not_found")
    qs = Case.objects.select_related("organization").filter(kind=TRIP_KIND, pk=case_id)
    if not sees_all(user):
        path = org_path(user)
        if not path:
            raise NotFound("visas.trip_not_found")
        qs = qs.filter(organization__path__startswith=path)
    case = qs.first()
    if case is None:
        raise NotFound("visas.trip_not_found")
    return case


@dataclass(frozen=True)
class TripVisaSummary:
    case: Any
    total: int
    issued: int
    open: int
    closed_without_visa: int


def trips_with_visas(*, user: Any):
    """Approved trips the user may see, newest first (a queryset of trip cases)."""
    if sees_all(user):
        return trip_cases_approved()
    path = org_path(user)
    if not path:
        from onestop.cases.models import Case

        return Case.objects.none()
    return trip_cases_approved(organization_path=path)


def trip_summaries(cases: list[Any]) -> list[TripVisaSummary]:
    """Counts of each trip's applications by outcome (one query for the page)."""
    from django.db.models import Count, Q

    counts = {
        row["trip_case_id"]: row
        for row in VisaApplication.objects.filter(trip_case__in=cases)
        .order_by()
        .values("trip_case_id")
        .annotate(
            total=Count("pk"),
            issued=Count("pk", filter=Q(case__state=VisaState.ISSUED)),
            open=Count("pk", filter=Q(case__state__in=[VisaState.PREPARED, VisaState.SUBMITTED])),
            closed=Count("pk", filter=Q(case__state__in=[VisaState.REFUSED, VisaState.WITHDRAWN])),
        )
    }
    summaries = []
    for case in cases:
        row = counts.get(case.pk, {})
        summaries.append(
            TripVisaSummary(
                case=case,
                total=row.get("total", 0),
                issued=row.get("issued", 0),
                open=row.get("open", 0),
                closed_without_visa=row.get("closed", 0),
            )
        )
    return summaries
