"""Factories for visa tests: visa officers, a small requirement table, and trips approved
through the trip services (so the passports and visas listeners run exactly as in
production). The organizations, liaison officers, the Foreign Affairs Office's reviewer and
passport officer, travellers with passports and verified materials come from
tests/conftest.py; here travellers are professors born on ``BIRTH``."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.conftest import ensure_material_catalogue as ensure_material_catalogue
from tests.conftest import give_material

BIRTH = date(1979, 4, 2)
ORD, SVC, DIP = "ordinary_public_affairs", "service", "diplomatic"


def today() -> date:
    return timezone.localdate()


def future(days: int) -> date:
    return today() + timedelta(days=days)


@pytest.fixture
def person_defaults():
    return {"birth_date": BIRTH, "sex": "F", "position": "Professor"}


@pytest.fixture
def officer(make_user, fao):
    return make_user("visa_officer", org=fao)


@pytest.fixture
def officer2(make_user, fao):
    return make_user("visa_officer", org=fao)


def set_requirement(country: str, passport_type: str, kind: str, *, max_stay=30, processing=5, valid_from=None):
    from onestop.visas.models import VisaRequirement

    return VisaRequirement.objects.create(
        country=country,
        passport_type=passport_type,
        kind=kind,
        max_stay_days=max_stay,
        processing_days=processing if kind in ("e_visa", "embassy_visa") else None,
        notes={"en": f"{country} {kind} test note", "zh-hans": f"{country} 测试说明"},
        source="test table",
        valid_from=valid_from or date(2020, 1, 1),
    )


@pytest.fixture
def table(db):
    """A small, known requirement table (the demo rows are removed): Japan needs an embassy
    visa with an ordinary passport and none with a service passport; Kenya an e-visa;
    Singapore is visa-free; Thailand visa on arrival; New Zealand is not in the table."""
    from onestop.visas.models import Mission, VisaRequirement

    VisaRequirement.objects.all().delete()
    Mission.objects.all().delete()
    rows = {
        ("JP", ORD): set_requirement("JP", ORD, "embassy_visa", max_stay=90, processing=5),
        ("JP", SVC): set_requirement("JP", SVC, "visa_free", max_stay=90),
        ("KE", ORD): set_requirement("KE", ORD, "e_visa", processing=3),
        ("SG", ORD): set_requirement("SG", ORD, "visa_free"),
        ("TH", ORD): set_requirement("TH", ORD, "on_arrival"),
        ("US", ORD): set_requirement("US", ORD, "embassy_visa", processing=20),
    }
    missions = {
        "JP": Mission.objects.create(
            country="JP", kind="embassy", names={"en": "Embassy of Japan", "zh-hans": "日本大使馆"}
        ),
        "JP-consulate": Mission.objects.create(
            country="JP", kind="consulate", names={"en": "Consulate-General of Japan", "zh-hans": "日本总领事馆"}
        ),
        "KE": Mission.objects.create(country="KE", kind="online", names={"en": "Kenya eTA portal"}),
        "KE-embassy": Mission.objects.create(country="KE", kind="embassy", names={"en": "Embassy of Kenya"}),
        "US": Mission.objects.create(country="US", kind="embassy", names={"en": "Embassy of the United States"}),
    }
    return {"rows": rows, "missions": missions}


def _upload_with_trip(trip, by) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from onestop.dossier.samples import sample_pdf, sample_png
    from onestop.trips import services
    from onestop.trips.materials import trip_materials_status

    services.trip_materials_prepare(trip=trip, by=by)
    for line in trip_materials_status(trip=trip):
        if line.status != "missing":
            continue
        if line.type_code == "photo":
            upload = SimpleUploadedFile("photo.png", sample_png(line.person_name), "image/png")
        else:
            upload = SimpleUploadedFile(f"{line.type_code}.pdf", sample_pdf(line.type_code), "application/pdf")
        services.trip_material_provide(
            trip=trip, by=by, person_id=line.person_id, type_code=line.type_code, upload=upload
        )


@pytest.fixture
def trip_factory(liaison, reviewer, make_person, make_passport, material_catalogue):
    """A trip brought to ``state`` through the trip services. ``stops`` are (country, city,
    first day offset, last day offset); ``passports`` the type of each traveller's passport
    (None: no passport, so the passports app opens an application)."""
    from onestop.trips import services
    from onestop.trips.selectors import access_trip

    def _make(
        *,
        stops=(("JP", "Tokyo", 0, 3),),
        passports=(ORD, ORD),
        state: str = "approved",
        start: int = 40,
        by=None,
        persons=None,
        verified: bool = True,
    ):
        by = by or liaison
        departs = future(start)
        last = max(stop[3] for stop in stops)
        trip = services.trip_create(
            by=by,
            purpose="Joint research meeting",
            inviter_name="University of Tokyo",
            inviter_country=stops[0][0],
            departs_on=departs,
            returns_on=departs + timedelta(days=last),
            funding_source="project",
        )
        persons = persons or [make_person(organization=by.organization) for _ in passports]
        for index, (person, passport_type) in enumerate(zip(persons, passports, strict=True)):
            services.trip_member_add(trip=trip, by=by, person=person, role="leader" if index == 0 else "member")
            if passport_type:
                make_passport(person, type=passport_type)
            if verified:
                give_material(person, "passport_page")
                give_material(person, "photo")
        for order, (country, city, first, end) in enumerate(stops):
            services.trip_destination_add(
                trip=trip,
                by=by,
                country=country,
                city=city,
                arrive_on=departs + timedelta(days=first),
                depart_on=departs + timedelta(days=end),
            )
        give_material(persons[0], "invitation_letter", case=trip.case)
        trip = access_trip(user=by, pk=trip.pk)
        if not verified:  # uploaded with the trip, waiting for verification
            _upload_with_trip(trip, by)
            trip = access_trip(user=by, pk=trip.pk)
        if state == "draft":
            return trip
        services.trip_submit(trip=trip, by=by)
        if state == "submitted":
            return access_trip(user=by, pk=trip.pk)
        services.trip_assign(trip=trip, by=reviewer)
        if state == "in_review":
            return access_trip(user=by, pk=trip.pk)
        if state == "approved":
            services.trip_approve(trip=trip, by=reviewer)
        elif state == "rejected":
            services.trip_reject(trip=trip, by=reviewer, reason="Not this year")
        return access_trip(user=by, pk=trip.pk)

    return _make


def applications_of(trip):
    from onestop.visas.models import VisaApplication

    return list(
        VisaApplication.objects.select_related("case", "person", "passport")
        .filter(trip_case=trip.case)
        .order_by("person_id", "country")
    )


@pytest.fixture
def submitted(trip_factory, table, officer):
    """A Japan trip of two travellers with ordinary passports, both applications submitted
    in one batch to the embassy."""
    from onestop.visas import services

    def _make(**kwargs):
        trip = trip_factory(**kwargs)
        applications = applications_of(trip)
        batch = services.visa_batch_create(
            by=officer,
            mission=table["missions"]["JP"],
            application_ids=[a.pk for a in applications],
            covering_note="Please process the enclosed applications.",
        )
        return trip, batch, applications_of(trip)

    return _make
