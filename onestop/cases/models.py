"""The shared case kernel.

Every workflow in OneStop (trip, passport application, visa, permit, hotline request...) is a
``Case`` row plus the app's own detail row pointing at it. The kernel owns numbering, the
state (changed only through declared transitions, see ``workflow.py``), the SLA clock, the
timeline the applicant sees, the append-only audit chain, assignment, in-person visits and
the service rating.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseSequence(models.Model):
    """Per prefix and year counter behind case numbers (``TRP-2026-000123``)."""

    prefix = models.CharField(max_length=8)
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["prefix", "year"], name="cases_sequence_unique")]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last}"


class SlaUnit(models.TextChoices):
    WORKING_DAYS = "working_days", _("working days")
    HOURS = "hours", _("hours")


class Case(models.Model):
    number = models.CharField(_("case number"), max_length=32, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=32, db_index=True, editable=False)
    # Written only by onestop.cases.services.case_transition (see Case.save).
    state = models.CharField(_("state"), max_length=32, db_index=True, editable=False)
    title = models.CharField(_("title"), max_length=300, blank=True)
    organization = models.ForeignKey(
        "accounts.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="cases_filed"
    )
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    queue = models.CharField(_("work queue"), max_length=32, blank=True, db_index=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="cases_assigned"
    )
    is_open = models.BooleanField(default=True, db_index=True)

    sla_unit = models.CharField(max_length=16, choices=SlaUnit.choices, blank=True)
    sla_budget = models.PositiveIntegerField(null=True, blank=True)
    sla_started_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(_("due"), null=True, blank=True, db_index=True)
    paused_at = models.DateTimeField(null=True, blank=True)
    warned_at = models.DateTimeField(null=True, blank=True)
    breached_at = models.DateTimeField(null=True, blank=True)
    # Set when a transition stops the clock (the service was delivered) while the case stays
    # open for later steps: the deadline is kept for reporting but no longer warned or breached.
    clock_stopped_at = models.DateTimeField(null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["queue", "is_open", "due_at"], name="cases_queue_due"),
            models.Index(fields=["organization", "kind", "-created_at"], name="cases_org_kind_created"),
        ]
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self) -> str:
        return self.number

    def save(self, *args, **kwargs):
        loaded = getattr(self, "_loaded_state", None)
        if self.pk and loaded is not None and self.state != loaded and not getattr(self, "_in_transition", False):
            raise ImproperlyConfigured("Case.state changes only through onestop.cases.services.case_transition")
        super().save(*args, **kwargs)
        self._loaded_state = self.state

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_state = instance.__dict__.get("state")
        return instance

    @property
    def workflow(self):
        from .workflow import get_workflow

        return get_workflow(self.kind)

    @property
    def state_label(self) -> str:
        return self.workflow.state_label(self.state)

    @property
    def tells_organization(self) -> bool:
        """Whether the liaison officers of the case's organization hear of its moves (not
        where the organization is the one handling the case, as in the hotline)."""
        return bool(self.organization_id) and self.workflow.notify_organization

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None


class TimelineEntry(models.Model):
    """One line of the progress timeline. The text is looked up by ``code`` when shown, so
    each reader sees it in their own language; ``note`` is free text typed by staff."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="timeline")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    code = models.CharField(max_length=80)
    params = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True)
    public = models.BooleanField(default=True, help_text="shown to the applicant")

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.code}"


class AuditEvent(models.Model):
    """Append-only, hash-chained audit trail. Never updated or deleted; ``audit_verify``
    recomputes the chain and names the first row that does not match."""

    seq = models.PositiveBigIntegerField(unique=True)
    at = models.DateTimeField(db_index=True)
    actor_id = models.BigIntegerField(null=True, blank=True)
    actor_label = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=100, db_index=True)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    old = models.JSONField(null=True, blank=True)
    new = models.JSONField(null=True, blank=True)
    data = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImproperlyConfigured("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImproperlyConfigured("audit events are append-only")


class AuditHead(models.Model):
    """Single row holding the chain's tip; locked while an event is appended."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"audit head #{self.seq}"


class CaseVisit(models.Model):
    """An in-person visit the applicant had to make for this case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="visits")
    at = models.DateTimeField()
    purpose = models.CharField(max_length=80)
    place = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.purpose}"


class CaseRating(models.Model):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="rating")
    score = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=5), name="cases_rating_score_1_5")
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.score}"
