"""The once-only vault: persons, their identity documents and their materials.

A material is provided once and reused by every later case that needs it while it is
valid and verified. Identity numbers are stored encrypted, searched by keyed hash and
shown masked.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onestop.core import crypto


class Person(models.Model):
    class Sex(models.TextChoices):
        FEMALE = "F", _("Female")
        MALE = "M", _("Male")
        UNSPECIFIED = "X", _("Unspecified")

    full_name = models.CharField(_("full name"), max_length=200)
    latin_name = models.CharField(_("name in Latin letters"), max_length=200, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, default=Sex.UNSPECIFIED)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    nationality = models.CharField(_("nationality"), max_length=3, default="CHN", help_text=_("ISO 3166-1 alpha-3"))
    organization = models.ForeignKey(
        "accounts.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="persons"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="person"
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    is_teaching_research = models.BooleanField(
        _("teaching or research staff"),
        default=False,
        help_text=_("Exempt from some limits on official trips, as the policy allows."),
    )
    in_public_service = models.BooleanField(_("in public service"), default=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")

    def __str__(self) -> str:
        return self.full_name


class IdentityDocument(models.Model):
    class Kind(models.TextChoices):
        RESIDENT_ID = "resident_id", _("Resident identity card")
        PASSPORT = "passport", _("Passport")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="identity_documents")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    number_encrypted = models.TextField(editable=False)
    number_hash = models.CharField(max_length=64, db_index=True, editable=False)
    number_masked = models.CharField(_("number"), max_length=40, editable=False)
    issuing_country = models.CharField(_("issuing country"), max_length=3, default="CHN")
    passport_type = models.CharField(_("passport type"), max_length=2, blank=True, help_text=_("P, PD, PS..."))
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    mrz = models.TextField(blank=True, editable=False, help_text="encrypted MRZ lines, when entered by MRZ")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "number_hash"], name="dossier_identity_unique_number")]
        verbose_name = _("identity document")
        verbose_name_plural = _("identity documents")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number_masked}"

    def set_number(self, number: str) -> None:
        clean = "".join(number.split()).upper()
        self.number_encrypted = crypto.encrypt(clean)
        self.number_hash = crypto.keyed_hash(clean)
        self.number_masked = crypto.mask(clean, keep_start=2 if self.kind == self.Kind.PASSPORT else 3, keep_end=2)

    def reveal_number(self) -> str:
        """Clear number. Call only through ``services.identity_reveal``, which checks the
        permission and writes the audit event."""
        return crypto.decrypt(self.number_encrypted)


class MaterialType(models.Model):
    """The catalogue of material kinds (ID card, passport data page, photo, invitation...)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    names = models.JSONField(_("name per language"), default=dict, blank=True)
    accepted_types = models.CharField(
        _("accepted file types"), max_length=100, default="application/pdf,image/jpeg,image/png"
    )
    max_bytes = models.PositiveIntegerField(_("maximum size in bytes"), default=10 * 1024 * 1024)
    validity_days = models.PositiveIntegerField(
        _("valid for days"), null=True, blank=True, help_text=_("Empty: valid until its own expiry date.")
    )
    per_case = models.BooleanField(
        _("specific to one case"),
        default=False,
        help_text=_("An invitation letter belongs to one trip; a degree certificate serves every case."),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("material type")
        verbose_name_plural = _("material types")

    def __str__(self) -> str:
        return self.name

    def localized_name(self, language: str | None = None) -> str:
        from django.utils import translation

        lang = language or translation.get_language() or "en"
        return self.names.get(lang) or self.names.get(lang.split("-")[0]) or self.name


class Material(models.Model):
    class Verification(models.TextChoices):
        PENDING = "pending", _("Waiting for verification")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")

    class Scan(models.TextChoices):
        PENDING = "pending", _("Being scanned")
        CLEAN = "clean", _("Clean")
        QUARANTINED = "quarantined", _("Quarantined")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="materials")
    type = models.ForeignKey(MaterialType, on_delete=models.PROTECT, related_name="materials")
    version = models.PositiveIntegerField(default=1)
    file = models.FileField(upload_to="materials/%Y/%m/", max_length=255)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    verification = models.CharField(max_length=10, choices=Verification.choices, default=Verification.PENDING)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.CharField(max_length=300, blank=True)
    scan_status = models.CharField(max_length=12, choices=Scan.choices, default=Scan.PENDING)
    scan_detail = models.CharField(max_length=300, blank=True)
    superseded_by = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # Set for per-case types (an invitation letter belongs to one trip): never reused elsewhere.
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.CASCADE, related_name="own_materials"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["person", "type", "-version"]
        constraints = [
            # Quarantined uploads keep version 0 and never take a version number.
            models.UniqueConstraint(
                fields=["person", "type", "version"],
                condition=~models.Q(scan_status="quarantined"),
                name="dossier_material_version_unique",
            )
        ]
        indexes = [
            models.Index(
                fields=["person", "type"],
                condition=models.Q(superseded_by__isnull=True),
                name="dossier_material_current",
            )
        ]
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    def __str__(self) -> str:
        return f"{self.type} v{self.version} ({self.person})"

    EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}

    @property
    def extension(self) -> str:
        return self.EXTENSIONS.get(self.content_type, "bin")

    @property
    def is_current(self) -> bool:
        return self.superseded_by_id is None and self.scan_status != self.Scan.QUARANTINED

    def is_expired(self, on=None) -> bool:
        on = on or timezone.localdate()
        return self.valid_until is not None and self.valid_until < on

    def is_acceptable(self, on=None) -> bool:
        """Good enough to stay attached to a case: clean, not rejected, not expired. A fresh
        upload waiting for verification counts; the reviewer verifies it with the case."""
        return (
            self.scan_status == self.Scan.CLEAN
            and self.verification != self.Verification.REJECTED
            and not self.is_expired(on)
        )

    def is_usable(self, on=None) -> bool:
        """Valid, verified, scanned clean and not replaced by a newer version."""
        on = on or timezone.localdate()
        return (
            self.superseded_by_id is None
            and self.verification == self.Verification.VERIFIED
            and self.scan_status == self.Scan.CLEAN
            and (self.valid_until is None or self.valid_until >= on)
            and (self.valid_from is None or self.valid_from <= on)
        )


class CaseMaterial(models.Model):
    """A material a case needs: attached (reused from the vault or newly provided) or missing."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="materials")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    type = models.ForeignKey(MaterialType, on_delete=models.PROTECT, related_name="+")
    material = models.ForeignKey(Material, null=True, blank=True, on_delete=models.PROTECT, related_name="uses")
    reused = models.BooleanField(default=False, help_text="attached automatically from the vault")
    attached_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "person", "type"], name="dossier_casematerial_unique")]
        verbose_name = _("case material")
        verbose_name_plural = _("case materials")

    def __str__(self) -> str:
        return f"{self.type} ({self.person})"

    def is_missing(self, on=None) -> bool:
        """The applicant still has to provide it: nothing attached, or what is attached was
        rejected, quarantined or has expired."""
        return self.material is None or not self.material.is_acceptable(on)
