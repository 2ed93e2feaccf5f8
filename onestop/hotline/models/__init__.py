"""The 12345 hotline: requests (each a kernel Case of kind "hotline"), the dispatch
catalogue, deadline policies, routing history, replies, feedback, return visits, the
trained router and early-warning alerts."""

from .analytics import HotspotAlert, RouterModel
from .catalogue import (
    ApiKey,
    Category,
    Channel,
    DeadlineClass,
    DeadlinePolicy,
    DispatchRule,
    District,
    RequestType,
    SupervisorDuty,
    localized,
)
from .requests import Attachment, Feedback, HotlineRequest, Reply, ReturnVisit, RoutingEvent

__all__ = [
    "ApiKey",
    "Attachment",
    "Category",
    "Channel",
    "DeadlineClass",
    "DeadlinePolicy",
    "DispatchRule",
    "District",
    "Feedback",
    "HotlineRequest",
    "HotspotAlert",
    "Reply",
    "RequestType",
    "ReturnVisit",
    "RouterModel",
    "RoutingEvent",
    "SupervisorDuty",
    "localized",
]
