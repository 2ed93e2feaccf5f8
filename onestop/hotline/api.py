"""REST API of the hotline (under /api/v1/hotline/)."""

from __future__ import annotations

from datetime import timedelta

from django.urls import path
from django.utils import timezone, translation
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from onestop.accounts.models import Organization
from onestop.accounts.roles import STAFF_ROLES, Role
from onestop.core.api import Pagination
from onestop.core.errors import NotFound, ValidationFailed

from . import selectors, services
from .models import Category, Channel, District, Feedback
from .serializers import (
    ActionSerializer,
    CallerSerializer,
    FeedbackSerializer,
    IntakeSerializer,
    NamedSerializer,
    RequestSerializer,
    RoutePreviewSerializer,
)


class AnonOnlyThrottle(AnonRateThrottle):
    """Anonymous senders are throttled; authenticated channels (agents, integrations) are not."""


class RequestListView(APIView):
    """GET: the requests the caller may see. POST: send a new request (anyone)."""

    throttle_classes = [AnonOnlyThrottle]

    def get_throttles(self):
        return super().get_throttles() if self.request.method == "POST" else []

    @extend_schema(
        parameters=[
            OpenApiParameter("state", str),
            OpenApiParameter("category", str),
            OpenApiParameter("district", str),
            OpenApiParameter("q", str),
            OpenApiParameter("overdue", bool),
        ],
        responses=RequestSerializer(many=True),
    )
    def get(self, request):
        qs = selectors.request_list(
            user=request.user,
            state=request.query_params.get("state", ""),
            category=request.query_params.get("category", ""),
            district=request.query_params.get("district", ""),
            query=request.query_params.get("q", ""),
            overdue=request.query_params.get("overdue") in ("1", "true"),
        )
        paginator = Pagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(RequestSerializer(page, many=True).data)

    @extend_schema(request=IntakeSerializer, responses={201: RequestSerializer})
    def post(self, request):
        data = IntakeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        user = request.user if request.user.is_authenticated else None
        staff = bool(user and user.role_names & STAFF_ROLES)
        channel = (
            Channel.PHONE
            if values["channel"] == "phone" and user and Role.HOTLINE_AGENT in user.role_names
            else Channel.API
        )
        created = services.request_submit(
            by=user,
            citizen=None if staff else user,
            channel=channel,
            description=values["description"],
            request_type=values["request_type"],
            category=values.get("category") or None,
            district=values.get("district") or "",
            address=values.get("address", ""),
            latitude=values.get("latitude"),
            longitude=values.get("longitude"),
            anonymous=values.get("anonymous", False),
            contact_name=values.get("contact_name", ""),
            contact_phone=values.get("contact_phone", ""),
            contact_email=values.get("contact_email", ""),
            ui_language=translation.get_language(),
        )
        return Response(RequestSerializer(created, context={"show_tracking": True}).data, status=201)


class RequestDetailView(APIView):
    @extend_schema(responses=RequestSerializer)
    def get(self, request, number: str):
        item = selectors.access_request(user=request.user, number=number)
        return Response(RequestSerializer(item).data)


def _department(code: str):
    if not code:
        return None
    found = Organization.objects.filter(code=code, is_active=True).first()
    if found is None:
        raise ValidationFailed(
            "hotline.department", "Unknown department.", fields={"department": ["Unknown department."]}
        )
    return found


class RequestActionView(APIView):
    """Move a request: dispatch, reassign, return, reject, contact, reply, close, reopen."""

    @extend_schema(
        request=ActionSerializer,
        responses=RequestSerializer,
        parameters=[OpenApiParameter("name", str, OpenApiParameter.PATH, enum=list(services.ACTION_NAMES))],
    )
    def post(self, request, number: str, name: str):
        item = selectors.access_request(user=request.user, number=number)
        data = ActionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        code = values.get("category") or ""
        values["category"] = Category.objects.filter(code=code, is_active=True).first() if code else None
        values["department"] = _department(values.get("department") or "")
        values["note"] = (values.get("note") or "").strip()
        services.request_act(
            request=item,
            by=request.user,
            name=name,
            note=values["note"],
            category=values["category"],
            department=values["department"],
            article=values.get("article") or "",
        )
        item = selectors.requests_visible(user=request.user).filter(pk=item.pk).first() or item
        return Response(RequestSerializer(item).data)


class RequestFeedbackView(APIView):
    """The citizen who sent the request (or an agent on a return call) rates the answer."""

    @extend_schema(request=FeedbackSerializer, responses=RequestSerializer)
    def post(self, request, number: str):
        item = selectors.access_request(user=request.user, number=number)
        is_owner = item.case.applicant_id == request.user.pk
        if not is_owner and not request.user.role_names & {Role.HOTLINE_AGENT, Role.SUPERVISOR}:
            raise NotFound("hotline.request_not_found")
        data = FeedbackSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.request_rate(
            request=item,
            by=request.user,
            source=Feedback.Source.WEB if is_owner else Feedback.Source.PHONE,
            **data.validated_data,
        )
        item.refresh_from_db()
        return Response(RequestSerializer(item).data)


class TrackView(APIView):
    """A request by its secret tracking code (for citizens without an account); POST rates it."""

    authentication_classes: list = []
    throttle_classes = [AnonRateThrottle]

    @extend_schema(responses=RequestSerializer)
    def get(self, request, code: str):
        return Response(RequestSerializer(selectors.request_by_tracking(code=code)).data)

    @extend_schema(request=FeedbackSerializer, responses=RequestSerializer)
    def post(self, request, code: str):
        item = selectors.request_by_tracking(code=code)
        data = FeedbackSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.request_rate(request=item, by=None, source=Feedback.Source.WEB, **data.validated_data)
        return Response(RequestSerializer(selectors.request_by_tracking(code=code)).data)


class CategoryListView(APIView):
    @extend_schema(responses=NamedSerializer(many=True))
    def get(self, request):
        return Response(
            [
                {"code": c.code, "name": c.label, "description": c.description}
                for c in Category.objects.filter(is_active=True)
            ]
        )


class DistrictListView(APIView):
    @extend_schema(responses=NamedSerializer(many=True))
    def get(self, request):
        return Response([{"code": d.code, "name": d.label} for d in District.objects.all()])


class RoutePreviewView(APIView):
    """What the router and the catalogue would do with a text, and the knowledge articles
    that may answer it (the agent's screen asks while the agent types)."""

    @extend_schema(
        request=RoutePreviewSerializer,
        responses=inline_serializer(
            "RoutePreview",
            {
                "category": serializers.CharField(allow_null=True),
                "category_name": serializers.CharField(),
                "department": serializers.CharField(allow_null=True),
                "method": serializers.CharField(),
                "confidence": serializers.FloatField(allow_null=True),
                "reason": serializers.CharField(),
                "language": serializers.CharField(),
                "language_name": serializers.CharField(),
                "articles": serializers.ListField(child=serializers.DictField()),
            },
        ),
    )
    def post(self, request):
        from onestop.knowledge.selectors import article_suggest

        from .display import department_name, language_name
        from .language import detect_language

        data = RoutePreviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        category = Category.objects.filter(code=values.get("category") or "", is_active=True).first()
        district = District.objects.filter(code=values.get("district") or "").first()
        decision = services.request_route(text=values["text"], category=category, district=district)
        guess = decision.category or decision.suggested
        language = detect_language(values["text"]).language
        articles = article_suggest(text=values["text"], topic=guess.code if guess else None, limit=3)
        return Response(
            {
                "category": guess.code if guess else None,
                "category_name": guess.label if guess else "",
                "department": department_name(decision.department) or None,
                "method": decision.method,
                "confidence": decision.confidence,
                "reason": decision.reason,
                "language": language,
                "language_name": language_name(language),
                "articles": [
                    {"slug": h.article.slug, "title": h.title, "summary": h.summary, "body": h.article.body()}
                    for h in articles
                ],
            }
        )


class CallerHistoryView(APIView):
    """Earlier requests from a phone number (sent in the body, not the URL, to keep it out of logs)."""

    @extend_schema(request=CallerSerializer, responses=RequestSerializer(many=True))
    def post(self, request):
        data = CallerSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(RequestSerializer(selectors.caller_history(phone=data.validated_data["phone"]), many=True).data)


class DashboardView(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("days", int, description="Days back from today (default 30)")],
        responses=inline_serializer(
            "HotlineDashboard",
            {
                "start": serializers.DateField(),
                "end": serializers.DateField(),
                "overall": serializers.DictField(),
                "by_department": serializers.ListField(),
                "by_category": serializers.ListField(),
            },
        ),
    )
    def get(self, request):
        try:
            days = max(1, min(int(request.query_params.get("days", 30)), 366))
        except ValueError:
            days = 30
        end = timezone.localdate()
        stats = selectors.dashboard_stats(start=end - timedelta(days=days - 1), end=end)

        def row(r):
            return {
                "key": r.key,
                "label": r.label,
                "total": r.total,
                "response_rate": r.response_rate,
                "resolution_rate": r.resolution_rate,
                "satisfaction_rate": r.satisfaction_rate,
                "on_time_rate": r.on_time_rate,
                "overdue": r.overdue,
            }

        return Response(
            {
                "start": stats.start,
                "end": stats.end,
                "overall": row(stats.overall),
                "by_department": [row(r) for r in stats.by_department],
                "by_category": [row(r) for r in stats.by_category],
            }
        )


class AlertListView(APIView):
    @extend_schema(
        responses=inline_serializer(
            "HotspotAlert",
            {
                "id": serializers.IntegerField(),
                "kind": serializers.CharField(),
                "day": serializers.DateField(),
                "category": serializers.CharField(allow_null=True),
                "district": serializers.CharField(allow_null=True),
                "count": serializers.IntegerField(),
                "baseline": serializers.FloatField(),
                "status": serializers.CharField(),
                "requests": serializers.ListField(child=serializers.CharField()),
            },
            many=True,
        )
    )
    def get(self, request):
        paginator = Pagination()
        qs = selectors.alert_list(user=request.user, status=request.query_params.get("status", ""))
        page = paginator.paginate_queryset(qs.prefetch_related("requests__case"), request, view=self)
        return paginator.get_paginated_response(
            [
                {
                    "id": a.pk,
                    "kind": a.kind,
                    "day": a.day,
                    "category": a.category.code if a.category_id else None,
                    "district": a.district.code if a.district_id else None,
                    "count": a.count,
                    "baseline": a.baseline,
                    "status": a.status,
                    "requests": [r.case.number for r in a.requests.all()],
                }
                for a in page
            ]
        )


class CorrectionsView(APIView):
    """Routing corrections made by people, as training rows for the next router."""

    @extend_schema(
        responses=inline_serializer(
            "RoutingCorrection",
            {
                "text": serializers.CharField(),
                "label": serializers.CharField(),
                "previous_label": serializers.CharField(allow_null=True),
                "department": serializers.CharField(allow_null=True),
                "kind": serializers.CharField(),
                "at": serializers.DateTimeField(),
            },
            many=True,
        )
    )
    def get(self, request):
        paginator = Pagination()
        page = paginator.paginate_queryset(selectors.corrections(), request, view=self)
        return paginator.get_paginated_response(
            [
                {
                    "text": e.request.description,
                    "label": e.category.code,
                    "previous_label": e.previous_category.code if e.previous_category_id else None,
                    "department": e.department.code if e.department_id else None,
                    "kind": e.kind,
                    "at": e.at,
                }
                for e in page
            ]
        )


urlpatterns = [
    path("hotline/requests/", RequestListView.as_view(), name="hotline-request-list"),
    path("hotline/requests/<str:number>/", RequestDetailView.as_view(), name="hotline-request-detail"),
    path(
        "hotline/requests/<str:number>/actions/<slug:name>/", RequestActionView.as_view(), name="hotline-request-action"
    ),
    path("hotline/requests/<str:number>/feedback/", RequestFeedbackView.as_view(), name="hotline-request-feedback"),
    path("hotline/track/<str:code>/", TrackView.as_view(), name="hotline-track"),
    path("hotline/categories/", CategoryListView.as_view(), name="hotline-category-list"),
    path("hotline/districts/", DistrictListView.as_view(), name="hotline-district-list"),
    path("hotline/route-preview/", RoutePreviewView.as_view(), name="hotline-route-preview"),
    path("hotline/callers/", CallerHistoryView.as_view(), name="hotline-caller-history"),
    path("hotline/dashboard/", DashboardView.as_view(), name="hotline-dashboard"),
    path("hotline/alerts/", AlertListView.as_view(), name="hotline-alert-list"),
    path("hotline/corrections/", CorrectionsView.as_view(), name="hotline-corrections"),
]
