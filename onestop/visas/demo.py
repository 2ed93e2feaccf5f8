"""Demo visas, made through the services as the pages make them.

The requirement table and the missions (also loaded by the data migration); the prepared
applications of the demo's approved trips brought up to date with the passports reserved
since; and a dedicated delegation to the United Kingdom whose applications end up in every
state: issued, refused, still submitted, withdrawn, and one left prepared — with a
submitted batch and its signed covering letter. Idempotent: nothing is added once the visa
officer has a batch.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from onestop.dossier.samples import sample_pdf, sample_png

from . import services
from .models import Mission, VisaApplication, VisaBatch, VisaRequirement
from .reference_data import load
from .workflow import VisaState

ORDER = 58
# Organizations whose liaison officer files the demo delegation, in order of preference.
ORGANIZATIONS = ("univ-tech", "soe-trade", "ent-robotics")
START_DAYS = 95
NOTE = "兹送上我市因公出访团组成员签证申请，请予协助办理为盼。\nWe would be grateful for your kind assistance with these applications."


def _upload(trip, by) -> None:
    from onestop.trips import services as trips
    from onestop.trips.materials import trip_materials_status

    for line in trip_materials_status(trip=trip):
        if line.status != "missing":
            continue
        if line.type_code == "photo":
            upload = SimpleUploadedFile("photo.png", sample_png(line.person_name), "image/png")
        else:
            upload = SimpleUploadedFile(f"{line.type_code}.pdf", sample_pdf(line.type_code), "application/pdf")
        trips.trip_material_provide(trip=trip, by=by, person_id=line.person_id, type_code=line.type_code, upload=upload)


def _travellers(world: dict, returns_on, passport_officer) -> tuple[object, list]:
    """Five persons of an organization with a liaison officer, in no trip yet, each with a
    passport valid long enough (registered through the passports services when they have
    none at all)."""
    from onestop.dossier.models import Person
    from onestop.passports.models import Passport
    from onestop.passports.selectors import valid_passports_of
    from onestop.passports.services import passport_register

    needed = returns_on + timedelta(days=200)
    for code in ORGANIZATIONS:
        organization = world["orgs"].get(code)
        if organization is None or _liaison_for(world, organization) is None:
            continue
        pool = (
            Person.objects.filter(organization=organization, in_public_service=True, trip_memberships__isnull=True)
            .exclude(passport_applications__isnull=False)
            .order_by("pk")
        )
        chosen, missing = [], []
        for person in pool:
            if valid_passports_of(person=person, needed_until=needed).exists():
                chosen.append(person)
            elif not Passport.objects.filter(holder=person).exists():
                chosen.append(person)
                missing.append(person)
            if len(chosen) == 5:
                break
        if len(chosen) < 5:
            continue
        for serial, person in enumerate(missing):
            expires = timezone.localdate() + timedelta(days=3000)
            passport_register(
                holder=person, by=passport_officer, type="service" if serial == 1 else "ordinary_public_affairs",
                number=f"EV{5200000 + person.pk:07d}", expires_on=expires,
                issued_on=expires - timedelta(days=3650), storage_place="外办护照柜 V-01",
            )  # fmt: skip
        return organization, chosen
    return None, []


def _liaison_for(world: dict, organization):
    from onestop.accounts.roles import Role

    for user in world["users"].values():
        if (
            Role.LIAISON in user.role_names
            and user.organization
            and organization.path.startswith(user.organization.path)
        ):
            return user
    return None


def _uk_delegation(world: dict, *, reviewer, passport_officer):
    """An approved trip to London of five travellers: the listener prepares five embassy
    visa applications with the reserved passports and the dossier's materials."""
    from onestop.trips import services as trips
    from onestop.trips.selectors import access_trip

    departs = timezone.localdate() + timedelta(days=START_DAYS)
    returns = departs + timedelta(days=4)
    organization, persons = _travellers(world, returns, passport_officer)
    liaison = _liaison_for(world, organization) if organization else None
    if liaison is None:
        return None
    trip = trips.trip_create(
        by=liaison, organization=organization, purpose="赴伦敦参加中英高校语言教育合作论坛", inviter_name="University College London",
        inviter_country="GB", departs_on=departs, returns_on=returns, funding_source="project",
        itinerary="第1天：抵达伦敦；第2–4天：论坛与院校交流；第5天：返程。",
    )  # fmt: skip
    for index, person in enumerate(persons):
        trips.trip_member_add(trip=trip, by=liaison, person=person, role="leader" if index == 0 else "member")
    trips.trip_destination_add(trip=trip, by=liaison, country="GB", city="London", arrive_on=departs, depart_on=returns)
    trip = access_trip(user=liaison, pk=trip.pk)
    trips.trip_materials_prepare(trip=trip, by=liaison)
    _upload(trip, liaison)
    trips.trip_submit(trip=trip, by=liaison)
    trips.trip_assign(trip=trip, by=reviewer)
    trips.trip_approve(trip=trip, by=reviewer, note="同意。")
    return trip


def _outcomes(applications: list[VisaApplication], officer) -> None:
    """issued, refused, (submitted), withdrawn — in that order over the batch."""
    plan = ["issue", "refuse", None, "withdraw"]
    for application, action in zip(applications, plan, strict=False):
        if action == "issue":
            services.visa_application_issue(
                application=application, by=officer, number=f"GB{40000000 + application.pk}", category="Visitor",
                entries="multiple", valid_from=application.arrive_on - timedelta(days=7),
                valid_until=application.arrive_on + timedelta(days=180), max_stay_days=180,
            )  # fmt: skip
        elif action == "refuse":
            services.visa_application_refuse(
                application=application,
                by=officer,
                reason="使馆要求补充邀请方担保函后重新申请。Guarantee letter requested.",
            )
        elif action == "withdraw":
            services.visa_application_withdraw(application=application, by=officer, reason="该团员因工作调整不再出访。")


def seed(world: dict) -> None:
    load(VisaRequirement, Mission)
    users = world["users"]
    officer, reviewer, passport_officer = users.get("visa"), users.get("reviewer"), users.get("passport")
    if officer is None or reviewer is None or passport_officer is None or "persons_by_org" not in world:
        return
    if VisaBatch.objects.filter(created_by=officer).exists():
        world["logins"].append(_summary())
        return
    # Passports reserved since the demo trips were approved are linked now.
    services.visas_refresh_prepared(by=officer)
    trip = _uk_delegation(world, reviewer=reviewer, passport_officer=passport_officer)
    if trip is not None:
        applications = list(
            VisaApplication.objects.select_related("case").filter(trip_case=trip.case).order_by("person__full_name")
        )
        mission = Mission.objects.filter(country="GB", kind="embassy", is_active=True).first()
        to_batch = applications[:4]
        batch = services.visa_batch_create(
            by=officer, mission=mission, application_ids=[a.pk for a in to_batch], covering_note=NOTE
        )
        _outcomes(list(VisaApplication.objects.filter(batch=batch).order_by("person__full_name")), officer)
    # An e-visa batch for the demo trip to Kenya and Tanzania when its travellers are ready.
    for country in ("KE", "TZ"):
        ready = [line.application for line in _ready(country)]
        portal = Mission.objects.filter(country=country, kind="online", is_active=True).first()
        if ready and portal is not None:
            services.visa_batch_create(
                by=officer, mission=portal, application_ids=[a.pk for a in ready], covering_note=NOTE
            )
    world["logins"].append(_summary())


def _ready(country: str):
    from .selectors import batch_candidates

    return [
        line
        for line in batch_candidates(country=country)
        if line.ready and line.application.requirement_kind == "e_visa"
    ]


def _summary() -> str:
    counts = {state: VisaApplication.objects.filter(case__state=state).count() for state in VisaState.values}
    text = ", ".join(f"{state} {n}" for state, n in counts.items())
    return f"(visas: {VisaBatch.objects.count()} batches; applications {text})"
