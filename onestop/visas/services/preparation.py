"""Preparing visa applications when a trip is approved, and keeping them in step with the
dossier and the passport registry until they are submitted.

Nothing is typed again: an application's data is assembled from the trip and the
traveller's dossier, its passport is the one the passports app reserved for the trip, and
its materials are the dossier's, attached by reference (``case_materials_require`` reuses
what is on file; the trip's invitation letter is referred to where it is, on the trip).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from onestop.cases.audit import audit_record
from onestop.cases.models import Case
from onestop.cases.references import with_reference
from onestop.cases.services import case_create, case_note, case_transition
from onestop.core.errors import Conflict
from onestop.trips.countries import COUNTRY_REFERENCE

from ..models import NO_APPLICATION, UNKNOWN, RequirementKind, VisaApplication
from ..selectors.readiness import PERSON_MATERIALS
from ..selectors.requirements import RequirementAnswer, RequirementTable, visa_requirement_for
from ..trips_link import (
    Traveller,
    TravellerPassport,
    TripVisaFacts,
    approval_stands,
    traveller_passport,
    trip_visa_facts,
)
from ..workflow import KIND, OFFICER_QUEUE, OPEN_STATES, VisaState
from .common import country_label, ensure_officer, lock_application, system_text

logger = logging.getLogger(__name__)

ERR_NOT_PREPARED = _("Only an application that has not been submitted yet can be refreshed.")
ERR_TRIP_NOT_APPROVED = _("Visa applications are prepared only for approved trips.")
NOTE_TRIP_CLOSED = _("Trip %(number)s no longer goes ahead (%(state)s).")
NOTE_NOT_NEEDED = _("No visa is needed any more with the traveller's passport (%(requirement)s).")

NOTE_CODES = {
    RequirementKind.VISA_FREE: "visas.not_needed.visa_free",
    RequirementKind.ON_ARRIVAL: "visas.not_needed.on_arrival",
    UNKNOWN: "visas.requirement_unknown",
}


def submit_by_for(*, arrive_on: date, processing_days: int | None) -> date | None:
    """The last working day on which the application can go so that the usual processing
    time (in working days, from the working-day calendar) ends before arrival."""
    if not processing_days:
        return None
    from onestop.calendar.services import is_working_day

    day, counted = arrive_on, 0
    while counted < processing_days:
        day -= timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def application_data(
    *,
    facts: TripVisaFacts,
    traveller: Traveller,
    country: str,
    passport: TravellerPassport,
    answer: RequirementAnswer,
) -> dict[str, Any]:
    """What the application says, taken from the dossier (the traveller), the passport
    registry (the reserved passport, masked) and the trip (purpose, inviting party, stays)."""
    person = traveller.person
    stays = facts.stays_in(country)
    arrive_on, depart_on = min(s.arrive_on for s in stays), max(s.depart_on for s in stays)
    leader = next((t for t in facts.travellers if t.role == "leader"), None)
    booklet = passport.passport
    return {
        "traveller": {
            "person_id": person.pk,
            "full_name": person.full_name,
            "latin_name": person.latin_name,
            "sex": person.sex,
            "birth_date": _iso(person.birth_date),
            "nationality": person.nationality,
            "position": person.position,
            "organization": person.organization.name if person.organization_id else "",
            "organization_en": person.organization.name_en if person.organization_id else "",
            "role": traveller.role,
        },
        "passport": (
            {
                "id": booklet.pk,
                "number_masked": booklet.number_masked,
                "type": booklet.type,
                "issuing_state": booklet.issuing_state,
                "issued_on": _iso(booklet.issued_on),
                "expires_on": _iso(booklet.expires_on),
            }
            if booklet is not None
            else None
        ),
        "passport_type": passport.passport_type,
        "passport_application": passport.application_number,
        "trip": {
            "number": facts.number,
            "approval_number": facts.approval_number,
            "organization": facts.organization.name,
            "organization_en": facts.organization.name_en,
            "purpose": facts.purpose,
            "inviter_name": facts.inviter_name,
            "inviter_country": facts.inviter_country,
            "departs_on": _iso(facts.departs_on),
            "returns_on": _iso(facts.returns_on),
            "funding_source": facts.funding_source,
            "delegation_size": len(facts.travellers),
            "leader": leader.person.full_name if leader else "",
        },
        "destination": {
            "country": country,
            "stays": [{"city": s.city, "arrive_on": _iso(s.arrive_on), "depart_on": _iso(s.depart_on)} for s in stays],
            "arrive_on": _iso(arrive_on),
            "depart_on": _iso(depart_on),
            "days": (depart_on - arrive_on).days + 1,
        },
        "requirement": {
            "kind": answer.kind,
            "max_stay_days": answer.max_stay_days,
            "processing_days": answer.processing_days,
            "source": answer.source,
            "valid_from": _iso(answer.valid_from),
        },
    }


def _create_application(
    *, facts: TripVisaFacts, traveller: Traveller, country: str, passport: TravellerPassport,
    answer: RequirementAnswer, by: Any,
) -> VisaApplication:  # fmt: skip
    from onestop.dossier.services import case_materials_require

    person = traveller.person
    stays = facts.stays_in(country)
    arrive_on, depart_on = min(s.arrive_on for s in stays), max(s.depart_on for s in stays)
    case = case_create(
        kind=KIND,
        by=by,
        title=f"{person.full_name} · {country}",
        organization=facts.organization,
        applicant=facts.case.applicant,
        parent=facts.case,
        queue=OFFICER_QUEUE,
    )
    application = VisaApplication.objects.create(
        case=case,
        trip_case=facts.case,
        person=person,
        country=country,
        passport=passport.passport,
        passport_type=passport.passport_type,
        requirement_kind=answer.kind,
        requirement=answer.requirement,
        arrive_on=arrive_on,
        depart_on=depart_on,
        submit_by=submit_by_for(arrive_on=arrive_on, processing_days=answer.processing_days),
        data=application_data(facts=facts, traveller=traveller, country=country, passport=passport, answer=answer),
    )
    case_materials_require(case=case, person=person, type_codes=list(PERSON_MATERIALS), by=by)
    from ..selectors.readiness import application_materials

    attached = [row for row in application_materials(application=application) if not row.is_missing()]
    case_note(case=case, by=by, code="visas.assembled", params={"trip": facts.number, "reused": len(attached)})
    audit_record(
        actor=by,
        action="visas.application.prepared",
        obj=case,
        new={"state": case.state},
        data={"trip_case_id": facts.case.pk, "person_id": person.pk, "country": country, "requirement": answer.kind},
    )
    return application


def visas_prepare_for_trip(*, trip_case: Case, by: Any, record_notes: bool = True) -> list[VisaApplication]:
    """Prepare a visa application for each traveller × destination country whose
    requirement (for the traveller's passport type, on the day of arrival) is an e-visa or an
    embassy visa, as a child case of the trip in the visa officer's queue.

    Visa-free and visa-on-arrival destinations, and those the table does not know, get a
    line on the trip's timeline instead. Safe to call again: an application that exists for
    a traveller and country is not made twice. Returns the applications made now.
    """
    facts = trip_visa_facts(case_id=trip_case.pk)
    if facts is None:
        return []
    if not approval_stands(facts.state):
        raise Conflict("visas.trip_not_approved", ERR_TRIP_NOT_APPROVED)
    countries = facts.countries()
    table = RequirementTable(countries)
    existing = set(VisaApplication.objects.filter(trip_case_id=trip_case.pk).values_list("person_id", "country"))
    created: list[VisaApplication] = []
    without: dict[tuple[str, str], list[str]] = defaultdict(list)
    with transaction.atomic():
        for traveller in facts.travellers:
            passport = traveller_passport(trip_case_id=trip_case.pk, person=traveller.person)
            for country in countries:
                arrive_on = min(s.arrive_on for s in facts.stays_in(country))
                answer = table.answer(country=country, passport_type=passport.passport_type, on=arrive_on)
                if not answer.needs_application:
                    without[(country, answer.kind)].append(traveller.person.full_name)
                    continue
                if (traveller.person.pk, country) in existing:
                    continue
                created.append(
                    _create_application(
                        facts=facts, traveller=traveller, country=country, passport=passport, answer=answer, by=by
                    )
                )
        if record_notes:
            for (country, kind), names in without.items():
                case_note(
                    case=facts.case,
                    by=by,
                    code=NOTE_CODES[kind],
                    params={
                        "country": country_label(country),
                        "persons": ", ".join(names),
                        **with_reference("country", COUNTRY_REFERENCE, country),
                    },
                )
        if created:
            applicant_id, case_id = facts.case.applicant_id, facts.case.pk
            transaction.on_commit(lambda: _notify_prepared(user_id=applicant_id, case_id=case_id))
    return created


def _notify_prepared(*, user_id: int | None, case_id: int) -> None:
    from django.contrib.auth import get_user_model

    from onestop.notify.services import notify_user

    try:
        user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
        case = Case.objects.filter(pk=case_id).first()
        if user is not None and case is not None:
            notify_user(user=user, code="visas.prepared", context={"number": case.number}, case=case)
    except Exception:  # after commit: a failed notice never undoes the preparation
        logger.exception("could not tell the liaison officer about the visa applications of case %s", case_id)


def visa_application_refresh(*, application: VisaApplication, by: Any) -> VisaApplication:
    """Bring a prepared application up to date with the passport registry and the dossier:
    the passport now reserved for the trip (e.g. once a passport applied for was issued),
    the requirement for its type, the assembled data, and newer materials.

    When the passport's type needs no visa for the country, the application is withdrawn
    with a note saying so; the trip's status then counts the destination as not needing one.
    """
    ensure_officer(by)
    with transaction.atomic():
        locked = lock_application(application)
        if locked.case.state != VisaState.PREPARED:
            raise Conflict("visas.not_prepared", ERR_NOT_PREPARED)
        facts = trip_visa_facts(case_id=locked.trip_case_id)
        traveller = next((t for t in facts.travellers if t.person.pk == locked.person_id), None) if facts else None
        if traveller is None or locked.country not in facts.countries():
            return locked
        passport = traveller_passport(trip_case_id=locked.trip_case_id, person=traveller.person)
        stays = facts.stays_in(locked.country)
        arrive_on, depart_on = min(s.arrive_on for s in stays), max(s.depart_on for s in stays)
        answer = visa_requirement_for(country=locked.country, passport_type=passport.passport_type, on=arrive_on)
        old = {"passport_id": locked.passport_id, "passport_type": locked.passport_type,
               "requirement": locked.requirement_kind}  # fmt: skip
        locked.passport = passport.passport
        locked.passport_type = passport.passport_type
        locked.arrive_on, locked.depart_on = arrive_on, depart_on
        if answer.needs_application:
            locked.requirement_kind = answer.kind
            locked.requirement = answer.requirement
            locked.submit_by = submit_by_for(arrive_on=arrive_on, processing_days=answer.processing_days)
        kept = RequirementAnswer(
            country=locked.country, passport_type=locked.passport_type, kind=locked.requirement_kind,
            requirement=locked.requirement,
        )  # fmt: skip
        locked.data = application_data(
            facts=facts, traveller=traveller, country=locked.country, passport=passport, answer=kept
        )
        locked.save()
        from onestop.dossier.services import case_materials_require

        case_materials_require(case=locked.case, person=locked.person, type_codes=list(PERSON_MATERIALS), by=by)
        audit_record(
            actor=by,
            action="visas.application.refreshed",
            obj=locked.case,
            old=old,
            new={
                "passport_id": locked.passport_id,
                "passport_type": locked.passport_type,
                "requirement": answer.kind,
            },
        )
        if answer.kind in NO_APPLICATION:
            note = system_text(NOTE_NOT_NEEDED, requirement=answer.label)
            case_transition(case=locked.case, name="withdraw", by=by, note=note, system=True)
    application.refresh_from_db()
    return application


def visas_refresh_prepared(*, by: Any, country: str | None = None) -> int:
    """Refresh every prepared application (of one country); returns how many were refreshed."""
    ensure_officer(by)
    qs = VisaApplication.objects.filter(case__state=VisaState.PREPARED)
    if country:
        qs = qs.filter(country=country.upper())
    count = 0
    for application in qs.order_by("pk"):
        visa_application_refresh(application=application, by=by)
        count += 1
    return count


def visas_withdraw_for_trip(*, trip_case: Case, by: Any) -> int:
    """Withdraw the trip's open applications (the trip was withdrawn, rejected or cancelled)."""
    from onestop.trips.workflow import WORKFLOW as TRIP_WORKFLOW

    note = system_text(NOTE_TRIP_CLOSED, number=trip_case.number, state=TRIP_WORKFLOW.state_label(trip_case.state))
    count = 0
    for application in VisaApplication.objects.select_related("case").filter(
        trip_case_id=trip_case.pk, case__state__in=list(OPEN_STATES)
    ):
        case_transition(case=application.case, name="withdraw", by=by, note=note, system=True)
        count += 1
    if count:
        audit_record(actor=by, action="visas.trip.withdrawn", obj=trip_case, data={"applications": count})
    return count


def on_trip_approved(case: Any, by: Any, data: dict) -> None:
    """Listener on ("trip", "approve"); runs inside the approval's transaction, after the
    passports app reserved the travellers' passports."""
    visas_prepare_for_trip(trip_case=case, by=by)


def on_trip_closed(case: Any, by: Any, data: dict) -> None:
    """Listener on ("trip", "withdraw" | "reject" | "cancel")."""
    visas_withdraw_for_trip(trip_case=case, by=by)
