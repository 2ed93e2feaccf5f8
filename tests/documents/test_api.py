"""The documents API: public verification, upload check, download, register, revocation."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from .pdf_tools import flip_content_byte

pytestmark = pytest.mark.django_db


def test_verify_by_code_is_public(api, issue):
    document = issue()
    response = api().get(f"/api/v1/documents/verify/{document.code}/")
    assert response.status_code == 200
    data = response.json()
    assert data["code"] == document.code and data["status"] == "valid"
    assert data["kind"] == "trip_approval" and data["title"] == document.title
    assert data["essentials"][1] == {"key": "leader", "label": data["essentials"][1]["label"], "value": "张伟"}
    assert data["verify_url"] == f"https://onestop.example.gov/verify/{document.code}/"
    assert "sha256" not in data and "pdf" not in data


def test_verify_unknown_code_has_the_error_shape(api):
    response = api().get("/api/v1/documents/verify/ABCDEFGHJKMNPQRS/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "documents.not_found"


def test_verify_upload(api, issue):
    document = issue()
    data = document.pdf.read()
    ok = api().post("/api/v1/documents/verify/", {"pdf": SimpleUploadedFile("a.pdf", data)}, format="multipart")
    assert ok.status_code == 200
    assert ok.json()["status"] == "intact" and ok.json()["document"]["code"] == document.code
    bad = api().post(
        "/api/v1/documents/verify/",
        {"pdf": SimpleUploadedFile("b.pdf", flip_content_byte(data))},
        format="multipart",
    )
    assert bad.json()["status"] == "tampered" and bad.json()["code"] == "documents.verify.signature_invalid"


def test_verify_upload_refuses_non_pdf(api):
    response = api().post(
        "/api/v1/documents/verify/", {"pdf": SimpleUploadedFile("a.txt", b"hello")}, format="multipart"
    )
    assert response.status_code == 400
    assert "pdf" in response.json()["error"]["fields"]


def test_revoke_requires_a_reason(api, issue, reviewer):
    document = issue()
    response = api(reviewer).post(f"/api/v1/documents/{document.code}/revoke/", {"reason": ""}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "documents.reason_required"
    assert "reason" in response.json()["error"]["fields"]


def test_revoke_by_staff(api, issue, reviewer):
    document = issue()
    response = api(reviewer).post(f"/api/v1/documents/{document.code}/revoke/", {"reason": "取消"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "revoked" and response.json()["revocation_reason"] == "取消"
    again = api(reviewer).post(f"/api/v1/documents/{document.code}/revoke/", {"reason": "取消"}, format="json")
    assert again.status_code == 409


@pytest.mark.parametrize("roles", [("liaison",), ("permit_officer",), ()])
def test_revoke_refused_to_others(api, issue, make_user, roles):
    document = issue()
    response = api(make_user(*roles)).post(f"/api/v1/documents/{document.code}/revoke/", {"reason": "x"}, format="json")
    assert response.status_code == 404
    document.refresh_from_db()
    assert document.status == "valid"


def test_revoke_refused_to_anonymous(api, issue):
    response = api().post(f"/api/v1/documents/{issue().code}/revoke/", {"reason": "x"}, format="json")
    assert response.status_code == 401


def test_download(api, issue, liaison, make_user, make_org):
    document = issue()
    ok = api(liaison).get(f"/api/v1/documents/{document.code}/download/")
    assert ok.status_code == 200 and b"".join(ok.streaming_content) == document.pdf.read()
    other = api(make_user("liaison", org=make_org())).get(f"/api/v1/documents/{document.code}/download/")
    assert other.status_code == 404


def test_register_list(api, issue, reviewer, make_user):
    document = issue()
    data = api(reviewer).get("/api/v1/documents/", {"status": "valid"}).json()
    assert data["count"] == 1 and data["results"][0]["code"] == document.code
    assert data["results"][0]["sha256"] == document.sha256
    assert api(make_user("training_organizer")).get("/api/v1/documents/").json()["count"] == 0


def test_schema_builds_without_errors_for_document_views():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    paths = schema["paths"]
    assert "/api/v1/documents/verify/{code}/" in paths
    assert "post" in paths["/api/v1/documents/{code}/revoke/"]
