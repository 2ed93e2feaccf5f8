"""API after the approval: readiness, the collection appointment and the collection, the
return, the trip report, and the inspection's findings."""

from __future__ import annotations

from typing import Any

from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from onestop.accounts.models import Organization
from onestop.core.errors import NotFound, ValidationFailed

from .. import services
from ..inspection import all_rules, inspection_run
from ..models import Trip, TripCollection, TripReport
from ..selectors import (
    access_trip,
    trip_collection_appointment,
    trip_collection_options,
    trip_readiness,
    trip_visits_count,
)
from ..serializers import (
    TripAppointmentSerializer,
    TripBookSerializer,
    TripCollectionSerializer,
    TripCollectWriteSerializer,
    TripDetailSerializer,
    TripFindingOutSerializer,
    TripInspectionRuleSerializer,
    TripReadinessSerializer,
    TripReportSerializer,
    TripReportWriteSerializer,
    TripReturnWriteSerializer,
    TripSlotOptionSerializer,
)

ERR_YEAR = _("Give the year as four digits.")
ERR_ORGANIZATION = _("Unknown organization.")
ERR_RULE = _("Unknown rule.")
ERR_NO_REPORT = _("No trip report has been submitted yet.")


def _readiness(trip: Trip) -> dict[str, Any]:
    readiness = trip_readiness(trip=trip)
    return {
        "state": trip.case.state,
        "ready": readiness.ready,
        "checked_at": trip.readiness_checked_at,
        "passports": [
            {
                "person_id": p.person_id, "person_name": p.person_name, "status": p.status,
                "status_label": p.status_label, "ready": p.ready, "passport_masked": p.passport_masked,
                "due_on": p.due_on, "application_number": p.application_number,
            }
            for p in readiness.passports
        ],
        "visas": [
            {
                "person_id": v.person_id, "person_name": v.person_name, "country": v.country,
                "country_name": v.country_name, "requirement": v.requirement,
                "requirement_label": v.requirement_label, "state": v.state, "state_label": v.state_label,
                "ready": v.ready, "application_number": v.application_number,
            }
            for v in readiness.visas
        ],
    }  # fmt: skip


class ReadinessView(APIView):
    """Where each traveller's passport and visa stands; POST checks again now (and moves the
    trip to "ready for collection" when everything is ready)."""

    serializer_class = TripReadinessSerializer

    @extend_schema(responses=TripReadinessSerializer)
    def get(self, request, pk: int):
        return Response(TripReadinessSerializer(_readiness(access_trip(user=request.user, pk=pk))).data)

    @extend_schema(request=None, responses=TripReadinessSerializer)
    def post(self, request, pk: int):
        trip = services.trip_readiness_refresh(trip=access_trip(user=request.user, pk=pk), by=request.user)
        trip = access_trip(user=request.user, pk=pk)
        return Response(TripReadinessSerializer(_readiness(trip)).data)


class CollectionOptionsView(APIView):
    """Times offered for the collection visit, the shortest expected wait first."""

    serializer_class = TripSlotOptionSerializer

    @extend_schema(responses=TripSlotOptionSerializer(many=True))
    def get(self, request, pk: int):
        access_trip(user=request.user, pk=pk)
        return Response(TripSlotOptionSerializer(trip_collection_options(), many=True).data)


class CollectionBookView(APIView):
    """Book the one collection visit (a slot from the options, or the best one)."""

    serializer_class = TripBookSerializer

    @extend_schema(request=TripBookSerializer, responses={201: TripAppointmentSerializer})
    def post(self, request, pk: int):
        trip = access_trip(user=request.user, pk=pk)
        data = TripBookSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        appointment = services.trip_collection_book(trip=trip, by=request.user, slot_id=data.validated_data.get("slot"))
        return Response(TripAppointmentSerializer(appointment).data, status=status.HTTP_201_CREATED)


def _collection(trip: Trip) -> dict[str, Any]:
    return {
        "visits": trip_visits_count(trip=trip),
        "appointment": trip_collection_appointment(trip=trip),
        "collection": TripCollection.objects.filter(trip=trip).first(),
    }


class CollectionView(APIView):
    """The visit count, the collection appointment and the signed collection; POST (a
    passport officer) records the collection."""

    serializer_class = TripCollectionSerializer

    @extend_schema(responses=TripCollectionSerializer)
    def get(self, request, pk: int):
        return Response(TripCollectionSerializer(_collection(access_trip(user=request.user, pk=pk))).data)

    @extend_schema(request=TripCollectWriteSerializer, responses={201: TripCollectionSerializer})
    def post(self, request, pk: int):
        trip = access_trip(user=request.user, pk=pk)
        data = TripCollectWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.trip_collect(trip=trip, by=request.user, **data.validated_data)
        return Response(TripCollectionSerializer(_collection(trip)).data, status=status.HTTP_201_CREATED)


class ReturnView(APIView):
    """Record the dates actually travelled (a passport officer may take the passports back
    at the same time)."""

    serializer_class = TripReturnWriteSerializer

    @extend_schema(request=TripReturnWriteSerializer, responses={200: TripDetailSerializer})
    def post(self, request, pk: int):
        from . import _detail

        trip = access_trip(user=request.user, pk=pk)
        data = TripReturnWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        services.trip_return_record(
            trip=trip,
            by=request.user,
            departed_on=values["departed_on"],
            returned_on=values["returned_on"],
            hand_back_passports=values.get("hand_back_passports", False),
        )
        return _detail(request, pk)


class ReportView(APIView):
    """The trip report; POST (multipart: summary, countries, file) submits it."""

    serializer_class = TripReportSerializer
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(responses=TripReportSerializer)
    def get(self, request, pk: int):
        trip = access_trip(user=request.user, pk=pk)
        report = TripReport.objects.filter(trip=trip).select_related("case_material").first()
        if report is None:
            raise NotFound("trips.report_not_found", ERR_NO_REPORT)
        return Response(TripReportSerializer(report).data)

    @extend_schema(request={"multipart/form-data": TripReportWriteSerializer}, responses={201: TripReportSerializer})
    def post(self, request, pk: int):
        trip = access_trip(user=request.user, pk=pk)
        raw = request.data
        countries = raw.getlist("countries") if hasattr(raw, "getlist") else raw.get("countries")
        payload = {"summary": raw.get("summary", ""), "countries": countries or []}
        if raw.get("file") is not None:
            payload["file"] = raw.get("file")
        data = TripReportWriteSerializer(data=payload)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        report = services.trip_report_submit(
            trip=trip, by=request.user, summary=values["summary"], countries=values["countries"],
            upload=values.get("file"),
        )  # fmt: skip
        return Response(TripReportSerializer(report).data, status=status.HTTP_201_CREATED)


def _inspection_filters(params) -> dict[str, Any]:
    filters: dict[str, Any] = {}
    year = params.get("year")
    if year:
        if not (str(year).isdigit() and len(str(year)) == 4):
            raise ValidationFailed("trips.invalid_filter", ERR_YEAR, fields={"year": [ERR_YEAR]})
        filters["year"] = int(year)
    organization = params.get("organization")
    if organization:
        org = Organization.objects.filter(pk=organization).first() if str(organization).isdigit() else None
        if org is None:
            raise ValidationFailed(
                "trips.invalid_filter", ERR_ORGANIZATION, fields={"organization": [ERR_ORGANIZATION]}
            )
        filters["organization"] = org
    rule = params.get("rule")
    if rule:
        if rule not in {r.code for r in all_rules()}:
            raise ValidationFailed("trips.invalid_filter", ERR_RULE, fields={"rule": [ERR_RULE]})
        filters["rules"] = [rule]
    return filters


class InspectionView(GenericAPIView):
    """Findings of the inspection rules, by organization; filters: year (of departure),
    organization (its subtree), rule."""

    serializer_class = TripFindingOutSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("year", OpenApiTypes.INT),
            OpenApiParameter("organization", OpenApiTypes.INT),
            OpenApiParameter("rule", OpenApiTypes.STR, enum=[r.code for r in all_rules()]),
        ],
        responses=TripFindingOutSerializer(many=True),
    )
    def get(self, request):
        findings = inspection_run(**_inspection_filters(request.query_params))
        page = self.paginate_queryset(findings)
        return self.get_paginated_response(TripFindingOutSerializer(page, many=True).data)


class InspectionRulesView(APIView):
    serializer_class = TripInspectionRuleSerializer

    @extend_schema(responses=TripInspectionRuleSerializer(many=True))
    def get(self, request):
        rows = [{"code": r.code, "title": str(r.title), "severity": r.severity} for r in all_rules()]
        return Response(TripInspectionRuleSerializer(rows, many=True).data)


urlpatterns = [
    path("trips/inspection/", InspectionView.as_view(), name="trips-inspection"),
    path("trips/inspection/rules/", InspectionRulesView.as_view(), name="trips-inspection-rules"),
    path("trips/<int:pk>/readiness/", ReadinessView.as_view(), name="trips-readiness"),
    path("trips/<int:pk>/collection/", CollectionView.as_view(), name="trips-collection"),
    path("trips/<int:pk>/collection/options/", CollectionOptionsView.as_view(), name="trips-collection-options"),
    path("trips/<int:pk>/collection/book/", CollectionBookView.as_view(), name="trips-collection-book"),
    path("trips/<int:pk>/return/", ReturnView.as_view(), name="trips-return"),
    path("trips/<int:pk>/report/", ReportView.as_view(), name="trips-report"),
]
