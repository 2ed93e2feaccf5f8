"""Official trips abroad: the delegation, its destinations and the policy that limits them.

A trip is a case (kind ``trip``) plus this detail row; its state lives on the case and moves
only through the declared transitions in ``workflow.py``. Materials (passport data pages,
photos, the invitation letter) live in the dossier and are attached to the case there.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .countries import REGIONS, is_valid_code

ERR_DAYS_TABLE = _("Give one maximum number of days for each number of countries, from 1 up to the country limit.")
ERR_DAYS_POSITIVE = _("Every maximum number of days must be a whole number of at least 1.")
ERR_REGION = _("Unknown region: %(region)s.")
ERR_COUNTRY = _("Unknown country code: %(code)s.")
ERR_AT_LEAST_ONE = _("Give a whole number of at least 1.")


class FundingSource(models.TextChoices):
    BUDGET = "budget", _("Government budget")
    PROJECT = "project", _("Research or project funds")
    INVITER = "inviter", _("Paid by the inviting party")
    ORGANIZATION = "organization", _("Organization's own funds")
    SELF = "self", _("Paid by the travellers")
    MIXED = "mixed", _("Several sources")


class Trip(models.Model):
    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="trip")
    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT, related_name="trips")
    purpose = models.TextField(_("purpose of the visit"))
    inviter_name = models.CharField(_("inviting party"), max_length=200)
    inviter_country = models.CharField(_("inviting party's country"), max_length=2)
    departs_on = models.DateField(_("departure date"), null=True, blank=True)
    returns_on = models.DateField(_("return date"), null=True, blank=True)
    itinerary = models.TextField(_("itinerary"), blank=True)
    funding_source = models.CharField(
        _("funding source"), max_length=16, choices=FundingSource.choices, default=FundingSource.BUDGET
    )
    is_teaching_research = models.BooleanField(
        _("teaching and research exemption"),
        default=False,
        help_text=_("Claim the exemption for teaching and research staff; every member must be such staff."),
    )
    soft_breach_reason = models.TextField(_("reason for exceeding a soft limit"), blank=True)
    approval_number = models.CharField(_("approval number"), max_length=32, blank=True, editable=False)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True, editable=False)
    # After the approval (ADR 0540): what still stands between the trip and its collection,
    # the dates actually travelled, and when the trip report is due.
    readiness_missing = models.JSONField(default=list, blank=True, editable=False)
    readiness_checked_at = models.DateTimeField(null=True, blank=True, editable=False)
    ready_at = models.DateTimeField(_("ready for collection at"), null=True, blank=True, editable=False)
    actual_departs_on = models.DateField(_("actual departure date"), null=True, blank=True, editable=False)
    actual_returns_on = models.DateField(_("actual return date"), null=True, blank=True, editable=False)
    report_due_on = models.DateField(_("trip report due"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("official trip")
        verbose_name_plural = _("official trips")
        constraints = [
            models.UniqueConstraint(
                fields=["approval_number"], condition=~Q(approval_number=""), name="trips_approval_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(departs_on__isnull=True)
                | Q(returns_on__isnull=True)
                | Q(returns_on__gte=models.F("departs_on")),
                name="trips_return_after_departure",
            ),
            models.CheckConstraint(
                condition=Q(actual_departs_on__isnull=True)
                | Q(actual_returns_on__isnull=True)
                | Q(actual_returns_on__gte=models.F("actual_departs_on")),
                name="trips_actual_return_after_departure",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "-created_at"], name="trips_org_created"),
            models.Index(fields=["-created_at"], name="trips_created"),
        ]

    def __str__(self) -> str:
        return self.case.number if self.case_id else "trip"

    @property
    def days(self) -> int | None:
        """Length of the trip counting both the day of departure and the day of return."""
        if self.departs_on and self.returns_on:
            return (self.returns_on - self.departs_on).days + 1
        return None

    def clean(self) -> None:
        if self.inviter_country and not is_valid_code(self.inviter_country):
            raise ValidationError({"inviter_country": ERR_COUNTRY % {"code": self.inviter_country}})


class TripMember(models.Model):
    class Role(models.TextChoices):
        LEADER = "leader", _("Delegation leader")
        MEMBER = "member", _("Member")

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey("dossier.Person", on_delete=models.PROTECT, related_name="trip_memberships")
    role = models.CharField(_("role in the delegation"), max_length=8, choices=Role.choices, default=Role.MEMBER)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["trip", "role", "added_at", "pk"]  # "leader" sorts before "member"
        verbose_name = _("delegation member")
        verbose_name_plural = _("delegation members")
        constraints = [
            models.UniqueConstraint(fields=["trip", "person"], name="trips_member_unique"),
            models.UniqueConstraint(fields=["trip"], condition=Q(role="leader"), name="trips_one_leader"),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class TripDestination(models.Model):
    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="destinations")
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166-1 alpha-2 code"))
    city = models.CharField(_("city"), max_length=100)
    arrive_on = models.DateField(_("arrival"))
    depart_on = models.DateField(_("departure"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["trip", "order", "arrive_on", "pk"]
        verbose_name = _("destination")
        verbose_name_plural = _("destinations")
        constraints = [
            models.CheckConstraint(condition=Q(depart_on__gte=models.F("arrive_on")), name="trips_destination_dates"),
        ]

    def __str__(self) -> str:
        return f"{self.city}, {self.country}"

    @property
    def country_name(self) -> str:
        from .countries import country_name

        return country_name(self.country)


def _default_days() -> list[int]:
    return [5, 8, 10]


def _default_regions() -> list[str]:
    return ["latin_america", "africa"]


class TripPolicy(models.Model):
    """The limits official trips are checked against. Exactly one row is active; admins edit it.

    The teaching and research exemption (ADR 0162) turns the day limit and, when
    ``exemption_relaxes_persons`` is set, the delegation-size limit from hard into soft: the
    trip may exceed them with a written reason. The country limit always stays hard.
    """

    name = models.CharField(_("name"), max_length=100, default="default")
    is_active = models.BooleanField(_("active"), default=True)
    max_countries = models.PositiveSmallIntegerField(_("maximum countries"), default=3)
    max_days_by_countries = models.JSONField(
        _("maximum days by number of countries"),
        default=_default_days,
        help_text=_("A list: the maximum for 1 country, for 2 countries, and so on. Departure and return days count."),
    )
    far_regions = models.JSONField(
        _("regions with extra days"),
        default=_default_regions,
        help_text=_("Region tags: latin_america, africa, other."),
    )
    far_region_extra_days = models.PositiveSmallIntegerField(_("extra days for those regions"), default=1)
    max_persons = models.PositiveSmallIntegerField(_("maximum delegation size"), default=6)
    exemption_relaxes_persons = models.BooleanField(_("exemption also relaxes the delegation size"), default=True)
    sla_working_days = models.PositiveSmallIntegerField(_("review deadline in working days"), default=5)
    report_due_working_days = models.PositiveSmallIntegerField(
        _("trip report due, in working days after the return"), default=10
    )
    report_reminder_working_days = models.PositiveSmallIntegerField(
        _("remind about the trip report this many working days before it is due"), default=3
    )
    max_trips_per_person_per_year = models.PositiveSmallIntegerField(
        _("trips per person and year before the inspection reports it"), default=2
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("trip policy")
        verbose_name_plural = _("trip policies")
        constraints = [
            models.UniqueConstraint(fields=["is_active"], condition=Q(is_active=True), name="trips_one_active_policy"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        days = self.max_days_by_countries
        if not isinstance(days, list) or len(days) < max(self.max_countries, 1):
            raise ValidationError({"max_days_by_countries": ERR_DAYS_TABLE})
        if any(not isinstance(d, int) or isinstance(d, bool) or d < 1 for d in days):
            raise ValidationError({"max_days_by_countries": ERR_DAYS_POSITIVE})
        regions = self.far_regions if isinstance(self.far_regions, list) else [self.far_regions]
        for region in regions:
            if region not in REGIONS:
                raise ValidationError({"far_regions": ERR_REGION % {"region": region}})
        for name in ("report_due_working_days", "max_trips_per_person_per_year"):
            if (getattr(self, name) or 0) < 1:
                raise ValidationError({name: ERR_AT_LEAST_ONE})


class CollectionMethod(models.TextChoices):
    DRAWN = "drawn", _("Signature drawn on the screen")
    TYPED = "typed", _("Name typed and receipt confirmed")


def _signature_path(instance: TripCollection, filename: str) -> str:
    """Server-chosen name: nothing the client sent ends up in the path."""
    import uuid

    return f"trips/signatures/{uuid.uuid4().hex}.png"


class TripCollection(models.Model):
    """The one visit: the liaison officer collected the delegation's passports and visas at
    the Foreign Affairs Office and signed for them (ADR 0542)."""

    trip = models.OneToOneField(Trip, on_delete=models.CASCADE, related_name="collection")
    collected_at = models.DateTimeField(_("collected at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("recorded by")
    )
    signer_name = models.CharField(_("received by"), max_length=100)
    method = models.CharField(_("signature"), max_length=8, choices=CollectionMethod.choices)
    signature = models.FileField(upload_to=_signature_path, max_length=120, blank=True)
    signature_sha256 = models.CharField(max_length=64, blank=True)
    confirmed = models.BooleanField(_("receipt confirmed"), default=False)
    place = models.CharField(_("place"), max_length=200, blank=True)
    appointment_code = models.CharField(_("booking code"), max_length=12, blank=True)
    passports_handed_out = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("collection")
        verbose_name_plural = _("collections")
        constraints = [
            models.CheckConstraint(
                condition=(Q(method="drawn") & ~Q(signature=""))
                | (Q(method="typed") & Q(confirmed=True) & ~Q(signer_name="")),
                name="trips_collection_signed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.trip} ({self.collected_at:%Y-%m-%d})" if self.collected_at else str(self.trip)


class TripReport(models.Model):
    """What the delegation reports after the trip: a summary, the countries actually
    visited, and the report document kept in the dossier as per-case material
    ``trip_report`` (ADR 0543)."""

    trip = models.OneToOneField(Trip, on_delete=models.CASCADE, related_name="report")
    summary = models.TextField(_("summary"))
    countries_visited = models.JSONField(_("countries actually visited"), default=list)
    case_material = models.ForeignKey(
        "dossier.CaseMaterial", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    due_on = models.DateField(_("due"))
    days_late = models.PositiveIntegerField(_("working days late"), default=0)
    revisions = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("trip report")
        verbose_name_plural = _("trip reports")

    def __str__(self) -> str:
        return str(self.trip)

    @property
    def is_late(self) -> bool:
        return self.days_late > 0


class ReportReminder(models.Model):
    """A reminder about a trip report already sent; each kind once per due date."""

    class Kind(models.TextChoices):
        BEFORE = "before", _("Reminder before the due date")
        DUE = "due", _("Reminder on the due date")
        OVERDUE = "overdue", _("Overdue notice")

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="report_reminders")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    due_on = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["trip", "kind", "due_on"], name="trips_report_reminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.trip_id}: {self.kind}"
