"""Writes of the hotline. Views, API views, Open311, admin, commands and tasks call these."""

from .actions import ACTION_NAMES, request_act
from .catalogue import (
    api_key_check,
    api_key_create,
    api_key_revoke,
    category_upsert,
    deadline_policy_set,
    dispatch_rule_set,
    district_upsert,
)
from .handling import (
    request_close,
    request_contact,
    request_dispatch,
    request_note,
    request_rate,
    request_reassign,
    request_reject,
    request_reopen,
    request_reply,
    request_return,
    requests_deadline_scan,
    return_visit_complete,
)
from .hotspots import alert_acknowledge, hotspot_scan
from .intake import request_submit
from .routing import RoutingDecision, department_for, request_route, router_activate, router_predict, router_train

__all__ = [
    "ACTION_NAMES",
    "RoutingDecision",
    "alert_acknowledge",
    "api_key_check",
    "api_key_create",
    "api_key_revoke",
    "category_upsert",
    "deadline_policy_set",
    "department_for",
    "dispatch_rule_set",
    "district_upsert",
    "hotspot_scan",
    "request_act",
    "request_close",
    "request_contact",
    "request_dispatch",
    "request_note",
    "request_rate",
    "request_reassign",
    "request_reject",
    "request_reopen",
    "request_reply",
    "request_return",
    "request_route",
    "request_submit",
    "requests_deadline_scan",
    "return_visit_complete",
    "router_activate",
    "router_predict",
    "router_train",
]
