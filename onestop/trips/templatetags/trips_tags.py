"""Small display helpers for trip pages: badge classes and labels."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

_STATE_CLASS = {
    "draft": "",
    "submitted": "warning",
    "resubmitted": "warning",
    "in_review": "warning",
    "correction_requested": "paused",
    "approved": "ok",
    "rejected": "danger",
    "withdrawn": "",
    "ready_for_collection": "ok",
    "collected": "ok",
    "returned": "warning",
    "report_submitted": "warning",
    "closed": "",
    "cancelled": "",
}
_SLA_LABEL = {
    "ok": _("On time"),
    "warning": _("Due soon"),
    "breached": _("Overdue"),
    "paused": _("Clock paused"),
}
_MATERIAL_LABEL = {
    "reused": _("Reused from the dossier"),
    "provided": _("Provided for this trip"),
    "missing": _("Missing"),
}
_MATERIAL_CLASS = {"reused": "ok", "provided": "ok", "missing": "danger"}


@register.filter
def state_class(state: str) -> str:
    return _STATE_CLASS.get(state, "")


@register.filter
def sla_label(status: str) -> str:
    return str(_SLA_LABEL.get(status, ""))


@register.filter
def material_label(status: str) -> str:
    return str(_MATERIAL_LABEL.get(status, status))


@register.filter
def material_class(status: str) -> str:
    return _MATERIAL_CLASS.get(status, "")


@register.filter
def country_names(codes) -> str:
    """Country codes as names in the active language, comma-separated."""
    from ..countries import country_name

    return ", ".join(country_name(code) for code in codes or [])


@register.filter
def rule_title(code: str) -> str:
    """The inspection rule's title in the active language."""
    from ..inspection import get_rule

    rule = get_rule(code)
    return str(rule.title) if rule else code
