"""Notification texts and document labels the training app registers at start-up."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "training.enrolment_confirmed": (
        _("Enrolled: %(program)s"),
        _("You are enrolled in “%(program)s”. Your timetable and your pass for the door: %(url)s"),
    ),
    "training.enrolment_pending": (
        _("Seat reserved: %(program)s"),
        _("A seat in “%(program)s” is reserved for you; the organizer will confirm your enrolment. %(url)s"),
    ),
    "training.enrolment_waitlisted": (
        _("On the waitlist: %(program)s"),
        _(
            "All seats in “%(program)s” are taken. You are on the waitlist and will be offered a seat when one frees up. %(url)s"
        ),
    ),
    "training.seat_offered": (
        _("A seat is free for you: %(program)s"),
        _(
            "A seat in “%(program)s” is offered to you. Accept it before %(expires_at)s, otherwise it goes to the next person: %(url)s"
        ),
    ),
    "training.enrolment_rejected": (
        _("Enrolment not approved: %(program)s"),
        _("Your enrolment in “%(program)s” was not approved. %(url)s"),
    ),
    "training.enrolment_cancelled": (
        _("Enrolment cancelled: %(program)s"),
        _("Your enrolment in “%(program)s” was cancelled. %(url)s"),
    ),
    "training.offer_expired": (
        _("Seat offer expired: %(program)s"),
        _("The seat offered to you in “%(program)s” was not accepted in time and went to the next person. %(url)s"),
    ),
    "training.program_cancelled": (
        _("Program cancelled: %(program)s"),
        _("The training program “%(program)s” was cancelled. %(url)s"),
    ),
    "training.certificate_issued": (
        _("Your certificate: %(program)s"),
        _("Your certificate for “%(program)s” is ready to download: %(url)s"),
    ),
    "training.session_reminder": (
        _("Reminder: %(session)s at %(starts_at)s"),
        _("“%(session)s” (%(program)s) starts at %(starts_at)s. Where: %(place)s. Details: %(url)s"),
    ),
}


def register_all() -> None:
    try:
        from onestop.notify.messages import register_message
    except ImportError:  # the notify app is not installed
        register_message = None
    if register_message is not None:
        for code, (subject, body) in MESSAGES.items():
            register_message(code, subject=subject, body=body)
    try:
        from onestop.documents.kinds import register_essential_labels
    except ImportError:
        return
    register_essential_labels({"attendance": _("Sessions attended")})
