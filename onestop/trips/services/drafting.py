"""Preparing a trip: its facts, its delegation, its destinations and its materials.

A liaison officer changes a trip only while it is a draft or sent back for correction, and
only for their own organization's subtree. Every change is audited (persons by id only).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from onestop.accounts.roles import Role
from onestop.cases.audit import audit_record
from onestop.cases.services import NotPermitted, case_create
from onestop.core.errors import Conflict, NotFound, ValidationFailed

from ..countries import is_valid_code
from ..models import FundingSource, Trip, TripDestination, TripMember
from ..selectors import user_org_path
from ..workflow import EDITABLE_STATES, KIND

ERR_REQUIRED = _("This field is required.")
ERR_TOO_LONG = _("At most %(max)d characters.")
ERR_COUNTRY = _("Choose a country from the list.")
ERR_FUNDING = _("Choose a funding source from the list.")
ERR_DATE = _("Enter a valid date.")
ERR_RETURN_BEFORE_DEPARTURE = _("The return date cannot be before the departure date.")
ERR_DEPART_BEFORE_ARRIVE = _("The departure from a destination cannot be before the arrival there.")
ERR_NOT_LIAISON = _("Only a liaison officer files official trips.")
ERR_ORGANIZATION = _("You may file trips only for your own organization.")
ERR_NOT_EDITABLE = _("The trip can be changed only while it is a draft or sent back for correction.")
ERR_PERSON_OTHER_ORG = _("This person does not belong to the trip's organization.")
ERR_PERSON_TWICE = _("This person is already in the delegation.")
ERR_ROLE = _("Choose leader or member.")
ERR_TOO_MANY_DESTINATIONS = _("A trip can have at most %(max)d destinations.")
ERR_TOO_MANY_MEMBERS = _("A delegation can have at most %(max)d persons on record.")
ERR_MATERIAL_TYPE = _("This trip does not need that material from that person.")

MAX_DESTINATIONS = 20
MAX_MEMBERS = 40  # far above any policy; keeps a runaway client from filling the table
BASIC_FIELDS = (
    "purpose",
    "inviter_name",
    "inviter_country",
    "departs_on",
    "returns_on",
    "itinerary",
    "funding_source",
    "is_teaching_research",
)
_LIMITS = {"purpose": 2000, "inviter_name": 200, "itinerary": 5000}


def _invalid(code: str, errors: dict[str, list[Any]]) -> ValidationFailed:
    first = next(iter(errors.values()))[0]
    return ValidationFailed(code, first, fields=errors)


def _clean_basics(values: dict[str, Any], *, partial: bool) -> dict[str, Any]:
    """Normalize and check the trip's own fields, reporting every problem at once."""
    clean: dict[str, Any] = {}
    errors: dict[str, list[Any]] = {}
    for name in BASIC_FIELDS:
        if name not in values:
            if not partial and name in ("purpose", "inviter_name", "inviter_country"):
                errors[name] = [ERR_REQUIRED]
            continue
        value = values[name]
        if name in ("purpose", "inviter_name", "itinerary"):
            value = (value or "").strip()
            if not value and name != "itinerary":
                errors[name] = [ERR_REQUIRED]
            elif len(value) > _LIMITS[name]:
                errors[name] = [ERR_TOO_LONG % {"max": _LIMITS[name]}]
        elif name == "inviter_country":
            value = (value or "").strip().upper()
            if not is_valid_code(value):
                errors[name] = [ERR_COUNTRY]
        elif name in ("departs_on", "returns_on"):
            if value in ("", None):
                value = None
            elif not isinstance(value, date):
                errors[name] = [ERR_DATE]
        elif name == "funding_source":
            if value not in FundingSource.values:
                errors[name] = [ERR_FUNDING]
        elif name == "is_teaching_research":
            value = bool(value)
        clean[name] = value
    if errors:
        raise _invalid("trips.invalid", errors)
    return clean


def _check_dates(departs_on: date | None, returns_on: date | None) -> None:
    if departs_on and returns_on and returns_on < departs_on:
        raise _invalid("trips.dates_inverted", {"returns_on": [ERR_RETURN_BEFORE_DEPARTURE]})


def _title(purpose: str) -> str:
    line = purpose.strip().splitlines()[0] if purpose.strip() else ""
    return line[:120]


def ensure_liaison_for(*, trip: Trip, by: Any) -> None:
    """The caller is a liaison officer of the trip's organization subtree; otherwise the trip
    does not exist for them."""
    path = user_org_path(by)
    if not (path and str(Role.LIAISON) in by.role_names and trip.organization.path.startswith(path)):
        raise NotFound("trips.not_found")


def _ensure_editable(trip: Trip) -> None:
    if trip.case.state not in EDITABLE_STATES:
        raise Conflict("trips.not_editable", ERR_NOT_EDITABLE)


def trip_create(*, by: Any, organization: Any = None, **values: Any) -> Trip:
    """Open a draft trip for ``organization`` (default: the liaison officer's own).

    ``values`` are the trip's fields (purpose, inviter_name, inviter_country, departs_on,
    returns_on, itinerary, funding_source, is_teaching_research). Creates the case
    ``TRP-<year>-<n>`` in state draft with its first timeline line.
    """
    if not (getattr(by, "is_authenticated", False) and str(Role.LIAISON) in by.role_names):
        raise NotPermitted("trips.not_liaison", ERR_NOT_LIAISON)
    organization = organization or by.organization
    path = user_org_path(by)
    if organization is None or not path or not organization.path.startswith(path):
        raise _invalid("trips.organization", {"organization": [ERR_ORGANIZATION]})
    clean = _clean_basics(values, partial=False)
    _check_dates(clean.get("departs_on"), clean.get("returns_on"))
    with transaction.atomic():
        case = case_create(kind=KIND, by=by, title=_title(clean["purpose"]), organization=organization, applicant=by)
        trip = Trip.objects.create(case=case, organization=organization, created_by=by, **clean)
        audit_record(
            actor=by,
            action="trips.trip.created",
            obj=trip,
            new={"case": case.number, "organization": organization.pk, "inviter_country": clean["inviter_country"]},
        )
    return trip


def trip_update(*, trip: Trip, by: Any, **values: Any) -> Trip:
    """Change the trip's own fields (only those given)."""
    ensure_liaison_for(trip=trip, by=by)
    clean = _clean_basics(values, partial=True)
    with transaction.atomic():
        locked = Trip.objects.select_for_update().select_related("case").get(pk=trip.pk)
        _ensure_editable(locked)
        _check_dates(clean.get("departs_on", locked.departs_on), clean.get("returns_on", locked.returns_on))
        old, new = {}, {}
        for name, value in clean.items():
            if getattr(locked, name) != value:
                old[name], new[name] = getattr(locked, name), value
                setattr(locked, name, value)
                setattr(trip, name, value)
        if not new:
            return trip
        locked.save()
        if "purpose" in new:
            locked.case.title = _title(locked.purpose)
            locked.case.save(update_fields=["title", "updated_at"])
        audit_record(actor=by, action="trips.trip.updated", obj=locked, old=old, new=new)
    return trip


def _locked_editable(trip: Trip, by: Any) -> Trip:
    ensure_liaison_for(trip=trip, by=by)
    locked = Trip.objects.select_for_update().select_related("case", "organization").get(pk=trip.pk)
    _ensure_editable(locked)
    return locked


def trip_member_add(*, trip: Trip, by: Any, person: Any, role: str = TripMember.Role.MEMBER) -> TripMember:
    """Add a person of the trip's organization to the delegation. Naming a new leader makes
    the previous leader an ordinary member."""
    if role not in TripMember.Role.values:
        raise _invalid("trips.member_role", {"role": [ERR_ROLE]})
    with transaction.atomic():
        locked = _locked_editable(trip, by)
        person_org = getattr(person, "organization", None)
        if person_org is None or not person_org.path.startswith(locked.organization.path):
            raise _invalid("trips.person_other_org", {"person": [ERR_PERSON_OTHER_ORG]})
        if TripMember.objects.filter(trip=locked, person=person).exists():
            raise _invalid("trips.person_twice", {"person": [ERR_PERSON_TWICE]})
        if TripMember.objects.filter(trip=locked).count() >= MAX_MEMBERS:
            raise _invalid("trips.too_many_members", {"person": [ERR_TOO_MANY_MEMBERS % {"max": MAX_MEMBERS}]})
        demoted = None
        if role == TripMember.Role.LEADER:
            demoted = TripMember.objects.filter(trip=locked, role=TripMember.Role.LEADER).first()
            if demoted is not None:
                demoted.role = TripMember.Role.MEMBER
                demoted.save(update_fields=["role"])
        try:
            with transaction.atomic():
                member = TripMember.objects.create(trip=locked, person=person, role=role)
        except IntegrityError:
            raise _invalid("trips.person_twice", {"person": [ERR_PERSON_TWICE]})
        audit_record(
            actor=by,
            action="trips.member.added",
            obj=locked,
            new={"person": person.pk, "role": role, "previous_leader": getattr(demoted, "person_id", None)},
        )
    _forget_prefetch(trip, "members")
    return member


def trip_member_remove(*, trip: Trip, by: Any, member_id: int) -> None:
    with transaction.atomic():
        locked = _locked_editable(trip, by)
        member = TripMember.objects.filter(trip=locked, pk=member_id).first()
        if member is None:
            raise NotFound("trips.member_not_found")
        member.delete()
        audit_record(
            actor=by, action="trips.member.removed", obj=locked, old={"person": member.person_id, "role": member.role}
        )
    _forget_prefetch(trip, "members")


def trip_destination_add(
    *, trip: Trip, by: Any, country: str, city: str, arrive_on: date | None, depart_on: date | None
) -> TripDestination:
    """Add a stop. Whether it fits the trip's dates and the policy is reported by the
    policy check, so a liaison officer can enter stops before settling the dates."""
    errors: dict[str, list[Any]] = {}
    country = (country or "").strip().upper()
    city = (city or "").strip()
    if not is_valid_code(country):
        errors["country"] = [ERR_COUNTRY]
    if not city:
        errors["city"] = [ERR_REQUIRED]
    elif len(city) > 100:
        errors["city"] = [ERR_TOO_LONG % {"max": 100}]
    for name, value in (("arrive_on", arrive_on), ("depart_on", depart_on)):
        if not isinstance(value, date):
            errors[name] = [ERR_REQUIRED if value in (None, "") else ERR_DATE]
    if not errors and depart_on < arrive_on:
        errors["depart_on"] = [ERR_DEPART_BEFORE_ARRIVE]
    if errors:
        raise _invalid("trips.destination_invalid", errors)
    with transaction.atomic():
        locked = _locked_editable(trip, by)
        count = TripDestination.objects.filter(trip=locked).count()
        if count >= MAX_DESTINATIONS:
            raise _invalid(
                "trips.too_many_destinations", {"country": [ERR_TOO_MANY_DESTINATIONS % {"max": MAX_DESTINATIONS}]}
            )
        dest = TripDestination.objects.create(
            trip=locked, country=country, city=city, arrive_on=arrive_on, depart_on=depart_on, order=count + 1
        )
        audit_record(
            actor=by,
            action="trips.destination.added",
            obj=locked,
            new={"country": country, "city": city, "arrive_on": arrive_on, "depart_on": depart_on},
        )
    _forget_prefetch(trip, "destinations")
    return dest


def trip_destination_remove(*, trip: Trip, by: Any, destination_id: int) -> None:
    with transaction.atomic():
        locked = _locked_editable(trip, by)
        dest = TripDestination.objects.filter(trip=locked, pk=destination_id).first()
        if dest is None:
            raise NotFound("trips.destination_not_found")
        dest.delete()
        audit_record(
            actor=by, action="trips.destination.removed", obj=locked, old={"country": dest.country, "city": dest.city}
        )
    _forget_prefetch(trip, "destinations")


def trip_materials_prepare(*, trip: Trip, by: Any) -> None:
    """Ask the dossier for every material the delegation needs. What a person already has on
    file (valid and verified) is attached at once; the rest is listed as missing."""
    from ..materials import trip_materials_require

    ensure_liaison_for(trip=trip, by=by)
    with transaction.atomic():
        trip_materials_require(trip=_fresh(trip), by=by)


def trip_material_provide(*, trip: Trip, by: Any, person_id: int, type_code: str, upload: Any) -> Any:
    """Upload a missing material for a member (or the invitation letter for the leader)
    into the dossier and attach it to the trip. The dossier checks the file and says why
    it refuses one."""
    from onestop.dossier.services import case_material_provide

    from ..materials import _expected

    ensure_liaison_for(trip=trip, by=by)
    _ensure_editable(trip)
    fresh = _fresh(trip)
    if (int(person_id), type_code) not in _expected(fresh):
        raise _invalid("trips.material_not_needed", {"file": [ERR_MATERIAL_TYPE]})
    member = next(m for m in fresh.members.all() if m.person_id == int(person_id))
    return case_material_provide(case=fresh.case, person=member.person, type_code=type_code, file=upload, by=by)


def _fresh(trip: Trip) -> Trip:
    from django.db.models import Prefetch

    return (
        Trip.objects.select_related("case", "organization")
        .prefetch_related(Prefetch("members", queryset=TripMember.objects.select_related("person")), "destinations")
        .get(pk=trip.pk)
    )


def _forget_prefetch(trip: Trip, name: str) -> None:
    cache = getattr(trip, "_prefetched_objects_cache", None)
    if cache:
        cache.pop(name, None)
