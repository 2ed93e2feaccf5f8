"""Passport pages. Views parse input, call services and selectors, and render; GET never
changes anything."""

from .applications import (
    application_act,
    application_create,
    application_detail,
    application_edit,
    application_issue,
    applications,
)
from .desk import desk
from .handovers import handover_complete, handovers, job_change
from .registry import detail, lost, register, registry, release, trip

__all__ = [
    "application_act",
    "application_create",
    "application_detail",
    "application_edit",
    "application_issue",
    "applications",
    "desk",
    "detail",
    "handover_complete",
    "handovers",
    "job_change",
    "lost",
    "register",
    "registry",
    "release",
    "trip",
]
