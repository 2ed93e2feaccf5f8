"""Visa pages. Views parse input, call services and selectors, and render; GET never
changes anything."""

from .applications import (
    application_detail,
    application_issue,
    application_list,
    application_refresh,
    application_refuse,
    application_withdraw,
    visa_reveal,
)
from .office import batch_create, batch_detail, batch_letter, batch_list, queue, queue_refresh
from .requirements import requirement_list
from .trips import trip_list, trip_prepare, trip_status

__all__ = [
    "application_detail",
    "application_issue",
    "application_list",
    "application_refresh",
    "application_refuse",
    "application_withdraw",
    "batch_create",
    "batch_detail",
    "batch_letter",
    "batch_list",
    "queue",
    "queue_refresh",
    "requirement_list",
    "trip_list",
    "trip_prepare",
    "trip_status",
    "visa_reveal",
]
