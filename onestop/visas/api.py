"""REST API for visas (mounted under /api/v1/, names in namespace "api").

Everything the pages do: the requirement table and its lookup, the missions, the visa
officer's queue of prepared applications with their readiness, applications (list, detail
with the assembled data, materials and timeline; outcome, withdrawal, refresh, revealing a
visa number), batches (list, submit, detail), and a trip's visa status with its "ready"
answer and the officer's re-check.
"""

from __future__ import annotations

from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from onestop.core.errors import NotFound, ValidationFailed
from onestop.passports.models import PassportType

from . import selectors, services
from .models import Mission, RequirementKind, Visa
from .serializers import (
    VisaApplicationDetailSerializer,
    VisaApplicationSerializer,
    VisaBatchCreateSerializer,
    VisaBatchDetailSerializer,
    VisaBatchSerializer,
    VisaIssueSerializer,
    VisaMissionSerializer,
    VisaPrepareResultSerializer,
    VisaQueueLineSerializer,
    VisaRefuseSerializer,
    VisaRequirementAnswerSerializer,
    VisaRequirementLookupSerializer,
    VisaRequirementSerializer,
    VisaRevealSerializer,
    VisaTripStatusSerializer,
    VisaWithdrawSerializer,
)
from .workflow import VisaState

ERR_FILTER = _("Unknown value for this filter.")


def _choice(request, name: str, values) -> str | None:
    value = request.query_params.get(name) or None
    if value and value not in values:
        raise ValidationFailed("visas.invalid_filter", ERR_FILTER, fields={name: [ERR_FILTER]})
    return value


def _country(request) -> str | None:
    value = (request.query_params.get("country") or "").upper() or None
    if value and (len(value) != 2 or not value.isalpha()):
        raise ValidationFailed("visas.invalid_filter", ERR_FILTER, fields={"country": [ERR_FILTER]})
    return value


def _detail(request, application) -> Response:
    context = {"officer": selectors.is_officer(request.user)}
    return Response(VisaApplicationDetailSerializer(application, context=context).data)


class RequirementListView(GenericAPIView):
    """The requirement table (by default the rows in force today)."""

    serializer_class = VisaRequirementSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("country", OpenApiTypes.STR),
            OpenApiParameter("passport_type", OpenApiTypes.STR, enum=PassportType.values),
            OpenApiParameter("kind", OpenApiTypes.STR, enum=RequirementKind.values),
            OpenApiParameter("all", OpenApiTypes.BOOL, description="include rows not in force today"),
        ],
        responses=VisaRequirementSerializer(many=True),
    )
    def get(self, request):
        rows = selectors.requirements_for(
            country=_country(request),
            passport_type=_choice(request, "passport_type", PassportType.values),
            kind=_choice(request, "kind", RequirementKind.values),
            current_only=request.query_params.get("all") not in ("1", "true"),
        )
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(VisaRequirementSerializer(page, many=True).data)


class RequirementLookupView(APIView):
    """What a passport type needs for a country on a day: the answer is "unknown" (ask the
    visa officer) when the table has no entry."""

    @extend_schema(
        parameters=[
            OpenApiParameter("country", OpenApiTypes.STR, required=True),
            OpenApiParameter("passport_type", OpenApiTypes.STR, enum=PassportType.values, required=True),
            OpenApiParameter("on", OpenApiTypes.DATE),
        ],
        responses=VisaRequirementAnswerSerializer,
    )
    def get(self, request):
        params = VisaRequirementLookupSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        answer = selectors.visa_requirement_for(**params.validated_data)
        return Response(
            VisaRequirementAnswerSerializer(
                {
                    "country": answer.country,
                    "passport_type": answer.passport_type,
                    "kind": answer.kind,
                    "known": answer.known,
                    "needs_application": answer.needs_application,
                    "label": answer.label,
                    "notes": answer.notes,
                    "max_stay_days": answer.max_stay_days,
                    "processing_days": answer.processing_days,
                    "source": answer.source,
                    "valid_from": answer.valid_from,
                }
            ).data
        )


class MissionListView(GenericAPIView):
    serializer_class = VisaMissionSerializer

    @extend_schema(
        parameters=[OpenApiParameter("country", OpenApiTypes.STR)], responses=VisaMissionSerializer(many=True)
    )
    def get(self, request):
        page = self.paginate_queryset(selectors.missions_for(country=_country(request)))
        return self.get_paginated_response(VisaMissionSerializer(page, many=True).data)


class QueueView(GenericAPIView):
    """Prepared applications by country, each with what still stops it from being submitted."""

    serializer_class = VisaQueueLineSerializer

    @extend_schema(
        parameters=[OpenApiParameter("country", OpenApiTypes.STR)], responses=VisaQueueLineSerializer(many=True)
    )
    def get(self, request):
        page = self.paginate_queryset(selectors.prepared_applications(country=_country(request)))
        problems = selectors.readiness_for(page)
        rows = [{"application": a, "ready": not problems[a.pk], "problems": problems[a.pk]} for a in page]
        return self.get_paginated_response(VisaQueueLineSerializer(rows, many=True).data)


class ApplicationListView(GenericAPIView):
    """Applications the caller may see (the Foreign Affairs Office: all; a liaison officer:
    their organization's)."""

    serializer_class = VisaApplicationSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("state", OpenApiTypes.STR, enum=VisaState.values),
            OpenApiParameter("country", OpenApiTypes.STR),
            OpenApiParameter("trip", OpenApiTypes.INT, description="the trip's case id"),
            OpenApiParameter("q", OpenApiTypes.STR),
        ],
        responses=VisaApplicationSerializer(many=True),
    )
    def get(self, request):
        trip = request.query_params.get("trip") or None
        if trip is not None and not trip.isdigit():
            raise ValidationFailed("visas.invalid_filter", ERR_FILTER, fields={"trip": [ERR_FILTER]})
        qs = selectors.applications_for(
            user=request.user,
            state=_choice(request, "state", VisaState.values),
            country=_country(request),
            q=request.query_params.get("q") or None,
            trip_case_id=int(trip) if trip else None,
        )
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(VisaApplicationSerializer(page, many=True).data)


class ApplicationDetailView(APIView):
    @extend_schema(responses=VisaApplicationDetailSerializer)
    def get(self, request, pk: int):
        return _detail(request, selectors.access_application(user=request.user, pk=pk))


class ApplicationIssueView(APIView):
    """Record the issued visa (number, validity, entries) against the passport."""

    @extend_schema(request=VisaIssueSerializer, responses=VisaApplicationDetailSerializer)
    def post(self, request, pk: int):
        application = selectors.access_application(user=request.user, pk=pk)
        body = VisaIssueSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.visa_application_issue(application=application, by=request.user, **body.validated_data)
        return _detail(request, selectors.access_application(user=request.user, pk=pk))


class ApplicationRefuseView(APIView):
    @extend_schema(request=VisaRefuseSerializer, responses=VisaApplicationDetailSerializer)
    def post(self, request, pk: int):
        application = selectors.access_application(user=request.user, pk=pk)
        body = VisaRefuseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.visa_application_refuse(application=application, by=request.user, **body.validated_data)
        return _detail(request, selectors.access_application(user=request.user, pk=pk))


class ApplicationWithdrawView(APIView):
    @extend_schema(request=VisaWithdrawSerializer, responses=VisaApplicationDetailSerializer)
    def post(self, request, pk: int):
        application = selectors.access_application(user=request.user, pk=pk)
        body = VisaWithdrawSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.visa_application_withdraw(application=application, by=request.user, **body.validated_data)
        return _detail(request, selectors.access_application(user=request.user, pk=pk))


class ApplicationRefreshView(APIView):
    """Bring a prepared application up to date with the passport registry and the dossier."""

    @extend_schema(request=None, responses=VisaApplicationDetailSerializer)
    def post(self, request, pk: int):
        application = selectors.access_application(user=request.user, pk=pk)
        services.visa_application_refresh(application=application, by=request.user)
        return _detail(request, selectors.access_application(user=request.user, pk=pk))


class VisaRevealView(APIView):
    """The visa number in clear (visa officers only); every reveal is audited."""

    @extend_schema(request=None, responses=VisaRevealSerializer)
    def post(self, request, pk: int):
        application = selectors.access_application(user=request.user, pk=pk)
        visa = Visa.objects.filter(application=application).first()
        if visa is None:
            raise NotFound("visas.visa_not_found")
        number = services.visa_reveal_number(user=request.user, visa=visa)
        response = Response(VisaRevealSerializer({"number": number}).data)
        response["Cache-Control"] = "no-store"
        return response


class BatchListView(GenericAPIView):
    """Batches (the Foreign Affairs Office); POST submits a new batch (visa officers)."""

    serializer_class = VisaBatchSerializer

    @extend_schema(
        parameters=[OpenApiParameter("country", OpenApiTypes.STR), OpenApiParameter("open", OpenApiTypes.BOOL)],
        responses=VisaBatchSerializer(many=True),
    )
    def get(self, request):
        qs = selectors.batches_for(
            user=request.user, country=_country(request), open_only=request.query_params.get("open") in ("1", "true")
        )
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(VisaBatchSerializer(page, many=True).data)

    @extend_schema(request=VisaBatchCreateSerializer, responses={201: VisaBatchDetailSerializer})
    def post(self, request):
        body = VisaBatchCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        batch = services.visa_batch_create(
            by=request.user,
            mission=Mission.objects.filter(pk=data["mission"]).first(),
            application_ids=data["applications"],
            covering_note=data["covering_note"],
            submitted_on=data.get("submitted_on"),
        )
        fresh = selectors.access_batch(user=request.user, pk=batch.pk)
        return Response(VisaBatchDetailSerializer(fresh).data, status=status.HTTP_201_CREATED)


class BatchDetailView(APIView):
    @extend_schema(responses=VisaBatchDetailSerializer)
    def get(self, request, pk: int):
        return Response(VisaBatchDetailSerializer(selectors.access_batch(user=request.user, pk=pk)).data)


class TripStatusView(APIView):
    """Per traveller × destination: the requirement and where the visa stands; ``ready`` is
    what the trip's one-visit collection waits for."""

    @extend_schema(responses=VisaTripStatusSerializer)
    def get(self, request, case_id: int):
        case = selectors.access_trip_case(user=request.user, case_id=case_id)
        lines = selectors.visa_status_for_trip(trip_case=case)
        payload = {
            "trip_case_id": case.pk,
            "trip_number": case.number,
            "ready": all(line.ready for line in lines),
            "lines": [line.as_dict() for line in lines],
        }
        return Response(VisaTripStatusSerializer(payload).data)


class TripPrepareView(APIView):
    """The visa officer re-checks an approved trip against the table; what is still needed
    is prepared."""

    @extend_schema(request=None, responses=VisaPrepareResultSerializer)
    def post(self, request, case_id: int):
        case = selectors.access_trip_case(user=request.user, case_id=case_id)
        created = services.visas_prepare_for_trip(trip_case=case, by=request.user, record_notes=False)
        return Response(VisaPrepareResultSerializer({"created": created}).data)


urlpatterns = [
    path("visas/requirements/", RequirementListView.as_view(), name="visas-requirement-list"),
    path("visas/requirements/lookup/", RequirementLookupView.as_view(), name="visas-requirement-lookup"),
    path("visas/missions/", MissionListView.as_view(), name="visas-mission-list"),
    path("visas/queue/", QueueView.as_view(), name="visas-queue"),
    path("visas/applications/", ApplicationListView.as_view(), name="visas-application-list"),
    path("visas/applications/<int:pk>/", ApplicationDetailView.as_view(), name="visas-application-detail"),
    path("visas/applications/<int:pk>/issue/", ApplicationIssueView.as_view(), name="visas-application-issue"),
    path("visas/applications/<int:pk>/refuse/", ApplicationRefuseView.as_view(), name="visas-application-refuse"),
    path("visas/applications/<int:pk>/withdraw/", ApplicationWithdrawView.as_view(), name="visas-application-withdraw"),
    path("visas/applications/<int:pk>/refresh/", ApplicationRefreshView.as_view(), name="visas-application-refresh"),
    path("visas/applications/<int:pk>/visa/reveal/", VisaRevealView.as_view(), name="visas-visa-reveal"),
    path("visas/batches/", BatchListView.as_view(), name="visas-batch-list"),
    path("visas/batches/<int:pk>/", BatchDetailView.as_view(), name="visas-batch-detail"),
    path("visas/trips/<int:case_id>/", TripStatusView.as_view(), name="visas-trip-status"),
    path("visas/trips/<int:case_id>/prepare/", TripPrepareView.as_view(), name="visas-trip-prepare"),
]
