"""The deployment's signing key: generated once with mode 0600 outside production, never in
production, and checked by a system check."""

from __future__ import annotations

import datetime
import stat

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.exceptions import ImproperlyConfigured

from onestop.documents import signing
from onestop.documents.checks import signing_files_check


@pytest.fixture
def fresh(settings, tmp_path):
    settings.SIGNING_KEY_PATH = tmp_path / "signing" / "key.pem"
    settings.SIGNING_CERT_PATH = tmp_path / "signing" / "cert.pem"
    settings.SIGNING_ORG_NAME = "Test Foreign Affairs Office"
    return settings


def test_first_use_generates_a_private_key_and_a_ten_year_signing_certificate(fresh):
    key_path, cert_path = signing.ensure_signing_files()
    assert stat.S_IMODE(key_path.stat().st_mode) == 0o600
    cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
    assert cert.subject.get_attributes_for_oid(x509.NameOID.ORGANIZATION_NAME)[0].value == "Test Foreign Affairs Office"
    assert isinstance(cert.public_key(), rsa.RSAPublicKey) and cert.public_key().key_size == 3072
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment and not usage.key_cert_sign
    lifetime = cert.not_valid_after_utc - cert.not_valid_before_utc
    assert lifetime >= datetime.timedelta(days=3650)
    assert signing.check_signing_files() == []


def test_second_use_keeps_the_same_key(fresh):
    signing.ensure_signing_files()
    first = fresh.SIGNING_CERT_PATH.read_bytes()
    signing.ensure_signing_files()
    assert fresh.SIGNING_CERT_PATH.read_bytes() == first


def test_production_never_generates_a_key(fresh):
    fresh.PRODUCTION = True
    with pytest.raises(ImproperlyConfigured, match="ONESTOP_SIGNING_KEY"):
        signing.ensure_signing_files()
    assert not fresh.SIGNING_KEY_PATH.exists()
    errors = signing_files_check()
    assert [e.id for e in errors] == ["documents.E001", "documents.E001"]


def test_system_check_reports_a_key_that_does_not_match_the_certificate(fresh, tmp_path):
    signing.ensure_signing_files()
    other = tmp_path / "other"
    signing.generate(key_path=other / "key.pem", cert_path=other / "cert.pem", org_name="Other")
    fresh.SIGNING_CERT_PATH.write_bytes((other / "cert.pem").read_bytes())
    fresh.PRODUCTION = True
    problems = [e.msg for e in signing_files_check()]
    assert any("do not belong together" in p for p in problems)


def test_system_check_warns_about_a_key_readable_by_others(fresh):
    key_path, _cert = signing.ensure_signing_files()
    key_path.chmod(0o644)
    fresh.PRODUCTION = True
    assert [e.id for e in signing_files_check()] == ["documents.W001"]


def test_only_half_a_pair_is_refused(fresh):
    signing.ensure_signing_files()
    fresh.SIGNING_CERT_PATH.unlink()
    with pytest.raises(ImproperlyConfigured, match="Only one of"):
        signing.ensure_signing_files()


@pytest.mark.django_db
def test_documents_signed_with_a_retired_key_still_verify(fresh, make_user):
    from onestop.documents.services import document_issue, document_verify_bytes

    document = document_issue(
        case=None,
        kind="generic",
        title="Old certificate",
        template="documents/generic.html",
        context={},
        essentials={"holder": "A. Person"},
        by=make_user("admin"),
        language="en",
    )
    data = document.pdf.read()
    retired = fresh.SIGNING_CERT_PATH.parent / "retired"
    retired.mkdir()
    fresh.SIGNING_CERT_PATH.rename(retired / "2026.pem")
    fresh.SIGNING_KEY_PATH.unlink()
    signing.ensure_signing_files()  # a new key replaces the old one
    assert document_verify_bytes(data=data).status == "intact"
    (retired / "2026.pem").unlink()
    assert document_verify_bytes(data=data).code == "documents.verify.foreign_signature"
