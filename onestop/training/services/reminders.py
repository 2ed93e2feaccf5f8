"""Reminders before a session starts."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from ..models import Enrolment, EnrolmentStatus, ProgramState, Session
from .common import notify_later

REMIND_AHEAD = timedelta(hours=24)


def reminders_send(*, now=None, ahead: timedelta = REMIND_AHEAD) -> int:
    """Remind every confirmed participant of each session starting within ``ahead``. Each
    session is reminded once (a conditional update claims it, so two schedulers never both
    send). Returns the number of reminders queued."""
    now = now or timezone.now()
    due = Session.objects.filter(
        reminded_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + ahead,
        program__case__state__in=[ProgramState.OPEN, ProgramState.CLOSED],
    ).select_related("program")
    sent = 0
    for session in due:
        if not Session.objects.filter(pk=session.pk, reminded_at__isnull=True).update(reminded_at=now):
            continue
        participants = Enrolment.objects.filter(
            program_id=session.program_id, status=EnrolmentStatus.CONFIRMED
        ).values_list("participant_id", flat=True)
        starts = session.starts_at
        for participant_id in participants:
            notify_later(
                user_id=participant_id,
                code="training.session_reminder",
                context={
                    "program": lambda s=session: s.program.name,
                    "session": lambda s=session: s.title,
                    "starts_at": lambda st=starts: timezone.localtime(st).strftime("%Y-%m-%d %H:%M"),
                    "place": lambda s=session: s.online_url if s.is_online else s.venue,
                    "url": reverse("training:session", args=[session.pk]),
                },
            )
            sent += 1
    return sent
