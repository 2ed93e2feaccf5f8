"""Live Q&A: questions (text or a short voice recording), upvotes and answers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .programs import Session


class QuestionStatus(models.TextChoices):
    OPEN = "open", _("Waiting for an answer")
    ANSWERED = "answered", _("Answered")
    HIDDEN = "hidden", _("Hidden")


class Question(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="questions")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("question"), blank=True)
    audio = models.FileField(upload_to="training/voice/%Y/%m/", max_length=255, blank=True)
    audio_type = models.CharField(max_length=40, blank=True)
    status = models.CharField(max_length=10, choices=QuestionStatus.choices, default=QuestionStatus.OPEN)
    upvotes = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    answer_text = models.TextField(_("answer"), blank=True)
    answer_audio = models.FileField(upload_to="training/voice/%Y/%m/", max_length=255, blank=True)
    answer_audio_type = models.CharField(max_length=40, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_reason = models.CharField(max_length=300, blank=True)
    # Set once the answered question is published elsewhere (knowledge article reference).
    published_ref = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-upvotes", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(text="") | ~Q(audio=""), name="training_question_has_content"),
        ]
        indexes = [models.Index(fields=["session", "status", "-upvotes"], name="training_question_board")]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return (self.text or "♪")[:60]


class QuestionVote(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["question", "voter"], name="training_vote_once")]

    def __str__(self) -> str:
        return f"{self.question_id}/{self.voter_id}"
