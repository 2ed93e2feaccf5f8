"""Reads of the hotline."""

from .dashboard import Dashboard, Rates, dashboard_stats, overdue_requests
from .hotspots import alert_get, alert_list, alerts_per_day
from .requests import (
    access_request,
    actions_for,
    caller_history,
    corrections,
    request_by_tracking,
    request_list,
    requests_visible,
    return_visits_open,
    routing_history,
)

__all__ = [
    "Dashboard",
    "Rates",
    "access_request",
    "actions_for",
    "alert_get",
    "alert_list",
    "alerts_per_day",
    "caller_history",
    "corrections",
    "dashboard_stats",
    "overdue_requests",
    "request_by_tracking",
    "request_list",
    "requests_visible",
    "return_visits_open",
    "routing_history",
]
