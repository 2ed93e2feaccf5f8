"""Demo passports, made through the services as the pages make them.

Passports for the demo persons (valid, expiring, expired, by MRZ or by number); the approved
demo trips' travellers reserved, some checked out, one overdue by a few days; an
organization without a demo login (City Medical University) blocked by a passport more
than 30 days overdue; handovers pending after job changes; a lost passport; and passport
applications in every state, one filed in parallel with a trip still in review.
Idempotent: nothing is added once the registry holds passports.

Dates in the past cannot be made through the services (trips are filed for the future):
for the two overdue examples, the reservation's dates are moved back after check-out
(demo only), then the daily scan marks them overdue.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from onestop.accounts.roles import Role
from onestop.cases.models import Case
from onestop.core.errors import DomainError
from onestop.dossier.samples import sample_pdf, sample_png
from onestop.dossier.validators import mrz_build

from . import services
from .models import Handover, Passport, PassportApplication, PassportType, Reservation
from .trips_link import trip_facts

ORDER = 55
BLOCKED_LIAISON = "liaison4"
BLOCKED_ORG = "univ-med"
REGISTRY_ORGS = ("univ-tech", "soe-trade", "ent-robotics", "univ-foreign", "hosp-1", "edu", "commerce")
PREFIX = {PassportType.ORDINARY: "PE", PassportType.SERVICE: "SE", PassportType.DIPLOMATIC: "DE"}
MRZ_CODE = {PassportType.ORDINARY: "P", PassportType.SERVICE: "PS", PassportType.DIPLOMATIC: "PD"}


def _number(kind: str, serial: int) -> str:
    return f"{PREFIX[kind]}{3100000 + serial:07d}"


def _register(person, *, officer, serial: int, kind: str, days_valid: int, by_mrz: bool, place: str) -> Passport:
    today = timezone.localdate()
    expires = today + timedelta(days=days_valid)
    number = _number(kind, serial)
    if by_mrz and person.birth_date:
        surname, _sep, given = (person.latin_name or "DEMO").partition(" ")
        lines = mrz_build(
            surname=surname, given_names=given, number=number, nationality="CHN", birth_date=person.birth_date,
            sex=person.sex if person.sex in ("M", "F") else "X", expiry_date=expires, document_code=MRZ_CODE[kind],
        )  # fmt: skip
        return services.passport_register(holder=person, by=officer, type=kind, mrz=list(lines), storage_place=place)
    return services.passport_register(
        holder=person, by=officer, type=kind, number=number, expires_on=expires,
        issued_on=expires - timedelta(days=3650), storage_place=place,
    )  # fmt: skip


def _file(person, type_code: str) -> SimpleUploadedFile:
    label = person.latin_name or f"Person {person.pk}"
    if type_code == "photo":
        return SimpleUploadedFile("photo.png", sample_png(label), "image/png")
    return SimpleUploadedFile(f"{type_code}.pdf", sample_pdf(f"{type_code}\n{label}"), "application/pdf")


def _complete(application: PassportApplication, liaison) -> None:
    services.application_update(
        application=application, by=liaison, place_of_birth="北京市", contact_phone="+86 10 6519 0000",
        reason="因公出访需要。",
    )  # fmt: skip
    for row in services.application_missing_materials(application=application):
        services.application_material_provide(
            application=application, by=liaison, type_code=row.type.code, file=_file(application.person, row.type.code)
        )


def _drive(application: PassportApplication, target: str, *, liaison, officer, serial: int) -> None:
    """Take a draft application to ``target`` through the services."""
    if target == "draft":
        return
    if target == "withdrawn":
        services.application_act(application=application, name="withdraw", by=liaison, note="")
        return
    _complete(application, liaison)
    services.application_act(application=application, name="submit", by=liaison)
    if target == "submitted":
        return
    services.application_act(application=application, name="accept", by=officer)
    if target == "in_review":
        return
    if target == "rejected":
        services.application_act(application=application, name="reject", by=officer, note="照片不符合规格。")
        return
    if target in ("correction_requested",):
        services.application_act(
            application=application, name="request_correction", by=officer, note="请补充出生地详细信息。"
        )
        return
    services.application_act(application=application, name="prepare", by=officer)
    if target == "ready_for_issue":
        return
    person = application.person
    expires = timezone.localdate() + timedelta(days=3650)
    lines = mrz_build(
        surname=(person.latin_name or "DEMO").partition(" ")[0], given_names=(person.latin_name or "").partition(" ")[2],
        number=_number(application.passport_type, serial), nationality="CHN", birth_date=person.birth_date,
        sex=person.sex if person.sex in ("M", "F") else "X", expiry_date=expires,
    )  # fmt: skip
    services.application_issue(application=application, by=officer, mrz=list(lines), storage_place="外办护照柜 B-03")


def _liaison_for(world: dict, organization):
    for user in world["users"].values():
        if (
            Role.LIAISON in user.role_names
            and user.organization
            and organization.path.startswith(user.organization.path)
        ):
            return user
    return None


def _blocked_liaison(world: dict):
    from onestop.accounts.models import User
    from onestop.accounts.services import user_create

    user = User.objects.filter(username=BLOCKED_LIAISON).first()
    if user is None:
        user = user_create(
            username=BLOCKED_LIAISON, full_name="罗敏", latin_name="Luo Min", password=world["password"],
            email=f"{BLOCKED_LIAISON}@demo.onestop.test", roles=[Role.LIAISON], organization=world["orgs"][BLOCKED_ORG],
        )  # fmt: skip
    world["users"][BLOCKED_LIAISON] = user
    return user


def _approved_trip(world: dict, liaison, reviewer, persons, *, start: int):
    """A one-country trip of the liaison officer's organization, approved through the trip services."""
    from onestop.trips import services as trips
    from onestop.trips.materials import trip_materials_status

    departs = timezone.localdate() + timedelta(days=start)
    trip = trips.trip_create(
        by=liaison, purpose="赴新加坡参加国际医学教育研讨会", inviter_name="National University of Singapore",
        inviter_country="SG", departs_on=departs, returns_on=departs + timedelta(days=3), funding_source="project",
    )  # fmt: skip
    for index, person in enumerate(persons):
        trips.trip_member_add(trip=trip, by=liaison, person=person, role="leader" if index == 0 else "member")
    trips.trip_destination_add(
        trip=trip, by=liaison, country="SG", city="Singapore", arrive_on=departs, depart_on=departs + timedelta(days=3)
    )
    trips.trip_materials_prepare(trip=trip, by=liaison)
    for line in trip_materials_status(trip=trip):
        if line.status == "missing":
            person = next(p for p in persons if p.pk == line.person_id)
            trips.trip_material_provide(
                trip=trip, by=liaison, person_id=line.person_id, type_code=line.type_code,
                upload=_file(person, line.type_code),
            )  # fmt: skip
    trips.trip_submit(trip=trip, by=liaison)
    trips.trip_assign(trip=trip, by=reviewer)
    trips.trip_approve(trip=trip, by=reviewer)
    return trip


def _check_out(reservation: Reservation, officer) -> None:
    services.passport_check_out(
        text=reservation.passport.reveal_number(), by=officer, trip_case_id=reservation.trip_case_id
    )


def _backdate(reservation: Reservation, *, days_overdue: int) -> None:
    """Demo only: move a checked-out reservation into the past so it is overdue."""
    today = timezone.localdate()
    due = today - timedelta(days=days_overdue)
    Reservation.objects.filter(pk=reservation.pk).update(
        starts_on=due - timedelta(days=11), ends_on=due - timedelta(days=7), due_on=due
    )


def seed(world: dict) -> None:
    users = world["users"]
    officer, reviewer = users.get("passport"), users.get("reviewer")
    if officer is None or reviewer is None or "persons_by_org" not in world:
        return
    if Passport.objects.exists():
        _blocked_liaison(world)
        world["logins"].append(_login_line())
        return
    today = timezone.localdate()
    by_org = world["persons_by_org"]
    approved = list(Case.objects.filter(kind="trip", state="approved").order_by("pk"))
    pending_trips = list(Case.objects.filter(kind="trip", state__in=["in_review", "submitted"]).order_by("pk"))
    auto = list(PassportApplication.objects.select_related("case", "person").filter(case__parent__in=approved))
    exclude = {a.person_id for a in auto}
    parallel_person = None
    for case in pending_trips:
        facts = trip_facts(case_id=case.pk)
        if facts and facts.travellers:
            parallel_person, parallel_case = facts.travellers[-1], case
            exclude.add(parallel_person.pk)
            break

    # 1. the registry: passports for most public servants of several organizations
    serial = 0
    for code in REGISTRY_ORGS:
        for index, person in enumerate(by_org.get(code, [])):
            if person.pk in exclude or index % 5 == 4 or not person.in_public_service:
                continue
            serial += 1
            kind = (
                PassportType.SERVICE
                if index % 7 == 3
                else PassportType.DIPLOMATIC
                if index % 11 == 6
                else PassportType.ORDINARY
            )
            days_valid = 120 + index * 3 if index % 6 == 1 else 700 + (index * 97) % 2200
            passport = _register(
                person, officer=officer, serial=serial, kind=kind, days_valid=days_valid, by_mrz=index % 2 == 0,
                place=f"外办护照柜 A-{serial:02d}" if index % 3 else f"{code} 保密柜",
            )  # fmt: skip
            if index % 6 == 5:  # demo only: an expired booklet, later marked by the daily scan
                Passport.objects.filter(pk=passport.pk).update(
                    expires_on=today - timedelta(days=20), issued_on=today - timedelta(days=3670)
                )

    # 2. applications opened for the approved trips' travellers: one in each state
    targets = ["issued", "ready_for_issue", "in_review", "correction_requested", "submitted", "rejected", "withdrawn"]
    for index, application in enumerate(auto):
        liaison = _liaison_for(world, application.organization)
        target = targets[index] if index < len(targets) else "draft"
        if liaison is None:
            continue
        serial += 1
        _drive(application, target, liaison=liaison, officer=officer, serial=serial)
        if target in ("rejected", "withdrawn"):  # they travel on a booklet found in a drawer after all
            serial += 1
            _register(
                application.person,
                officer=officer,
                serial=serial,
                kind=PassportType.ORDINARY,
                days_valid=1800,
                by_mrz=True,
                place="外办护照柜 C-01",
            )

    # 3. reserve for every approved trip; check some out
    for case in approved:
        facts = trip_facts(case_id=case.pk)
        for person in facts.travellers:
            try:
                services.reserve_traveller(facts=facts, person=person, by=reviewer)
            except DomainError:
                continue
    live = list(
        Reservation.objects.select_related("passport", "trip_case", "organization")
        .filter(status="active")
        .order_by("pk")
    )
    for index, reservation in enumerate(live):
        if index % 2 == 0:
            _check_out(reservation, officer)
    if live:  # overdue by a few days: reminders and escalation, not yet a block
        _backdate(live[0], days_overdue=3)

    # 4. a passport filed for in parallel with a trip still in review
    if parallel_person is not None:
        liaison = _liaison_for(world, parallel_person.organization)
        if liaison is not None:
            application = services.application_create(
                by=liaison, person=parallel_person, kind="new", passport_type=PassportType.ORDINARY,
                trip_case=parallel_case, reason="与任务审批并联办理。",
            )  # fmt: skip
            serial += 1
            _drive(application, "ready_for_issue", liaison=liaison, officer=officer, serial=serial)

    # 5. an organization blocked by a passport more than 30 days overdue
    med = by_org.get(BLOCKED_ORG, [])[:2]
    if len(med) == 2:
        liaison = _blocked_liaison(world)
        for person in med:
            serial += 1
            _register(
                person,
                officer=officer,
                serial=serial,
                kind=PassportType.ORDINARY,
                days_valid=2000,
                by_mrz=False,
                place="外办护照柜 D-01",
            )
        trip = _approved_trip(world, liaison, reviewer, med, start=21)
        out = Reservation.objects.select_related("passport").filter(trip_case_id=trip.case_id).order_by("pk").first()
        if out is not None:
            _check_out(out, officer)
            _backdate(out, days_overdue=34)

    # 6. the daily scan: overdue marking, reminders, escalations, expiry
    services.passports_due_scan(today=today)

    # 7. job changes: handovers pending (transfer, cancellation) and one completed
    movers = [
        p
        for p in Passport.objects.select_related("holder").filter(
            organization__code="univ-foreign", status="in_custody"
        )
    ]
    if len(movers) >= 3:
        services.person_change_job(person=movers[0].holder, by=officer, new_organization=world["orgs"]["hosp-1"])
        services.person_change_job(person=movers[1].holder, by=officer, leaves_public_service=True)
        raised = services.person_change_job(
            person=movers[2].holder, by=officer, new_organization=world["orgs"]["culture"]
        )
        for handover in raised:
            services.handover_complete(handover=handover, by=officer, note="已移交新单位外事专管员。")

    # 8. a passport lost abroad
    lost = Passport.objects.filter(organization__code="hosp-1", status="in_custody").order_by("pk").first()
    if lost is not None:
        services.passport_report_lost(
            passport=lost, by=officer, kind="stolen", place="巴黎戴高乐机场", occurred_on=today - timedelta(days=2),
            note="随身行李被盗，已向当地警方报案。",
        )  # fmt: skip
    world["logins"].append(_login_line())


def _login_line() -> str:
    pending = Handover.objects.filter(status="pending").count()
    return (
        f"{BLOCKED_LIAISON:<12} Liaison officer (City Medical University: blocked by a passport >30 days overdue)\n"
        f"  (passports: {Passport.objects.count()} in the registry, {pending} handovers pending; "
        f"the passport desk is at /passports/desk/)"
    )
