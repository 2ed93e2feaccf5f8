"""Surveys after a session, and certificates."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from onestop.training.i18n import localized

from .enrolment import Enrolment
from .programs import Session


class Survey(models.Model):
    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="survey")
    titles = models.JSONField(_("title per language"), default=dict, blank=True)
    is_open = models.BooleanField(_("accepting answers"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localized(self.titles, default=str(self.session))


class SurveyQuestion(models.Model):
    class Kind(models.TextChoices):
        RATING = "rating", _("Rating from 1 to 5")
        CHOICE = "choice", _("One choice from a list")
        TEXT = "text", _("Free text")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    prompts = models.JSONField(_("question per language"), default=dict)
    # For "choice": a list of {language code: text}, one per option.
    choices = models.JSONField(_("options"), default=list, blank=True)
    required = models.BooleanField(_("required"), default=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")

    def __str__(self) -> str:
        return self.prompt

    @property
    def prompt(self) -> str:
        return localized(self.prompts, default=self.get_kind_display())

    def option_labels(self) -> list[str]:
        return [localized(option, default=str(i + 1)) for i, option in enumerate(self.choices or [])]


class SurveyResponse(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    respondent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["survey", "respondent"], name="training_survey_once")]

    def __str__(self) -> str:
        return f"{self.survey_id}/{self.respondent_id}"


class SurveyAnswer(models.Model):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="answers")
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    choice = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="training_answer_once"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5), name="training_answer_rating_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.response_id}/{self.question_id}"


class Certificate(models.Model):
    """A participant's certificate of completion: a signed PDF issued by the documents app.

    Requested in the organizer's transaction, issued by a background job; ``document_code``
    is the issued document's public verification code."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Being issued")
        ISSUED = "issued", _("Issued")
        FAILED = "failed", _("Issuing failed")

    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="certificate")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUESTED)
    request_key = models.CharField(max_length=100, unique=True)
    document_code = models.CharField(max_length=32, blank=True)
    attendance_percent = models.PositiveSmallIntegerField(default=0)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    issued_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self) -> str:
        return self.document_code or self.request_key
