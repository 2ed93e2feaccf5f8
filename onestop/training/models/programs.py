"""Programs, their sessions (the timetable), materials and per-organization quotas."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from onestop.training.i18n import localized


class ProgramState(models.TextChoices):
    """States of a program's case (see ``onestop.training.workflow``)."""

    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for enrolment")
    CLOSED = "closed", _("Enrolment closed")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


VISIBLE_STATES = (ProgramState.OPEN, ProgramState.CLOSED, ProgramState.COMPLETED)


class Program(models.Model):
    """A training program: one or more sessions, one seat pool, one enrolment list.

    ``seats_taken`` counts the enrolments that hold a seat (pending approval, confirmed,
    offered to someone from the waitlist). It only moves through conditional updates in
    ``services.enrolment``; the check constraint is the last line of defence against
    overselling.
    """

    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="training_program")
    code = models.SlugField(_("code"), max_length=60, unique=True)
    names = models.JSONField(_("name per language"), default=dict)
    descriptions = models.JSONField(_("description per language"), default=dict, blank=True)
    organizer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="training_programs_organized"
    )
    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="training_programs"
    )
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="training_programs_facilitated"
    )
    capacity = models.PositiveIntegerField(_("seats"))
    seats_taken = models.PositiveIntegerField(default=0, editable=False)
    self_registration = models.BooleanField(_("participants may register themselves"), default=True)
    nomination = models.BooleanField(_("liaison officers may nominate"), default=True)
    requires_approval = models.BooleanField(_("enrolments need the organizer's approval"), default=False)
    waitlist_enabled = models.BooleanField(_("keep a waitlist when full"), default=True)
    offer_hours = models.PositiveSmallIntegerField(_("hours to accept a seat offered from the waitlist"), default=24)
    quota_only = models.BooleanField(_("only organizations with a quota may enrol"), default=False)
    certificate_min_attendance = models.PositiveSmallIntegerField(
        _("attendance needed for a certificate (percent of sessions)"), default=80
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(seats_taken__lte=F("capacity")), name="training_program_not_oversold"),
            models.CheckConstraint(
                condition=Q(certificate_min_attendance__lte=100), name="training_program_attendance_percent"
            ),
        ]
        verbose_name = _("training program")
        verbose_name_plural = _("training programs")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self.names, default=self.code)

    @property
    def description(self) -> str:
        return localized(self.descriptions)

    @property
    def state(self) -> str:
        return self.case.state

    @property
    def seats_left(self) -> int:
        return max(self.capacity - self.seats_taken, 0)


class Session(models.Model):
    """One slot of the timetable: a lecture, a site visit, a discussion or an online class."""

    class Kind(models.TextChoices):
        LECTURE = "lecture", _("Lecture")
        SITE_VISIT = "site_visit", _("Site visit")
        DISCUSSION = "discussion", _("Discussion")
        ONLINE_CLASS = "online_class", _("Online class")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    titles = models.JSONField(_("title per language"), default=dict)
    summaries = models.JSONField(_("summary per language"), default=dict, blank=True)
    instructors = models.CharField(_("instructors"), max_length=300, blank=True)
    venues = models.JSONField(_("venue per language"), default=dict, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    presence_capacity = models.PositiveIntegerField(_("people present at once (online class)"), null=True, blank=True)
    present_count = models.PositiveIntegerField(default=0, editable=False)
    qa_open = models.BooleanField(_("questions accepted"), default=False)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="training_session_ends_after_start"),
            models.CheckConstraint(
                condition=Q(presence_capacity__isnull=True) | Q(present_count__lte=F("presence_capacity")),
                name="training_session_presence_within_capacity",
            ),
        ]
        indexes = [models.Index(fields=["starts_at", "reminded_at"], name="training_session_reminder")]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localized(self.titles, default=self.get_kind_display())

    @property
    def summary(self) -> str:
        return localized(self.summaries)

    @property
    def venue(self) -> str:
        return localized(self.venues)

    @property
    def is_online(self) -> bool:
        return self.kind == self.Kind.ONLINE_CLASS


class Material(models.Model):
    """A handout for a program or one of its sessions: an uploaded file or a link."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="materials")
    session = models.ForeignKey(Session, null=True, blank=True, on_delete=models.CASCADE, related_name="materials")
    titles = models.JSONField(_("title per language"), default=dict)
    file = models.FileField(upload_to="training/materials/%Y/%m/", max_length=255, blank=True)
    url = models.URLField(_("link"), blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(url="")) | (~Q(file="") & Q(url="")),
                name="training_material_file_or_link",
            )
        ]
        verbose_name = pgettext_lazy("training course material", "material")
        verbose_name_plural = pgettext_lazy("training course material", "materials")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localized(self.titles, default=self.original_name or self.url)

    @property
    def is_link(self) -> bool:
        return bool(self.url)


class Quota(models.Model):
    """The most seats one organization and its sub-organizations may hold in the program.

    A quota is a ceiling, not a reservation: people of other organizations can still take
    the program's free seats. With the program's ``quota_only`` setting only organizations
    with a quota may enrol, and the quotas then divide the seats between them."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="quotas")
    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT, related_name="+")
    seats = models.PositiveIntegerField(_("seats"))
    seats_taken = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["organization__name"]
        constraints = [
            models.UniqueConstraint(fields=["program", "organization"], name="training_quota_unique"),
            models.CheckConstraint(condition=Q(seats_taken__lte=F("seats")), name="training_quota_not_exceeded"),
        ]
        verbose_name = _("organization quota")
        verbose_name_plural = _("organization quotas")

    def __str__(self) -> str:
        return f"{self.organization}: {self.seats_taken}/{self.seats}"
