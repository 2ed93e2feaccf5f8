"""The classroom: join and leave an online class, the live counter, the question board.

Every action is a plain form POST that redirects back (works without JavaScript). The page's
script (``training/live.js``) adds the live counter, the heartbeat, recording a voice
question with the browser's MediaRecorder, and refreshing the board; for its requests
(``X-Requested-With: fetch``) the same views answer with JSON.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from onestop.core.errors import DomainError, NotFound

from .. import selectors, services
from ..forms import AnswerForm, QuestionForm
from ..models import Attendance
from ..services.common import can_moderate


def _wants_json(request: HttpRequest) -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


def _room(request: HttpRequest, pk: int):
    try:
        return selectors.access_session_room(user=request.user, pk=pk)
    except NotFound:
        raise Http404


def _done(request: HttpRequest, session_id: int, message: Any = None, data: dict | None = None) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"ok": True, "message": str(message or ""), **(data or {})})
    if message:
        messages.success(request, message)
    return redirect("training:session-room", pk=session_id)


def _failed(request: HttpRequest, session_id: int, exc: DomainError) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"error": exc.as_dict()}, status=exc.status)
    messages.error(request, str(exc.message))
    return redirect("training:session-room", pk=session_id)


def _board_context(request: HttpRequest, session) -> dict:
    moderator = can_moderate(request.user, session.program)
    order = "new" if request.GET.get("order") == "new" else "top"
    return {
        "session": session,
        "program": session.program,
        "moderator": moderator,
        "order": order,
        "questions": selectors.question_board(session=session, user=request.user, moderator=moderator, order=order)[
            :200
        ],
        "answer_form": AnswerForm(),
    }


@require_GET
def room(request: HttpRequest, pk: int) -> HttpResponse:
    session = _room(request, pk)
    presence = None
    if session.is_online:
        presence = Attendance.objects.filter(session=session, participant=request.user, left_at__isnull=True).first()
    context = _board_context(request, session)
    context.update(
        {
            "presence": presence,
            "counter": selectors.session_counter(session_id=session.pk) if session.is_online else None,
            "question_form": QuestionForm(),
            "participant": selectors.is_confirmed(user=request.user, program=session.program),
            "class_over": timezone.now() >= session.ends_at,
        }
    )
    return render(request, "training/room.html", context)


@require_GET
def board(request: HttpRequest, pk: int) -> HttpResponse:
    """The question board alone, for the page's periodic refresh."""
    session = _room(request, pk)
    return render(request, "training/includes/board.html", _board_context(request, session))


@require_POST
def join(request: HttpRequest, pk: int) -> HttpResponse:
    session = _room(request, pk)
    try:
        services.session_join(session=session, user=request.user)
    except DomainError as exc:
        return _failed(request, session.pk, exc)
    return _done(request, session.pk, _("You are in the class."), selectors.session_counter(session_id=session.pk))


@require_POST
def leave(request: HttpRequest, pk: int) -> HttpResponse:
    session = _room(request, pk)
    services.session_leave(session=session, user=request.user)
    return _done(request, session.pk, _("You left the class."))


@require_POST
def heartbeat(request: HttpRequest, pk: int) -> HttpResponse:
    session = _room(request, pk)
    try:
        services.presence_heartbeat(session=session, user=request.user)
    except DomainError as exc:
        return _failed(request, session.pk, exc)
    return _done(request, session.pk, data=selectors.session_counter(session_id=session.pk))


@require_POST
def ask(request: HttpRequest, pk: int) -> HttpResponse:
    session = _room(request, pk)
    form = QuestionForm(request.POST, request.FILES)
    form.is_valid()
    try:
        services.question_ask(
            session=session,
            user=request.user,
            text=form.cleaned_data.get("text", ""),
            audio=request.FILES.get("audio"),
        )
    except DomainError as exc:
        return _failed(request, session.pk, exc)
    return _done(request, session.pk, _("Your question is on the board."))


def _question(request: HttpRequest, pk: int, *, moderate: bool = False):
    try:
        if moderate:
            return selectors.access_question_moderate(user=request.user, pk=pk)
        return selectors.access_question(user=request.user, pk=pk)
    except NotFound:
        raise Http404


@require_POST
def upvote(request: HttpRequest, pk: int) -> HttpResponse:
    question = _question(request, pk)
    try:
        question = services.question_upvote(question=question, user=request.user)
    except DomainError as exc:
        return _failed(request, question.session_id, exc)
    return _done(request, question.session_id, _("Upvoted."), {"upvotes": question.upvotes})


@require_GET
def question_audio(request: HttpRequest, pk: int, part: str) -> HttpResponse:
    try:
        question = selectors.access_question_audio(user=request.user, pk=pk, answer=part == "answer")
    except NotFound:
        raise Http404
    field, content_type = (
        (question.answer_audio, question.answer_audio_type)
        if part == "answer"
        else (question.audio, question.audio_type)
    )
    response = FileResponse(field.open("rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    question = _question(request, pk, moderate=True)
    form = AnswerForm(request.POST, request.FILES)
    form.is_valid()
    try:
        services.question_answer(
            question=question, by=request.user, text=form.cleaned_data.get("text", ""), audio=request.FILES.get("audio")
        )
    except DomainError as exc:
        return _failed(request, question.session_id, exc)
    return _done(request, question.session_id, _("Answered."))


@require_POST
def mark_answered(request: HttpRequest, pk: int) -> HttpResponse:
    question = _question(request, pk, moderate=True)
    try:
        services.question_mark_answered(question=question, by=request.user)
    except DomainError as exc:
        return _failed(request, question.session_id, exc)
    return _done(request, question.session_id, _("Marked as answered."))


@require_POST
def hide(request: HttpRequest, pk: int) -> HttpResponse:
    question = _question(request, pk, moderate=True)
    try:
        services.question_hide(question=question, by=request.user, reason=request.POST.get("reason", ""))
    except DomainError as exc:
        return _failed(request, question.session_id, exc)
    return _done(request, question.session_id, _("The question was hidden."))


@require_POST
def restore(request: HttpRequest, pk: int) -> HttpResponse:
    question = _question(request, pk, moderate=True)
    try:
        services.question_restore(question=question, by=request.user)
    except DomainError as exc:
        return _failed(request, question.session_id, exc)
    return _done(request, question.session_id, _("The question is back on the board."))


@require_POST
def qa_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        session = selectors.access_session_moderate(user=request.user, pk=pk)
    except NotFound:
        raise Http404
    open_ = request.POST.get("open") == "1"
    services.session_set_qa(session=session, by=request.user, open=open_)
    return _done(request, session.pk, _("Questions are open.") if open_ else _("Questions are closed."))
