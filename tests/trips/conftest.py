"""Factories for trip tests: trips brought to any state through the services, and what the
trip needs after its approval (passports, visas, the hall). The organizations, liaison
officers, the reviewer, the passport officer, persons and verified dossier materials come
from tests/conftest.py."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest

from tests.conftest import give_material

_seq = itertools.count(1)


def future(days: int) -> date:
    from django.utils import timezone

    return timezone.localdate() + timedelta(days=days)


@pytest.fixture
def parent_liaison(make_user, org):
    return make_user("liaison", org=org.parent)


@pytest.fixture
def reviewer2(make_user):
    return make_user("fao_reviewer")


@pytest.fixture
def draft_trip(liaison, make_person, material_catalogue):
    """A draft within every limit: leader and one member, Tokyo for four days."""
    from onestop.trips import services

    def _make(*, by=None, members: int = 2, country: str = "JP", days: int = 4, start: int = 30, **values):
        by = by or liaison
        departs = future(start)
        trip = services.trip_create(
            by=by,
            purpose=values.pop("purpose", "Joint research meeting"),
            inviter_name=values.pop("inviter_name", "University of Tokyo"),
            inviter_country=values.pop("inviter_country", country),
            departs_on=departs,
            returns_on=departs + timedelta(days=days - 1),
            funding_source=values.pop("funding_source", "project"),
            **values,
        )
        for index in range(members):
            person = make_person(organization=by.organization)
            services.trip_member_add(trip=trip, by=by, person=person, role="leader" if index == 0 else "member")
        services.trip_destination_add(
            trip=trip,
            by=by,
            country=country,
            city="Tokyo",
            arrive_on=departs,
            depart_on=departs + timedelta(days=days - 1),
        )
        return trip

    return _make


def complete_materials(trip):
    """Give every member the passport page and photo, and the trip its invitation letter."""
    for member in trip.members.select_related("person"):
        give_material(member.person, "passport_page")
        give_material(member.person, "photo")
        if member.role == "leader":
            give_material(member.person, "invitation_letter", case=trip.case)


@pytest.fixture
def ready_trip(draft_trip):
    """A draft that can be submitted: within the policy and with every material on file."""

    def _make(**kwargs):
        trip = draft_trip(**kwargs)
        complete_materials(trip)
        return trip

    return _make


@pytest.fixture
def trip_in_state(ready_trip, liaison, reviewer):
    """A trip brought to ``state`` through the services (in review: assigned to ``reviewer``)."""
    from onestop.trips import services
    from onestop.trips.selectors import access_trip

    def _make(state: str, **kwargs):
        trip = ready_trip(**kwargs)
        if state == "draft":
            services.trip_materials_prepare(trip=trip, by=liaison)
            return access_trip(user=liaison, pk=trip.pk)
        if state == "withdrawn":
            services.trip_withdraw(trip=trip, by=liaison, note="plans changed")
            return access_trip(user=liaison, pk=trip.pk)
        services.trip_submit(trip=trip, by=liaison)
        if state == "submitted":
            return access_trip(user=liaison, pk=trip.pk)
        services.trip_assign(trip=trip, by=reviewer)
        if state == "in_review":
            return access_trip(user=liaison, pk=trip.pk)
        if state == "approved":
            services.trip_approve(trip=trip, by=reviewer)
        elif state == "rejected":
            services.trip_reject(trip=trip, by=reviewer, reason="Not in this year's plan")
        else:
            services.trip_request_correction(trip=trip, by=reviewer, note="Add the itinerary")
            if state == "resubmitted":
                services.trip_resubmit(trip=trip, by=liaison)
        return access_trip(user=liaison, pk=trip.pk)

    return _make


# --- after the approval: passports, visas, the hall ----------------------------------------

SIGNATURE_SIZE = (300, 100)


def signature_png(*, ink: bool = True, size=SIGNATURE_SIZE) -> bytes:
    """A PNG as the signature pad sends it: transparent, with a dark stroke when ``ink``."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGBA", size, (0, 0, 0, 0))
    if ink:
        draw = ImageDraw.Draw(image)
        draw.line([(10, 70), (80, 20), (150, 80), (230, 25), (290, 60)], fill=(17, 17, 17, 255), width=4)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def signature_data_url(**kwargs) -> str:
    import base64

    return "data:image/png;base64," + base64.b64encode(signature_png(**kwargs)).decode()


@pytest.fixture
def fao_org(make_org):
    return make_org("Foreign Affairs Office of the City", kind="fao", code="fao")


@pytest.fixture
def visa_officer(make_user, fao_org):
    return make_user("visa_officer", org=fao_org)


@pytest.fixture
def visa_table(db):
    """A known requirement table: Japan needs an embassy visa with an ordinary passport,
    Singapore is visa-free (the demo rows are set aside for the test)."""
    from onestop.visas.models import Mission, VisaRequirement

    VisaRequirement.objects.all().delete()
    Mission.objects.all().delete()
    for country, kind in (("JP", "embassy_visa"), ("SG", "visa_free")):
        VisaRequirement.objects.create(
            country=country, passport_type="ordinary_public_affairs", kind=kind, max_stay_days=90,
            processing_days=5 if kind == "embassy_visa" else None, notes={"en": f"{country} test"},
            source="test table", valid_from=date(2020, 1, 1),
        )  # fmt: skip
    return {"JP": Mission.objects.create(country="JP", kind="embassy", names={"en": "Embassy of Japan"})}


@pytest.fixture
def collection_hall(db, fao_org):
    """The FAO hall offering the passport collection, with free times on the next days."""
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    from onestop.halls.models import Hall, HallService, Service, Slot

    service = Service.objects.filter(code="passport_collection").first() or Service.objects.create(
        code="passport_collection", name="Collect official passports", prefix="Q", handling_minutes=10,
        names={"en": "Collect official passports", "zh-hans": "领取因公护照"},
    )  # fmt: skip
    hall = Hall.objects.create(
        code="fao-hall", name="FAO hall", names={"en": "FAO service hall", "zh-hans": "外办服务大厅"},
        district="dongcheng", area="urban", latitude=39.905, longitude=116.41, organization=fao_org,
    )  # fmt: skip
    HallService.objects.create(hall=hall, service=service)
    tz = ZoneInfo("Asia/Shanghai")
    for offset in (2, 3):
        day = future(offset)
        for hour in (10, 14):
            start = datetime.combine(day, time(hour), tzinfo=tz)
            Slot.objects.create(hall=hall, service=service, start=start, end=start + timedelta(minutes=30), capacity=3)
    return hall


def register_passports(trip, officer) -> list:
    """A valid ordinary passport in custody for each member of the trip."""
    from onestop.passports.services import passport_register

    made = []
    for member in trip.members.select_related("person"):
        made.append(
            passport_register(
                holder=member.person,
                by=officer,
                type="ordinary_public_affairs",
                number=f"E{next(_seq) + 5000000:08d}",
                expires_on=future(5 * 365),
                issued_on=future(5 * 365) - timedelta(days=3650),
                storage_place="Safe T",
            )  # fmt: skip
        )
    return made


def issue_visas(trip, officer, mission) -> int:
    """Submit the trip's prepared visa applications in one batch and record each visa."""
    from onestop.visas import services as visas
    from onestop.visas.models import VisaApplication

    applications = list(VisaApplication.objects.filter(trip_case=trip.case, case__state="prepared").order_by("pk"))
    if not applications:
        return 0
    visas.visa_batch_create(
        by=officer, mission=mission, application_ids=[a.pk for a in applications], covering_note="Please issue."
    )
    for application in VisaApplication.objects.filter(pk__in=[a.pk for a in applications]):
        visas.visa_application_issue(
            application=application, by=officer, number=f"V{next(_seq) + 7000000:08d}",
            valid_from=trip.departs_on - timedelta(days=5), valid_until=trip.returns_on + timedelta(days=30),
        )  # fmt: skip
    return len(applications)


def report_upload(name: str = "report.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from onestop.dossier.samples import sample_pdf

    return SimpleUploadedFile(name, sample_pdf("trip report"), content_type="application/pdf")


AFTER_STATES = ("ready_for_collection", "collected", "returned", "report_submitted", "closed", "cancelled")


@pytest.fixture
def after_trip(trip_in_state, liaison, reviewer, passport_officer, visa_officer, visa_table):
    """A trip brought to a state after the approval through the services, travellers with
    passports registered before the approval. ``country="JP"`` goes through the visa office
    (embassy visas issued); the default, Singapore, needs no visa."""
    from onestop.trips import services
    from onestop.trips.selectors import access_trip

    def _make(state: str, *, country: str = "SG", signature: bool = False, **kwargs):
        trip = trip_in_state("in_review", country=country, **kwargs)
        register_passports(trip, passport_officer)
        services.trip_approve(trip=trip, by=reviewer)
        trip = access_trip(user=liaison, pk=trip.pk)
        if state == "approved":
            return trip
        issue_visas(trip, visa_officer, visa_table.get(country))
        services.trip_readiness_refresh(trip=trip)
        trip = access_trip(user=liaison, pk=trip.pk)
        assert trip.case.state == "ready_for_collection", trip.readiness_missing
        if state == "ready_for_collection":
            return trip
        if state == "cancelled":
            services.trip_cancel(trip=trip, by=liaison, reason="The conference was postponed.")
            return access_trip(user=liaison, pk=trip.pk)
        sig = {"signature": signature_data_url()} if signature else {"confirmed": True}
        services.trip_collect(trip=trip, by=passport_officer, signer_name=liaison.full_name, **sig)
        trip = access_trip(user=liaison, pk=trip.pk)
        if state == "collected":
            return trip
        from django.utils import timezone

        today = timezone.localdate()
        services.trip_return_record(trip=trip, by=liaison, departed_on=today, returned_on=today)
        trip = access_trip(user=liaison, pk=trip.pk)
        if state == "returned":
            return trip
        services.trip_report_submit(trip=trip, by=liaison, summary="Met the partners.", countries=[country],
                                    upload=report_upload())  # fmt: skip
        trip = access_trip(user=liaison, pk=trip.pk)
        if state == "report_submitted":
            return trip
        services.trip_close(trip=trip, by=reviewer)
        return access_trip(user=liaison, pk=trip.pk)

    return _make
