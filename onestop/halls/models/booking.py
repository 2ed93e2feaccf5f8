"""Bookable slots and appointments."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .reference import Hall, Service


class Slot(models.Model):
    """A bookable interval for one service at one hall. ``booked`` is only ever changed by a
    conditional UPDATE in ``appointment_book``/``appointment_cancel``; the check constraint
    is the last line of defence against double booking."""

    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="slots")
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="slots")
    start = models.DateTimeField(_("start"), db_index=True)
    end = models.DateTimeField(_("end"))
    capacity = models.PositiveIntegerField(_("capacity"), default=0)
    booked = models.PositiveIntegerField(_("booked"), default=0)

    class Meta:
        ordering = ["start", "hall"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(booked__lte=models.F("capacity")), name="halls_slot_not_overbooked"
            ),
            models.CheckConstraint(condition=models.Q(booked__gte=0), name="halls_slot_booked_non_negative"),
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="halls_slot_order"),
            models.UniqueConstraint(fields=["hall", "service", "start"], name="halls_slot_unique"),
        ]
        indexes = [models.Index(fields=["service", "start"], name="halls_slot_service_start")]
        verbose_name = _("slot")
        verbose_name_plural = _("slots")

    def __str__(self) -> str:
        return f"{self.hall_id}/{self.service_id} {self.start:%Y-%m-%d %H:%M}"

    @property
    def free(self) -> int:
        return max(self.capacity - self.booked, 0)


class AppointmentStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    CANCELLED = "cancelled", _("Cancelled")
    CHECKED_IN = "checked_in", _("Checked in")
    NO_SHOW = "no_show", _("Did not come")
    COMPLETED = "completed", _("Completed")


class Channel(models.TextChoices):
    WEB = "web", _("Web")
    API = "api", _("API")
    KIOSK = "kiosk", _("Kiosk")
    PHONE = "phone", _("Phone")
    CASE = "case", _("From a case")
    COUNTER = "counter", _("At a counter")


class Appointment(models.Model):
    code = models.CharField(_("booking code"), max_length=12, unique=True, editable=False)
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hall_appointments",
        help_text=_("Who booked (and receives reminders)."),
    )
    person = models.ForeignKey(
        "dossier.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hall_appointments",
        help_text=_("Who comes, when booked for someone else."),
    )
    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="appointments")
    hall = models.ForeignKey(Hall, on_delete=models.PROTECT, related_name="appointments")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="appointments")
    start = models.DateTimeField(_("start"), db_index=True)
    end = models.DateTimeField(_("end"))
    # Written only by the services in onestop.halls.services.booking, along APPOINTMENT_TRANSITIONS.
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=AppointmentStatus.choices,
        default=AppointmentStatus.BOOKED,
        db_index=True,
        editable=False,
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.WEB)
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="hall_appointments"
    )
    rescheduled_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="rescheduled_to"
    )
    booked_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["start"]
        indexes = [
            models.Index(fields=["user", "status"], name="halls_appt_user_status"),
            models.Index(fields=["person", "status"], name="halls_appt_person_status"),
            models.Index(fields=["status", "start"], name="halls_appt_status_start"),
        ]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")

    def __str__(self) -> str:
        return self.code

    @property
    def is_active(self) -> bool:
        return self.status == AppointmentStatus.BOOKED
