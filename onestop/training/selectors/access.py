"""Fetch-and-authorize in one call. Each raises ``NotFound`` for a missing object and for one
the caller may not see, so the two cannot be told apart."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from onestop.accounts.roles import Role
from onestop.core.errors import NotFound

from ..models import (
    VISIBLE_STATES,
    Certificate,
    Enrolment,
    EnrolmentStatus,
    Material,
    Program,
    Question,
    QuestionStatus,
    Quota,
    Session,
    Survey,
)
from ..services.common import can_manage, can_moderate, in_subtree


def _missing() -> NotFound:
    return NotFound("training.not_found")


def _programs() -> QuerySet[Program]:
    return Program.objects.select_related("case", "organization", "organizer")


def is_confirmed(*, user: Any, program: Program) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Enrolment.objects.filter(program=program, participant=user, status=EnrolmentStatus.CONFIRMED).exists()


def access_program(*, user: Any, pk: int) -> Program:
    """A published program (anyone), or any program its managers and facilitators see."""
    program = _programs().filter(pk=pk).first()
    if program is None:
        raise _missing()
    if program.case.state in VISIBLE_STATES or can_moderate(user, program):
        return program
    raise _missing()


def access_program_manage(*, user: Any, pk: int) -> Program:
    program = _programs().filter(pk=pk).first()
    if program is None or not can_manage(user, program):
        raise _missing()
    return program


def access_program_moderate(*, user: Any, pk: int) -> Program:
    program = _programs().filter(pk=pk).first()
    if program is None or not can_moderate(user, program):
        raise _missing()
    return program


def access_program_liaison(*, user: Any, pk: int) -> Program:
    """A published program a liaison officer may nominate to."""
    program = _programs().filter(pk=pk).first()
    if program is None or program.case.state not in VISIBLE_STATES or Role.LIAISON not in user.role_names:
        raise _missing()
    return program


def _sessions() -> QuerySet[Session]:
    return Session.objects.select_related("program__case", "program__organization")


def access_session(*, user: Any, pk: int) -> Session:
    """A session of a program the caller can see."""
    session = _sessions().filter(pk=pk).first()
    if session is None:
        raise _missing()
    if session.program.case.state in VISIBLE_STATES or can_moderate(user, session.program):
        return session
    raise _missing()


def access_session_room(*, user: Any, pk: int) -> Session:
    """The classroom and its question board: confirmed participants and moderators."""
    session = _sessions().filter(pk=pk).first()
    if session is None:
        raise _missing()
    if can_moderate(user, session.program):
        return session
    if session.program.case.state in VISIBLE_STATES and is_confirmed(user=user, program=session.program):
        return session
    raise _missing()


def access_session_moderate(*, user: Any, pk: int) -> Session:
    session = _sessions().filter(pk=pk).first()
    if session is None or not can_moderate(user, session.program):
        raise _missing()
    return session


def access_session_manage(*, user: Any, pk: int) -> Session:
    session = _sessions().filter(pk=pk).first()
    if session is None or not can_manage(user, session.program):
        raise _missing()
    return session


def access_enrolment_own(*, user: Any, pk: int) -> Enrolment:
    enrolment = Enrolment.objects.select_related("program__case").filter(pk=pk, participant_id=user.pk).first()
    if enrolment is None:
        raise _missing()
    return enrolment


def access_enrolment(*, user: Any, pk: int) -> Enrolment:
    """The participant, their liaison officer (organization subtree) or the program's managers."""
    enrolment = (
        Enrolment.objects.select_related("program__case", "program__organization", "organization", "participant")
        .filter(pk=pk)
        .first()
    )
    if enrolment is None:
        raise _missing()
    if enrolment.participant_id == user.pk or can_manage(user, enrolment.program):
        return enrolment
    if Role.LIAISON in user.role_names and in_subtree(enrolment.organization, user.organization):
        return enrolment
    raise _missing()


def access_enrolment_manage(*, user: Any, pk: int) -> Enrolment:
    enrolment = Enrolment.objects.select_related("program__case", "program__organization").filter(pk=pk).first()
    if enrolment is None or not can_manage(user, enrolment.program):
        raise _missing()
    return enrolment


def access_question(*, user: Any, pk: int) -> Question:
    """A question on a board the caller may see; hidden ones only for moderators."""
    question = (
        Question.objects.select_related("session__program__case", "session__program__organization")
        .filter(pk=pk)
        .first()
    )
    if question is None:
        raise _missing()
    program = question.session.program
    if can_moderate(user, program):
        return question
    if question.status != QuestionStatus.HIDDEN and is_confirmed(user=user, program=program):
        return question
    raise _missing()


def access_question_moderate(*, user: Any, pk: int) -> Question:
    question = (
        Question.objects.select_related("session__program__case", "session__program__organization")
        .filter(pk=pk)
        .first()
    )
    if question is None or not can_moderate(user, question.session.program):
        raise _missing()
    return question


def access_question_audio(*, user: Any, pk: int, answer: bool) -> Question:
    question = access_question(user=user, pk=pk)
    field = question.answer_audio if answer else question.audio
    if not field:
        raise _missing()
    return question


def access_material(*, user: Any, pk: int) -> Material:
    """Handouts are for confirmed participants and the program's staff."""
    material = Material.objects.select_related("program__case", "program__organization").filter(pk=pk).first()
    if material is None:
        raise _missing()
    program = material.program
    if can_moderate(user, program) or (
        program.case.state in VISIBLE_STATES and is_confirmed(user=user, program=program)
    ):
        return material
    raise _missing()


def access_material_manage(*, user: Any, pk: int) -> Material:
    material = Material.objects.select_related("program__case", "program__organization").filter(pk=pk).first()
    if material is None or not can_manage(user, material.program):
        raise _missing()
    return material


def access_quota_manage(*, user: Any, pk: int) -> Quota:
    quota = Quota.objects.select_related("program__case", "program__organization", "organization").filter(pk=pk).first()
    if quota is None or not can_manage(user, quota.program):
        raise _missing()
    return quota


def access_survey(*, user: Any, pk: int) -> Survey:
    """A session's survey for a confirmed participant (or the program's staff)."""
    survey = (
        Survey.objects.select_related("session__program__case", "session__program__organization").filter(pk=pk).first()
    )
    if survey is None:
        raise _missing()
    program = survey.session.program
    if can_moderate(user, program) or is_confirmed(user=user, program=program):
        return survey
    raise _missing()


def access_certificate_own(*, user: Any, pk: int) -> Certificate:
    certificate = (
        Certificate.objects.select_related("enrolment__program")
        .filter(pk=pk, enrolment__participant_id=user.pk, status=Certificate.Status.ISSUED)
        .first()
    )
    if certificate is None:
        raise _missing()
    return certificate
