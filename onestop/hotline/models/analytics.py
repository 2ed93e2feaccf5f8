"""The trained router and early-warning alerts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .catalogue import Category, District
from .requests import HotlineRequest


class RouterModel(models.Model):
    """A trained router. The fitted pipeline is stored in the database (joblib bytes), so
    every web and worker process on every machine loads the same active model."""

    created_at = models.DateTimeField(auto_now_add=True)
    source = models.CharField(max_length=255, blank=True)
    n = models.PositiveIntegerField()
    labels = models.JSONField(default=list)
    metrics = models.JSONField(default=dict, blank=True)
    blob = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    is_active = models.BooleanField(default=False, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("router model")
        verbose_name_plural = _("router models")
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"], condition=models.Q(is_active=True), name="hotline_one_active_router"
            )
        ]

    def __str__(self) -> str:
        return f"router {self.pk} ({self.n} examples, {len(self.labels)} labels)"


class HotspotAlert(models.Model):
    """An early warning: an unusual number of requests about one category in one district
    on one day, or a cluster of near-identical texts."""

    class Kind(models.TextChoices):
        VOLUME = "volume", _("Unusual volume")
        DUPLICATES = "duplicates", _("Near-identical requests")

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("hotspot alert status", "Open")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        CLOSED = "closed", pgettext_lazy("hotspot alert status", "Closed")

    kind = models.CharField(max_length=12, choices=Kind.choices)
    day = models.DateField(db_index=True)
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    district = models.ForeignKey(District, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    department = models.ForeignKey(
        "accounts.Organization", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    count = models.PositiveIntegerField()
    baseline = models.FloatField(default=0)
    p_value = models.FloatField(null=True, blank=True)
    signature = models.CharField(max_length=64)
    requests = models.ManyToManyField(HotlineRequest, related_name="alerts")
    status = models.CharField(max_length=14, choices=Status.choices, default=Status.OPEN, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-day", "-count"]
        constraints = [models.UniqueConstraint(fields=["kind", "day", "signature"], name="hotline_alert_unique")]

    def __str__(self) -> str:
        return f"{self.kind} {self.day} ({self.count})"
