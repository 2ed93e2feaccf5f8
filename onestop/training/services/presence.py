"""Who is in the room: joining and leaving an online class, check-in at the door by QR code.

An online class admits at most ``presence_capacity`` people at once. ``present_count`` moves
only by conditional updates (``+1 WHERE present_count < presence_capacity``) and a check
constraint guards it. Browsers send a heartbeat while the page is open; a presence without
one for ``STALE_SECONDS`` is closed by ``presence_sweep`` (a closed tab frees its place).
The public counter is served from the cache (``selectors.session_counter``).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onestop.cases.audit import audit_record
from onestop.core.errors import Conflict, ValidationFailed

from ..models import Attendance, Enrolment, EnrolmentStatus, Program, Session
from .common import require_moderator

STALE_SECONDS = 90
EARLY_JOIN = timedelta(minutes=30)

ERR_NOT_ENROLLED = _("Only confirmed participants of this program can join.")
ERR_NOT_ONLINE = _("This session is not an online class.")
ERR_NOT_STARTED = _("The class opens 30 minutes before it starts, at %(time)s.")
ERR_ENDED = _("This class has ended.")
ERR_CLASS_FULL = _("The online classroom is full (%(capacity)d people). Please try again in a few minutes.")
ERR_NOT_PRESENT = _("You are not in the class at the moment; join again.")
ERR_CODE_UNKNOWN = _("This code does not belong to a confirmed participant of this program.")
ERR_ALREADY_CHECKED_IN = _("Already checked in at %(time)s.")
ERR_ONLINE_NO_CHECKIN = _("Online classes record attendance when people join; there is no check-in at a door.")


def counter_key(session_id: int) -> str:
    return f"training:counter:{session_id}"


def _forget_counter(session_id: int) -> None:
    transaction.on_commit(lambda: cache.delete(counter_key(session_id)))


def _confirmed_enrolment(*, session: Session, user: Any) -> Enrolment:
    enrolment = Enrolment.objects.filter(
        program_id=session.program_id, participant=user, status=EnrolmentStatus.CONFIRMED
    ).first()
    if enrolment is None:
        raise Conflict("training.not_enrolled", ERR_NOT_ENROLLED)
    return enrolment


class _AlreadyPresent(Exception):
    pass


def session_join(*, session: Session, user: Any, now=None) -> Attendance:
    """Enter the online class. Refused with a clear message when it is full; joining again
    while present returns the open presence."""
    now = now or timezone.now()
    if not session.is_online:
        raise Conflict("training.not_online", ERR_NOT_ONLINE)
    enrolment = _confirmed_enrolment(session=session, user=user)
    if now < session.starts_at - EARLY_JOIN:
        opens = timezone.localtime(session.starts_at - EARLY_JOIN).strftime("%H:%M")
        raise Conflict("training.not_started", ERR_NOT_STARTED % {"time": opens})
    if now >= session.ends_at:
        raise Conflict("training.ended", ERR_ENDED)
    existing = Attendance.objects.filter(session=session, participant=user, left_at__isnull=True).first()
    if existing is not None:
        Attendance.objects.filter(pk=existing.pk).update(last_seen_at=now)
        return existing
    for attempt in (1, 2):
        try:
            with transaction.atomic():
                if _claim_place(session):
                    attendance = Attendance.objects.create(
                        session=session,
                        enrolment=enrolment,
                        participant=user,
                        method=Attendance.Method.ONLINE,
                        joined_at=now,
                        last_seen_at=now,
                    )
                    _forget_counter(session.pk)
                    return attendance
        except IntegrityError:  # the same person joined from a second tab at the same moment
            existing = Attendance.objects.filter(session=session, participant=user, left_at__isnull=True).first()
            if existing is not None:
                return existing
            raise
        if attempt == 1 and not presence_sweep(session_id=session.pk, now=now):
            break
    raise Conflict("training.class_full", ERR_CLASS_FULL % {"capacity": session.presence_capacity or 0})


def _claim_place(session: Session) -> bool:
    places = Session.objects.filter(pk=session.pk)
    if session.presence_capacity is not None:
        places = places.filter(present_count__lt=F("presence_capacity"))
    return bool(places.update(present_count=F("present_count") + 1))


def _close(attendance_id: int, session_id: int, at) -> bool:
    """Close one open presence and free its place; False when it was already closed."""
    closed = Attendance.objects.filter(pk=attendance_id, left_at__isnull=True).update(left_at=at)
    if closed:
        Session.objects.filter(pk=session_id, present_count__gt=0).update(present_count=F("present_count") - 1)
        _forget_counter(session_id)
    return bool(closed)


def session_leave(*, session: Session, user: Any, now=None) -> Attendance | None:
    """Leave the class: the leave time is recorded and the place freed."""
    now = now or timezone.now()
    attendance = Attendance.objects.filter(
        session=session, participant=user, left_at__isnull=True, method=Attendance.Method.ONLINE
    ).first()
    if attendance is None:
        return None
    with transaction.atomic():
        _close(attendance.pk, session.pk, max(now, attendance.joined_at))
    attendance.refresh_from_db()
    return attendance


def presence_heartbeat(*, session: Session, user: Any, now=None) -> None:
    """The class page is still open."""
    now = now or timezone.now()
    touched = Attendance.objects.filter(
        session=session, participant=user, left_at__isnull=True, method=Attendance.Method.ONLINE
    ).update(last_seen_at=now)
    if not touched:
        raise Conflict("training.not_present", ERR_NOT_PRESENT)


def presence_sweep(*, session_id: int | None = None, now=None) -> int:
    """Close online presences silent for ``STALE_SECONDS`` (left at their last sign of life)
    and every presence of a class that has ended. Returns how many were closed."""
    now = now or timezone.now()
    stale = Attendance.objects.filter(left_at__isnull=True, method=Attendance.Method.ONLINE)
    if session_id is not None:
        stale = stale.filter(session_id=session_id)
    from django.db.models import Q

    stale = stale.filter(Q(last_seen_at__lt=now - timedelta(seconds=STALE_SECONDS)) | Q(session__ends_at__lte=now))
    closed = 0
    rows = stale.values_list("pk", "session_id", "joined_at", "last_seen_at", "session__ends_at")[:5000]
    for pk, sid, joined, last_seen, ends_at in rows:
        with transaction.atomic():
            closed += _close(pk, sid, max(joined, min(last_seen, ends_at)))
    return closed


def presence_close_program(*, program: Program) -> int:
    """The program ended: everyone still in one of its online classes leaves now."""
    now = timezone.now()
    closed = 0
    open_rows = Attendance.objects.filter(
        session__program=program, left_at__isnull=True, method=Attendance.Method.ONLINE
    ).values_list("pk", "session_id", "joined_at")
    for pk, sid, joined in list(open_rows):
        closed += _close(pk, sid, max(now, joined))
    return closed


def session_check_in(*, session: Session, code: str, by: Any, method: str = Attendance.Method.QR) -> Attendance:
    """Record a participant at the door of a session held in person, from the code on their
    QR pass (scanned or typed)."""
    require_moderator(by, session.program)
    if session.is_online:
        raise Conflict("training.online_no_checkin", ERR_ONLINE_NO_CHECKIN)
    code = "".join((code or "").split()).upper()
    enrolment = (
        Enrolment.objects.select_related("participant")
        .filter(program_id=session.program_id, checkin_code=code, status=EnrolmentStatus.CONFIRMED)
        .first()
        if code
        else None
    )
    if enrolment is None:
        raise ValidationFailed("training.checkin_code", ERR_CODE_UNKNOWN, fields={"code": [ERR_CODE_UNKNOWN]})
    now = timezone.now()
    try:
        with transaction.atomic():
            attendance = Attendance.objects.create(
                session=session,
                enrolment=enrolment,
                participant=enrolment.participant,
                method=method,
                joined_at=now,
                last_seen_at=now,
                recorded_by=by,
            )
            audit_record(
                actor=by,
                action="training.attendance.checked_in",
                obj=attendance,
                new={"session": session.pk, "enrolment": enrolment.pk, "method": method},
            )
    except IntegrityError:
        earlier = (
            Attendance.objects.filter(session=session, participant=enrolment.participant).order_by("joined_at").first()
        )
        at = timezone.localtime(earlier.joined_at).strftime("%H:%M") if earlier else ""
        raise Conflict("training.already_checked_in", ERR_ALREADY_CHECKED_IN % {"time": at})
    attendance.enrolment = enrolment
    return attendance


def session_check_in_enrolment(*, session: Session, enrolment: Enrolment, by: Any) -> Attendance:
    """Check a participant in by hand (the organizer picks the name from the list)."""
    if enrolment.program_id != session.program_id:
        raise ValidationFailed("training.checkin_code", ERR_CODE_UNKNOWN, fields={"code": [ERR_CODE_UNKNOWN]})
    return session_check_in(session=session, code=enrolment.checkin_code, by=by, method=Attendance.Method.MANUAL)
