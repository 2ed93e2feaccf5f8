"""Is the trip ready for its one collection visit, and what is it waiting for?

Read from the passports app (the reservation of each traveller's passport, or the passport
application filed for the trip) and the visas app (``visa_status_for_trip``): the trip is
ready when every traveller's passport is reserved in custody (or already out with the
delegation) and every visa the destinations need is issued and covers the stay (ADR 0541).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..models import Trip

COLLECTION_SERVICE = "passport_collection"

# Reservation states in which the booklet is held for the trip (in custody, or already out).
_HELD = ("active", "checked_out")

PASSPORT_STATUS_LABELS = {
    "reserved": _("Reserved in custody"),
    "checked_out": _("Handed out"),
    "returned": _("Returned after the trip"),
    "applying": _("Passport application in progress"),
    "missing": _("No valid passport and no application"),
}


@dataclass(frozen=True)
class PassportLine:
    person_id: int
    person_name: str
    status: str  # reserved | checked_out | returned | applying | missing
    passport_masked: str = ""
    due_on: Any = None
    application_number: str = ""
    application_state: str = ""

    @property
    def ready(self) -> bool:
        return self.status in ("reserved", "checked_out")

    @property
    def status_label(self) -> str:
        return str(PASSPORT_STATUS_LABELS.get(self.status, self.status))


@dataclass
class Readiness:
    passports: list[PassportLine] = field(default_factory=list)
    visas: list[Any] = field(default_factory=list)  # visas.selectors.VisaStatusLine

    @property
    def ready(self) -> bool:
        return bool(self.passports) and all(p.ready for p in self.passports) and all(v.ready for v in self.visas)

    @property
    def missing_passports(self) -> list[PassportLine]:
        return [p for p in self.passports if not p.ready]

    @property
    def missing_visas(self) -> list[Any]:
        return [v for v in self.visas if not v.ready]

    def snapshot(self) -> list[dict[str, Any]]:
        """What is missing, by ids and codes only (no names, no numbers): stored on the trip."""
        rows: list[dict[str, Any]] = [
            {"kind": "passport", "person_id": p.person_id, "status": p.status, "application": p.application_number}
            for p in self.missing_passports
        ]
        rows += [
            {
                "kind": "visa",
                "person_id": v.person_id,
                "country": v.country,
                "status": v.state,
                "application": v.application_number,
            }
            for v in self.missing_visas
        ]
        return rows


def _passport_lines(trip: Trip) -> list[PassportLine]:
    from onestop.passports.selectors import trip_passports

    lines: list[PassportLine] = []
    for row in trip_passports(case_id=trip.case_id):
        reservation, application = row.reservation, row.application
        if reservation is not None and reservation.status in _HELD and not reservation.passport.is_final:
            status = "reserved" if reservation.status == "active" else "checked_out"
        elif reservation is not None and reservation.status == "returned":
            status = "returned"
        elif application is not None and application.case.state not in ("rejected", "withdrawn"):
            status = "applying"
        else:
            status = "missing"
        lines.append(
            PassportLine(
                person_id=row.person.pk,
                person_name=row.person.full_name,
                status=status,
                passport_masked=reservation.passport.number_masked if reservation is not None else "",
                due_on=reservation.due_on if reservation is not None else None,
                application_number=application.case.number if application is not None else "",
                application_state=application.case.state_label if application is not None else "",
            )
        )
    return lines


def trip_readiness(*, trip: Trip) -> Readiness:
    """Where each traveller's passport and each traveller × destination visa stands."""
    from onestop.visas.selectors import visa_status_for_trip

    return Readiness(passports=_passport_lines(trip), visas=visa_status_for_trip(trip_case=trip.case))


def trip_visits_count(*, trip: Trip) -> int:
    """In-person visits recorded for the trip and its passport and visa cases (the promise: one)."""
    from onestop.cases.models import CaseVisit

    return CaseVisit.objects.filter(Q(case_id=trip.case_id) | Q(case__parent_id=trip.case_id)).count()


def collection_place_name(*, collection: Any, appointment: Any) -> str:
    """Where the collection took place, for the trip's page: the hall of the collection
    appointment in the reader's language when the stored place is that hall's name (in any
    language); a place typed at the counter as typed."""
    place = collection.place or ""
    hall = getattr(appointment, "hall", None) if appointment is not None else None
    if hall is None or not collection.appointment_code or appointment.code != collection.appointment_code:
        return place
    if place in {hall.name, *(hall.names or {}).values()}:
        return hall.display_name
    return place


def trip_collection_appointment(*, trip: Trip) -> Any:
    """The trip's collection appointment at the hall that is still to come or under way
    (booked or checked in), else the latest completed one; ``None`` without one."""
    from onestop.halls.selectors import appointments_for_case

    def latest(*statuses: str) -> Any:
        return appointments_for_case(case_id=trip.case_id, service_code=COLLECTION_SERVICE, statuses=statuses).first()

    return latest("booked", "checked_in") or latest("completed")


def trip_collection_options(*, limit: int = 5) -> list[Any]:
    """Times the liaison officer may book for the collection (the halls' recommendation:
    shortest predicted wait first). Empty when no hall offers the collection."""
    from onestop.core.errors import ValidationFailed
    from onestop.halls.services import slot_recommend

    try:
        return list(slot_recommend(service_code=COLLECTION_SERVICE, limit=limit))
    except ValidationFailed:  # the service is not set up in any hall
        return []


def access_collection_signature(*, trip: Trip) -> Any:
    """The trip's collection with a drawn signature (the caller checked access to the trip);
    ``NotFound`` without one."""
    from onestop.core.errors import NotFound

    from ..models import TripCollection

    collection = TripCollection.objects.filter(trip=trip).exclude(signature="").first()
    if collection is None:
        raise NotFound("trips.signature_not_found")
    return collection
