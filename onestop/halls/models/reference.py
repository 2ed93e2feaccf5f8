"""Reference data a hall manager or administrator maintains: halls and their hours,
services, counters, staffing, priority groups, booking rules and the kiosk's triage tree."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from onestop.halls.i18n import localized


def _validate_timezone(value: str) -> None:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError(_("“%(value)s” is not a known time zone."), params={"value": value})


class Hall(models.Model):
    class Area(models.TextChoices):
        URBAN = "urban", _("Urban")
        SUBURBAN = "suburban", _("Suburban")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200, help_text=_("Used when no name is given for a language."))
    names = models.JSONField(_("name per language"), default=dict, blank=True)
    district = models.CharField(_("district"), max_length=60)
    district_names = models.JSONField(_("district per language"), default=dict, blank=True)
    area = models.CharField(_("area"), max_length=10, choices=Area.choices, default=Area.URBAN, db_index=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    addresses = models.JSONField(_("address per language"), default=dict, blank=True)
    latitude = models.FloatField(_("latitude"), validators=[MinValueValidator(-90), MaxValueValidator(90)])
    longitude = models.FloatField(_("longitude"), validators=[MinValueValidator(-180), MaxValueValidator(180)])
    timezone = models.CharField(
        _("time zone"),
        max_length=60,
        default="Asia/Shanghai",
        validators=[_validate_timezone],
        help_text=_("Opening hours and staffing times are in this time zone."),
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="halls",
        help_text=_("The office running the hall; its staff (and staff of parent offices) operate it."),
    )
    notify_ahead = models.PositiveSmallIntegerField(
        _("notify when this many people are ahead"),
        default=3,
        help_text=_("A visitor who follows a ticket on the phone is told when only this many people are ahead."),
    )
    is_active = models.BooleanField(_("open to the public"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("service hall")
        verbose_name_plural = _("service halls")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return localized(self.names, self.name)

    @property
    def display_district(self) -> str:
        return localized(self.district_names, self.district)

    @property
    def display_address(self) -> str:
        return localized(self.addresses, self.address)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def local(self, day: date, at: time) -> datetime:
        """An aware datetime for a wall-clock time in the hall's time zone."""
        return datetime.combine(day, at, tzinfo=self.tz)


class OpeningHours(models.Model):
    """One opening period on a weekday. Several rows per day express a lunch break;
    ``extended`` marks evening or weekend hours added beyond the standard week."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))
    extended = models.BooleanField(_("extended hours"), default=False)

    class Meta:
        ordering = ["hall", "weekday", "opens"]
        constraints = [
            models.CheckConstraint(condition=models.Q(closes__gt=models.F("opens")), name="halls_hours_order"),
            models.UniqueConstraint(fields=["hall", "weekday", "opens"], name="halls_hours_unique"),
        ]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class HallClosure(models.Model):
    """A date the whole hall is closed (public holiday, maintenance)."""

    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="closures")
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["hall", "date"], name="halls_closure_unique")]
        verbose_name = _("hall closure")
        verbose_name_plural = _("hall closures")

    def __str__(self) -> str:
        return f"{self.hall_id} {self.date}"


prefix_validator = RegexValidator(r"^[A-Z]$", _("One capital letter A–Z."))


class Service(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    names = models.JSONField(_("name per language"), default=dict, blank=True)
    description = models.JSONField(_("description per language"), default=dict, blank=True)
    required_materials = models.JSONField(
        _("required materials"),
        default=list,
        blank=True,
        help_text=_("Material type codes from the dossier catalogue the visitor should bring."),
    )
    handling_minutes = models.PositiveSmallIntegerField(
        _("typical handling minutes"), default=10, validators=[MinValueValidator(1), MaxValueValidator(240)]
    )
    prefix = models.CharField(_("ticket prefix"), max_length=1, unique=True, validators=[prefix_validator])
    bookable = models.BooleanField(_("can be booked online"), default=True)
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return localized(self.names, self.name)

    @property
    def display_description(self) -> str:
        return localized(self.description, "")


class HallService(models.Model):
    """A service offered at a hall, with the hall's own capacity settings."""

    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="hall_services")
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="hall_services")
    handling_minutes = models.PositiveSmallIntegerField(
        _("handling minutes here"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Empty: the service's typical handling time."),
    )
    booking_share = models.PositiveSmallIntegerField(
        _("share of counter time offered for booking (%)"),
        default=70,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("The rest is kept for walk-in visitors."),
    )
    max_per_slot = models.PositiveSmallIntegerField(
        _("capacity cap per slot"), null=True, blank=True, help_text=_("Empty: no cap beyond the staffing.")
    )
    is_active = models.BooleanField(_("offered"), default=True)

    class Meta:
        ordering = ["hall", "service"]
        constraints = [models.UniqueConstraint(fields=["hall", "service"], name="halls_hallservice_unique")]
        verbose_name = _("service at a hall")
        verbose_name_plural = _("services at halls")

    def __str__(self) -> str:
        return f"{self.hall} · {self.service}"

    @property
    def minutes(self) -> int:
        return self.handling_minutes or self.service.handling_minutes


class ServiceDay(models.Model):
    """A manager's change for one day: close a service, or scale its bookable capacity."""

    hall_service = models.ForeignKey(HallService, on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("date"))
    closed = models.BooleanField(_("closed for the day"), default=False)
    capacity_percent = models.PositiveSmallIntegerField(
        _("capacity (%)"), default=100, validators=[MinValueValidator(0), MaxValueValidator(300)]
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["hall_service", "date"], name="halls_serviceday_unique")]
        verbose_name = _("service day")
        verbose_name_plural = _("service days")

    def __str__(self) -> str:
        return f"{self.hall_service_id} {self.date}"


class Counter(models.Model):
    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="counters")
    number = models.PositiveSmallIntegerField(_("number"))
    services = models.ManyToManyField(Service, blank=True, related_name="counters", verbose_name=_("services"))
    comprehensive = models.BooleanField(
        _("comprehensive"), default=False, help_text=_("Handles every service the hall offers.")
    )
    clerk = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="counters",
        verbose_name=_("clerk at the counter now"),
    )
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["hall", "number"]
        constraints = [models.UniqueConstraint(fields=["hall", "number"], name="halls_counter_unique")]
        verbose_name = _("counter")
        verbose_name_plural = _("counters")

    def __str__(self) -> str:
        return str(_("Counter %(number)s") % {"number": self.number})


class StaffingPlan(models.Model):
    """A counter is staffed on ``date`` from ``opens`` to ``closes`` (hall-local time)."""

    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="staffing")
    counter = models.ForeignKey(Counter, on_delete=models.CASCADE, related_name="staffing")
    date = models.DateField(_("date"), db_index=True)
    opens = models.TimeField(_("from"))
    closes = models.TimeField(_("until"))

    class Meta:
        ordering = ["date", "counter", "opens"]
        constraints = [
            models.CheckConstraint(condition=models.Q(closes__gt=models.F("opens")), name="halls_staffing_order"),
            models.UniqueConstraint(fields=["counter", "date", "opens"], name="halls_staffing_unique"),
        ]
        indexes = [models.Index(fields=["hall", "date"], name="halls_staffing_hall_date")]
        verbose_name = _("staffing")
        verbose_name_plural = _("staffing plan")

    def __str__(self) -> str:
        return f"{self.counter_id} {self.date} {self.opens:%H:%M}-{self.closes:%H:%M}"


class PriorityGroup(models.Model):
    """Visitors served with a head start (elderly, disabled, pregnant...). ``head_start_minutes``
    is added to their waiting time when the next visitor is chosen."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    names = models.JSONField(_("name per language"), default=dict, blank=True)
    head_start_minutes = models.PositiveSmallIntegerField(_("head start (minutes)"), default=20)
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("priority group")
        verbose_name_plural = _("priority groups")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return localized(self.names, self.name)


class BookingPolicy(models.Model):
    """Booking rules. The row without a service is the default; a row for a service overrides it."""

    service = models.OneToOneField(
        Service,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="policy",
        help_text=_("Empty: the default for every service."),
    )
    slot_minutes = models.PositiveSmallIntegerField(
        _("slot length (minutes)"), default=30, validators=[MinValueValidator(5), MaxValueValidator(240)]
    )
    max_days_ahead = models.PositiveSmallIntegerField(
        _("bookable days ahead"), default=14, validators=[MinValueValidator(1), MaxValueValidator(90)]
    )
    min_minutes_ahead = models.PositiveSmallIntegerField(_("minimum notice (minutes)"), default=30)
    per_person_active_limit = models.PositiveSmallIntegerField(
        _("active bookings per person"), default=2, validators=[MinValueValidator(1)]
    )
    cancel_cutoff_minutes = models.PositiveSmallIntegerField(_("cancel up to (minutes before)"), default=60)
    reschedule_cutoff_minutes = models.PositiveSmallIntegerField(_("reschedule up to (minutes before)"), default=120)
    check_in_early_minutes = models.PositiveSmallIntegerField(_("check-in opens (minutes before)"), default=60)
    late_minutes = models.PositiveSmallIntegerField(
        _("on time until (minutes after start)"),
        default=15,
        help_text=_("Later arrivals are served as walk-ins."),
    )
    no_show_after_minutes = models.PositiveSmallIntegerField(_("no-show after (minutes past the slot end)"), default=30)
    no_show_limit = models.PositiveSmallIntegerField(
        _("no-shows allowed"), default=3, validators=[MinValueValidator(1)]
    )
    no_show_window_days = models.PositiveSmallIntegerField(_("counted over (days)"), default=90)
    no_show_block_days = models.PositiveSmallIntegerField(_("booking blocked for (days)"), default=30)
    reminder_hours_before = models.PositiveSmallIntegerField(_("reminder (hours before)"), default=24)

    class Meta:
        verbose_name = _("booking policy")
        verbose_name_plural = _("booking policies")

    def __str__(self) -> str:
        return str(self.service) if self.service_id else str(_("Default booking policy"))


class TriageNode(models.Model):
    """The kiosk's walk-in questions as a small tree. A node with children asks ``question``;
    each child is one answer (``answer``); a node with a service is a leaf that picks it."""

    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    key = models.SlugField(_("key"), max_length=60, unique=True)
    answer = models.JSONField(
        _("answer per language"),
        default=dict,
        blank=True,
        help_text=_("The button that leads here from the parent's question."),
    )
    question = models.JSONField(_("question per language"), default=dict, blank=True)
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    extra_services = models.ManyToManyField(
        Service, blank=True, related_name="+", verbose_name=_("also needed in the same visit")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["order", "key"]
        verbose_name = _("triage question")
        verbose_name_plural = _("triage questions")

    def __str__(self) -> str:
        return self.key

    @property
    def display_answer(self) -> str:
        return localized(self.answer, self.key)

    @property
    def display_question(self) -> str:
        return localized(self.question, "")
