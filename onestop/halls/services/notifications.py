"""Messages to visitors, sent after the transaction commits, in the recipient's language."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import formats, translation

from onestop.halls.i18n import localized


def _context(appointment, language: str) -> dict[str, Any]:
    hall = appointment.hall
    local = appointment.start.astimezone(hall.tz)
    with translation.override(language):
        when = formats.date_format(local, "DATETIME_FORMAT")
    return {
        "booking_code": appointment.code,
        "hall": localized(hall.names, hall.name, language),
        "address": localized(hall.addresses, hall.address, language),
        "service": localized(appointment.service.names, appointment.service.name, language),
        "start": local.isoformat(),
        "start_text": when,
    }


def notify_appointment(*, appointment, code: str, extra: dict | None = None) -> None:
    user = appointment.user
    if user is None:
        return
    context = {**_context(appointment, user.preferred_language), **(extra or {})}
    case = appointment.case

    def send() -> None:
        from onestop.notify.services import notify_user

        notify_user(user=user, code=code, context=context, channels=("inapp", "email", "sms"), case=case)

    transaction.on_commit(send)


def notify_ticket(*, ticket, code: str, context: dict) -> None:
    user = ticket.user
    if user is None:
        return

    def send() -> None:
        from onestop.notify.services import notify_user

        notify_user(user=user, code=code, context=context, channels=("inapp", "sms"))

    transaction.on_commit(send)
