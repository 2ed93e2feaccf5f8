"""Live Q&A: asking (text and voice), upvoting, answering, hiding, publishing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from onestop.core.errors import Conflict, NotFound, ValidationFailed
from onestop.training import selectors, services
from onestop.training.models import Question, QuestionVote, Session

from .conftest import OGG_BYTES, WEBM_BYTES, audio_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(make_program, enrolled):
    program = make_program(capacity=10)
    session = program.sessions.get(kind="online_class")
    services.session_set_qa(session=session, by=program.organizer, open=True)
    asker, _e = enrolled(program)
    voter, _e = enrolled(program)
    return program, session, asker, voter


def test_participant_asks_in_text(board):
    _program, session, asker, _voter = board
    question = services.question_ask(session=session, user=asker, text="  How long is a passport valid?  ")
    assert (question.text, question.status, question.upvotes) == ("How long is a passport valid?", "open", 0)


@pytest.mark.parametrize(
    ("data", "name", "ctype", "stored"),
    [
        (WEBM_BYTES, "voice.webm", "audio/webm;codecs=opus", "audio/webm"),
        (OGG_BYTES, "voice.ogg", "audio/ogg", "audio/ogg"),
        (b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 64, "voice.wav", "audio/wav", "audio/wav"),
    ],
)
def test_participant_asks_by_voice(board, data, name, ctype, stored):
    _program, session, asker, _voter = board
    question = services.question_ask(session=session, user=asker, audio=audio_upload(data, name, ctype))
    assert question.audio and question.audio_type == stored and question.text == ""


@pytest.mark.parametrize(
    ("data", "ctype"),
    [
        (b"%PDF-1.7 not audio", "audio/webm"),  # content is not audio, whatever the label says
        (WEBM_BYTES, "text/html"),  # a browser label that is not audio
        (b"", "audio/webm"),
    ],
)
def test_voice_that_is_not_audio_is_refused(board, data, ctype):
    _program, session, asker, _voter = board
    with pytest.raises(ValidationFailed) as exc:
        services.question_ask(session=session, user=asker, audio=audio_upload(data, "x.webm", ctype))
    assert "audio" in exc.value.fields
    assert not Question.objects.exists()


def test_voice_over_the_size_limit_is_refused(board, monkeypatch):
    from onestop.training.services import uploads

    monkeypatch.setattr(uploads, "VOICE_MAX_BYTES", 100)
    _program, session, asker, _voter = board
    with pytest.raises(ValidationFailed) as exc:
        services.question_ask(session=session, user=asker, audio=audio_upload())
    assert exc.value.code == "training.voice_too_big"


def test_empty_or_long_questions_are_refused(board):
    _program, session, asker, _voter = board
    with pytest.raises(ValidationFailed) as exc:
        services.question_ask(session=session, user=asker, text="   ")
    assert "text" in exc.value.fields
    with pytest.raises(ValidationFailed):
        services.question_ask(session=session, user=asker, text="x" * 1001)


def test_questions_only_while_the_board_is_open_and_only_from_participants(board, make_participant):
    program, session, asker, _voter = board
    with pytest.raises(Conflict):
        services.question_ask(session=session, user=make_participant(), text="Outsider")
    services.session_set_qa(session=session, by=program.organizer, open=False)
    session.refresh_from_db()
    with pytest.raises(Conflict) as exc:
        services.question_ask(session=session, user=asker, text="Too late")
    assert exc.value.code == "training.qa_closed"


def test_upvote_once_per_person_not_on_own_question(board):
    _program, session, asker, voter = board
    question = services.question_ask(session=session, user=asker, text="Q")
    assert services.question_upvote(question=question, user=voter).upvotes == 1
    with pytest.raises(Conflict) as exc:
        services.question_upvote(question=question, user=voter)
    assert exc.value.code == "training.already_voted"
    with pytest.raises(Conflict) as exc:
        services.question_upvote(question=question, user=asker)
    assert exc.value.code == "training.own_question"
    question.refresh_from_db()
    assert question.upvotes == 1


def test_upvotes_are_refused_once_the_questions_are_closed(board):
    program, session, asker, voter = board
    question = services.question_ask(session=session, user=asker, text="Is the handover online?")
    services.session_set_qa(session=session, by=program.organizer, open=False)
    question = Question.objects.select_related("session").get(pk=question.pk)
    with pytest.raises(Conflict) as exc:
        services.question_upvote(question=question, user=voter)
    assert exc.value.code == "training.qa_closed" and exc.value.status == 409
    assert "upvotes are no longer taken" in str(exc.value.message)
    # a question read while the board was still open: the vote is refused and undone
    question.session.qa_open = True
    with pytest.raises(Conflict) as exc:
        services.question_upvote(question=question, user=voter)
    assert exc.value.code == "training.qa_closed"
    question.refresh_from_db()
    assert question.upvotes == 0 and not QuestionVote.objects.exists()
    # open again, the same vote counts
    services.session_set_qa(session=session, by=program.organizer, open=True)
    question = Question.objects.select_related("session").get(pk=question.pk)
    assert services.question_upvote(question=question, user=voter).upvotes == 1


def test_pages_and_api_refuse_upvotes_on_a_closed_board(board, login, api):
    program, session, asker, voter = board
    question = services.question_ask(session=session, user=asker, text="Is the handover online?")
    services.session_set_qa(session=session, by=program.organizer, open=False)
    client = login(voter)
    assert "data-upvote" not in client.get(f"/training/sessions/{session.pk}/board/").content.decode()
    fetched = client.post(f"/training/questions/{question.pk}/upvote/", HTTP_X_REQUESTED_WITH="fetch")
    assert fetched.status_code == 409 and fetched.json()["error"]["code"] == "training.qa_closed"
    page = client.post(f"/training/questions/{question.pk}/upvote/", follow=True)
    assert "upvotes are no longer taken" in page.content.decode()
    answer = api(voter).post(f"/api/v1/training/questions/{question.pk}/upvote/")
    assert answer.status_code == 409 and answer.json()["error"]["code"] == "training.qa_closed"
    chinese = api(voter).post(f"/api/v1/training/questions/{question.pk}/upvote/?lang=zh-hans")
    assert chinese.status_code == 409 and "upvotes" not in chinese.json()["error"]["message"]
    question.refresh_from_db()
    assert question.upvotes == 0 and not QuestionVote.objects.exists()
    services.session_set_qa(session=session, by=program.organizer, open=True)
    assert "data-upvote" in client.get(f"/training/sessions/{session.pk}/board/").content.decode()


def test_board_orders_by_votes_and_marks_my_votes(board, enrolled):
    program, session, asker, voter = board
    low = services.question_ask(session=session, user=asker, text="low")
    high = services.question_ask(session=session, user=voter, text="high")
    third, _e = enrolled(program)
    services.question_upvote(question=high, user=third)
    rows = list(selectors.question_board(session=session, user=third, moderator=False))
    assert [q.pk for q in rows] == [high.pk, low.pk]
    assert [q.voted for q in rows] == [True, False]


def test_facilitator_answers_by_text_and_voice(board, facilitator):
    program, session, asker, _voter = board
    services.facilitators_set(program=program, users=[facilitator], by=program.organizer)
    question = services.question_ask(session=session, user=asker, text="Q")
    services.question_answer(question=question, by=facilitator, text="A", audio=audio_upload())
    question.refresh_from_db()
    assert (question.status, question.answer_text, question.answered_by) == ("answered", "A", facilitator)
    assert question.answer_audio_type == "audio/webm"


def test_facilitators_of_other_programs_cannot_answer(board, facilitator):
    _program, session, asker, _voter = board
    question = services.question_ask(session=session, user=asker, text="Q")
    with pytest.raises(NotFound):
        services.question_answer(question=question, by=facilitator, text="A")


def test_mark_answered_in_class_without_text(board):
    program, session, asker, _voter = board
    question = services.question_ask(session=session, user=asker, text="Q")
    services.question_mark_answered(question=question, by=program.organizer)
    question.refresh_from_db()
    assert question.status == "answered" and question.answer_text == ""


def test_hiding_needs_a_reason_and_takes_it_off_the_participants_board(board):
    program, session, asker, voter = board
    question = services.question_ask(session=session, user=asker, text="spam spam")
    with pytest.raises(ValidationFailed):
        services.question_hide(question=question, by=program.organizer, reason="")
    services.question_hide(question=question, by=program.organizer, reason="Advertising")
    assert not selectors.question_board(session=session, user=voter, moderator=False).exists()
    assert selectors.question_board(session=session, user=program.organizer, moderator=True).count() == 1
    with pytest.raises(NotFound):
        selectors.access_question(user=voter, pk=question.pk)
    question.refresh_from_db()
    with pytest.raises(Conflict):
        services.question_upvote(question=question, user=voter)
    services.question_restore(question=question, by=program.organizer)
    question.refresh_from_db()
    assert question.status == "open"


def test_publishing_waits_for_the_end_of_the_session(board):
    program, session, asker, _voter = board
    question = services.question_ask(session=session, user=asker, text="Q")
    services.question_answer(question=question, by=program.organizer, text="A")
    with pytest.raises(Conflict) as exc:
        services.questions_publish(session=session, by=program.organizer)
    assert exc.value.code == "training.session_not_over"


def test_answered_questions_become_knowledge_articles(board):
    program, session, asker, voter = board
    answered = services.question_ask(session=session, user=asker, text="Can a passport be handed over?")
    services.question_answer(question=answered, by=program.organizer, text="Yes, on job transfer.")
    voice_only = services.question_ask(session=session, user=voter, audio=audio_upload())
    services.question_answer(question=voice_only, by=program.organizer, text="Answered")
    services.question_ask(session=session, user=voter, text="Not answered")
    Session.objects.filter(pk=session.pk).update(
        ends_at=timezone.now() - timedelta(minutes=1), starts_at=timezone.now() - timedelta(hours=1)
    )
    session.refresh_from_db()

    items = services.questions_for_publication(session=session)
    assert [i["question"] for i in items] == ["Can a passport be handed over?"]
    assert "author" not in items[0]

    result = services.questions_publish(session=session, by=program.organizer, language="en")
    assert len(result["published"]) == 1
    from onestop.knowledge.models import Article

    article = Article.objects.get(slug=result["published"][0])
    assert article.kind == "answer"
    assert "job transfer" in article.bodies["en"]
    again = services.questions_publish(session=session, by=program.organizer, language="en")
    assert again["published"] == result["published"]
    assert Article.objects.filter(slug__startswith="training-").count() == 1


def _question_in(status: str, board) -> Question:
    program, session, asker, _voter = board
    question = services.question_ask(session=session, user=asker, text="Q")
    if status in ("answered", "hidden_after_answer"):
        services.question_answer(question=question, by=program.organizer, text="A")
    if status in ("hidden", "hidden_after_answer"):
        services.question_hide(question=question, by=program.organizer, reason="Off topic")
    question.refresh_from_db()
    return question


MOVES = {
    "answer": lambda q, by: services.question_answer(question=q, by=by, text="Another answer"),
    "mark_answered": lambda q, by: services.question_mark_answered(question=q, by=by),
    "hide": lambda q, by: services.question_hide(question=q, by=by, reason="Abuse"),
    "restore": lambda q, by: services.question_restore(question=q, by=by),
}


@pytest.mark.parametrize(
    ("start", "move", "expected"),
    [
        ("open", "answer", "answered"),
        ("open", "mark_answered", "answered"),
        ("open", "hide", "hidden"),
        ("open", "restore", "training.not_hidden"),
        ("answered", "answer", "answered"),
        ("answered", "mark_answered", "answered"),  # already answered: nothing changes
        ("answered", "hide", "hidden"),
        ("answered", "restore", "training.not_hidden"),
        ("hidden", "answer", "training.question_hidden"),
        ("hidden", "mark_answered", "training.question_hidden"),
        ("hidden", "hide", "training.question_hidden"),
        ("hidden", "restore", "open"),
        ("hidden_after_answer", "restore", "answered"),
    ],
)
def test_every_question_move_from_every_status(board, start, move, expected):
    """The declared moves of services.qa.QUESTION_MOVES, allowed and refused."""
    program = board[0]
    question = _question_in(start, board)
    before = question.status
    if expected.startswith("training."):
        with pytest.raises(Conflict) as exc:
            MOVES[move](question, program.organizer)
        assert exc.value.code == expected
        question.refresh_from_db()
        assert question.status == before
    else:
        MOVES[move](question, program.organizer)
        question.refresh_from_db()
        assert question.status == expected
    assert set(MOVES) == set(services.qa.QUESTION_MOVES)


def test_a_second_answer_replaces_the_first_and_keeps_the_voice(board):
    program, session, asker, _voter = board
    question = services.question_ask(session=session, user=asker, text="Q")
    services.question_answer(question=question, by=program.organizer, audio=audio_upload())
    services.question_answer(question=question, by=program.organizer, text="Written later")
    question.refresh_from_db()
    assert (question.status, question.answer_text, question.answer_audio_type) == (
        "answered",
        "Written later",
        "audio/webm",
    )
    assert question.answer_audio.storage.exists(question.answer_audio.name)
