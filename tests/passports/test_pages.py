"""Passport pages: who sees what, scoping, forms with error summaries, no state change on
GET, and a query count on the registry list that does not grow with its rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from onestop.cases.models import AuditEvent
from onestop.passports.models import Handover, Passport, PassportApplication, PassportStatus
from tests.conftest import give_material, mrz_for

from .conftest import future

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_person, make_passport, make_trip, other_org):
    mine = make_person("张伟")
    passport = make_passport(mine, number="PE8880001")
    trip = make_trip([mine], start=20, days=5)
    theirs = make_passport(make_person("王芳", organization=other_org), number="PE8880002")
    return {"passport": passport, "trip": trip, "theirs": theirs, "person": mine}


def test_get_pages_render_for_the_passport_officer_and_change_nothing(login, officer, world):
    client = login(officer)
    audit_before = AuditEvent.objects.count()
    urls = [
        reverse("passports:registry"), reverse("passports:registry") + "?status=reserved&q=张",
        reverse("passports:detail", args=[world["passport"].pk]), reverse("passports:register"),
        reverse("passports:desk"), reverse("passports:trip", args=[world["trip"].case_id]),
        reverse("passports:handovers"), reverse("passports:applications"),
        reverse("passports:job-change", args=[world["person"].pk]),
    ]  # fmt: skip
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert b'lang="' in response.content
    assert AuditEvent.objects.count() == audit_before
    assert Passport.objects.get(pk=world["passport"].pk).status == PassportStatus.RESERVED


def test_liaison_sees_only_own_organization(login, liaison, world):
    client = login(liaison)
    page = client.get(reverse("passports:registry"))
    assert world["passport"].number_masked.encode() in page.content
    assert world["theirs"].number_masked.encode() not in page.content
    assert client.get(reverse("passports:detail", args=[world["theirs"].pk])).status_code == 404
    assert client.get(reverse("passports:desk")).status_code == 404  # not in the permission map for them


def test_desk_checks_out_and_takes_back(login, officer, world):
    client = login(officer)
    response = client.post(reverse("passports:desk"), {"code": "PE8880001", "op": "check_out"}, follow=True)
    assert response.status_code == 200
    assert Passport.objects.get(pk=world["passport"].pk).status == PassportStatus.CHECKED_OUT
    found = client.post(reverse("passports:desk"), {"code": "pe8880001", "op": "find"})
    assert found["Location"] == reverse("passports:detail", args=[world["passport"].pk])
    bad = client.post(reverse("passports:desk"), {"code": "PE8880009", "op": "return"})
    assert bad.status_code == 400 and b"error-summary" in bad.content
    client.post(reverse("passports:desk"), {"code": "PE8880001", "op": "return"})
    assert Passport.objects.get(pk=world["passport"].pk).status == PassportStatus.IN_CUSTODY


def test_register_page(login, officer, make_person):
    person = make_person()
    client = login(officer)
    empty = client.post(reverse("passports:register"), {"holder": person.pk})
    assert empty.status_code == 400 and b"error-summary" in empty.content
    lines = mrz_for(person, number="PE8880003", expires_on=future(1500), birth=person.birth_date)
    done = client.post(reverse("passports:register"), {"holder": person.pk, "mrz": "\n".join(lines)})
    passport = Passport.objects.get(holder=person)
    assert done.status_code == 302 and done["Location"] == reverse("passports:detail", args=[passport.pk])


def test_lost_and_release_forms(login, officer, liaison, world):
    from onestop.passports.models import Reservation

    reservation = Reservation.objects.get(passport=world["passport"])
    assert login(officer).post(reverse("passports:release", args=[reservation.pk])).status_code == 302
    assert Reservation.objects.get(pk=reservation.pk).status == "released"
    client = login(liaison)
    bad = client.post(reverse("passports:lost", args=[world["passport"].pk]), {"kind": "lost"})
    assert bad.status_code == 400
    ok = client.post(
        reverse("passports:lost", args=[world["passport"].pk]),
        {"kind": "lost", "occurred_on": str(future(-1)), "place": "Osaka"},
    )
    assert ok.status_code == 302
    assert Passport.objects.get(pk=world["passport"].pk).status == PassportStatus.LOST


def test_job_change_and_handover_pages(login, officer, liaison, make_person, make_passport, other_org):
    person = make_person()
    make_passport(person)
    response = login(officer).post(
        reverse("passports:job-change", args=[person.pk]), {"new_organization": other_org.pk}
    )
    assert response.status_code == 302
    handover = Handover.objects.get(person=person)
    page = login(liaison).get(reverse("passports:handover-complete", args=[handover.pk]))
    assert page.status_code == 200 and b'name="outcome"' not in page.content
    assert login(liaison).post(reverse("passports:handover-complete", args=[handover.pk]), {}).status_code == 404
    done = login(officer).post(reverse("passports:handover-complete", args=[handover.pk]), {"outcome": "transfer"})
    assert done.status_code == 302 and Handover.objects.get(pk=handover.pk).status == "completed"


def test_application_pages_from_filing_to_submission(login, liaison, officer, make_person, material_catalogue):
    person = make_person()
    give_material(person, "photo")
    give_material(person, "id_card")
    client = login(liaison)
    assert client.get(reverse("passports:application-create")).status_code == 200
    created = client.post(
        reverse("passports:application-create"),
        {"person": person.pk, "kind": "new", "passport_type": "ordinary_public_affairs"},
    )
    application = PassportApplication.objects.get(person=person)
    assert created["Location"] == reverse("passports:application-edit", args=[application.pk])
    assert client.get(created["Location"]).status_code == 200
    client.post(
        created["Location"],
        {"op": "save", "passport_type": "ordinary_public_affairs", "place_of_birth": "Beijing", "contact_phone": "123"},
    )
    detail = client.get(reverse("passports:application-detail", args=[application.pk]))
    assert b'data-action="submit"' in detail.content
    client.post(reverse("passports:application-act", args=[application.pk, "submit"]))
    assert PassportApplication.objects.get(pk=application.pk).case.state == "submitted"
    officer_client = login(officer)
    refused = officer_client.post(reverse("passports:application-act", args=[application.pk, "reject"]))
    assert refused.status_code == 400 and b"error-summary" in refused.content
    officer_client.post(reverse("passports:application-act", args=[application.pk, "accept"]))
    officer_client.post(reverse("passports:application-act", args=[application.pk, "prepare"]))
    issue = officer_client.get(reverse("passports:application-issue", args=[application.pk]))
    assert issue.status_code == 200
    lines = mrz_for(person, number="PE8880004", expires_on=future(3650), birth=person.birth_date)
    done = officer_client.post(reverse("passports:application-issue", args=[application.pk]), {"mrz": "\n".join(lines)})
    assert done.status_code == 302
    assert PassportApplication.objects.get(pk=application.pk).case.state == "issued"


def test_registry_list_query_count_does_not_grow(login, officer, make_person, make_passport):
    client = login(officer)
    url = reverse("passports:registry")
    for _ in range(2):
        make_passport(make_person())
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _ in range(8):
        make_passport(make_person())
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


@pytest.mark.parametrize(
    ("lang", "heading", "direction"),
    [
        ("zh-hans", "护照登记簿", "ltr"),
        ("en", "Passport registry", "ltr"),
        ("ar", "سجل الجوازات", "rtl"),
        ("ru", "Реестр паспортов", "ltr"),
    ],
)
def test_registry_in_several_languages(login, officer, world, lang, heading, direction):
    client = login(officer)
    client.post(reverse("core:set-language"), {"language": lang, "next": "/"})
    response = client.get(reverse("passports:registry"))
    assert response.status_code == 200
    text = response.content.decode()
    assert f"<h1>{heading}</h1>" in text and f'dir="{direction}"' in text
