"""Certificates: who gets one, and the signed PDF that poppler's pdfsig accepts."""

import subprocess

import pytest

from onestop.core.errors import Conflict, NotFound
from onestop.training import services
from onestop.training.models import Certificate
from tests.documents.pdf_tools import flip_content_byte

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="session")
def signing_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("training-signing")


@pytest.fixture(autouse=True)
def _signing(settings, signing_dir):
    settings.SIGNING_KEY_PATH = signing_dir / "key.pem"
    settings.SIGNING_CERT_PATH = signing_dir / "cert.pem"
    settings.SIGNING_ORG_NAME = "某市人民政府外事办公室"


@pytest.fixture
def finished(make_program, enrolled, make_org, organizer):
    """A completed two-session program: one person attended both, one only the lecture."""
    program = make_program(capacity=10, certificate_min_attendance=100)
    online = program.sessions.get(kind="online_class")
    lecture = program.sessions.get(kind="lecture")
    full, e_full = enrolled(program, make_org("城市理工大学", kind="university"))
    half, e_half = enrolled(program)
    full.full_name = "王丽"
    full.preferred_language = "zh-hans"
    full.save()
    services.session_join(session=online, user=full)
    for enrolment in (e_full, e_half):
        services.session_check_in(session=lecture, code=enrolment.checkin_code, by=organizer)
    services.program_transition(program=program, name="complete", by=organizer)
    program.case.refresh_from_db()
    return program, e_full, e_half


def test_only_completed_programs_issue_certificates(make_program, organizer):
    program = make_program()
    with pytest.raises(Conflict) as exc:
        services.certificates_request(program=program, by=organizer)
    assert exc.value.code == "training.not_completed"


def test_certificate_is_a_signed_pdf_that_pdfsig_accepts(finished, organizer, django_capture_on_commit_callbacks):
    program, e_full, e_half = finished
    with django_capture_on_commit_callbacks(execute=True):
        counts = services.certificates_request(program=program, by=organizer)
    assert counts == {"requested": 1, "already": 0, "not_eligible": 1}
    certificate = Certificate.objects.get(enrolment=e_full)
    assert certificate.status == "issued" and certificate.attendance_percent == 100
    assert not Certificate.objects.filter(enrolment=e_half).exists()

    from onestop.documents.selectors import document_by_code

    document = document_by_code(code=certificate.document_code)
    assert document.kind == "training_certificate" and document.case is None
    assert ["holder", "王丽"] in document.essentials
    report = subprocess.run(["pdfsig", document.pdf.path], capture_output=True, text=True, timeout=60)
    assert "Signature is Valid." in report.stdout + report.stderr
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", document.pdf.path, "-"], capture_output=True, text=True, timeout=60
    ).stdout
    assert "王丽" in text

    # asking again issues nothing new
    with django_capture_on_commit_callbacks(execute=True):
        again = services.certificates_request(program=program, by=organizer)
    assert again == {"requested": 0, "already": 1, "not_eligible": 1}


def test_certificate_is_verifiable_and_a_tampered_copy_is_not(
    finished, organizer, client, tmp_path, django_capture_on_commit_callbacks
):
    program, e_full, _e_half = finished
    with django_capture_on_commit_callbacks(execute=True):
        services.certificates_request(program=program, by=organizer)
    certificate = Certificate.objects.get(enrolment=e_full)
    from onestop.documents.selectors import document_by_code

    document = document_by_code(code=certificate.document_code)
    forged = tmp_path / "forged.pdf"
    forged.write_bytes(flip_content_byte(document.pdf.read()))
    report = subprocess.run(["pdfsig", str(forged)], capture_output=True, text=True, timeout=60)
    assert "Signature is Valid." not in report.stdout + report.stderr

    # anyone holding the paper can check it on the public page its QR code points to
    page = client.get(f"/verify/{certificate.document_code}/?lang=en")
    assert page.status_code == 200
    body = page.content.decode()
    assert "王丽" in body
    assert any(name in body for name in program.names.values())


def test_participant_downloads_own_certificate_only(
    finished, organizer, login, make_participant, django_capture_on_commit_callbacks
):
    program, e_full, _e_half = finished
    with django_capture_on_commit_callbacks(execute=True):
        services.certificates_request(program=program, by=organizer)
    certificate = Certificate.objects.get(enrolment=e_full)
    response = login(e_full.participant).get(f"/training/certificates/{certificate.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert login(make_participant()).get(f"/training/certificates/{certificate.pk}/pdf/").status_code == 404


def test_a_failing_issue_is_recorded_and_can_be_retried(
    finished, organizer, monkeypatch, django_capture_on_commit_callbacks
):
    program, e_full, _e_half = finished
    from onestop.core.errors import ValidationFailed
    from onestop.documents import services as documents

    def broken(**kwargs):
        raise ValidationFailed("documents.template", "template broken")

    monkeypatch.setattr(documents, "document_issue_keyed", broken)
    with django_capture_on_commit_callbacks(execute=True):
        services.certificates_request(program=program, by=organizer)
    certificate = Certificate.objects.get(enrolment=e_full)
    assert certificate.status == "failed" and "template broken" in certificate.error
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.certificates_retry(program=program, by=organizer) == 1
    certificate.refresh_from_db()
    assert certificate.status == "issued"


def test_other_organizers_cannot_issue(finished, make_user, make_org):
    from onestop.accounts.roles import Role

    program, _a, _b = finished
    with pytest.raises(NotFound):
        services.certificates_request(program=program, by=make_user(Role.TRAINING_ORGANIZER, org=make_org()))
