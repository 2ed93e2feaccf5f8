"""Public-affairs passports: the registry, custody, reservations for trips, handovers on a
job change, loss reports, passport applications and the policy that sets the dates.

A passport's ``status`` changes only through ``services`` (``passport_move``), along the
moves declared in ``ALLOWED_MOVES``; each move is a row in ``CustodyEvent`` and an audit
event. The number is stored encrypted, searched by keyed hash and shown masked (ADR 0500).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from onestop.core import crypto


class PassportType(models.TextChoices):
    DIPLOMATIC = "diplomatic", _("Diplomatic passport")
    SERVICE = "service", _("Service passport")
    ORDINARY = "ordinary_public_affairs", _("Ordinary passport for public affairs")


# ICAO 9303 document codes printed in the machine-readable zone. The registry holds only
# public-affairs passports, so a plain "P" (or China's "PO") is the ordinary kind.
MRZ_CODE_TYPES = {
    "PD": PassportType.DIPLOMATIC,
    "PS": PassportType.SERVICE,
    "PO": PassportType.ORDINARY,
    "P": PassportType.ORDINARY,
}


class PassportStatus(models.TextChoices):
    IN_CUSTODY = "in_custody", _("In custody")
    RESERVED = "reserved", _("Reserved for a trip")
    CHECKED_OUT = "checked_out", _("Checked out")
    OVERDUE = "overdue", _("Overdue")
    HANDED_OVER = "handed_over", _("Handed over")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Expired")
    LOST = "lost", _("Lost or stolen")


S = PassportStatus
# The one table of status moves (ADR 0501). Everything else is refused.
ALLOWED_MOVES: dict[str, frozenset[str]] = {
    S.IN_CUSTODY: frozenset({S.RESERVED, S.HANDED_OVER, S.CANCELLED, S.EXPIRED, S.LOST}),
    S.RESERVED: frozenset({S.IN_CUSTODY, S.CHECKED_OUT, S.LOST}),
    S.CHECKED_OUT: frozenset({S.IN_CUSTODY, S.RESERVED, S.OVERDUE, S.LOST}),
    S.OVERDUE: frozenset({S.IN_CUSTODY, S.RESERVED, S.CHECKED_OUT, S.LOST}),
    S.EXPIRED: frozenset({S.CANCELLED, S.HANDED_OVER}),
    S.HANDED_OVER: frozenset(),
    S.CANCELLED: frozenset(),
    S.LOST: frozenset(),
}
# Out of the registry for good.
FINAL_STATUSES = frozenset({S.HANDED_OVER, S.CANCELLED, S.LOST})
# Physically with the holder, away from the custodian.
AWAY_STATUSES = frozenset({S.CHECKED_OUT, S.OVERDUE})


class Passport(models.Model):
    holder = models.ForeignKey("dossier.Person", on_delete=models.PROTECT, related_name="public_passports")
    type = models.CharField(_("type"), max_length=32, choices=PassportType.choices)
    number_encrypted = models.TextField(editable=False)
    number_hash = models.CharField(max_length=64, editable=False)
    number_masked = models.CharField(_("number"), max_length=20, editable=False)
    mrz_encrypted = models.TextField(blank=True, editable=False)
    issuing_state = models.CharField(_("issuing state"), max_length=3, default="CHN")
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"))
    # Written only by services.passport_move (see save()).
    status = models.CharField(
        _("status"), max_length=16, choices=PassportStatus.choices, default=PassportStatus.IN_CUSTODY, editable=False
    )
    # The organization responsible for the holder's passport (scoping, reminders, the block).
    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        related_name="public_passports",
        verbose_name=_("organization"),
    )
    # Who keeps the booklet: the Foreign Affairs Office or the organization itself.
    custodian = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        related_name="passports_in_custody",
        verbose_name=_("custodian"),
    )
    storage_place = models.CharField(_("storage place"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["expires_on", "pk"]
        verbose_name = _("public-affairs passport")
        verbose_name_plural = _("public-affairs passports")
        constraints = [
            models.UniqueConstraint(fields=["number_hash"], name="passports_number_unique"),
            models.CheckConstraint(
                condition=Q(issued_on__isnull=True) | Q(expires_on__gt=models.F("issued_on")),
                name="passports_expiry_after_issue",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "status"], name="passports_org_status"),
            models.Index(fields=["holder", "status"], name="passports_holder_status"),
        ]

    def __str__(self) -> str:
        return self.number_masked

    def save(self, *args, **kwargs):
        loaded = getattr(self, "_loaded_status", None)
        if self.pk and loaded is not None and self.status != loaded:
            raise ImproperlyConfigured("Passport.status changes only through onestop.passports.services")
        super().save(*args, **kwargs)
        self._loaded_status = self.status

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_status = instance.__dict__.get("status")
        return instance

    def set_number(self, number: str) -> None:
        clean = "".join(number.split()).upper()
        self.number_encrypted = crypto.encrypt(clean)
        self.number_hash = crypto.keyed_hash(clean)
        self.number_masked = crypto.mask(clean, keep_start=2, keep_end=2)

    def reveal_number(self) -> str:
        return crypto.decrypt(self.number_encrypted)

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES


class Reservation(models.Model):
    """A passport held for one approved trip, from departure to return; the booklet goes
    out (check-out) and comes back (return) against it."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Reserved")
        CHECKED_OUT = "checked_out", _("Checked out")
        RETURNED = "returned", _("Returned")
        RELEASED = "released", _("Released")
        LOST = "lost", _("Lost")

    passport = models.ForeignKey(Passport, on_delete=models.PROTECT, related_name="reservations")
    trip_case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="passport_reservations")
    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    due_on = models.DateField(_("return due"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE)
    checked_out_at = models.DateTimeField(_("checked out"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned"), null=True, blank=True)
    returned_late = models.BooleanField(_("returned late"), default=False)
    days_late = models.PositiveIntegerField(_("days late"), default=0)
    trip_cancelled_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("passport reservation")
        verbose_name_plural = _("passport reservations")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="passports_resv_dates"),
            # One live reservation of a passport per trip. Overlaps between trips are refused
            # under a row lock, and on PostgreSQL also by an exclusion constraint (migration 0002).
            models.UniqueConstraint(
                fields=["passport", "trip_case"],
                condition=Q(status__in=["active", "checked_out"]),
                name="passports_resv_one_live_per_trip",
            ),
            # At most one booklet out per passport.
            models.UniqueConstraint(
                fields=["passport"], condition=Q(status="checked_out"), name="passports_resv_one_out"
            ),
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="passports_resv_status_due")]

    def __str__(self) -> str:
        return f"{self.passport} → {self.trip_case}"

    @property
    def is_live(self) -> bool:
        return self.status in (self.Status.ACTIVE, self.Status.CHECKED_OUT)


class CustodyEvent(models.Model):
    """One line of a passport's custody history."""

    class Verb(models.TextChoices):
        REGISTERED = "registered", _("Registered in custody")
        RESERVED = "reserved", _("Reserved for a trip")
        RELEASED = "released", _("Reservation released")
        CHECKED_OUT = "checked_out", _("Checked out")
        RETURNED = "returned", _("Returned")
        RETURNED_LATE = "returned_late", _("Returned late")
        OVERDUE = "overdue", _("Marked overdue")
        DUE_CHANGED = "due_changed", _("Return date changed")
        TRANSFERRED = "transferred", _("Transferred to a new custodian")
        HANDED_OVER = "handed_over", _("Handed over")
        CANCELLED = "cancelled", _("Cancelled")
        EXPIRED = "expired", _("Expired")
        LOST = "lost", _("Reported lost or stolen")

    passport = models.ForeignKey(Passport, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    verb = models.CharField(max_length=16, choices=Verb.choices)
    old_status = models.CharField(max_length=16, blank=True)
    new_status = models.CharField(max_length=16, blank=True)
    reservation = models.ForeignKey(Reservation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    custodian = models.ForeignKey(
        "accounts.Organization", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_verb_display()} ({self.at:%Y-%m-%d})" if self.at else self.verb


class ReservationNotice(models.Model):
    """A reminder or escalation already sent for a reservation: each is sent once."""

    class Kind(models.TextChoices):
        BEFORE = "before", _("Reminder before the due date")
        DUE = "due", _("Reminder on the due date")
        ESCALATED = "escalated", _("Escalation after the due date")
        BLOCKED = "blocked", _("Organization blocked")

    reservation = models.ForeignKey(Reservation, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["reservation", "kind"], name="passports_notice_once")]

    def __str__(self) -> str:
        return f"{self.reservation_id}: {self.kind}"


class Handover(models.Model):
    """Raised for each passport a person holds when they change jobs; completed by a
    passport officer (transfer to the new custodian, hand-over outside the registry, or
    cancellation)."""

    class Outcome(models.TextChoices):
        TRANSFER = "transfer", _("Transfer to the new organization's custodian")
        HAND_OVER = "hand_over", _("Hand over to a custodian outside this registry")
        CANCEL = "cancel", _("Cancel the passport")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        COMPLETED = "completed", _("Completed")

    passport = models.ForeignKey(Passport, on_delete=models.PROTECT, related_name="handovers")
    person = models.ForeignKey("dossier.Person", on_delete=models.PROTECT, related_name="passport_handovers")
    from_organization = models.ForeignKey(
        "accounts.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_organization = models.ForeignKey(
        "accounts.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    proposed_outcome = models.CharField(_("proposed outcome"), max_length=12, choices=Outcome.choices)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    receiver = models.CharField(_("received by"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    raised_at = models.DateTimeField(auto_now_add=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_at", "-pk"]
        verbose_name = _("passport handover")
        verbose_name_plural = _("passport handovers")
        constraints = [
            models.UniqueConstraint(
                fields=["passport"], condition=Q(status="pending"), name="passports_one_pending_handover"
            )
        ]

    def __str__(self) -> str:
        return f"{self.passport} ({self.get_status_display()})"


class LossReport(models.Model):
    class Kind(models.TextChoices):
        LOST = "lost", _("Lost")
        STOLEN = "stolen", _("Stolen")

    passport = models.OneToOneField(Passport, on_delete=models.PROTECT, related_name="loss_report")
    kind = models.CharField(_("lost or stolen"), max_length=8, choices=Kind.choices)
    occurred_on = models.DateField(_("date of the loss"))
    place = models.CharField(_("place"), max_length=200)
    note = models.CharField(_("what happened"), max_length=1000, blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("loss report")
        verbose_name_plural = _("loss reports")

    def __str__(self) -> str:
        return f"{self.passport} ({self.get_kind_display()})"


class PassportPolicy(models.Model):
    """The custody rules, one row, edited by administrators (ADR 0502)."""

    key = models.CharField(max_length=16, default="default", unique=True, editable=False)
    validity_margin_months = models.PositiveSmallIntegerField(_("validity beyond the return, in months"), default=6)
    return_days_after_trip = models.PositiveSmallIntegerField(
        _("days to return the passport after the trip"),
        default=7,
        help_text=_("Counted from the last approved day (departure date plus approved days)."),
    )
    return_days_after_cancellation = models.PositiveSmallIntegerField(
        _("days to return the passport after a cancellation"), default=7
    )
    return_days_are_working_days = models.BooleanField(
        _("count return days as working days"),
        default=False,
        help_text=_("Off: calendar days. On: working days from the working-day calendar."),
    )
    due_moves_to_working_day = models.BooleanField(
        _("move a return date that falls on a day off to the next working day"),
        default=False,
        help_text=_(
            "With calendar days: a return date on a weekend or public holiday moves to the next working day "
            "of the working-day calendar, when the office is open."
        ),
    )
    remind_days_before = models.PositiveSmallIntegerField(_("first reminder, days before the due date"), default=3)
    remind_on_due_date = models.BooleanField(_("remind on the due date"), default=True)
    escalate_after_days = models.PositiveSmallIntegerField(_("escalate this many days after the due date"), default=1)
    block_enabled = models.BooleanField(_("block new trips of organizations with overdue passports"), default=True)
    block_after_days = models.PositiveSmallIntegerField(_("block after this many days overdue"), default=30)
    custody_at_fao = models.BooleanField(
        _("newly issued passports are kept by the Foreign Affairs Office"),
        default=True,
        help_text=_("Off: the holder's organization keeps them."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("passport policy")
        verbose_name_plural = _("passport policy")

    def __str__(self) -> str:
        return str(_("Passport policy"))


class ApplicationKind(models.TextChoices):
    NEW = "new", _("New passport")
    RENEWAL = "renewal", _("Renewal")


class PassportApplication(models.Model):
    """Detail row of a ``passport_application`` case: what is asked, for whom, and what was
    issued. The parent case is the trip when the application is filed for one."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="passport_application")
    person = models.ForeignKey("dossier.Person", on_delete=models.PROTECT, related_name="passport_applications")
    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind of application"), max_length=8, choices=ApplicationKind.choices)
    passport_type = models.CharField(_("passport type"), max_length=32, choices=PassportType.choices)
    previous_passport = models.ForeignKey(
        Passport,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="renewals",
        verbose_name=_("passport to renew"),
    )
    reason = models.TextField(_("reason for the application"), blank=True)
    place_of_birth = models.CharField(_("place of birth"), max_length=100, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=32, blank=True)
    issued_passport = models.OneToOneField(
        Passport, null=True, blank=True, on_delete=models.PROTECT, related_name="application"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("passport application")
        verbose_name_plural = _("passport applications")

    def __str__(self) -> str:
        return self.case.number if self.case_id else "passport application"
