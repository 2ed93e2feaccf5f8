"""Issued documents: the register behind every signed PDF and its public verify page."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Upper-case letters and digits without look-alikes (no 0/O, 1/I/L): a code read off paper
# can be typed back, and typing it in lower case still finds it.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 16  # 31**16 ≈ 2**79: not guessable, not enumerable


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


def _upload_to(instance: IssuedDocument, filename: str) -> str:
    issued = instance.issued_at
    return f"documents/{issued:%Y/%m}/{instance.code}.pdf"


class IssuedDocument(models.Model):
    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        REVOKED = "revoked", _("Revoked")
        SUPERSEDED = "superseded", _("Superseded")

    code = models.CharField(_("verification code"), max_length=32, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=40, db_index=True)
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="documents")
    title = models.CharField(_("title"), max_length=300)
    # Ordered [key, value] pairs (a list, because PostgreSQL's jsonb does not keep the
    # order of an object's keys). Only facts the public verify page may show; identifiers
    # masked.
    essentials = models.JSONField(_("essentials"), default=list, blank=True)
    language = models.CharField(_("language"), max_length=10)
    issuer = models.CharField(_("issuer"), max_length=200)
    pdf = models.FileField(_("PDF"), upload_to=_upload_to, max_length=200)
    sha256 = models.CharField(_("SHA-256 of the signed PDF"), max_length=64, unique=True)
    size = models.PositiveIntegerField(default=0)
    signer_fingerprint = models.CharField(_("signing certificate SHA-256"), max_length=64)
    # SHA-256 of the signature value: matches an altered copy to the document it claims to be.
    signature_sha256 = models.CharField(max_length=64, db_index=True, editable=False)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.VALID, db_index=True)
    issued_at = models.DateTimeField(_("issued at"), db_index=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="supersedes"
    )
    # Set by callers that may retry (the background task) so a retry never issues twice.
    request_key = models.CharField(max_length=100, null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["-issued_at", "-pk"]
        indexes = [models.Index(fields=["case", "kind", "status"], name="documents_case_kind_status")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="revoked") | models.Q(revoked_at__isnull=False),
                name="documents_revoked_has_date",
            ),
        ]
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")

    def __str__(self) -> str:
        return f"{self.title} ({self.code})"

    @property
    def essentials_map(self) -> dict:
        return {key: value for key, value in self.essentials}

    @property
    def is_valid(self) -> bool:
        return self.status == self.Status.VALID
