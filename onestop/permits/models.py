"""Joint work permit + work-type residence permit applications.

One ``PermitApplication`` per case (kind ``permit``). The two halves are reviewed in
parallel by two authorities; each half is a ``Review`` row that carries its own work queue
(see docs/adr/0220-permit-review-queues.md). Corrections asked by either officer are sent
to the employer as one ``CorrectionRequest``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PermitPolicy(models.Model):
    """The configurable rules of the joint application. One row (``pk=1``) is in force."""

    sla_working_days = models.PositiveSmallIntegerField(
        _("time limit in working days"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("Counted from complete submission to the joint decision, without the days spent on corrections."),
    )
    warning_working_days = models.PositiveSmallIntegerField(
        _("warn this many working days before the deadline"),
        default=2,
        validators=[MinValueValidator(0), MaxValueValidator(30)],
    )
    passport_min_valid_days = models.PositiveSmallIntegerField(
        _("passport must stay valid for at least (days)"),
        default=180,
        validators=[MaxValueValidator(3650)],
    )
    biometrics_before_residence_approval = models.BooleanField(
        _("biometrics appointment required before the residence permit is approved"), default=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("permit policy")
        verbose_name_plural = _("permit policies")

    def __str__(self) -> str:
        return str(_("Joint permit policy"))


class SalaryBand(models.TextChoices):
    UNDER_10K = "under_10k", _("under 10,000 CNY a month")
    FROM_10K = "10k_20k", _("10,000 to 20,000 CNY a month")
    FROM_20K = "20k_35k", _("20,000 to 35,000 CNY a month")
    FROM_35K = "35k_50k", _("35,000 to 50,000 CNY a month")
    OVER_50K = "over_50k", _("over 50,000 CNY a month")


class PermitApplication(models.Model):
    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="permit")
    employer = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        related_name="permit_applications",
        verbose_name=_("employer"),
    )
    person = models.ForeignKey(
        "dossier.Person", on_delete=models.PROTECT, related_name="permit_applications", verbose_name=_("employee")
    )
    passport = models.ForeignKey(
        "dossier.IdentityDocument",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("passport"),
    )
    job_title = models.CharField(_("job title"), max_length=200)
    contract_start = models.DateField(_("contract starts"), null=True, blank=True)
    contract_end = models.DateField(_("contract ends"), null=True, blank=True)
    salary_band = models.CharField(_("monthly salary"), max_length=12, choices=SalaryBand.choices, blank=True)
    work_address = models.CharField(_("work address"), max_length=300, blank=True)

    # The one in-person step, booked through the halls module.
    biometrics_appointment_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    biometrics_code = models.CharField(_("booking code"), max_length=40, blank=True, editable=False)
    biometrics_at = models.DateTimeField(_("biometrics appointment"), null=True, blank=True, editable=False)
    biometrics_place = models.CharField(_("service hall"), max_length=200, blank=True, editable=False)

    round = models.PositiveSmallIntegerField(default=0, editable=False, help_text="submissions so far")
    paused_working_days = models.PositiveSmallIntegerField(default=0, editable=False)
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    decision_working_days = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    on_time = models.BooleanField(null=True, editable=False)
    refusal_reasons = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["employer", "-created_at"], name="permits_app_employer_created")]
        constraints = [
            # An employee has at most one application that is not decided yet.
            models.UniqueConstraint(
                fields=["person"], condition=models.Q(decided_at__isnull=True), name="permits_one_open_per_person"
            ),
            models.CheckConstraint(
                condition=models.Q(contract_end__isnull=True)
                | models.Q(contract_start__isnull=True)
                | models.Q(contract_end__gt=models.F("contract_start")),
                name="permits_contract_dates_ordered",
            ),
        ]
        verbose_name = _("joint permit application")
        verbose_name_plural = _("joint permit applications")

    def __str__(self) -> str:
        return f"{self.case.number} {self.job_title}"

    @property
    def biometrics_place_display(self) -> str:
        """Where the biometrics appointment is, named in the reader's language."""
        if not self.biometrics_appointment_id:
            return ""
        from .integration import biometrics_place_name

        return biometrics_place_name(appointment_id=self.biometrics_appointment_id, fallback=self.biometrics_place)


class ReviewKind(models.TextChoices):
    WORK = "work_permit", _("Work permit")
    RESIDENCE = "residence_permit", _("Residence permit")


# Which role's work queue holds each half of the review.
QUEUE_FOR_KIND = {ReviewKind.WORK: "permit_officer", ReviewKind.RESIDENCE: "exit_entry_officer"}


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an officer")
    IN_REVIEW = "in_review", _("In review")
    CORRECTION_REQUESTED = "correction_requested", _("Corrections asked")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", pgettext_lazy("permit decision", "Refused")


VERDICTS = (ReviewStatus.CORRECTION_REQUESTED, ReviewStatus.APPROVED, ReviewStatus.REFUSED)


class Review(models.Model):
    """One half of the joint review. ``queue`` is the role whose officers take it."""

    application = models.ForeignKey(PermitApplication, on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField(_("review"), max_length=20, choices=ReviewKind.choices)
    queue = models.CharField(_("work queue"), max_length=32, db_index=True, editable=False)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="permit_reviews",
        verbose_name=_("officer"),
    )
    status = models.CharField(
        _("status"), max_length=24, choices=ReviewStatus.choices, default=ReviewStatus.PENDING, editable=False
    )
    note = models.TextField(_("note"), blank=True)
    round = models.PositiveSmallIntegerField(default=1, editable=False)
    started_at = models.DateTimeField(null=True, blank=True, editable=False)
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["application", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["application", "kind"], name="permits_review_one_per_kind"),
            models.CheckConstraint(condition=models.Q(kind__in=ReviewKind.values), name="permits_review_kind_valid"),
        ]
        indexes = [models.Index(fields=["queue", "status"], name="permits_review_queue_status")]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    def __str__(self) -> str:
        return f"{self.application.case.number} {self.get_kind_display()}"

    @property
    def is_open(self) -> bool:
        return self.status in (ReviewStatus.PENDING, ReviewStatus.IN_REVIEW)


class CorrectionRequest(models.Model):
    """The one combined request the employer receives: every point from both officers."""

    application = models.ForeignKey(PermitApplication, on_delete=models.CASCADE, related_name="corrections")
    round = models.PositiveSmallIntegerField()
    points = models.JSONField(default=list, help_text='[{"kind": "work_permit", "text": "..."}]')
    sent_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    response = models.TextField(_("response"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["application", "round"]
        constraints = [
            models.UniqueConstraint(fields=["application", "round"], name="permits_correction_one_per_round")
        ]
        verbose_name = _("correction request")
        verbose_name_plural = _("correction requests")

    def __str__(self) -> str:
        return f"{self.application.case.number} #{self.round}"
