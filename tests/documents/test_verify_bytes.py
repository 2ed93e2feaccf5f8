"""document_verify_bytes against poppler's pdfsig: intact, tampered and unknown files."""

from __future__ import annotations

import pytest
import weasyprint

from onestop.documents.services import document_verify_bytes

from .pdf_tools import append_text_update, flip_content_byte, pdfsig, pdftotext, sign_with_other_key

pytestmark = pytest.mark.django_db


def test_the_issued_file_is_intact(issue):
    document = issue()
    result = document_verify_bytes(data=document.pdf.read())
    assert result.status == "intact" and result.intact
    assert result.code == "documents.verify.intact"
    assert result.document == document
    assert result.registered and result.signed_by_us and result.signature_valid and result.whole_file_signed


def test_flipped_content_byte_fails_both_checks(issue, tmp_path):
    document = issue()
    forged = tmp_path / "forged.pdf"
    forged.write_bytes(flip_content_byte(document.pdf.read()))

    report = pdfsig(forged)
    assert "Signature is Valid." not in report
    assert "Digest Mismatch" in report

    result = document_verify_bytes(data=forged.read_bytes())
    assert result.status == "tampered" and result.tampered
    assert result.code == "documents.verify.signature_invalid"
    assert result.signature_valid is False and not result.registered
    assert result.document == document  # the document the forgery claims to be


def test_incremental_update_that_adds_text_is_detected(issue, tmp_path):
    document = issue()
    forged = tmp_path / "appended.pdf"
    forged.write_bytes(append_text_update(document.pdf.read(), b"APPROVAL CANCELLED"))
    assert "APPROVAL CANCELLED" in pdftotext(forged)  # the forger's text shows in readers

    report = pdfsig(forged)
    assert "Not total document signed" in report
    assert "Total document signed" not in report.replace("Not total document signed", "")

    result = document_verify_bytes(data=forged.read_bytes())
    assert result.status == "tampered"
    assert result.code == "documents.verify.modified_after_signing"
    assert result.signature_valid is True and result.whole_file_signed is False
    assert result.document == document


def test_a_pdf_signed_by_someone_else_is_unknown(issue, tmp_path):
    plain = weasyprint.HTML(string="<h1>批复</h1>").write_pdf()
    forged = sign_with_other_key(plain, tmp_path)
    assert "Signature is Valid." in pdfsig(_write(tmp_path, forged))  # valid, but not ours
    result = document_verify_bytes(data=forged)
    assert result.status == "unknown"
    assert result.code == "documents.verify.foreign_signature"
    assert result.signature_present and not result.signed_by_us and result.document is None


def test_an_unsigned_pdf_is_unknown():
    result = document_verify_bytes(data=weasyprint.HTML(string="<p>hello</p>").write_pdf())
    assert (result.status, result.code) == ("unknown", "documents.verify.not_signed")


@pytest.mark.parametrize("data", [b"", b"hello world", b"%PDF-1.7\n garbage without structure"])
def test_not_a_pdf_is_unknown(data):
    result = document_verify_bytes(data=data)
    assert (result.status, result.code) == ("unknown", "documents.verify.not_pdf")


def test_a_file_signed_with_our_key_but_not_registered_is_unknown(issue):
    document = issue()
    data = document.pdf.read()
    document.delete()  # the register no longer knows it
    result = document_verify_bytes(data=data)
    assert (result.status, result.code) == ("unknown", "documents.verify.not_registered")
    assert result.signature_valid is True


def test_revoked_documents_are_still_intact_files_whose_state_is_revoked(issue, reviewer):
    from onestop.documents.services import document_revoke

    document = issue()
    document_revoke(document=document, by=reviewer, reason="行程取消")
    result = document_verify_bytes(data=document.pdf.read())
    assert result.status == "intact"
    assert result.document.status == "revoked"


def _write(tmp_path, data: bytes):
    path = tmp_path / "file.pdf"
    path.write_bytes(data)
    return path
