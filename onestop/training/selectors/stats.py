"""Statistics of a program: organizations covered, attendance, questions, survey results."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import Avg, Count, Q

from ..models import (
    Attendance,
    Certificate,
    Enrolment,
    EnrolmentStatus,
    Program,
    Question,
    QuestionStatus,
    SurveyAnswer,
    SurveyQuestion,
)
from .lists import enrolment_counts


def _percent(part: int, whole: int) -> int:
    return round(part * 100 / whole) if whole else 0


def peak_presence(intervals: list[tuple[Any, Any]]) -> int:
    """Most people present at the same moment, from (joined, left or None) pairs."""
    events: list[tuple[Any, int]] = []
    for joined, left in intervals:
        events.append((joined, 1))
        if left is not None:
            events.append((left, -1))
    events.sort(key=lambda e: (e[0], e[1]))
    peak = current = 0
    for _at, step in events:
        current += step
        peak = max(peak, current)
    return peak


def program_stats(*, program: Program) -> dict[str, Any]:
    counts = enrolment_counts(program=program)
    confirmed = Enrolment.objects.filter(program=program, status=EnrolmentStatus.CONFIRMED)
    confirmed_n = counts[EnrolmentStatus.CONFIRMED]
    org_kinds = Counter(kind or "other" for kind in confirmed.values_list("organization__kind", flat=True))
    from onestop.accounts.models import Organization

    kind_labels = dict(Organization.Kind.choices)
    organizations = confirmed.exclude(organization=None).values("organization").distinct().count()

    sessions = list(program.sessions.all())
    attended_rows = (
        Attendance.objects.filter(session__program=program)
        .values("session_id")
        .annotate(people=Count("participant_id", distinct=True))
    )
    attended = {row["session_id"]: row["people"] for row in attended_rows}
    question_rows = (
        Question.objects.filter(session__program=program)
        .values("session_id")
        .annotate(
            asked=Count("pk"),
            answered=Count("pk", filter=Q(status=QuestionStatus.ANSWERED)),
            hidden=Count("pk", filter=Q(status=QuestionStatus.HIDDEN)),
            voice=Count("pk", filter=~Q(audio="")),
        )
    )
    questions = {row["session_id"]: row for row in question_rows}
    online_ids = [s.pk for s in sessions if s.is_online]
    intervals: dict[int, list] = {sid: [] for sid in online_ids}
    for sid, joined, left in Attendance.objects.filter(session_id__in=online_ids).values_list(
        "session_id", "joined_at", "left_at"
    ):
        intervals[sid].append((joined, left))
    per_session = []
    for s in sessions:
        q = questions.get(s.pk, {})
        people = attended.get(s.pk, 0)
        per_session.append(
            {
                "session": s,
                "attended": people,
                "rate": _percent(people, confirmed_n),
                "asked": q.get("asked", 0),
                "answered": q.get("answered", 0),
                "hidden": q.get("hidden", 0),
                "voice": q.get("voice", 0),
                "peak": peak_presence(intervals[s.pk]) if s.pk in intervals else None,
            }
        )
    expected = confirmed_n * len(sessions)
    attended_total = sum(row["attended"] for row in per_session)
    asked = sum(row["asked"] for row in per_session)
    answered = sum(row["answered"] for row in per_session)
    return {
        "capacity": program.capacity,
        "seats_taken": program.seats_taken,
        "counts": counts,
        "confirmed": confirmed_n,
        "organizations": organizations,
        "organization_kinds": sorted(
            ((str(kind_labels.get(kind, kind)), n) for kind, n in org_kinds.items()), key=lambda kv: -kv[1]
        ),
        "sessions": per_session,
        "attendance_rate": _percent(attended_total, expected),
        "questions_asked": asked,
        "questions_answered": answered,
        "answered_rate": _percent(answered, asked),
        "certificates": Certificate.objects.filter(
            enrolment__program=program, status=Certificate.Status.ISSUED
        ).count(),
        "surveys": survey_results(program=program),
    }


def survey_results(*, program: Program) -> list[dict[str, Any]]:
    """For each survey question of the program: average and distribution of ratings, the
    count per option, or the number of written answers."""
    out: list[dict[str, Any]] = []
    questions = SurveyQuestion.objects.filter(survey__session__program=program).select_related("survey__session")
    for question in questions.order_by("survey__session__starts_at", "position"):
        answers = SurveyAnswer.objects.filter(question=question)
        item: dict[str, Any] = {"question": question, "session": question.survey.session, "kind": question.kind}
        if question.kind == SurveyQuestion.Kind.RATING:
            dist = dict(answers.values_list("rating").annotate(n=Count("pk")))
            item["average"] = answers.aggregate(avg=Avg("rating"))["avg"]
            item["bars"] = [(str(r), dist.get(r, 0)) for r in range(1, 6)]
            item["count"] = sum(dist.values())
        elif question.kind == SurveyQuestion.Kind.CHOICE:
            dist = dict(answers.values_list("choice").annotate(n=Count("pk")))
            item["bars"] = [(label, dist.get(i, 0)) for i, label in enumerate(question.option_labels())]
            item["count"] = sum(dist.values())
        else:
            item["count"] = answers.exclude(text="").count()
            item["samples"] = list(answers.exclude(text="").order_by("-pk").values_list("text", flat=True)[:5])
        out.append(item)
    return out


def overview_stats(*, programs) -> dict[str, Any]:
    """Totals across the given programs (the organizer's dashboard)."""
    program_ids = list(programs.values_list("pk", flat=True))
    confirmed = Enrolment.objects.filter(program_id__in=program_ids, status=EnrolmentStatus.CONFIRMED)
    asked = Question.objects.filter(session__program_id__in=program_ids)
    return {
        "programs": len(program_ids),
        "participants": confirmed.values("participant").distinct().count(),
        "organizations": confirmed.exclude(organization=None).values("organization").distinct().count(),
        "questions_asked": asked.count(),
        "questions_answered": asked.filter(status=QuestionStatus.ANSWERED).count(),
    }
