"""Reference data and policies: categories, districts, the dispatch catalogue, deadlines,
duty supervisors and Open311 client keys."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


def localized(names: dict, fallback: str) -> str:
    lang = translation.get_language() or settings.LANGUAGE_CODE
    return names.get(lang) or names.get(lang.split("-")[0]) or names.get("en") or names.get("zh-hans") or fallback


class RequestType(models.TextChoices):
    INQUIRY = "inquiry", _("Inquiry")
    COMPLAINT = "complaint", _("Complaint")
    SUGGESTION = "suggestion", _("Suggestion")
    PRAISE = "praise", _("Praise")
    EMERGENCY = "emergency", _("Emergency")


class Channel(models.TextChoices):
    WEB = "web", _("Web form")
    PHONE = "phone", _("Phone")
    API = "api", _("API")
    OPEN311 = "open311", _("Open311")


class DeadlineClass(models.TextChoices):
    UTILITIES = "utilities", _("Utilities (hours)")
    ORDINARY = "ordinary", _("Ordinary")
    COMPLEX = "complex", _("Complex")


class Category(models.Model):
    """What a request is about; also the Open311 service (``code`` is the service code)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    names = models.JSONField(_("name per language"), default=dict, blank=True)
    descriptions = models.JSONField(_("description per language"), default=dict, blank=True)
    group = models.CharField(_("group"), max_length=60, blank=True)
    keywords = models.CharField(_("keywords"), max_length=300, blank=True)
    deadline_class = models.CharField(
        _("deadline class"), max_length=16, choices=DeadlineClass.choices, default=DeadlineClass.ORDINARY
    )
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return localized(self.names, self.name)

    @property
    def description(self) -> str:
        return localized(self.descriptions, "")


class District(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    names = models.JSONField(_("name per language"), default=dict, blank=True)
    organization = models.ForeignKey(
        "accounts.Organization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("district government"),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return localized(self.names, self.name)


class DispatchRule(models.Model):
    """The dispatch catalogue: a category goes to a department; an area rule (a category
    in one district) wins over the category's citywide rule."""

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="rules", verbose_name=_("category"))
    district = models.ForeignKey(
        District,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="rules",
        verbose_name=_("district"),
        help_text=_("Empty: the whole city."),
    )
    department = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("department")
    )

    class Meta:
        verbose_name = _("dispatch rule")
        verbose_name_plural = _("dispatch rules")
        constraints = [
            models.UniqueConstraint(fields=["category", "district"], name="hotline_rule_area_unique"),
            models.UniqueConstraint(
                fields=["category"], condition=models.Q(district__isnull=True), name="hotline_rule_citywide_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category.code} / {self.district.code if self.district_id else '*'} → {self.department}"


class DeadlinePolicy(models.Model):
    """Overrides the deadline for a request type, a category, or both. The most specific
    row wins; without a row the category's deadline class decides (see policies.py)."""

    request_type = models.CharField(_("request type"), max_length=16, choices=RequestType.choices, blank=True)
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.CASCADE, verbose_name=_("category"))
    budget = models.PositiveIntegerField(_("time allowed"))
    unit = models.CharField(
        _("unit"), max_length=16, choices=[("hours", _("hours")), ("working_days", _("working days"))]
    )
    contact_hours = models.PositiveIntegerField(_("contact the citizen within (hours)"), default=24)

    class Meta:
        verbose_name = _("deadline policy")
        verbose_name_plural = _("deadline policies")
        constraints = [
            models.UniqueConstraint(fields=["request_type", "category"], name="hotline_deadline_unique"),
            models.CheckConstraint(condition=models.Q(budget__gt=0), name="hotline_deadline_positive"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.request_type or '*'} / {self.category.code if self.category_id else '*'}: {self.budget} {self.unit}"
        )


class SupervisorDuty(models.Model):
    """Who is the duty supervisor when; emergencies alert them at once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("supervisor")
    )
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("supervisor duty")
        verbose_name_plural = _("supervisor duties")
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="hotline_duty_order")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.starts_at:%Y-%m-%d %H:%M}–{self.ends_at:%H:%M}"


class ApiKey(models.Model):
    """An Open311 client's key. Only a hash is stored; the key is shown once when made."""

    name = models.CharField(_("client name"), max_length=100)
    prefix = models.CharField(max_length=8, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("Open311 API key")
        verbose_name_plural = _("Open311 API keys")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
