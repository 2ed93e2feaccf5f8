from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .roles import STAFF_ROLES, Role


def _reads_chinese(language: str | None) -> bool:
    return (language or translation.get_language() or settings.LANGUAGE_CODE).startswith("zh")


def organization_name(*, name: str, name_en: str = "", language: str | None = None) -> str:
    """Organizations are named in Chinese with an optional English name: a Chinese reader
    gets the Chinese name, everyone else the English one where it exists."""
    if _reads_chinese(language) or not name_en:
        return name
    return name_en


def order_by_display_name(organizations: models.QuerySet, language: str | None = None) -> models.QuerySet:
    """``organizations`` in the order of the name the reader sees (``organization_name``)."""
    if _reads_chinese(language):
        return organizations.order_by("name", "pk")
    shown = Coalesce(NullIf("name_en", Value("")), "name")
    return organizations.annotate(shown_name=shown).order_by("shown_name", "pk")


class Organization(models.Model):
    """An organization in the city's tree (district, commission, university, enterprise...).

    ``path`` is the materialized path of primary keys ("/1/7/12/"), so a subtree is one
    indexed prefix query.
    """

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government office")
        FAO = "fao", _("Foreign affairs office")
        DISTRICT = "district", _("District")
        COMMISSION = "commission", _("Commission or bureau")
        UNIVERSITY = "university", _("University")
        HOSPITAL = "hospital", _("Hospital")
        SOE = "soe", _("State-owned enterprise")
        ENTERPRISE = "enterprise", _("Enterprise")
        DEPARTMENT = "department", _("Service department")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        parent_path = self.parent.path if self.parent_id else "/"
        path = f"{parent_path}{self.pk}/"
        if path != self.path:
            Organization.objects.filter(pk=self.pk).update(path=path)
            self.path = path

    def display_name(self, language: str | None = None) -> str:
        """The name in the reader's language (see ``organization_name``)."""
        return organization_name(name=self.name, name_en=self.name_en, language=language)

    def subtree(self):
        return Organization.objects.filter(path__startswith=self.path)


class User(AbstractUser):
    """A person who logs in. Names are one full-name field plus an optional Latin
    transliteration: names do not split into first and last everywhere."""

    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    full_name = models.CharField(_("full name"), max_length=200)
    latin_name = models.CharField(_("name in Latin letters"), max_length=200, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, choices=settings.LANGUAGES, default="zh-hans"
    )
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )

    REQUIRED_FIELDS = ["email", "full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name

    @cached_property
    def role_names(self) -> frozenset[str]:
        return frozenset(self.role_grants.values_list("role", flat=True))

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_names & {str(r) for r in roles})

    @property
    def is_staff_user(self) -> bool:
        return bool(self.role_names & STAFF_ROLES)


class RoleGrant(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="accounts_rolegrant_unique")]
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")

    def __str__(self) -> str:
        return f"{self.user} → {self.role}"
