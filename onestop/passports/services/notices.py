"""Who is told what about passports, and the daily scan of due dates.

Notifications are created after the surrounding transaction commits, each in the
recipient's language; a failure to notify is logged and never undoes the change.
Each reminder or escalation is sent once per reservation (``ReservationNotice``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from onestop.accounts.roles import Role

from ..models import LossReport, Passport, PassportStatus, Reservation, ReservationNotice
from ..policies import passport_policy

logger = logging.getLogger(__name__)


def _liaisons(organization_id: int | None) -> list[Any]:
    if not organization_id:
        return []
    return list(
        get_user_model()
        .objects.filter(is_active=True, organization_id=organization_id, role_grants__role=Role.LIAISON)
        .distinct()
    )


def _officers() -> list[Any]:
    return list(get_user_model().objects.filter(is_active=True, role_grants__role=Role.PASSPORT_OFFICER).distinct())


def _holder_user(passport: Passport) -> list[Any]:
    user = getattr(passport.holder, "user", None)
    return [user] if user is not None and user.is_active else []


def _send(users: list[Any], code: str, context: dict, case: Any = None) -> int:
    from onestop.notify.services import notify_user

    sent, seen = 0, set()
    for user in users:
        if user.pk in seen:
            continue
        seen.add(user.pk)
        try:
            sent += bool(notify_user(user=user, code=code, context=context, case=case))
        except Exception:  # a notice never undoes the custody change
            logger.exception("passport notice %s to user %s failed", code, user.pk)
    return sent


def _after_commit(fn) -> None:
    transaction.on_commit(fn)


def _reservation_context(reservation: Reservation) -> dict:
    passport = reservation.passport
    return {
        "number": passport.number_masked,
        "holder": passport.holder.full_name,
        "trip": reservation.trip_case.number,
        "due": reservation.due_on.isoformat(),
    }


def notify_loss(*, passport: Passport, kind: str) -> None:
    passport_id = passport.pk

    def send() -> None:
        p = Passport.objects.select_related("holder__user").get(pk=passport_id)
        context = {
            "number": p.number_masked,
            "holder": p.holder.full_name,
            "kind": LossReport.Kind(kind).label,
        }
        _send(_officers() + _liaisons(p.organization_id) + _holder_user(p), "passports.lost", context)

    _after_commit(send)


def notify_application_needed(*, application: Any, trip_number: str) -> None:
    application_id = application.pk

    def send() -> None:
        from ..models import PassportApplication

        a = PassportApplication.objects.select_related("case", "person").get(pk=application_id)
        context = {"holder": a.person.full_name, "trip": trip_number, "number": a.case.number}
        _send(_liaisons(a.organization_id), "passports.application_needed", context, case=a.case)

    _after_commit(send)


def notify_handover(*, handover: Any) -> None:
    handover_id = handover.pk

    def send() -> None:
        from ..models import Handover

        h = Handover.objects.select_related("passport", "person").get(pk=handover_id)
        context = {"holder": h.person.full_name, "number": h.passport.number_masked}
        users = _officers() + _liaisons(h.from_organization_id) + _liaisons(h.to_organization_id)
        _send(users, "passports.handover_raised", context)

    _after_commit(send)


# --- the daily scan -----------------------------------------------------------------------


@dataclass
class ScanResult:
    reminded: int = 0
    escalated: int = 0
    marked_overdue: int = 0
    blocked: int = 0
    expired: int = 0
    details: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "reminded": self.reminded,
            "escalated": self.escalated,
            "marked_overdue": self.marked_overdue,
            "blocked": self.blocked,
            "expired": self.expired,
        }


def _claim(reservation: Reservation, kind: str) -> bool:
    """Record that ``kind`` is sent for this reservation; False when it already was."""
    try:
        with transaction.atomic():
            ReservationNotice.objects.create(reservation=reservation, kind=kind)
        return True
    except IntegrityError:
        return False


def passports_due_scan(*, today: date | None = None) -> ScanResult:
    """Reminders before and on the due date, overdue marking and escalation after it, the
    block notice once a passport is ``block_after_days`` overdue, and expiry of passports
    in custody. Safe to run as often as wanted: every notice goes out once."""
    from .registry import passport_move, passports_expire

    policy = passport_policy()
    today = today or timezone.localdate()
    result = ScanResult()
    out = Reservation.objects.select_related("passport__holder__user", "trip_case", "organization").filter(
        status=Reservation.Status.CHECKED_OUT
    )
    for reservation in out.iterator():
        passport = reservation.passport
        due = reservation.due_on
        context = _reservation_context(reservation)
        to_org = _liaisons(reservation.organization_id) + _holder_user(passport)
        if today < due:
            if (due - today).days <= policy.remind_days_before and _claim(reservation, ReservationNotice.Kind.BEFORE):
                _after_commit(lambda c=context, u=to_org: _send(u, "passports.reminder_before", c))
                result.reminded += 1
            continue
        if today == due:
            if policy.remind_on_due_date and _claim(reservation, ReservationNotice.Kind.DUE):
                _after_commit(lambda c=context, u=to_org: _send(u, "passports.reminder_due", c))
                result.reminded += 1
            continue
        # past the due date
        if passport.status == PassportStatus.CHECKED_OUT:
            with transaction.atomic():
                try:
                    passport_move(
                        passport=passport,
                        to=PassportStatus.OVERDUE,
                        by=None,
                        reservation=reservation,
                        note=reservation.trip_case.number,
                        data={"due_on": due},
                    )
                    result.marked_overdue += 1
                except Exception:
                    logger.warning("passport %s could not be marked overdue", passport.pk, exc_info=True)
        days_over = (today - due).days
        if days_over >= policy.escalate_after_days and _claim(reservation, ReservationNotice.Kind.ESCALATED):
            users = to_org + _officers()
            _after_commit(lambda c={**context, "days": days_over}, u=users: _send(u, "passports.escalated", c))
            result.escalated += 1
        if (
            policy.block_enabled
            and days_over > policy.block_after_days
            and _claim(reservation, ReservationNotice.Kind.BLOCKED)
        ):
            ctx = {**context, "organization": reservation.organization.name, "limit": policy.block_after_days}
            users = _liaisons(reservation.organization_id) + _officers()
            _after_commit(lambda c=ctx, u=users: _send(u, "passports.blocked", c))
            result.blocked += 1
    result.expired = passports_expire(today=today)
    return result
