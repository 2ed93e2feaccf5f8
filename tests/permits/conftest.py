"""Joint permit test helpers: an employer with a foreign employee whose passport comes from
its MRZ, the seven materials in the dossier, both officers, and a builder that takes an
application to any state through the real services."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from onestop.dossier.samples import sample_pdf, sample_png
from onestop.dossier.validators import mrz_build
from onestop.permits import services
from onestop.permits.models import PermitApplication, Review, ReviewKind, ReviewStatus
from onestop.permits.policies import REQUIRED_MATERIALS

SH = ZoneInfo("Asia/Shanghai")
_seq = itertools.count(1)


def at(y, m, d, h=10, minute=0):
    return datetime(y, m, d, h, minute, tzinfo=SH)


class frozen:
    """Run the block as if it were ``when`` (the kernel and the services read timezone.now)."""

    def __init__(self, when: datetime):
        self.patch = mock.patch("django.utils.timezone.now", return_value=when)

    def __enter__(self):
        return self.patch.__enter__()

    def __exit__(self, *exc):
        return self.patch.__exit__(*exc)


def mrz_for(*, surname="MUELLER", given="ANNA", nationality="DEU", expiry: date | None = None, sex="F"):
    return mrz_build(
        surname=surname,
        given_names=given,
        number=f"C{next(_seq):07d}X",
        nationality=nationality,
        birth_date=date(1988, 3, 14),
        sex=sex,
        expiry_date=expiry or timezone.localdate() + timedelta(days=3000),
    )


def material_file(code: str) -> SimpleUploadedFile:
    if code == "photo":
        return SimpleUploadedFile("photo.png", sample_png("photo"), content_type="image/png")
    return SimpleUploadedFile(f"{code}.pdf", sample_pdf(code), content_type="application/pdf")


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English; page tests pick other languages explicitly."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def employer_org(make_org):
    return make_org("Galaxy Robotics", kind="enterprise", code=f"ent-{next(_seq)}")


@pytest.fixture
def employer(make_user, employer_org):
    return make_user("employer", org=employer_org)


@pytest.fixture
def other_employer(make_user, make_org):
    return make_user("employer", org=make_org("Kangtai Pharma", kind="enterprise", code=f"ent-{next(_seq)}"))


@pytest.fixture
def permit_officer(make_user):
    return make_user("permit_officer")


@pytest.fixture
def exit_officer(make_user):
    return make_user("exit_entry_officer")


@pytest.fixture
def supervisor(make_user):
    return make_user("supervisor")


@pytest.fixture
def employee(employer):
    """A foreign employee registered from the passport MRZ through the dossier."""

    def _make(**kwargs):
        return services.employee_register(by=employer, mrz=mrz_for(**kwargs))

    return _make


def provide_all(application, by, codes=REQUIRED_MATERIALS):
    for code in codes:
        services.application_material_provide(application=application, by=by, type_code=code, file=material_file(code))


@pytest.fixture
def no_biometrics_rule(db):
    """Most workflow tests do not exercise the halls booking: switch the biometrics-first rule off."""
    from onestop.permits.policies import permit_policy

    policy = permit_policy()
    policy.biometrics_before_residence_approval = False
    policy.save()
    return policy


@pytest.fixture
def build(employer, employee, permit_officer, exit_officer, no_biometrics_rule):
    """``build(state)`` gives an application in ``state``, reached through the services."""

    def _build(state: str = "draft", *, complete: bool = True, by=None):
        by = by or employer
        person = employee()
        application = services.application_create(
            by=by,
            person=person,
            job_title="Robotics engineer",
            contract_start=timezone.localdate() + timedelta(days=30),
            contract_end=timezone.localdate() + timedelta(days=30 + 730),
            salary_band="35k_50k",
            work_address="8 Science Park Road, Haidian",
        )
        if complete:
            provide_all(application, by)
        if state == "draft":
            return application
        services.application_submit(application=application, by=by)
        if state == "submitted":
            return application
        work, residence = reviews(application)
        services.review_start(review=work, by=permit_officer)
        services.review_start(review=residence, by=exit_officer)
        if state == "under_review":
            return application
        if state == "correction_requested":
            services.review_decide(review=work, by=permit_officer, verdict="correction_requested", note="Sign page 3")
            services.review_decide(review=residence, by=exit_officer, verdict="approved")
            application.case.refresh_from_db()
            return application
        if state == "approved":
            services.review_decide(review=work, by=permit_officer, verdict="approved")
            services.review_decide(review=residence, by=exit_officer, verdict="approved")
        elif state == "refused":
            services.review_decide(review=work, by=permit_officer, verdict="refused", note="Job not eligible")
            services.review_decide(review=residence, by=exit_officer, verdict="approved")
        application.case.refresh_from_db()
        return application

    return _build


@pytest.fixture
def biometrics_slot(db):
    from onestop.halls.models import BookingPolicy, Hall, HallService, Service, Slot

    BookingPolicy.objects.get_or_create(service=None)
    service, _ = Service.objects.get_or_create(
        code="biometrics",
        defaults={"name": "Biometrics", "names": {"en": "Biometrics"}, "prefix": "B", "handling_minutes": 8},
    )
    hall = Hall.objects.create(
        code="tongzhou-test",
        name="通州出入境接待大厅",
        names={"en": "Tongzhou Exit-Entry Hall"},
        district="Tongzhou",
        latitude=39.9,
        longitude=116.65,
    )
    HallService.objects.create(hall=hall, service=service)
    start = (timezone.now() + timedelta(days=2)).replace(hour=2, minute=0, second=0, microsecond=0)  # 10:00 local
    return Slot.objects.create(hall=hall, service=service, start=start, end=start + timedelta(minutes=15), capacity=20)


def reviews(application) -> tuple[Review, Review]:
    rows = {r.kind: r for r in Review.objects.filter(application=application)}
    return rows[ReviewKind.WORK], rows[ReviewKind.RESIDENCE]


def fresh(application) -> PermitApplication:
    return PermitApplication.objects.select_related("case").get(pk=application.pk)


__all__ = ["SH", "ReviewStatus", "at", "fresh", "frozen", "material_file", "mrz_for", "provide_all", "reviews"]
