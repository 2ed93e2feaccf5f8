"""Mounted at the site root (``url_prefix = ""``): Open311 lives at ``/open311/v2/`` as the
specification expects; the hotline's pages live under ``/hotline/``."""

from django.urls import path, re_path

from . import open311
from .views import agent, public, staff, supervision

app_name = "hotline"
url_prefix = ""

FMT = r"(?P<format>json|xml)"

urlpatterns = [
    re_path(rf"^open311/v2/discovery\.{FMT}$", open311.discovery, name="open311-discovery"),
    re_path(rf"^open311/v2/services\.{FMT}$", open311.services_list, name="open311-services"),
    re_path(rf"^open311/v2/services/(?P<code>[\w-]+)\.{FMT}$", open311.service_definition, name="open311-service"),
    re_path(rf"^open311/v2/requests\.{FMT}$", open311.requests_endpoint, name="open311-requests"),
    re_path(rf"^open311/v2/requests/(?P<request_id>[\w-]+)\.{FMT}$", open311.request_detail, name="open311-request"),
    re_path(rf"^open311/v2/tokens/(?P<token>[\w-]+)\.{FMT}$", open311.token_detail, name="open311-token"),
    re_path(r"^open311/v2/(?P<path>.*?)(?:\.(?P<format>json|xml))?$", open311.not_found, name="open311-unknown"),
    path("hotline/", public.submit, name="submit"),
    path("hotline/track/<str:code>/", public.track, name="track"),
    path("hotline/mine/", public.mine, name="mine"),
    path("hotline/agent/", agent.agent, name="agent"),
    path("hotline/queue/", staff.queue, name="queue"),
    path("hotline/r/<str:number>/", staff.detail, name="detail"),
    path("hotline/r/<str:number>/act/<slug:name>/", staff.act, name="act"),
    path("hotline/r/<str:number>/note/", staff.note, name="note"),
    path("hotline/r/<str:number>/files/<int:pk>/", staff.attachment, name="attachment"),
    path("hotline/visits/", staff.visits, name="visits"),
    path("hotline/visits/<int:pk>/", staff.visit, name="visit"),
    path("hotline/dashboard/", supervision.dashboard, name="dashboard"),
    path("hotline/alerts/", supervision.alerts, name="alerts"),
    path("hotline/alerts/<int:pk>/", supervision.alert, name="alert"),
    path("hotline/alerts/<int:pk>/status/", supervision.alert_ack, name="alert-ack"),
]
