"""Visas for official trips: the requirement table, the missions that receive applications,
the application per traveller × destination country (a ``visa`` case, child of the trip's
case), the batches the visa officer submits, and the visas recorded against the passport.

An application's state lives on its case and moves only through ``workflow.py``. The data
it carries is assembled from the dossier and the trip (``services.preparation``), never
typed again; its materials are the dossier's, attached by reference.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from onestop.core import crypto
from onestop.passports.models import PassportType

ERR_COUNTRY = _("Unknown country code: %(code)s.")
ERR_NOTES_SHAPE = _("Give the notes as a mapping from a language code to a text.")
ERR_NOTES_LANGUAGE = _("“%(language)s” is not one of the platform's languages.")
ERR_NAMES_MISSING = _("Give the name in at least one language.")


class RequirementKind(models.TextChoices):
    VISA_FREE = "visa_free", _("Visa-free")
    ON_ARRIVAL = "on_arrival", _("Visa on arrival")
    E_VISA = "e_visa", _("Electronic visa")
    EMBASSY_VISA = "embassy_visa", _("Visa from an embassy or consulate")


# Not stored in the table: the answer when no row covers a country and passport type.
UNKNOWN = "unknown"
# Requirements for which a visa application is prepared before departure.
NEEDS_APPLICATION = frozenset({RequirementKind.E_VISA, RequirementKind.EMBASSY_VISA})
NO_APPLICATION = frozenset({RequirementKind.VISA_FREE, RequirementKind.ON_ARRIVAL})


def _language_codes() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


def _localized(texts: dict, language: str | None = None) -> str:
    """The text in ``language`` with a fallback: the base language, English, Chinese, any."""
    if not texts:
        return ""
    lang = (language or translation.get_language() or "en").lower()
    for key in (lang, lang.split("-")[0], "en", "zh-hans"):
        if texts.get(key):
            return texts[key]
    return next((text for text in texts.values() if text), "")


def _check_texts(value: dict, field: str, *, required: bool) -> None:
    if not isinstance(value, dict) or any(not isinstance(v, str) for v in value.values()):
        raise ValidationError({field: ERR_NOTES_SHAPE})
    for language in value:
        if language not in _language_codes():
            raise ValidationError({field: ERR_NOTES_LANGUAGE % {"language": language}})
    if required and not any(v.strip() for v in value.values()):
        raise ValidationError({field: ERR_NAMES_MISSING})


def _check_country(code: str) -> None:
    from onestop.trips.countries import is_valid_code

    if not is_valid_code(code):
        raise ValidationError({"country": ERR_COUNTRY % {"code": code}})


class VisaRequirement(models.Model):
    """What a holder of ``passport_type`` needs to enter ``country``, from ``valid_from`` on.

    Administrators keep the table; a newer row for the same country and passport type
    replaces the older one from its own ``valid_from`` date (so a rule announced in advance
    can be entered early). ``selectors.visa_requirement_for`` reads it.
    """

    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166-1 alpha-2 code"))
    passport_type = models.CharField(_("passport type"), max_length=32, choices=PassportType.choices)
    kind = models.CharField(_("requirement"), max_length=16, choices=RequirementKind.choices)
    max_stay_days = models.PositiveSmallIntegerField(_("maximum stay in days"), null=True, blank=True)
    processing_days = models.PositiveSmallIntegerField(
        _("processing time in working days"),
        null=True,
        blank=True,
        help_text=_("How long the embassy, consulate or e-visa portal usually takes."),
    )
    notes = models.JSONField(_("notes per language"), default=dict, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    valid_from = models.DateField(_("valid from"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["country", "passport_type", "-valid_from"]
        verbose_name = _("visa requirement")
        verbose_name_plural = _("visa requirements")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "passport_type", "valid_from"], name="visas_requirement_unique_from"
            ),
        ]
        indexes = [models.Index(fields=["country", "passport_type", "-valid_from"], name="visas_req_lookup")]

    def __str__(self) -> str:
        return f"{self.country} · {self.passport_type}: {self.kind}"

    def clean(self) -> None:
        self.country = (self.country or "").upper()
        _check_country(self.country)
        _check_texts(self.notes, "notes", required=False)

    def localized_notes(self, language: str | None = None) -> str:
        return _localized(self.notes, language)

    @property
    def country_name(self) -> str:
        from onestop.trips.countries import country_name

        return country_name(self.country)


class Mission(models.Model):
    """An embassy or consulate that receives visa applications, or a country's e-visa portal."""

    class Kind(models.TextChoices):
        EMBASSY = "embassy", _("Embassy")
        CONSULATE = "consulate", _("Consulate")
        ONLINE = "online", _("E-visa portal")

    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166-1 alpha-2 code"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.EMBASSY)
    names = models.JSONField(_("name per language"), default=dict)
    city = models.CharField(_("city"), max_length=100, blank=True)
    address = models.CharField(_("address or web address"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["country", "kind", "pk"]
        verbose_name = _("embassy or consulate")
        verbose_name_plural = _("embassies and consulates")

    def __str__(self) -> str:
        return self.name()

    def clean(self) -> None:
        self.country = (self.country or "").upper()
        _check_country(self.country)
        _check_texts(self.names, "names", required=True)

    def name(self, language: str | None = None) -> str:
        return _localized(self.names, language) or self.country

    @property
    def is_online(self) -> bool:
        return self.kind == self.Kind.ONLINE


class VisaBatch(models.Model):
    """Applications for one mission handed over together, with a covering note. Creating the
    batch submits its applications; their outcomes are recorded one by one."""

    number = models.CharField(_("batch number"), max_length=32, unique=True, editable=False)
    mission = models.ForeignKey(Mission, on_delete=models.PROTECT, related_name="batches", verbose_name=_("mission"))
    country = models.CharField(_("country"), max_length=2, editable=False)
    covering_note = models.TextField(_("covering note"))
    submitted_on = models.DateField(_("submitted on"))
    covering_letter_code = models.CharField(max_length=32, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-submitted_on", "-pk"]
        verbose_name = _("visa batch")
        verbose_name_plural = _("visa batches")
        indexes = [models.Index(fields=["country", "-submitted_on"], name="visas_batch_country")]

    def __str__(self) -> str:
        return self.number


class VisaApplication(models.Model):
    """Detail row of a ``visa`` case: one traveller, one destination country, one trip."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="visa_application")
    trip_case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="visa_applications")
    person = models.ForeignKey("dossier.Person", on_delete=models.PROTECT, related_name="visa_applications")
    country = models.CharField(_("country"), max_length=2)
    passport = models.ForeignKey(
        "passports.Passport",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="visa_applications",
        verbose_name=_("passport"),
    )
    passport_type = models.CharField(_("passport type"), max_length=32, choices=PassportType.choices)
    requirement_kind = models.CharField(_("requirement"), max_length=16, choices=RequirementKind.choices)
    requirement = models.ForeignKey(VisaRequirement, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    arrive_on = models.DateField(_("arrival"))
    depart_on = models.DateField(_("departure"))
    submit_by = models.DateField(_("submit by"), null=True, blank=True)
    # What the application says, assembled from the dossier and the trip (never typed).
    data = models.JSONField(default=dict, editable=False)
    batch = models.ForeignKey(VisaBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="applications")
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    refusal_reason = models.TextField(_("reason for the refusal"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["submit_by", "arrive_on", "pk"]
        verbose_name = _("visa application")
        verbose_name_plural = _("visa applications")
        constraints = [
            models.UniqueConstraint(
                fields=["trip_case", "person", "country"], name="visas_one_per_trip_person_country"
            ),
            models.CheckConstraint(condition=Q(depart_on__gte=models.F("arrive_on")), name="visas_application_dates"),
        ]
        indexes = [models.Index(fields=["country", "submit_by"], name="visas_app_country_due")]

    def __str__(self) -> str:
        return self.case.number if self.case_id else "visa application"

    @property
    def country_name(self) -> str:
        from onestop.trips.countries import country_name

        return country_name(self.country)


class Visa(models.Model):
    """A visa issued on an application, recorded against the passport it was put in.

    The number is stored encrypted, searched by keyed hash and shown masked, like identity
    numbers; revealing it is audited (``services.visa_reveal_number``).
    """

    class Entries(models.TextChoices):
        SINGLE = "single", _("Single entry")
        DOUBLE = "double", _("Double entry")
        MULTIPLE = "multiple", _("Multiple entries")

    application = models.OneToOneField(VisaApplication, on_delete=models.PROTECT, related_name="visa")
    person = models.ForeignKey("dossier.Person", on_delete=models.PROTECT, related_name="visas")
    passport = models.ForeignKey(
        "passports.Passport", null=True, blank=True, on_delete=models.PROTECT, related_name="visas"
    )
    country = models.CharField(_("country"), max_length=2)
    number_encrypted = models.TextField(editable=False)
    number_hash = models.CharField(max_length=64, editable=False)
    number_masked = models.CharField(_("visa number"), max_length=40, editable=False)
    category = models.CharField(_("visa category"), max_length=40, blank=True)
    entries = models.CharField(_("entries"), max_length=8, choices=Entries.choices, default=Entries.SINGLE)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    max_stay_days = models.PositiveSmallIntegerField(_("maximum stay in days"), null=True, blank=True)
    issued_on = models.DateField(pgettext_lazy("visa", "issued on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("visa")
        verbose_name_plural = _("visas")
        constraints = [
            models.UniqueConstraint(fields=["country", "number_hash"], name="visas_visa_number_unique"),
            models.CheckConstraint(condition=Q(valid_until__gte=models.F("valid_from")), name="visas_visa_dates"),
        ]

    def __str__(self) -> str:
        return self.number_masked

    def set_number(self, number: str) -> None:
        clean = "".join(number.split()).upper()
        self.number_encrypted = crypto.encrypt(clean)
        self.number_hash = crypto.keyed_hash(clean)
        self.number_masked = crypto.mask(clean, keep_start=2, keep_end=2)

    def reveal_number(self) -> str:
        """Clear number; call only through ``services.visa_reveal_number`` (audited)."""
        return crypto.decrypt(self.number_encrypted)

    def covers(self, *, arrive_on, depart_on) -> bool:
        return self.valid_from <= arrive_on and self.valid_until >= depart_on
