"""Demo joint permit applications: for the two demo enterprises, an application in every state
of the workflow, made through the services as the pages make them (employees registered from
their passports' MRZ, materials given once, parallel reviews, one combined correction request,
the biometrics appointment booked through the halls module, signed permits). Idempotent: an
employee who already has an application is left alone."""

from __future__ import annotations

import logging
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from onestop.core.errors import DomainError
from onestop.dossier.samples import sample_pdf, sample_png
from onestop.dossier.validators import mrz_build, mrz_parse

from . import services
from .models import PermitApplication, Review, ReviewKind
from .policies import REQUIRED_MATERIALS

ORDER = 60
logger = logging.getLogger(__name__)
PHARMA_AGENT = "employer2"

# organization, surname, given names, nationality, sex, passport number, job title, target state
PLANS = [
    ("ent-robotics", "MUELLER", "ANNA", "DEU", "F", "C4X7N2K81", "Senior robotics engineer", "approved"),
    ("ent-robotics", "TANAKA", "HIROSHI", "JPN", "M", "TR5513209", "Motion-control engineer", "under_review"),
    ("ent-robotics", "SILVA", "JOAO", "PRT", "M", "CB1184402", "Machine-vision researcher", "correction_requested"),
    ("ent-robotics", "PETROV", "IVAN", "RUS", "M", "753118024", "Embedded software lead", "submitted"),
    ("ent-robotics", "GARCIA", "LUCIA", "ESP", "F", "PAF448120", "Product manager", "draft"),
    ("ent-pharma", "DUBOIS", "CLAIRE", "FRA", "F", "21FR88417", "Clinical research director", "approved"),
    ("ent-pharma", "KIM", "MINJI", "KOR", "F", "M73302175", "Analytical chemist", "resumed"),
    ("ent-pharma", "HASSAN", "OMAR", "EGY", "M", "A28807713", "Quality assurance specialist", "refused"),
    ("ent-pharma", "SMITH", "JAMES", "GBR", "M", "533771904", "Regulatory affairs manager", "draft_complete"),
]

SALARY = {"approved": "over_50k", "refused": "10k_20k"}


def _file(code: str) -> SimpleUploadedFile:
    if code == "photo":
        return SimpleUploadedFile("photo.png", sample_png("photo"), content_type="image/png")
    return SimpleUploadedFile(f"{code}.pdf", sample_pdf(code.replace("_", " ")), content_type="application/pdf")


def _agent(world: dict, org_code: str):
    users = world["users"]
    if org_code == "ent-robotics":
        return users.get("employer")
    agent = users.get(PHARMA_AGENT)
    if agent is None:
        from onestop.accounts.models import User
        from onestop.accounts.services import user_create

        agent = User.objects.filter(username=PHARMA_AGENT).first() or user_create(
            username=PHARMA_AGENT, full_name="陈雪", latin_name="Chen Xue", password=world["password"],
            email=f"{PHARMA_AGENT}@demo.onestop.test", roles=["employer"], organization=world["orgs"][org_code],
        )  # fmt: skip
        users[PHARMA_AGENT] = agent
        world["logins"].append(f"{PHARMA_AGENT:<12} Employer's agent (Kangtai Pharmaceuticals)")
    return agent


def _employee(agent, surname: str, given: str, nationality: str, sex: str, number: str):
    from onestop.dossier.models import Person

    lines = mrz_build(
        surname=surname, given_names=given, number=number, nationality=nationality, birth_date=date(1986, 5, 17),
        sex=sex, expiry_date=timezone.localdate() + timedelta(days=2900),
    )  # fmt: skip
    latin = mrz_parse(list(lines)).latin_name
    person = Person.objects.filter(organization=agent.organization, latin_name=latin).first()
    if person is not None:
        return person
    return services.employee_register(by=agent, mrz=list(lines))


def _verdict(application, kind, officer, verdict, note=""):
    review = Review.objects.get(application=application, kind=kind)
    if review.status == "pending":
        services.review_start(review=review, by=officer)
    services.review_decide(review=review, by=officer, verdict=verdict, note=note)


def _book(application, agent) -> bool:
    try:
        services.application_biometrics_book(application=application, by=agent)
    except (DomainError, ImportError) as exc:  # no halls or no free slot: the case waits for a booking
        logger.warning("demo permit %s: biometrics not booked (%s)", application.case.number, exc)
        return False
    return True


def _build(plan, world: dict) -> None:
    org_code, surname, given, nationality, sex, number, job, state = plan
    agent = _agent(world, org_code)
    permit, exit_entry = world["users"].get("permit"), world["users"].get("exitentry")
    if agent is None or permit is None or exit_entry is None:
        return
    person = _employee(agent, surname, given, nationality, sex, number)
    if PermitApplication.objects.filter(person=person).exists():
        return
    today = timezone.localdate()
    application = services.application_create(
        by=agent, person=person, job_title=job, contract_start=today + timedelta(days=45),
        contract_end=today + timedelta(days=45 + 3 * 365), salary_band=SALARY.get(state, "35k_50k"),
        work_address="北京经济技术开发区科创十三街 18 号" if org_code == "ent-robotics" else "朝阳区望京东路 6 号",
    )  # fmt: skip
    codes = REQUIRED_MATERIALS if state != "draft" else REQUIRED_MATERIALS[:4]
    for code in codes:
        services.application_material_provide(application=application, by=agent, type_code=code, file=_file(code))
    if state in ("draft", "draft_complete"):
        return
    services.application_submit(application=application, by=agent)
    if state == "submitted":
        return
    booked = _book(application, agent)
    if state == "under_review":
        _verdict(application, ReviewKind.WORK, permit, "approved")
        residence = Review.objects.get(application=application, kind=ReviewKind.RESIDENCE)
        services.review_start(review=residence, by=exit_entry)
        return
    if state in ("correction_requested", "resumed"):
        _verdict(
            application,
            ReviewKind.WORK,
            permit,
            "correction_requested",
            "The employment contract is not signed by the company's legal representative.",
        )
        _verdict(
            application,
            ReviewKind.RESIDENCE,
            exit_entry,
            "correction_requested",
            "The ID photo must have a white background and be taken within the last 6 months.",
        )
        if state == "resumed":
            services.application_material_provide(
                application=application, by=agent, type_code="employment_contract", file=_file("employment_contract")
            )
            services.application_material_provide(
                application=application, by=agent, type_code="photo", file=_file("photo")
            )
            services.application_resubmit(
                application=application, by=agent, response="Signed contract and a new photo uploaded."
            )
        return
    if state == "refused":
        _verdict(
            application,
            ReviewKind.WORK,
            permit,
            "refused",
            "The position does not meet the salary threshold for a category B work permit.",
        )
        if booked:
            _verdict(application, ReviewKind.RESIDENCE, exit_entry, "approved")
        else:
            _verdict(application, ReviewKind.RESIDENCE, exit_entry, "refused", "No biometrics appointment was made.")
        return
    if state == "approved" and booked:
        _verdict(application, ReviewKind.WORK, permit, "approved")
        _verdict(application, ReviewKind.RESIDENCE, exit_entry, "approved")


def seed(world: dict) -> None:
    if "users" not in world or "orgs" not in world:
        return
    for plan in PLANS:
        if plan[0] in world["orgs"]:
            _build(plan, world)
    world["logins"].append("(permits: joint applications in every state for ent-robotics and ent-pharma)")
