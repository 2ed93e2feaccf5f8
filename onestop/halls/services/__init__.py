"""Writes of the halls app. Import from here: ``from onestop.halls.services import appointment_book``."""

from .booking import (
    APPOINTMENT_TRANSITIONS,
    appointment_book,
    appointment_cancel,
    appointment_check_in,
    appointment_move,
    appointment_reschedule,
    appointments_mark_no_show,
    appointments_send_reminders,
)
from .forecast import forecast_refresh
from .planning import hall_closure_set, service_day_set, staffing_remove, staffing_set
from .queue import (
    TICKET_TRANSITIONS,
    counter_sign_in,
    counter_sign_out,
    ticket_add_service,
    ticket_call_next,
    ticket_complete,
    ticket_issue,
    ticket_issue_walk_in,
    ticket_move,
    ticket_no_show,
    ticket_recall,
    ticket_start,
    ticket_transfer,
)
from .slots import SlotsResult, slots_generate, slots_generate_range


def slot_recommend(*, service_code, near=None, days=14, limit=5):
    """Alias of ``onestop.halls.selectors.slot_recommend`` for callers that book and
    recommend through one import."""
    from onestop.halls.selectors.recommend import slot_recommend as _recommend

    return _recommend(service_code=service_code, near=near, days=days, limit=limit)


__all__ = [
    "APPOINTMENT_TRANSITIONS",
    "TICKET_TRANSITIONS",
    "SlotsResult",
    "appointment_book",
    "appointment_cancel",
    "appointment_check_in",
    "appointment_move",
    "appointment_reschedule",
    "appointments_mark_no_show",
    "appointments_send_reminders",
    "counter_sign_in",
    "counter_sign_out",
    "forecast_refresh",
    "hall_closure_set",
    "service_day_set",
    "slot_recommend",
    "slots_generate",
    "slots_generate_range",
    "staffing_remove",
    "staffing_set",
    "ticket_add_service",
    "ticket_call_next",
    "ticket_complete",
    "ticket_issue",
    "ticket_issue_walk_in",
    "ticket_move",
    "ticket_no_show",
    "ticket_recall",
    "ticket_start",
    "ticket_transfer",
]
