"""Live Q&A: participants ask (typed or recorded) and upvote; facilitators answer, mark
answered, hide abuse; answered questions can be published to the knowledge base."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from onestop.cases.audit import audit_record
from onestop.core.errors import Conflict, ValidationFailed

from ..models import Enrolment, EnrolmentStatus, Question, QuestionStatus, QuestionVote, Session
from .common import require_moderator
from .uploads import check_voice

logger = logging.getLogger("onestop.training")

MAX_TEXT = 1000
MAX_QUESTIONS_PER_PERSON = 10

ERR_QA_CLOSED = _("Questions are not being taken for this session at the moment.")
ERR_VOTING_CLOSED = _("Questions and answers are closed for this session: upvotes are no longer taken.")
ERR_NOT_PARTICIPANT = _("Only confirmed participants of this program can ask and vote.")
ERR_EMPTY = _("Type a question or record one.")
ERR_TOO_LONG = _("A question may have at most %(max)d characters.")
ERR_TOO_MANY = _("You have asked %(max)d questions in this session already.")
ERR_OWN = _("You cannot upvote your own question.")
ERR_VOTED = _("You have already upvoted this question.")
ERR_HIDDEN = _("This question was hidden.")
ERR_ANSWER_EMPTY = _("Type an answer or record one.")
ERR_REASON = _("Please give the reason for hiding the question.")
ERR_NOT_HIDDEN = _("This question is not hidden.")
ERR_NOT_OVER = _("Answers can be published once the session is over.")


def _is_participant(*, session: Session, user: Any) -> bool:
    return Enrolment.objects.filter(
        program_id=session.program_id, participant=user, status=EnrolmentStatus.CONFIRMED
    ).exists()


def _save_audio(field, upload: Any, checked) -> None:
    field.save(f"{checked.sha256[:20]}{checked.extension}", upload, save=False)


def question_ask(*, session: Session, user: Any, text: str = "", audio: Any = None) -> Question:
    """Post a question to the session's board, as text, a voice recording, or both."""
    if not session.qa_open:
        raise Conflict("training.qa_closed", ERR_QA_CLOSED)
    if not _is_participant(session=session, user=user):
        raise Conflict("training.not_participant", ERR_NOT_PARTICIPANT)
    text = (text or "").strip()
    if not text and audio is None:
        raise ValidationFailed("training.question_empty", ERR_EMPTY, fields={"text": [ERR_EMPTY]})
    if len(text) > MAX_TEXT:
        message = ERR_TOO_LONG % {"max": MAX_TEXT}
        raise ValidationFailed("training.question_long", message, fields={"text": [message]})
    if Question.objects.filter(session=session, author=user).count() >= MAX_QUESTIONS_PER_PERSON:
        raise Conflict("training.too_many_questions", ERR_TOO_MANY % {"max": MAX_QUESTIONS_PER_PERSON})
    question = Question(session=session, author=user, text=text)
    if audio is not None:
        checked = check_voice(upload=audio)
        question.audio_type = checked.content_type
        _save_audio(question.audio, audio, checked)
    try:
        with transaction.atomic():
            question.save()
            audit_record(
                actor=user,
                action="training.question.asked",
                obj=question,
                new={"session": session.pk, "voice": bool(question.audio)},
            )
    except BaseException:
        if question.audio:
            question.audio.storage.delete(question.audio.name)
        raise
    return question


def question_upvote(*, question: Question, user: Any) -> Question:
    """One upvote per person and question, only while the session's Q&A is open; the count
    moves in the database, not in Python."""
    if not question.session.qa_open:
        raise Conflict("training.qa_closed", ERR_VOTING_CLOSED)
    if question.status == QuestionStatus.HIDDEN:
        raise Conflict("training.question_hidden", ERR_HIDDEN)
    if question.author_id == user.pk:
        raise Conflict("training.own_question", ERR_OWN)
    if not _is_participant(session=question.session, user=user):
        raise Conflict("training.not_participant", ERR_NOT_PARTICIPANT)
    try:
        with transaction.atomic():
            QuestionVote.objects.create(question=question, voter=user)
            # counted only if the Q&A is still open in the database (the session object in
            # hand may have been read before a moderator closed it); otherwise the vote is undone
            counted = Question.objects.filter(pk=question.pk, session__qa_open=True).update(upvotes=F("upvotes") + 1)
            if not counted:
                raise Conflict("training.qa_closed", ERR_VOTING_CLOSED)
    except IntegrityError:
        raise Conflict("training.already_voted", ERR_VOTED)
    question.refresh_from_db(fields=["upvotes"])
    return question


@dataclass(frozen=True)
class QuestionMove:
    """A declared change of a question's status on the board."""

    name: str
    source: tuple[str, ...]
    target: str | None  # None: decided by the question (restoring puts it back as it was)
    action: str  # the audit code, training.question.<action>


Q = QuestionStatus
QUESTION_MOVES: dict[str, QuestionMove] = {
    m.name: m
    for m in (
        # a second answer replaces the first
        QuestionMove("answer", (Q.OPEN, Q.ANSWERED), Q.ANSWERED, "answered"),
        QuestionMove("mark_answered", (Q.OPEN,), Q.ANSWERED, "marked_answered"),
        QuestionMove("hide", (Q.OPEN, Q.ANSWERED), Q.HIDDEN, "hidden"),
        QuestionMove("restore", (Q.HIDDEN,), None, "restored"),
    )
}


def _refuse(name: str) -> Conflict:
    """The error for a move whose source status does not match: every move but restoring
    starts from a visible question, restoring from a hidden one."""
    if name == "restore":
        return Conflict("training.not_hidden", ERR_NOT_HIDDEN)
    return Conflict("training.question_hidden", ERR_HIDDEN)


def _move_question(*, question: Question, name: str, by: Any, changes: dict[str, Any], data: dict | None = None):
    """Lock the question, check the move's source status, apply ``changes`` and the target
    status, and write the audit event ``training.question.<name>``. Returns the fresh row."""
    move = QUESTION_MOVES[name]
    with transaction.atomic():
        locked = Question.objects.select_for_update().get(pk=question.pk)
        if locked.status not in move.source:
            if name == "mark_answered" and locked.status == Q.ANSWERED:
                return locked  # answered meanwhile: nothing to do
            raise _refuse(name)
        old = locked.status
        target = move.target or (Q.ANSWERED if locked.answered_at else Q.OPEN)
        for field, value in changes.items():
            setattr(locked, field, value)
        locked.status = target
        locked.save(update_fields=["status", *changes.keys()])
        audit_record(
            actor=by,
            action=f"training.question.{move.action}",
            obj=locked,
            old={"status": old},
            new={"status": target, **({"voice": bool(locked.answer_audio)} if name == "answer" else {})},
            data=data,
        )
    return locked


def _sync(question: Question, fresh: Question) -> Question:
    for field in ("status", "answer_text", "answer_audio", "answer_audio_type", "answered_by_id", "answered_at"):
        setattr(question, field, getattr(fresh, field))
    for field in ("hidden_by_id", "hidden_reason"):
        setattr(question, field, getattr(fresh, field))
    return question


def question_answer(*, question: Question, by: Any, text: str = "", audio: Any = None) -> Question:
    """Answer by text, by voice, or both; the question is marked answered. Answering again
    replaces the written answer (and the recording, when a new one is sent)."""
    require_moderator(by, question.session.program)
    if question.status not in QUESTION_MOVES["answer"].source:
        raise _refuse("answer")
    text = (text or "").strip()
    if not text and audio is None:
        raise ValidationFailed("training.answer_empty", ERR_ANSWER_EMPTY, fields={"text": [ERR_ANSWER_EMPTY]})
    if len(text) > 4 * MAX_TEXT:
        message = ERR_TOO_LONG % {"max": 4 * MAX_TEXT}
        raise ValidationFailed("training.answer_long", message, fields={"text": [message]})
    changes: dict[str, Any] = {"answered_by": by, "answered_at": timezone.now()}
    if text:
        changes["answer_text"] = text
    stored = None
    if audio is not None:
        checked = check_voice(upload=audio)
        holder = Question(pk=question.pk)
        _save_audio(holder.answer_audio, audio, checked)
        stored = holder.answer_audio
        changes["answer_audio"] = holder.answer_audio.name
        changes["answer_audio_type"] = checked.content_type
    try:
        fresh = _move_question(question=question, name="answer", by=by, changes=changes)
    except BaseException:
        if stored:
            stored.storage.delete(stored.name)
        raise
    return _sync(question, fresh)


def question_mark_answered(*, question: Question, by: Any) -> Question:
    """The question was answered out loud in the class: mark it without a written answer.
    Marking a question that is already answered changes nothing."""
    require_moderator(by, question.session.program)
    fresh = _move_question(
        question=question, name="mark_answered", by=by, changes={"answered_by": by, "answered_at": timezone.now()}
    )
    return _sync(question, fresh)


def question_hide(*, question: Question, by: Any, reason: str) -> Question:
    """Take an abusive or off-topic question off the board (kept for the record)."""
    require_moderator(by, question.session.program)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed("training.reason_required", ERR_REASON, fields={"reason": [ERR_REASON]})
    fresh = _move_question(
        question=question,
        name="hide",
        by=by,
        changes={"hidden_by": by, "hidden_reason": reason[:300]},
        data={"reason": reason[:300]},
    )
    return _sync(question, fresh)


def question_restore(*, question: Question, by: Any) -> Question:
    """Put a question hidden by mistake back on the board (answered again if it had been)."""
    require_moderator(by, question.session.program)
    fresh = _move_question(question=question, name="restore", by=by, changes={"hidden_by": None, "hidden_reason": ""})
    return _sync(question, fresh)


def questions_for_publication(*, session: Session) -> list[dict[str, Any]]:
    """The answered questions with a written answer, as structured data (question, answer,
    votes, times); the author is not included."""
    rows = (
        Question.objects.filter(session=session, status=QuestionStatus.ANSWERED)
        .exclude(text="")
        .exclude(answer_text="")
        .order_by("-upvotes", "created_at")
    )
    return [
        {
            "id": q.pk,
            "question": q.text,
            "answer": q.answer_text,
            "upvotes": q.upvotes,
            "asked_at": q.created_at.isoformat(),
            "answered_at": q.answered_at.isoformat() if q.answered_at else None,
            "published_ref": q.published_ref,
        }
        for q in rows
    ]


def questions_publish(*, session: Session, by: Any, language: str = "zh-hans") -> dict[str, Any]:
    """Publish the session's answered questions as knowledge-base answers (one article per
    question, texts in ``language``). Questions published before are updated, not copied.
    Returns ``{"published": [...article slugs], "items": [...structured list]}``; when the
    knowledge app offers no ``article_save`` only the structured list is returned."""
    require_moderator(by, session.program)
    if timezone.now() < session.ends_at:
        raise Conflict("training.session_not_over", ERR_NOT_OVER)
    items = questions_for_publication(session=session)
    try:
        from onestop.knowledge.services import article_save
    except ImportError:  # the knowledge base is not installed: export only
        return {"published": [], "items": items}
    group = getattr(settings, "TRAINING_KNOWLEDGE_GROUP", "city")
    program = session.program
    published: list[str] = []
    for item in items:
        slug = item["published_ref"] or f"training-{slugify(program.code)[:40]}-q{item['id']}"
        title = item["question"] if len(item["question"]) <= 120 else item["question"][:117] + "…"
        with transaction.atomic():
            article_save(
                by=by,
                slug=slug,
                group=group,
                kind="answer",
                titles={language: title},
                bodies={language: f"{item['question']}\n\n{item['answer']}"},
                keywords=program.code,
            )
            Question.objects.filter(pk=item["id"]).update(published_ref=slug)
            audit_record(
                actor=by,
                action="training.question.published",
                object_type="training.question",
                object_id=str(item["id"]),
                new={"article": slug},
            )
        item["published_ref"] = slug
        published.append(slug)
    return {"published": published, "items": items}
