"""Surveys after a session: ratings 1-5, one choice from a list, free text."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onestop.cases.audit import audit_record
from onestop.core.errors import Conflict, ValidationFailed

from ..i18n import clean_names
from ..models import Enrolment, EnrolmentStatus, Session, Survey, SurveyAnswer, SurveyQuestion, SurveyResponse
from .common import require_manager

MAX_TEXT = 2000

ERR_NO_QUESTIONS = _("A survey needs at least one question.")
ERR_PROMPT = _("Question %(n)d needs its text in at least one language.")
ERR_KIND = _("Question %(n)d has an unknown kind.")
ERR_CHOICES = _("Question %(n)d needs at least two options.")
ERR_HAS_RESPONSES = _("People have already answered this survey; its questions can no longer change.")
ERR_CLOSED = _("This survey is not taking answers.")
ERR_NOT_YET = _("The survey opens when the session starts.")
ERR_NOT_PARTICIPANT = _("Only confirmed participants of this program can answer.")
ERR_TWICE = _("You have already answered this survey.")
ERR_REQUIRED = _("This question needs an answer.")
ERR_RATING = _("Choose a rating from 1 to 5.")
ERR_CHOICE = _("Choose one of the options.")
ERR_TEXT_LONG = _("At most %(max)d characters.")


def survey_save(*, session: Session, by: Any, questions: list[dict], titles: dict | None = None) -> Survey:
    """Create or replace the session's survey. ``questions``: dicts with ``kind`` (rating,
    choice, text), ``prompts`` ({lang: text}), ``choices`` (list of {lang: text}) and
    ``required``. Questions cannot change once someone has answered."""
    require_manager(by, session.program)
    if not questions:
        raise ValidationFailed("training.survey_empty", ERR_NO_QUESTIONS, fields={"questions": [ERR_NO_QUESTIONS]})
    cleaned: list[dict] = []
    for n, raw in enumerate(questions, start=1):
        kind = raw.get("kind")
        if kind not in SurveyQuestion.Kind.values:
            raise ValidationFailed(
                "training.survey_kind", ERR_KIND % {"n": n}, fields={"questions": [ERR_KIND % {"n": n}]}
            )
        prompts = clean_names(raw.get("prompts"))
        if not prompts:
            raise ValidationFailed(
                "training.survey_prompt", ERR_PROMPT % {"n": n}, fields={"questions": [ERR_PROMPT % {"n": n}]}
            )
        choices = [clean_names(c) for c in (raw.get("choices") or [])]
        choices = [c for c in choices if c]
        if kind == SurveyQuestion.Kind.CHOICE and len(choices) < 2:
            raise ValidationFailed(
                "training.survey_choices", ERR_CHOICES % {"n": n}, fields={"questions": [ERR_CHOICES % {"n": n}]}
            )
        cleaned.append(
            {
                "kind": kind,
                "prompts": prompts,
                "choices": choices if kind == "choice" else [],
                "required": bool(raw.get("required", True)),
                "position": n,
            }
        )
    with transaction.atomic():
        survey, created = Survey.objects.select_for_update().get_or_create(
            session=session, defaults={"titles": clean_names(titles)}
        )
        if not created:
            if survey.responses.exists():
                raise Conflict("training.survey_answered", ERR_HAS_RESPONSES)
            survey.titles = clean_names(titles) or survey.titles
            survey.save(update_fields=["titles"])
            survey.questions.all().delete()
        SurveyQuestion.objects.bulk_create([SurveyQuestion(survey=survey, **q) for q in cleaned])
        audit_record(actor=by, action="training.survey.saved", obj=survey, new={"questions": len(cleaned)})
    return survey


def survey_set_open(*, survey: Survey, by: Any, open: bool) -> Survey:
    require_manager(by, survey.session.program)
    with transaction.atomic():
        Survey.objects.filter(pk=survey.pk).update(is_open=open)
        audit_record(actor=by, action="training.survey.opened" if open else "training.survey.closed", obj=survey)
    survey.is_open = open
    return survey


def _field(question: SurveyQuestion) -> str:
    return f"q{question.pk}"


def survey_submit(*, survey: Survey, user: Any, answers: dict[str, Any]) -> SurveyResponse:
    """Record one person's answers. ``answers`` maps ``"q<question id>"`` to a rating (1-5),
    an option index (from 0) or a text. Every problem is reported under its question's key."""
    session = survey.session
    if not survey.is_open:
        raise Conflict("training.survey_closed", ERR_CLOSED)
    if timezone.now() < session.starts_at:
        raise Conflict("training.survey_not_yet", ERR_NOT_YET)
    if not Enrolment.objects.filter(
        program_id=session.program_id, participant=user, status=EnrolmentStatus.CONFIRMED
    ).exists():
        raise Conflict("training.not_participant", ERR_NOT_PARTICIPANT)
    errors: dict[str, list[Any]] = {}
    rows: list[SurveyAnswer] = []
    for question in survey.questions.all():
        key = _field(question)
        raw = answers.get(key)
        raw = raw.strip() if isinstance(raw, str) else raw
        if raw in (None, ""):
            if question.required:
                errors[key] = [ERR_REQUIRED]
            continue
        row = SurveyAnswer(question=question)
        if question.kind == SurveyQuestion.Kind.RATING:
            try:
                value = int(raw)
            except (TypeError, ValueError):
                value = 0
            if not 1 <= value <= 5:
                errors[key] = [ERR_RATING]
                continue
            row.rating = value
        elif question.kind == SurveyQuestion.Kind.CHOICE:
            try:
                value = int(raw)
            except (TypeError, ValueError):
                value = -1
            if not 0 <= value < len(question.choices):
                errors[key] = [ERR_CHOICE]
                continue
            row.choice = value
        else:
            if len(str(raw)) > MAX_TEXT:
                errors[key] = [ERR_TEXT_LONG % {"max": MAX_TEXT}]
                continue
            row.text = str(raw)
        rows.append(row)
    if errors:
        raise ValidationFailed("training.survey_invalid", _("Some answers need attention."), fields=errors)
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(survey=survey, respondent=user)
            for row in rows:
                row.response = response
            SurveyAnswer.objects.bulk_create(rows)
    except IntegrityError:
        raise Conflict("training.survey_twice", ERR_TWICE)
    return response
