"""Reads on passports, scoped to what the user may see.

The passport office (and the rest of the Foreign Affairs Office) sees every passport; a
liaison officer sees those of their organization's subtree. The ``access_*`` selectors
raise the same ``NotFound`` for a missing and a forbidden object.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from onestop.core import crypto
from onestop.core.errors import NotFound
from onestop.dossier.validators import normalize_identifier

from .access import OFFICER_ROLES, ORG_SCOPED_ROLES, SEE_ALL_ROLES
from .models import (
    AWAY_STATUSES,
    CustodyEvent,
    Handover,
    Passport,
    PassportApplication,
    PassportStatus,
    Reservation,
)
from .policies import passport_policy

LIVE = (Reservation.Status.ACTIVE, Reservation.Status.CHECKED_OUT)


def sees_all(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.role_names & SEE_ALL_ROLES)


def is_officer(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.role_names & OFFICER_ROLES)


def _org_path(user: Any) -> str:
    if not getattr(user, "is_authenticated", False) or not user.role_names & ORG_SCOPED_ROLES:
        return ""
    return user.organization.path if user.organization_id else ""


def _scoped(qs: QuerySet, user: Any, field: str = "organization") -> QuerySet:
    if sees_all(user):
        return qs
    path = _org_path(user)
    if not path:
        return qs.none()
    return qs.filter(**{f"{field}__path__startswith": path})


# --- passports ----------------------------------------------------------------------


def passports_visible_to(*, user: Any) -> QuerySet[Passport]:
    return _scoped(Passport.objects.select_related("holder", "organization", "custodian"), user)


def passports_exist() -> bool:
    """Whether any passport at all is registered (unscoped: the demo data checks it)."""
    return Passport.objects.exists()


def passports_for(
    *,
    user: Any,
    status: str | None = None,
    type: str | None = None,
    organization_id: int | None = None,
    q: str | None = None,
    expiring_within_days: int | None = None,
) -> QuerySet[Passport]:
    """The registry list: filters by status, type, organization (its subtree), holder name
    and expiry within some days. Numbers are looked up by POST (``passport_find``), never
    through a query string that access logs keep (ADR 0500)."""
    qs = passports_visible_to(user=user)
    if status:
        qs = qs.filter(status=status)
    if type:
        qs = qs.filter(type=type)
    if organization_id:
        from onestop.accounts.models import Organization

        org = Organization.objects.filter(pk=organization_id).first()
        qs = qs.filter(organization__path__startswith=org.path) if org else qs.none()
    if q:
        text = q.strip()
        qs = qs.filter(Q(holder__full_name__icontains=text) | Q(holder__latin_name__icontains=text))
    if expiring_within_days is not None:
        qs = qs.filter(expires_on__lte=timezone.localdate() + timedelta(days=expiring_within_days))
    return qs.order_by("expires_on", "pk")


def access_passport(*, user: Any, pk: Any) -> Passport:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFound("passports.not_found")
    passport = passports_visible_to(user=user).filter(pk=pk).first()
    if passport is None:
        raise NotFound("passports.not_found")
    return passport


def passport_find(*, number: str) -> Passport | None:
    """The passport with exactly this number (keyed hash), unscoped: the desk's scan."""
    normalized = normalize_identifier(number)
    if not normalized:
        return None
    return (
        Passport.objects.select_related("holder", "organization")
        .filter(number_hash=crypto.keyed_hash(normalized))
        .first()
    )


def passport_history(*, passport: Passport) -> list[CustodyEvent]:
    return list(passport.events.select_related("actor", "custodian", "reservation__trip_case").order_by("at", "pk"))


def passport_reservations(*, passport: Passport) -> list[Reservation]:
    return list(passport.reservations.select_related("trip_case").order_by("-starts_on", "-pk"))


def valid_passports_of(*, person: Any, needed_until: date) -> QuerySet[Passport]:
    """The holder's passports usable for a trip: in custody or reserved, valid long enough,
    without a pending handover; diplomatic, then service, then ordinary; longest valid first."""
    from django.db.models import Case, IntegerField, Value, When

    rank = Case(
        When(type="diplomatic", then=Value(0)),
        When(type="service", then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return (
        Passport.objects.filter(
            holder=person,
            status__in=[PassportStatus.IN_CUSTODY, PassportStatus.RESERVED],
            expires_on__gte=needed_until,
        )
        .exclude(handovers__status=Handover.Status.PENDING)
        .annotate(rank=rank)
        .order_by("rank", "-expires_on", "pk")
    )


def overlapping_reservation(*, passport: Passport, starts_on: date, ends_on: date, exclude_case_id: int | None = None):
    qs = Reservation.objects.select_related("trip_case").filter(
        passport=passport, status__in=LIVE, starts_on__lte=ends_on, ends_on__gte=starts_on
    )
    if exclude_case_id:
        qs = qs.exclude(trip_case_id=exclude_case_id)
    return qs.order_by("starts_on").first()


# --- trips ----------------------------------------------------------------------------


@dataclass
class TravellerPassport:
    person: Any
    reservation: Reservation | None
    application: PassportApplication | None


def trip_passports(*, case_id: int) -> list[TravellerPassport]:
    """For each traveller of the trip: the reservation of their passport, or the passport
    application filed for the trip (either may be missing while the trip is not approved)."""
    from .trips_link import trip_facts

    facts = trip_facts(case_id=case_id)
    if facts is None:
        return []
    reservations = {
        r.passport.holder_id: r
        for r in Reservation.objects.select_related("passport", "passport__holder")
        .filter(trip_case_id=case_id)
        .order_by("pk")
    }
    applications = {
        a.person_id: a
        for a in PassportApplication.objects.select_related("case").filter(case__parent_id=case_id).order_by("pk")
    }
    return [
        TravellerPassport(person=p, reservation=reservations.get(p.pk), application=applications.get(p.pk))
        for p in facts.travellers
    ]


def reservations_for_trips(*, case_ids: Iterable[int], status: str | None = None) -> QuerySet[Reservation]:
    """The passport reservations made for the trip cases ``case_ids``, each with its passport
    and holder, trip by trip in the order they were made; ``status`` (a
    ``Reservation.Status`` value: "active", "checked_out", "returned"...) keeps those in it.
    The trips app reads them to hand the booklets out and take them back through the
    passport services, and to inspect how they came back."""
    qs = Reservation.objects.select_related("passport__holder").filter(trip_case_id__in=list(case_ids))
    if status is not None:
        qs = qs.filter(status=status)
    return qs.order_by("trip_case_id", "pk")


def access_trip_case(*, user: Any, case_id: Any):
    """The trip case ``case_id`` if the user may see it (FAO staff: all; a liaison officer:
    their organization's subtree)."""
    from onestop.cases.models import Case

    try:
        case_id = int(case_id)
    except (TypeError, ValueError):
        raise NotFound("passports.trip_not_found")
    case = _scoped(Case.objects.filter(kind="trip"), user).filter(pk=case_id).first()
    if case is None:
        raise NotFound("passports.trip_not_found")
    return case


def passport_for_traveller(*, case_id: int, person_id: int) -> Passport | None:
    """The passport reserved for this traveller on this trip (visas use it)."""
    reservation = (
        Reservation.objects.select_related("passport")
        .filter(trip_case_id=case_id, passport__holder_id=person_id, status__in=[*LIVE, Reservation.Status.RETURNED])
        .order_by("-pk")
        .first()
    )
    return reservation.passport if reservation else None


# --- overdue and the block ------------------------------------------------------------


@dataclass(frozen=True)
class OverdueBlock:
    reservation: Reservation
    days_overdue: int


def organization_block(*, organization: Any, today: date | None = None) -> OverdueBlock | None:
    """The most overdue passport that blocks the organization's new trips, if any: a
    passport still out more than ``block_after_days`` after its due date."""
    policy = passport_policy()
    if not policy.block_enabled or organization is None:
        return None
    today = today or timezone.localdate()
    limit = today - timedelta(days=policy.block_after_days)
    reservation = (
        Reservation.objects.select_related("passport__holder")
        .filter(organization=organization, status=Reservation.Status.CHECKED_OUT, due_on__lt=limit)
        .order_by("due_on", "pk")
        .first()
    )
    if reservation is None:
        return None
    return OverdueBlock(reservation=reservation, days_overdue=(today - reservation.due_on).days)


def blocked_organizations(*, user: Any, today: date | None = None) -> list[OverdueBlock]:
    """Every organization (that the user may see) blocked now, with its most overdue passport."""
    policy = passport_policy()
    if not policy.block_enabled:
        return []
    today = today or timezone.localdate()
    limit = today - timedelta(days=policy.block_after_days)
    rows = (
        _scoped(Reservation.objects.select_related("passport__holder", "organization", "trip_case"), user)
        .filter(status=Reservation.Status.CHECKED_OUT, due_on__lt=limit)
        .order_by("organization_id", "due_on", "pk")
    )
    seen: dict[int, OverdueBlock] = {}
    for r in rows:
        seen.setdefault(r.organization_id, OverdueBlock(reservation=r, days_overdue=(today - r.due_on).days))
    return list(seen.values())


def reservations_out(*, user: Any) -> QuerySet[Reservation]:
    """Booklets out now, soonest due first (the desk's list)."""
    return (
        _scoped(Reservation.objects.select_related("passport__holder", "trip_case", "organization"), user)
        .filter(status=Reservation.Status.CHECKED_OUT)
        .order_by("due_on", "pk")
    )


def reservations_to_collect(*, user: Any) -> QuerySet[Reservation]:
    """Reserved booklets waiting to be checked out, earliest departure first."""
    return (
        _scoped(Reservation.objects.select_related("passport__holder", "trip_case", "organization"), user)
        .filter(status=Reservation.Status.ACTIVE)
        .order_by("starts_on", "pk")
    )


def is_away(passport: Passport) -> bool:
    return passport.status in AWAY_STATUSES


# --- handovers --------------------------------------------------------------------------


def handovers_for(*, user: Any, status: str | None = Handover.Status.PENDING) -> QuerySet[Handover]:
    qs = Handover.objects.select_related(
        "passport", "person", "from_organization", "to_organization", "passport__custodian"
    )
    if not sees_all(user):
        path = _org_path(user)
        if not path:
            return qs.none()
        qs = qs.filter(Q(from_organization__path__startswith=path) | Q(to_organization__path__startswith=path))
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-raised_at", "-pk")


def access_handover(*, user: Any, pk: Any) -> Handover:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFound("passports.handover_not_found")
    handover = handovers_for(user=user, status=None).filter(pk=pk).first()
    if handover is None:
        raise NotFound("passports.handover_not_found")
    return handover


# --- applications -----------------------------------------------------------------------


def applications_for(*, user: Any, state: str | None = None, q: str | None = None) -> QuerySet[PassportApplication]:
    qs = _scoped(
        PassportApplication.objects.select_related("case", "case__parent", "person", "organization", "issued_passport"),
        user,
    )
    if state:
        qs = qs.filter(case__state=state)
    if q:
        qs = qs.filter(Q(case__number__icontains=q.strip()) | Q(person__full_name__icontains=q.strip()))
    return qs.order_by("-case__created_at", "-pk")


def access_application(*, user: Any, pk: Any) -> PassportApplication:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFound("passports.application_not_found")
    application = applications_for(user=user).filter(pk=pk).first()
    if application is None:
        raise NotFound("passports.application_not_found")
    return application


def open_application_for(*, person: Any, parent_case_id: int | None = None) -> PassportApplication | None:
    from .workflow import OPEN_STATES

    qs = PassportApplication.objects.select_related("case").filter(person=person, case__state__in=list(OPEN_STATES))
    if parent_case_id is not None:
        preferred = qs.filter(case__parent_id=parent_case_id).first()
        if preferred is not None:
            return preferred
    return qs.order_by("-pk").first()


def application_available_actions(*, application: PassportApplication, user: Any) -> list[str]:
    """Transition names the user may take now (role, state and organization)."""
    from onestop.cases.services import transition_allowed_for

    case = application.case
    names = []
    for transition in case.workflow.available(case.state):
        if not transition_allowed_for(case=case, transition=transition, user=user):
            continue
        if transition.roles & ORG_SCOPED_ROLES and not sees_all(user):
            path = _org_path(user)
            if not path or not application.organization.path.startswith(path):
                continue
        names.append(transition.name)
    return names


def application_case_labels(*, trip_case_id: int) -> dict[int, str]:
    """Whose passport application each child case of a trip is, keyed by case id, for the
    trip's one timeline."""
    rows = PassportApplication.objects.filter(case__parent_id=trip_case_id).select_related("person")
    return {a.case_id: a.person.full_name for a in rows}
