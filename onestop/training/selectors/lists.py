"""Lists the pages and the API show, and the cached live counter."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from onestop.accounts.models import Organization
from onestop.accounts.roles import Role

from ..models import (
    ACTIVE,
    VISIBLE_STATES,
    Attendance,
    Enrolment,
    EnrolmentStatus,
    Program,
    ProgramState,
    Question,
    QuestionStatus,
    QuestionVote,
    Session,
)
from ..services.presence import counter_key

COUNTER_SECONDS = 3


def programs_public() -> QuerySet[Program]:
    """Published programs, newest first, with their sessions."""
    return (
        Program.objects.filter(case__state__in=VISIBLE_STATES)
        .select_related("case", "organization")
        .prefetch_related(Prefetch("sessions", queryset=Session.objects.order_by("starts_at")))
        .order_by("-created_at")
    )


def programs_managed(*, user: Any) -> QuerySet[Program]:
    """Programs the user organizes or facilitates (all, for administrators)."""
    qs = Program.objects.select_related("case", "organization", "organizer")
    if Role.ADMIN in user.role_names:
        return qs.order_by("-created_at")
    scope = Q(pk__in=[])
    if Role.TRAINING_ORGANIZER in user.role_names:
        scope |= Q(organizer=user)
        if user.organization_id:
            scope |= Q(organization__path__startswith=user.organization.path)
    if Role.FACILITATOR in user.role_names:
        scope |= Q(facilitators=user)
    return qs.filter(scope).distinct().order_by("-created_at")


def enrolments_of(*, user: Any) -> QuerySet[Enrolment]:
    """The user's own enrolments (active first, then history), with the program."""
    return (
        Enrolment.objects.filter(participant=user)
        .select_related("program__case", "certificate")
        .prefetch_related(Prefetch("program__sessions", queryset=Session.objects.order_by("starts_at")))
        .order_by("-created_at")
    )


def enrolments_for_liaison(*, user: Any, program: Program | None = None) -> QuerySet[Enrolment]:
    """Enrolments of the liaison officer's organization and the organizations below it."""
    if not user.organization_id:
        return Enrolment.objects.none()
    qs = Enrolment.objects.filter(organization__path__startswith=user.organization.path).select_related(
        "program__case", "participant", "organization"
    )
    if program is not None:
        qs = qs.filter(program=program)
    return qs.order_by("-created_at")


def nominees_for_liaison(*, user: Any, program: Program) -> QuerySet:
    """People of the liaison's organization (subtree) not yet active in ``program``."""
    from django.contrib.auth import get_user_model

    if not user.organization_id:
        return get_user_model().objects.none()
    active = Enrolment.objects.filter(program=program, participant=OuterRef("pk"), status__in=ACTIVE)
    return (
        get_user_model()
        .objects.filter(organization__path__startswith=user.organization.path, is_active=True)
        .exclude(Exists(active))
        .select_related("organization")
        .order_by("full_name")
    )


def program_enrolments(*, program: Program, status: str = "", search: str = "") -> QuerySet[Enrolment]:
    qs = Enrolment.objects.filter(program=program).select_related("participant", "organization", "certificate")
    if status:
        qs = qs.filter(status=status)
    if search:
        qs = qs.filter(Q(participant__full_name__icontains=search) | Q(organization__name__icontains=search))
    return qs.order_by("created_at", "pk")


def waitlist_position(*, enrolment: Enrolment) -> int | None:
    if enrolment.status != EnrolmentStatus.WAITLISTED:
        return None
    ahead = Enrolment.objects.filter(program_id=enrolment.program_id, status=EnrolmentStatus.WAITLISTED).filter(
        Q(created_at__lt=enrolment.created_at) | Q(created_at=enrolment.created_at, pk__lt=enrolment.pk)
    )
    return ahead.count() + 1


def enrolment_counts(*, program: Program) -> dict[str, int]:
    rows = Enrolment.objects.filter(program=program).values("status").annotate(n=Count("pk"))
    counts = {status: 0 for status in EnrolmentStatus.values}
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def question_board(*, session: Session, user: Any, moderator: bool, order: str = "top") -> QuerySet[Question]:
    """The questions of a session, most upvoted first (or newest first); hidden ones only for
    moderators. Each carries ``voted`` (the viewer upvoted it) and ``mine``."""
    qs = Question.objects.filter(session=session).select_related("author")
    if not moderator:
        qs = qs.exclude(status=QuestionStatus.HIDDEN)
    qs = qs.annotate(voted=Exists(QuestionVote.objects.filter(question=OuterRef("pk"), voter_id=user.pk)))
    if order == "new":
        return qs.order_by("-created_at", "-pk")
    return qs.order_by("status", "-upvotes", "created_at", "pk")


def session_counter(*, session_id: int) -> dict[str, Any] | None:
    """``{"present", "capacity", "open"}`` for the live counter, from the cache (a few
    seconds old at most); None for a session that does not exist or is not published."""
    key = counter_key(session_id)
    data = cache.get(key)
    if data is None:
        row = (
            Session.objects.filter(pk=session_id)
            .values("present_count", "presence_capacity", "program__case__state", "starts_at", "ends_at")
            .first()
        )
        data = {"missing": True}
        if row and row["program__case__state"] in VISIBLE_STATES:
            data = {
                "present": row["present_count"],
                "capacity": row["presence_capacity"],
                "full": row["presence_capacity"] is not None and row["present_count"] >= row["presence_capacity"],
            }
        cache.set(key, data, COUNTER_SECONDS)
    return None if data.get("missing") else data


def session_attendance(*, session: Session) -> QuerySet[Attendance]:
    return Attendance.objects.filter(session=session).select_related("participant", "enrolment__organization")


def organizations_for_quota() -> QuerySet[Organization]:
    return Organization.objects.filter(is_active=True).order_by("name")


def program_states_for_filter() -> list[tuple[str, str]]:
    return [(s.value, str(s.label)) for s in ProgramState]
