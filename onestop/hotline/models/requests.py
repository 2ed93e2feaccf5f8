"""A request and what happens to it: routing, replies, feedback, return visits."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .catalogue import Category, Channel, District, RequestType


class HotlineRequest(models.Model):
    """The hotline's detail row for a kernel case of kind "hotline"."""

    class Satisfaction(models.TextChoices):
        SATISFIED = "satisfied", _("Satisfied")
        BASIC = "basic", _("Basically satisfied")
        UNSATISFIED = "unsatisfied", _("Unsatisfied")

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="hotline_request")
    request_type = models.CharField(_("type"), max_length=16, choices=RequestType.choices, db_index=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.PROTECT, related_name="requests", verbose_name=_("category")
    )
    district = models.ForeignKey(
        District, null=True, blank=True, on_delete=models.PROTECT, related_name="requests", verbose_name=_("district")
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    description = models.TextField(_("description"))
    language = models.CharField(_("language of the text"), max_length=10, blank=True)
    language_confidence = models.FloatField(null=True, blank=True)
    reply_language = models.CharField(_("language for replies"), max_length=10, blank=True)
    translation = models.TextField(_("machine translation"), blank=True)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    contact_name = models.CharField(_("name"), max_length=200, blank=True)
    contact_phone = models.CharField(_("phone"), max_length=32, blank=True)
    phone_digits = models.CharField(max_length=32, blank=True, db_index=True, editable=False)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    department = models.ForeignKey(
        "accounts.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("department"),
    )
    routed_by = models.CharField(max_length=16, blank=True)
    route_confidence = models.FloatField(null=True, blank=True)
    suggested_category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    returned_count = models.PositiveSmallIntegerField(default=0)
    reopened_count = models.PositiveSmallIntegerField(default=0)
    contact_due_at = models.DateTimeField(null=True, blank=True)
    contacted_at = models.DateTimeField(null=True, blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    contact_alerted_at = models.DateTimeField(null=True, blank=True)
    satisfaction = models.CharField(_("satisfaction"), max_length=12, choices=Satisfaction.choices, blank=True)
    resolved = models.BooleanField(_("resolved"), null=True, blank=True)
    tracking_code = models.CharField(max_length=40, unique=True, editable=False)
    open311_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    api_key = models.ForeignKey("hotline.ApiKey", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    external_account = models.CharField(max_length=100, blank=True)
    media_url = models.URLField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("hotline request")
        verbose_name_plural = _("hotline requests")
        indexes = [
            models.Index(fields=["category", "district", "created_at"], name="hotline_req_cat_dist_day"),
            models.Index(fields=["department", "created_at"], name="hotline_req_dept_created"),
        ]

    def __str__(self) -> str:
        return self.case.number

    @property
    def number(self) -> str:
        return self.case.number


class Attachment(models.Model):
    request = models.ForeignKey(HotlineRequest, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="hotline/%Y/%m/", max_length=255)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.original_name or self.file.name


class RoutingEvent(models.Model):
    """Every decision about where a request goes: the first routing, each return by a
    department, each re-dispatch. Re-dispatches are the router's next training data."""

    class Kind(models.TextChoices):
        CATALOGUE = "catalogue", _("Dispatch catalogue")
        ROUTER = "router", _("Automatic router")
        QUEUED = "queued", _("Sent to a dispatcher")
        DISPATCHED = "dispatched", _("Dispatched by hand")
        RETURNED = "returned", _("Returned by the department")
        REDISPATCHED = "redispatched", _("Re-dispatched")

    request = models.ForeignKey(HotlineRequest, on_delete=models.CASCADE, related_name="routing_events")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    department = models.ForeignKey(
        "accounts.Organization", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    previous_category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    previous_department = models.ForeignKey(
        "accounts.Organization", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confidence = models.FloatField(null=True, blank=True)
    reason = models.TextField(blank=True)  # written by a person (a return, a dispatch note)
    reason_code = models.CharField(max_length=20, blank=True)  # an automatic decision's reason
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d %H:%M}"

    @property
    def reason_text(self) -> str:
        """The reason in the reader's language: a person's words as written, an automatic
        decision's reason put into words now."""
        if self.reason or not self.reason_code:
            return self.reason
        from ..services.routing import routing_reason

        return routing_reason(code=self.reason_code, confidence=self.confidence)


class Reply(models.Model):
    class Kind(models.TextChoices):
        REPLY = "reply", _("Reply to the citizen")
        CONTACT = "contact", _("Contact with the citizen")
        NOTE = "note", _("Internal note")

    request = models.ForeignKey(HotlineRequest, on_delete=models.CASCADE, related_name="replies")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    body = models.TextField()
    language = models.CharField(max_length=10, blank=True)
    article_slug = models.SlugField(max_length=80, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    department = models.ForeignKey(
        "accounts.Organization", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d %H:%M}"


class Feedback(models.Model):
    """The citizen's judgement of an answer. Each round (reply → feedback) keeps its row;
    the request carries the latest values."""

    class Source(models.TextChoices):
        WEB = "web", _("Online")
        PHONE = "phone", _("By phone")
        RETURN_VISIT = "return_visit", _("Return visit")

    request = models.ForeignKey(HotlineRequest, on_delete=models.CASCADE, related_name="feedback")
    round = models.PositiveSmallIntegerField()
    satisfaction = models.CharField(max_length=12, choices=HotlineRequest.Satisfaction.choices)
    resolved = models.BooleanField()
    comment = models.TextField(blank=True)
    source = models.CharField(max_length=16, choices=Source.choices)
    department = models.ForeignKey(
        "accounts.Organization", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [models.UniqueConstraint(fields=["request", "round"], name="hotline_feedback_round_unique")]

    def __str__(self) -> str:
        return f"{self.satisfaction} (round {self.round})"


class ReturnVisit(models.Model):
    """A call back to the citizen after a reply (回访), done by a hotline agent."""

    class Status(models.TextChoices):
        OPEN = "open", _("To do")
        DONE = "done", pgettext_lazy("return visit status", "Done")
        UNREACHABLE = "unreachable", _("Could not reach the citizen")
        NOT_NEEDED = "not_needed", _("Not needed: the citizen rated online")

    request = models.ForeignKey(HotlineRequest, on_delete=models.CASCADE, related_name="return_visits")
    round = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN, db_index=True)
    due_at = models.DateTimeField(db_index=True)
    note = models.TextField(blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["request", "round"], name="hotline_visit_round_unique")]

    def __str__(self) -> str:
        return f"return visit {self.round}: {self.status}"
