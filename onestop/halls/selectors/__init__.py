"""Reads of the halls app."""

from .access import access_counter, access_hall, access_ticket, can_operate_hall, halls_operated_by, ticket_by_token
from .booking import (
    access_appointment,
    appointment_hall_name,
    appointments_for_case,
    appointments_of,
    booking_blocked_until,
    slot_of_service,
)
from .queue import QueueSnapshot, WaitEstimate, all_waits, board_lines, hall_waits
from .recommend import Recommendation, recommend_slots, slot_recommend
from .reference import policy_for

__all__ = [
    "QueueSnapshot",
    "Recommendation",
    "WaitEstimate",
    "access_appointment",
    "access_counter",
    "access_hall",
    "access_ticket",
    "all_waits",
    "appointment_hall_name",
    "appointments_for_case",
    "appointments_of",
    "board_lines",
    "booking_blocked_until",
    "can_operate_hall",
    "hall_waits",
    "halls_operated_by",
    "policy_for",
    "recommend_slots",
    "slot_of_service",
    "slot_recommend",
    "ticket_by_token",
]
