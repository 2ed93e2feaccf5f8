"""Enrolments (with the waitlist) and attendance."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .programs import Program, Quota, Session

CHECKIN_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_checkin_code() -> str:
    """Ten characters without look-alikes (0/O, 1/I), easy to type at the door."""
    return "".join(secrets.choice(CHECKIN_ALPHABET) for _i in range(10))


class EnrolmentStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waitlist")
    OFFERED = "offered", _("Seat offered")
    CANCELLED = "cancelled", pgettext_lazy("training registration state", "Cancelled")
    REJECTED = "rejected", _("Not approved")
    EXPIRED = "expired", _("Offer expired")


# Statuses that occupy one of the program's seats.
SEAT_HOLDING = (EnrolmentStatus.PENDING, EnrolmentStatus.CONFIRMED, EnrolmentStatus.OFFERED)
# Statuses in which a person is still "in" the program (at most one such row per person).
ACTIVE = (*SEAT_HOLDING, EnrolmentStatus.WAITLISTED)


class Enrolment(models.Model):
    """One person's place in a program. Status changes only through the declared moves in
    ``services.enrolment`` (see ``ENROLMENT_MOVES``)."""

    class Source(models.TextChoices):
        SELF = "self", _("Self-registration")
        NOMINATION = "nomination", _("Nominated by a liaison officer")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="enrolments")
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="training_enrolments"
    )
    organization = models.ForeignKey(
        "accounts.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    quota = models.ForeignKey(Quota, null=True, blank=True, on_delete=models.SET_NULL, related_name="enrolments")
    status = models.CharField(_("status"), max_length=12, choices=EnrolmentStatus.choices, db_index=True)
    source = models.CharField(
        pgettext_lazy("training application channel", "source"),
        max_length=12,
        choices=Source.choices,
        default=Source.SELF,
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checkin_code = models.CharField(max_length=12, unique=True, default=new_checkin_code, editable=False)
    note = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    offer_expires_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "participant"],
                condition=Q(status__in=[s.value for s in ACTIVE]),
                name="training_enrolment_one_active",
            )
        ]
        indexes = [models.Index(fields=["program", "status", "created_at"], name="training_enrolment_queue")]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")

    def __str__(self) -> str:
        return f"{self.program_id}/{self.participant_id}: {self.status}"

    @property
    def holds_seat(self) -> bool:
        return self.status in SEAT_HOLDING

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE


class Attendance(models.Model):
    """Someone present at a session: an online join (with leave time) or a check-in at the
    door. At most one open row per person and session."""

    class Method(models.TextChoices):
        ONLINE = "online", _("Joined online")
        QR = "qr", _("Checked in by QR code")
        MANUAL = "manual", _("Checked in by the organizer")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendances")
    participant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    method = models.CharField(max_length=8, choices=Method.choices)
    joined_at = models.DateTimeField()
    last_seen_at = models.DateTimeField()
    left_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "participant"],
                condition=Q(left_at__isnull=True),
                name="training_attendance_one_open",
            ),
            models.CheckConstraint(
                condition=Q(left_at__isnull=True) | Q(left_at__gte=models.F("joined_at")),
                name="training_attendance_leave_after_join",
            ),
        ]
        indexes = [models.Index(fields=["session", "left_at", "last_seen_at"], name="training_attendance_open")]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")

    def __str__(self) -> str:
        return f"{self.session_id}/{self.participant_id} {self.method}"
