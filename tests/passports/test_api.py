"""The passports API: registry with scoping and filters, check-out and return, loss,
trip reservations, release, handovers and job changes, applications, policy, blocks;
error bodies and permissions."""

from datetime import timedelta

import pytest

from onestop.passports.models import Passport, PassportApplication, PassportStatus, Reservation
from tests.conftest import give_material, mrz_for

from .conftest import future

pytestmark = pytest.mark.django_db
BASE = "/api/v1/passports/"


@pytest.fixture
def world(make_person, make_passport, make_trip, other_org):
    mine = make_person("张伟")
    passport = make_passport(mine, number="PE7770001")
    trip = make_trip([mine], start=20, days=5)
    theirs = make_passport(make_person("王芳", organization=other_org), number="PE7770002")
    return {"passport": passport, "trip": trip, "theirs": theirs, "person": mine}


def test_registry_is_scoped_and_filtered(api, world, liaison, officer):
    body = api(liaison).get(BASE).json()
    assert [row["id"] for row in body["results"]] == [world["passport"].pk]
    assert body["results"][0]["number"] == world["passport"].number_masked
    assert "PE7770001" not in str(body)
    assert api(officer).get(BASE).json()["count"] == 2
    assert api(officer).get(BASE, {"status": "reserved"}).json()["count"] == 1
    assert api(officer).get(BASE, {"q": "王芳"}).json()["results"][0]["id"] == world["theirs"].pk
    assert api(officer).get(BASE, {"q": "PE7770002"}).json()["count"] == 0  # numbers are not searched by URL
    found = api(officer).post(f"{BASE}find/", {"code": "pe7770002"}, format="json")
    assert found.status_code == 200 and found.json()["id"] == world["theirs"].pk
    hidden = api(liaison).post(f"{BASE}find/", {"code": "PE7770002"}, format="json")
    assert hidden.status_code == 400 and hidden.json()["error"]["code"] == "passports.unknown_number"
    bad = api(officer).get(BASE, {"status": "nowhere"})
    assert bad.status_code == 400 and bad.json()["error"]["fields"]["status"]
    assert api(liaison).get(f"{BASE}{world['theirs'].pk}/").status_code == 404
    detail = api(liaison).get(f"{BASE}{world['passport'].pk}/").json()
    assert [e["verb"] for e in detail["history"]] == ["registered", "reserved"]
    assert detail["reservations"][0]["trip_number"] == world["trip"].case.number


def test_register_check_out_and_return(api, world, officer, make_person, liaison):
    person = make_person(organization=world["person"].organization)
    lines = mrz_for(person, number="PE7770003", expires_on=future(2000), birth=person.birth_date)
    created = api(officer).post(BASE, {"holder_id": person.pk, "mrz": "\n".join(lines)}, format="json")
    assert created.status_code == 201 and created.json()["status"] == "in_custody"
    assert api(liaison).post(BASE, {"holder_id": person.pk, "number": "PE7770004"}, format="json").status_code == 404
    refused = api(liaison).post(f"{BASE}check-out/", {"code": "PE7770001"}, format="json")
    assert refused.status_code == 404
    out = api(officer).post(f"{BASE}check-out/", {"code": "PE7770001"}, format="json")
    assert out.status_code == 200 and out.json()["status"] == "checked_out"
    assert out.json()["due_on"] == str(world["trip"].returns_on + timedelta(days=7))
    again = api(officer).post(f"{BASE}check-out/", {"code": "PE7770001"}, format="json")
    assert again.status_code == 409 and again.json()["error"]["code"] == "passports.already_out"
    back = api(officer).post(f"{BASE}return/", {"code": "PE7770001"}, format="json")
    assert back.status_code == 200 and back.json()["returned_late"] is False
    wrong = api(officer).post(f"{BASE}return/", {"code": "P<CHN"}, format="json")
    assert wrong.status_code == 400 and "code" in wrong.json()["error"]["fields"]


def test_trip_reservations_release_and_lost(api, world, officer, liaison, other_liaison):
    trip = world["trip"]
    url = f"{BASE}trips/{trip.case_id}/reservations/"
    rows = api(liaison).get(url).json()
    assert rows[0]["person"] == "张伟" and rows[0]["reservation"]["number"] == world["passport"].number_masked
    assert api(other_liaison).get(url).status_code == 404
    reservation = Reservation.objects.get(trip_case_id=trip.case_id)
    assert api(liaison).post(f"{BASE}reservations/{reservation.pk}/release/").status_code == 404
    released = api(officer).post(f"{BASE}reservations/{reservation.pk}/release/")
    assert released.status_code == 200 and released.json()["status"] == "released"
    lost = api(liaison).post(
        f"{BASE}{world['passport'].pk}/lost/",
        {"kind": "lost", "occurred_on": str(future(-1)), "place": "Tokyo"},
        format="json",
    )
    assert lost.status_code == 200 and lost.json()["status"] == "lost"
    assert lost.json()["loss_report"]["place"] == "Tokyo"


def test_job_change_and_handovers(api, world, officer, liaison, other_org):
    person = world["person"]
    Reservation.objects.filter(passport=world["passport"]).update(status="released")  # test set-up
    Passport.objects.filter(pk=world["passport"].pk).update(status="in_custody")
    raised = api(officer).post(
        f"{BASE}persons/{person.pk}/job-change/", {"new_organization_id": other_org.pk}, format="json"
    )
    assert raised.status_code == 201 and raised.json()[0]["proposed_outcome"] == "transfer"
    listed = api(liaison).get(f"{BASE}handovers/").json()
    assert listed["count"] == 1  # the liaison officer of the organization the person left sees it
    handover_id = listed["results"][0]["id"]
    assert api(liaison).post(f"{BASE}handovers/{handover_id}/complete/", {}, format="json").status_code == 404
    done = api(officer).post(f"{BASE}handovers/{handover_id}/complete/", {"note": "ok"}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "completed"
    assert api(officer).get(f"{BASE}handovers/", {"status": "completed"}).json()["count"] == 1
    bad = api(officer).post(f"{BASE}persons/{person.pk}/job-change/", {"new_organization_id": 999999}, format="json")
    assert bad.status_code == 400


def test_applications_end_to_end(api, world, liaison, officer, make_person, make_trip, reviewer, material_catalogue):
    person = make_person(organization=world["person"].organization)
    trip = make_trip([person], state="in_review", start=60)
    give_material(person, "photo")
    created = api(liaison).post(
        f"{BASE}applications/",
        {
            "person_id": person.pk,
            "kind": "new",
            "trip_case_id": trip.case_id,
            "place_of_birth": "Beijing",
            "contact_phone": "123",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["state"] == "draft" and body["missing_materials"] == ["id_card"] and "submit" in body["actions"]
    pk = body["id"]
    from django.core.files.uploadedfile import SimpleUploadedFile

    from onestop.dossier.samples import sample_pdf

    upload = SimpleUploadedFile("id.pdf", sample_pdf("ID"), "application/pdf")
    uploaded = api(liaison).post(
        f"{BASE}applications/{pk}/materials/", {"type_code": "id_card", "file": upload}, format="multipart"
    )
    assert uploaded.status_code == 201 and uploaded.json()["missing_materials"] == []
    for who, action in ((liaison, "submit"), (officer, "accept"), (officer, "prepare")):
        response = api(who).post(f"{BASE}applications/{pk}/actions/{action}/", {}, format="json")
        assert response.status_code == 200, response.json()
    lines = mrz_for(person, number="PE7770009", expires_on=future(3650), birth=person.birth_date)
    early = api(officer).post(f"{BASE}applications/{pk}/actions/issue/", {"mrz": "\n".join(lines)}, format="json")
    assert early.status_code == 409 and early.json()["error"]["code"] == "passport_application.issue.guard"
    from .conftest import approve

    approve(trip, reviewer)
    issued = api(officer).post(f"{BASE}applications/{pk}/actions/issue/", {"mrz": "\n".join(lines)}, format="json")
    assert issued.status_code == 200 and issued.json()["state"] == "issued"
    assert Passport.objects.get(pk=issued.json()["issued_passport_id"]).status == PassportStatus.RESERVED
    assert api(liaison).get(f"{BASE}applications/", {"state": "issued"}).json()["count"] == 1
    unknown = api(officer).post(f"{BASE}applications/{pk}/actions/fly/", {}, format="json")
    assert unknown.status_code == 400


def test_application_patch_and_scoping(api, world, liaison, other_liaison, make_person):
    from onestop.passports.services import application_create

    application = application_create(by=liaison, person=make_person(), kind="new")
    url = f"{BASE}applications/{application.pk}/"
    assert api(other_liaison).get(url).status_code == 404
    patched = api(liaison).patch(url, {"reason": "Conference"}, format="json")
    assert patched.status_code == 200 and patched.json()["reason"] == "Conference"
    assert PassportApplication.objects.get(pk=application.pk).reason == "Conference"


def test_policy_and_blocks(api, world, officer, liaison):
    policy = api(liaison).get(f"{BASE}policy/").json()
    assert policy["validity_margin_months"] == 6 and policy["block_after_days"] == 30
    assert api(officer).get(f"{BASE}blocks/").json() == []
    from onestop.passports.services import passport_check_out

    reservation = passport_check_out(text="PE7770001", by=officer)
    Reservation.objects.filter(pk=reservation.pk).update(due_on=future(-35))
    blocks = api(liaison).get(f"{BASE}blocks/").json()
    assert blocks[0]["days_overdue"] == 35 and blocks[0]["number"] == world["passport"].number_masked


def test_anonymous_is_refused(api):
    assert api().get(BASE).status_code in (401, 403)
