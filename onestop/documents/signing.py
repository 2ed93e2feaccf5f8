"""The deployment's signing key and certificate.

In the embedded profile the key (RSA-3072, PEM, mode 0600) and a self-signed certificate for
``settings.SIGNING_ORG_NAME`` are generated on first use at ``settings.SIGNING_KEY_PATH`` and
``settings.SIGNING_CERT_PATH``. In the production profile both files come from the
environment (``ONESTOP_SIGNING_KEY`` / ``ONESTOP_SIGNING_CERT``) and are never generated: a
missing file is a configuration error, reported by a system check at start-up. Certificates
of retired keys, kept as ``*.pem`` in a ``retired/`` folder next to the certificate, are still
trusted when verifying documents signed before a key change.
"""

from __future__ import annotations

import datetime
import fcntl
import hashlib
import os
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

KEY_SIZE = 3072
CERT_YEARS = 10
_lock = threading.Lock()


@dataclass(frozen=True)
class SigningMaterial:
    key_path: Path
    cert_path: Path
    cert: asn1_x509.Certificate
    fingerprint: str  # SHA-256 of the certificate's DER encoding


def _write_private(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def generate(*, key_path: Path, cert_path: Path, org_name: str) -> None:
    """Create a key (mode 0600) and a self-signed certificate for ``org_name``, valid for ten
    years, whose key usage is limited to digital signatures and non-repudiation."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, org_name[:64]),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, org_name[:64]),
        ]
    )
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=365 * CERT_YEARS + 2))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,  # nonRepudiation
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    key_path.parent.mkdir(parents=True, exist_ok=True)
    cert_path.parent.mkdir(parents=True, exist_ok=True)
    _write_private(
        key_path,
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()),
    )
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))


def ensure_signing_files() -> tuple[Path, Path]:
    """Return the key and certificate paths, generating both on first use outside production.

    Several processes may start at once (web server, workers): a file lock makes exactly one
    of them generate the pair; the others then read it.
    """
    key_path = Path(settings.SIGNING_KEY_PATH)
    cert_path = Path(settings.SIGNING_CERT_PATH)
    if key_path.exists() and cert_path.exists():
        return key_path, cert_path
    if settings.PRODUCTION:
        raise ImproperlyConfigured(
            "The document signing key or certificate is missing: set ONESTOP_SIGNING_KEY and "
            "ONESTOP_SIGNING_CERT to existing PEM files."
        )
    if key_path.exists() != cert_path.exists():
        raise ImproperlyConfigured(
            f"Only one of {key_path} and {cert_path} exists; restore the other or remove both to generate a new pair."
        )
    key_path.parent.mkdir(parents=True, exist_ok=True)
    with _lock, open(key_path.parent / ".signing.lock", "w") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        try:
            if not (key_path.exists() and cert_path.exists()):
                generate(key_path=key_path, cert_path=cert_path, org_name=settings.SIGNING_ORG_NAME)
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)
    return key_path, cert_path


def _load_cert(path: Path) -> asn1_x509.Certificate:
    from pyhanko.keys import load_cert_from_pemder

    return load_cert_from_pemder(str(path))


def _fingerprint(cert: asn1_x509.Certificate) -> str:
    return hashlib.sha256(cert.dump()).hexdigest()


def _version(path: Path) -> tuple[int, int]:
    """Changes when the file is replaced, so a new key pair is picked up without a restart."""
    stat = path.stat()
    return stat.st_ino, stat.st_mtime_ns


@lru_cache(maxsize=4)
def _material(key_path: str, cert_path: str, version: tuple[int, int]) -> SigningMaterial:
    cert = _load_cert(Path(cert_path))
    return SigningMaterial(Path(key_path), Path(cert_path), cert, _fingerprint(cert))


def signing_material() -> SigningMaterial:
    key_path, cert_path = ensure_signing_files()
    return _material(str(key_path), str(cert_path), _version(cert_path))


@lru_cache(maxsize=1)
def _cached_key_signer_class():
    from cryptography.hazmat.primitives.asymmetric.ec import ECDSA, EllipticCurvePrivateKey
    from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
    from pyhanko.sign import signers
    from pyhanko.sign.general import get_pyca_cryptography_hash

    class CachedKeySigner(signers.SimpleSigner):
        """pyHanko's SimpleSigner parses the private key again for every signature (twice per
        PDF: once to size the signature container), and parsing an RSA-3072 key checks it at
        a cost of about 300 ms. This signer parses it once per process."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pyca_key = serialization.load_der_private_key(self.signing_key.dump(), password=None)

        def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
            try:
                mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
            except ValueError:  # parameterised mechanisms (RSASSA-PSS): pyHanko handles them
                return super().sign_raw(data, digest_algorithm)
            hash_algo = get_pyca_cryptography_hash(digest_algorithm)
            if mechanism == "rsassa_pkcs1v15" and isinstance(self._pyca_key, rsa.RSAPrivateKey):
                return self._pyca_key.sign(data, PKCS1v15(), hash_algo)
            if mechanism == "ecdsa" and isinstance(self._pyca_key, EllipticCurvePrivateKey):
                return self._pyca_key.sign(data, signature_algorithm=ECDSA(hash_algo))
            return super().sign_raw(data, digest_algorithm)

    return CachedKeySigner


@lru_cache(maxsize=4)
def _signer(key_path: str, cert_path: str, version: tuple[int, int], passphrase: bytes | None):
    from pyhanko.sign import signers

    loaded = signers.SimpleSigner.load(key_path, cert_path, key_passphrase=passphrase)
    if loaded is None:
        raise ImproperlyConfigured(f"The signing key {key_path} or certificate {cert_path} cannot be read.")
    return _cached_key_signer_class()(
        signing_cert=loaded.signing_cert, signing_key=loaded.signing_key, cert_registry=loaded.cert_registry
    )


def signer():
    """pyHanko's signer for the deployment's key, loaded once per process (and again when the
    certificate file changes)."""
    key_path, cert_path = ensure_signing_files()
    passphrase = getattr(settings, "SIGNING_KEY_PASSPHRASE", "") or None
    return _signer(
        str(key_path),
        str(cert_path),
        _version(cert_path),
        passphrase.encode() if passphrase else None,
    )


def trusted_certificates() -> list[asn1_x509.Certificate]:
    """The current certificate plus retired ones kept in ``<cert folder>/retired/*.pem``."""
    current = signing_material()
    certs = [current.cert]
    retired = current.cert_path.parent / "retired"
    if retired.is_dir():
        for path in sorted(retired.glob("*.pem")):
            try:
                certs.append(_load_cert(path))
            except (OSError, ValueError):
                continue
    return certs


def fingerprint(cert: asn1_x509.Certificate) -> str:
    return _fingerprint(cert)


def check_signing_files() -> list[str]:
    """Problems with the configured key and certificate, for the system check."""
    problems: list[str] = []
    key_path = Path(settings.SIGNING_KEY_PATH)
    cert_path = Path(settings.SIGNING_CERT_PATH)
    for label, path in (("key", key_path), ("certificate", cert_path)):
        if not path.exists():
            problems.append(f"signing {label} {path} does not exist")
    if problems:
        return problems
    if key_path.stat().st_mode & 0o077:
        problems.append(f"signing key {key_path} is readable by other users (chmod 600)")
    try:
        cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
        passphrase = getattr(settings, "SIGNING_KEY_PASSPHRASE", "") or None
        key = serialization.load_pem_private_key(key_path.read_bytes(), passphrase.encode() if passphrase else None)
    except (ValueError, TypeError) as exc:
        return [*problems, f"signing key or certificate cannot be read: {exc.__class__.__name__}"]
    public = serialization.PublicFormat.SubjectPublicKeyInfo
    if key.public_key().public_bytes(serialization.Encoding.PEM, public) != cert.public_key().public_bytes(
        serialization.Encoding.PEM, public
    ):
        problems.append("signing key and certificate do not belong together")
    remaining = cert.not_valid_after_utc - datetime.datetime.now(datetime.UTC)
    if remaining < datetime.timedelta(days=90):
        problems.append(f"signing certificate expires in {max(remaining.days, 0)} days")
    return problems
