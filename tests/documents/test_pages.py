"""Public verify pages, the download rule, the staff register and revocation page."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from onestop.documents.models import IssuedDocument
from onestop.documents.services import document_revoke

from .pdf_tools import append_text_update

pytestmark = pytest.mark.django_db

VALID_WORD = {
    "zh-hans": "有效",
    "en": "VALID",
    "ko": "유효",
    "ja": "有効",
    "de": "GÜLTIG",
    "fr": "VALIDE",
    "ru": "ДЕЙСТВИТЕЛЕН",
    "es": "VÁLIDO",
    "ar": "صالح",
    "pt": "VÁLIDO",
}


def test_verify_page_shows_a_valid_document_without_login(client, issue):
    document = issue()
    response = client.get(f"/verify/{document.code}/?lang=en")
    assert response.status_code == 200
    body = response.content.decode()
    assert "VALID" in body and "verdict-valid" in body
    assert document.title in body
    assert "张伟" in body and "德国 柏林, 法国 巴黎" in body
    assert "Delegation leader" in body
    assert "某市人民政府外事办公室" in body
    assert "E1****678" in body
    assert 'name="robots" content="noindex"' in body


@pytest.mark.parametrize("lang", [code for code, _name in settings.LANGUAGES])
def test_verify_page_speaks_every_language(client, issue, lang):
    document = issue()
    body = client.get(f"/verify/{document.code}/?lang={lang}").content.decode()
    assert VALID_WORD[lang] in body
    assert f'dir="{"rtl" if lang == "ar" else "ltr"}"' in body


def test_verify_page_shows_revocation_with_reason_and_date(client, issue, reviewer):
    document = issue()
    document_revoke(document=document, by=reviewer, reason="出访任务已取消")
    body = client.get(f"/verify/{document.code}/?lang=en").content.decode()
    assert "REVOKED" in body and "verdict-revoked" in body
    assert "出访任务已取消" in body
    assert "verdict-valid" not in body


def test_verify_page_shows_superseded(client, issue):
    first = issue()
    issue()
    body = client.get(f"/verify/{first.code}/?lang=en").content.decode()
    assert "SUPERSEDED" in body


@pytest.mark.parametrize("code", ["ABCDEFGHJKMNPQRS", "short", "x" * 200])
def test_unknown_code_says_not_found_with_404(client, code):
    response = client.get(f"/verify/{code}/?lang=en")
    assert response.status_code == 404
    assert "NOT FOUND" in response.content.decode()


def test_codes_typed_in_lower_case_with_dashes_are_found(client, issue):
    document = issue()
    typed = "-".join(document.code[i : i + 4] for i in range(0, 16, 4)).lower()
    response = client.get("/verify/", {"code": typed})
    assert response.status_code == 302 and response["Location"] == f"/verify/{document.code}/"
    assert client.get(f"/verify/{typed}/").status_code == 200


def test_upload_page_reports_intact_and_altered_files(client, issue):
    document = issue()
    data = document.pdf.read()
    intact = client.post("/verify/?lang=en", {"pdf": SimpleUploadedFile("a.pdf", data, "application/pdf")})
    assert intact.status_code == 200
    assert "UNALTERED" in intact.content.decode() and document.title in intact.content.decode()

    altered = client.post(
        "/verify/?lang=en", {"pdf": SimpleUploadedFile("b.pdf", append_text_update(data), "application/pdf")}
    )
    body = altered.content.decode()
    assert "ALTERED" in body and "verdict-tampered" in body
    assert "The document this file claims to be" in body


def test_upload_page_refuses_a_file_that_is_not_a_pdf(client):
    response = client.post("/verify/?lang=en", {"pdf": SimpleUploadedFile("a.txt", b"hello", "text/plain")})
    body = response.content.decode()
    assert "error-summary" in body and "The file must be a PDF." in body


def test_upload_page_refuses_an_oversized_file(client, settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    big = b"%PDF-1.7\n" + b"0" * (settings.UPLOAD_MAX_BYTES + 10)
    body = client.post(
        "/verify/?lang=en", {"pdf": SimpleUploadedFile("a.pdf", big, "application/pdf")}
    ).content.decode()
    assert "The file is larger than 1 MB." in body


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("applicant", True),
        ("liaison_same_org", True),
        ("liaison_other_org", False),
        ("colleague_without_role", False),
        ("fao_reviewer", True),
        ("admin", True),
        ("permit_officer", False),
    ],
)
def test_download_is_for_the_applicant_the_organization_and_staff_of_the_kind(
    issue, liaison, org, make_user, make_org, login, who, allowed
):
    document = issue()
    user = {
        "applicant": liaison,  # the liaison filed the case
        "liaison_same_org": make_user("liaison", org=org),
        "liaison_other_org": make_user("liaison", org=make_org()),
        "colleague_without_role": make_user(org=org),
        "fao_reviewer": make_user("fao_reviewer"),
        "admin": make_user("admin"),
        "permit_officer": make_user("permit_officer"),
    }[who]
    response = login(user).get(f"/documents/{document.code}/download/")
    if allowed:
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content) == document.pdf.read()
    else:
        assert response.status_code == 404


def test_download_of_a_missing_document_looks_like_a_forbidden_one(login, make_user):
    assert login(make_user("liaison")).get("/documents/ABCDEFGHJKMNPQRS/download/").status_code == 404


def test_download_needs_login(client, issue):
    response = client.get(f"/documents/{issue().code}/download/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_register_lists_documents_of_the_staff_members_kinds(issue, login, make_user):
    document = issue()
    body = login(make_user("fao_reviewer")).get("/documents/?lang=en").content.decode()
    assert document.code in body
    other = login(make_user("training_organizer")).get("/documents/?lang=en").content.decode()
    assert document.code not in other and "No documents match." in other


def test_register_filters_by_status_and_query(issue, reviewer, login, make_user):
    first = issue()
    second = issue(title="第二份批复")
    client = login(make_user("fao_reviewer"))
    body = client.get("/documents/", {"status": "valid"}).content.decode()
    assert second.code in body and first.code not in body
    body = client.get("/documents/", {"q": first.code.lower()}).content.decode()
    assert first.code in body and second.code not in body


def test_register_is_refused_to_organization_users(login, liaison):
    assert login(liaison).get("/documents/").status_code == 404


def test_revoke_page_needs_a_reason_and_then_revokes(issue, login, make_user):
    document = issue()
    client = login(make_user("fao_reviewer"))
    assert client.get(f"/documents/{document.code}/revoke/").status_code == 200
    document.refresh_from_db()
    assert document.status == "valid"  # GET changes nothing

    blank = client.post(f"/documents/{document.code}/revoke/?lang=en", {"reason": "  "})
    assert blank.status_code == 200 and "error-summary" in blank.content.decode()
    document.refresh_from_db()
    assert document.status == "valid"

    done = client.post(f"/documents/{document.code}/revoke/", {"reason": "申请人撤回"})
    assert done.status_code == 302
    document.refresh_from_db()
    assert document.status == IssuedDocument.Status.REVOKED and document.revocation_reason == "申请人撤回"


def test_revoke_page_is_not_found_for_staff_of_another_kind(issue, login, make_user):
    document = issue()
    client = login(make_user("permit_officer"))
    assert client.get(f"/documents/{document.code}/revoke/").status_code == 404
    assert client.post(f"/documents/{document.code}/revoke/", {"reason": "x"}).status_code == 404
    document.refresh_from_db()
    assert document.status == "valid"


def test_case_documents_include_lists_downloadable_documents(issue, case, liaison, rf):
    from django.template.loader import render_to_string

    from onestop.documents.selectors import documents_for_case

    document = issue()
    html = render_to_string(
        "documents/includes/case_documents.html", {"documents": documents_for_case(case=case, user=liaison)}
    )
    assert f"/documents/{document.code}/download/" in html
