"""Notification messages of the halls, registered with the notify app at start-up."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "halls.appointment_booked": (
        _("Booked: %(service)s at %(hall)s"),
        _(
            "Your booking %(booking_code)s: %(service)s at %(hall)s, %(start_text)s. Address: %(address)s. "
            "Show the booking code at the kiosk when you arrive."
        ),
    ),
    "halls.appointment_rescheduled": (
        _("Moved: %(service)s at %(hall)s"),
        _(
            "Your booking now has the code %(booking_code)s: %(service)s at %(hall)s, %(start_text)s. "
            "Address: %(address)s."
        ),
    ),
    "halls.appointment_cancelled_by_hall": (
        _("Cancelled by the hall: %(service)s"),
        _(
            "We are sorry: your booking %(booking_code)s for %(service)s at %(hall)s on %(start_text)s was "
            "cancelled by the hall (%(reason)s). Please book another time."
        ),
    ),
    "halls.appointment_reminder": (
        _("Reminder: %(service)s at %(hall)s"),
        _(
            "Your visit %(booking_code)s is on %(start_text)s at %(hall)s, %(address)s. Please bring the materials "
            "listed on your booking."
        ),
    ),
    "halls.ticket_almost_your_turn": (
        _("Almost your turn: %(number)s"),
        _("Ticket %(number)s at %(hall)s: only %(ahead)s people are ahead of you. Please come to the waiting area."),
    ),
}


def register_messages() -> None:
    from onestop.notify.messages import register_message

    for code, (subject, body) in MESSAGES.items():
        register_message(code, subject=subject, body=body)
