"""Dossier API: scoped lists, masked numbers, uploads, the audited reveal, error bodies."""

from datetime import date

import pytest
from django.urls import reverse

from onestop.cases.models import AuditEvent
from onestop.dossier.models import IdentityDocument
from onestop.dossier.samples import sample_pdf, sample_png
from onestop.dossier.services import identity_add, material_upload

from .conftest import EICAR_BYTES, passport_mrz, pdf_file, resident_id, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(make_org):
    return make_org("Univ")


@pytest.fixture
def liaison(make_user, org):
    return make_user("liaison", org=org)


@pytest.fixture
def person(person_factory, org):
    return person_factory(org, name="Wang Fang")


@pytest.fixture
def number(person):
    value = resident_id(date(1982, 4, 4), seq=41)
    identity_add(person=person, kind="resident_id", number=value, by=None)
    return value


def test_person_list_is_scoped_and_masked(api, liaison, make_user, make_org, person, number, person_factory):
    person_factory(make_org("Other"), name="Hidden Person")
    response = api(liaison).get(reverse("api:dossier-person-list"))
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1
    [row] = data["results"]
    assert row["full_name"] == "Wang Fang"
    [doc] = row["identity_documents"]
    assert doc["number_masked"] == IdentityDocument.objects.get().number_masked
    assert not {"number_encrypted", "number_hash", "mrz", "number"} & set(doc)
    assert number not in response.content.decode()


def test_person_search_by_number(api, make_user, person, number):
    response = api(make_user("fao_reviewer")).get(reverse("api:dossier-person-list"), {"q": number})
    assert [row["id"] for row in response.json()["results"]] == [person.pk]


def test_create_person_defaults_to_own_organization(api, liaison, org):
    response = api(liaison).post(reverse("api:dossier-person-list"), {"full_name": "Li Lei"}, format="json")
    assert response.status_code == 201 and response.json()["organization"] == org.code


def test_create_person_outside_the_subtree_is_refused(api, liaison, make_org):
    other = make_org(code="other-org")
    response = api(liaison).post(
        reverse("api:dossier-person-list"), {"full_name": "Li Lei", "organization": "other-org"}, format="json"
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "dossier.person.organization_not_allowed" and "organization" in error["fields"]
    assert other.persons.count() == 0


def test_traveller_cannot_create_persons(api, make_user):
    response = api(make_user("traveller")).post(reverse("api:dossier-person-list"), {"full_name": "X"}, format="json")
    assert response.status_code == 403 and response.json()["error"]["code"] == "dossier.person.not_permitted"


def test_patch_person(api, liaison, person):
    response = api(liaison).patch(
        reverse("api:dossier-person-detail", args=[person.pk]), {"position": "Dean"}, format="json"
    )
    assert response.status_code == 200 and response.json()["position"] == "Dean"


def test_other_organization_gets_404_with_error_body(api, make_user, make_org, person):
    client = api(make_user("liaison", org=make_org()))
    for name in ("api:dossier-person-detail", "api:dossier-identity-list", "api:dossier-material-list"):
        response = client.get(reverse(name, args=[person.pk]))
        assert response.status_code == 404 and "error" in response.json()


def test_add_passport_by_mrz(api, liaison, person):
    lines = passport_mrz(number="E70001234", birth=date(1986, 2, 3))
    url = reverse("api:dossier-identity-list", args=[person.pk])
    response = api(liaison).post(url, {"kind": "passport", "mrz": list(lines)}, format="json")
    assert response.status_code == 201
    assert response.json()["number_masked"] == "E7*****34" and "E70001234" not in response.content.decode()
    listed = api(liaison).get(url).json()
    assert [d["kind"] for d in listed["results"]] == ["passport"]


def test_bad_mrz_names_the_check_digit(api, liaison, person):
    line1, line2 = passport_mrz()
    broken = line2[:27] + str((int(line2[27]) + 1) % 10) + line2[28:]
    response = api(liaison).post(
        reverse("api:dossier-identity-list", args=[person.pk]),
        {"kind": "passport", "mrz": [line1, broken]},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "dossier.mrz.check_digit.expiry_date"
    assert "date of expiry" in error["message"] and "mrz" in error["fields"]


def test_duplicate_number_is_409(api, liaison, person, number):
    response = api(liaison).post(
        reverse("api:dossier-identity-list", args=[person.pk]), {"kind": "resident_id", "number": number}, format="json"
    )
    assert response.status_code == 409 and response.json()["error"]["code"] == "dossier.identity.duplicate"


def test_reveal_endpoint(api, make_user, liaison, number):
    document = IdentityDocument.objects.get()
    url = reverse("api:dossier-identity-reveal", args=[document.pk])
    assert api(liaison).post(url).status_code == 404
    officer = make_user("exit_entry_officer")
    response = api(officer).post(url)
    assert response.status_code == 200 and response.json() == {"number": number}
    assert response["Cache-Control"] == "no-store"
    assert AuditEvent.objects.filter(action="dossier.identity.revealed", actor_id=officer.pk).count() == 1


def test_identity_search_is_scoped(api, make_user, make_org, person, number):
    url = reverse("api:dossier-identity-search")
    found = api(make_user("fao_reviewer")).post(url, {"number": number}, format="json").json()
    assert [m["person_id"] for m in found] == [person.pk]
    assert number not in str(found)
    assert api(make_user("liaison", org=make_org())).post(url, {"number": number}, format="json").json() == []


def test_upload_by_multipart_and_list_versions(api, liaison, person):
    url = reverse("api:dossier-material-list", args=[person.pk])
    client = api(liaison)
    first = client.post(url, {"type_code": "cv", "file": upload(sample_pdf("one"), "cv.pdf")}, format="multipart")
    assert first.status_code == 201
    body = first.json()
    assert body["version"] == 1 and body["verification"] == "pending" and body["scan_status"] == "clean"
    assert len(body["sha256"]) == 64 and body["file_url"].endswith(f"/materials/{body['id']}/file/")
    client.post(url, {"type_code": "cv", "file": upload(sample_pdf("two"), "cv.pdf")}, format="multipart")
    every = client.get(url).json()["results"]
    current = client.get(url, {"current": "1"}).json()["results"]
    assert [m["version"] for m in every] == [2, 1] and [m["version"] for m in current] == [2]
    download = client.get(body["file_url"])
    assert download.status_code == 200


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        (sample_png(), "cv.pdf", "dossier.upload.type_mismatch"),
        (EICAR_BYTES, "cv.pdf", "dossier.upload.quarantined"),
        (b"", "cv.pdf", "dossier.upload.empty"),
    ],
)
def test_refused_uploads_have_coded_errors(api, liaison, person, data, name, code):
    response = api(liaison).post(
        reverse("api:dossier-material-list", args=[person.pk]),
        {"type_code": "cv", "file": upload(data, name)},
        format="multipart",
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == code and "file" in error["fields"]


def test_verify_and_reject_endpoints(api, make_user, liaison, person):
    material = material_upload(person=person, type_code="cv", file=pdf_file(), by=None)
    assert api(liaison).post(reverse("api:dossier-material-verify", args=[material.pk])).status_code == 404
    reviewer = api(make_user("fao_reviewer"))
    verified = reviewer.post(reverse("api:dossier-material-verify", args=[material.pk]))
    assert verified.status_code == 200 and verified.json()["is_usable"] is True
    again = reviewer.post(reverse("api:dossier-material-verify", args=[material.pk]))
    assert again.status_code == 409
    rejected = reviewer.post(
        reverse("api:dossier-material-reject", args=[material.pk]), {"reason": "blurred"}, format="json"
    )
    assert rejected.json()["verification"] == "rejected"
    detail = api(liaison).get(reverse("api:dossier-material-detail", args=[material.pk])).json()
    assert detail["rejection_reason"] == "blurred"


def test_material_types_in_every_language(api, liaison):
    response = api(liaison).get(reverse("api:dossier-material-type-list"), HTTP_ACCEPT_LANGUAGE="de")
    rows = {row["code"]: row for row in response.json()["results"]}
    assert {
        "id_card",
        "passport_page",
        "photo",
        "invitation_letter",
        "cv",
        "employment_contract",
        "degree",
        "criminal_record",
        "health_certificate",
        "trip_report",
    } <= set(rows)
    assert rows["invitation_letter"]["per_case"] and rows["trip_report"]["per_case"] and not rows["cv"]["per_case"]
    for row in rows.values():
        assert set(row["names"]) >= {"zh-hans", "en", "ko", "ja", "de", "fr", "ru", "es", "ar", "pt"}
        assert all(row["names"].values())


def test_anonymous_api_is_refused(api, person):
    assert api().get(reverse("api:dossier-person-list")).status_code in (401, 403)


def test_schema_describes_the_dossier_endpoints(client):
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator

    GENERATOR_STATS.reset()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    paths = [p for p in schema["paths"] if "/dossier/" in p]
    assert "/api/v1/dossier/persons/{id}/materials/" in paths
    upload_op = schema["paths"]["/api/v1/dossier/persons/{id}/materials/"]["post"]
    assert "multipart/form-data" in upload_op["requestBody"]["content"]
    reveal = schema["paths"]["/api/v1/dossier/identity-documents/{id}/reveal/"]["post"]
    assert "200" in reveal["responses"]
    problems = [
        msg for msg in [*GENERATOR_STATS._warn_cache, *GENERATOR_STATS._error_cache] if "dossier" in msg.lower()
    ]
    assert problems == []
