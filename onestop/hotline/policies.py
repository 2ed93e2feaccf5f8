"""Configurable rules of the hotline. Deadlines come from ``DeadlinePolicy`` rows edited in
the admin; the defaults below apply where no row matches. Thresholds can be set in the
settings (``HOTLINE_*``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from .models import Category, DeadlineClass, RequestType

HOURS = "hours"
WORKING_DAYS = "working_days"


@dataclass(frozen=True)
class Deadline:
    budget: int
    unit: str
    contact_hours: int = 24


# The city's rules: an emergency within 2 hours, utilities (water, heating, power) within
# 24 hours, an ordinary request within 7 working days, a complex one within 15.
DEFAULT_EMERGENCY = Deadline(2, HOURS, contact_hours=1)
DEFAULT_BY_CLASS = {
    DeadlineClass.UTILITIES: Deadline(24, HOURS),
    DeadlineClass.ORDINARY: Deadline(7, WORKING_DAYS),
    DeadlineClass.COMPLEX: Deadline(15, WORKING_DAYS),
}
DEFAULT_CONTACT_HOURS = 24


def deadline_for(*, request_type: str, category: Category | None) -> Deadline:
    """The most specific policy row wins: type and category, then category, then type;
    then the built-in defaults (emergency first, then the category's deadline class)."""
    from .catalogue_cache import snapshot

    category_id = category.pk if category else None
    rows = [
        row
        for row in snapshot().policies
        if row.request_type in (request_type, "") and row.category_id in (None, category_id)
    ]
    if request_type == RequestType.EMERGENCY:
        # An emergency keeps its own clock unless a policy names the emergency type itself.
        rows = [row for row in rows if row.request_type == RequestType.EMERGENCY]
    best = max(rows, key=lambda row: (2 if row.category_id else 0) + (1 if row.request_type else 0), default=None)
    if best is not None:
        return Deadline(best.budget, best.unit, best.contact_hours)
    if request_type == RequestType.EMERGENCY:
        return DEFAULT_EMERGENCY
    deadline_class = category.deadline_class if category else DeadlineClass.ORDINARY
    return DEFAULT_BY_CLASS.get(deadline_class, DEFAULT_BY_CLASS[DeadlineClass.ORDINARY])


def router_threshold() -> float:
    """Below this confidence the router's guess goes to a human dispatcher."""
    return float(getattr(settings, "HOTLINE_ROUTER_THRESHOLD", 0.6))


def router_override_threshold() -> float:
    """When the citizen picked a category and the router is at least this sure of another,
    a dispatcher checks the request instead of trusting either."""
    return float(getattr(settings, "HOTLINE_ROUTER_OVERRIDE", 0.9))


MAX_REOPENS = int(getattr(settings, "HOTLINE_MAX_REOPENS", 2))
RETURN_VISIT_WORKING_DAYS = 2
AUTOCLOSE_WORKING_DAYS = 5
