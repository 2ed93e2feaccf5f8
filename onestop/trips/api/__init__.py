"""REST API for trips (mounted under /api/v1/, names in namespace "api").

Everything a page does: drafts (create, read, change, withdraw), the delegation, the
destinations, the materials, the policy check, the workflow moves, the FAO work queue.
Errors come out as ``{"error": {"code", "message", "fields"}}``.
"""

from __future__ import annotations

from typing import Any

from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from onestop.accounts.models import User
from onestop.core.errors import Conflict, NotFound, ValidationFailed
from onestop.dossier.selectors import access_person

from .. import services
from ..countries import all_countries
from ..materials import trip_materials_status
from ..models import Trip
from ..policy import hard_findings, soft_findings, trip_policy_check
from ..selectors import access_trip, fao_work_queue, trip_available_actions, trips_for_dashboard
from ..serializers import (
    TripActionSerializer,
    TripCountrySerializer,
    TripDestinationSerializer,
    TripDestinationWriteSerializer,
    TripDetailSerializer,
    TripListSerializer,
    TripMaterialLineSerializer,
    TripMaterialUploadSerializer,
    TripMemberSerializer,
    TripMemberWriteSerializer,
    TripPolicyCheckSerializer,
    TripWriteSerializer,
)
from ..workflow import TripState

ACTIONS = (
    "submit", "resubmit", "assign", "request-correction", "approve", "reject", "withdraw",
    "cancel", "close", "return-report",
)  # fmt: skip
ERR_UNKNOWN_ACTION = _("Unknown action.")
ERR_UNKNOWN_STATE = _("Unknown state.")
ERR_ORGANIZATION_ID = _("Give an organization id.")
ERR_UNKNOWN_PERSON = _("Unknown person.")
ERR_UNKNOWN_REVIEWER = _("Unknown reviewer.")
ERR_NOT_DRAFT = _("Only a draft can be deleted; use the withdraw action.")


def available_actions(*, trip: Trip, user: Any) -> list[str]:
    """Action names as the ``actions/<action>/`` endpoint takes them ("take over" is "assign";
    "collect", "record-return" and "submit-report" have their own endpoints)."""
    names = [
        "assign" if n == "take_over" else n.replace("_", "-") for n in trip_available_actions(trip=trip, user=user)
    ]
    return list(dict.fromkeys(names))


def _detail(request, trip_pk: int) -> Response:
    trip = access_trip(user=request.user, pk=trip_pk)
    return Response(TripDetailSerializer(trip, context={"request": request}).data)


class TripListView(GenericAPIView):
    """Trips the caller may see (a liaison officer: their organization's; FAO staff: all),
    newest first; create a draft (liaison officers)."""

    serializer_class = TripListSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("state", OpenApiTypes.STR, enum=TripState.values),
            OpenApiParameter("q", OpenApiTypes.STR, description="case number, purpose or inviting party"),
        ],
        responses=TripListSerializer(many=True),
    )
    def get(self, request):
        state = request.query_params.get("state") or None
        if state and state not in TripState.values:
            raise ValidationFailed("trips.invalid_filter", ERR_UNKNOWN_STATE, fields={"state": [ERR_UNKNOWN_STATE]})
        qs = trips_for_dashboard(user=request.user, state=state, q=request.query_params.get("q"))
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(TripListSerializer(page, many=True).data)

    @extend_schema(request=TripWriteSerializer, responses={201: TripDetailSerializer})
    def post(self, request):
        data = TripWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        trip = services.trip_create(by=request.user, **data.validated_data)
        trip = access_trip(user=request.user, pk=trip.pk)
        return Response(TripDetailSerializer(trip, context={"request": request}).data, status=status.HTTP_201_CREATED)


class TripDetailView(APIView):
    """One trip. PATCH changes a draft (or a trip sent back for correction); DELETE
    withdraws a draft — trips are never erased, so their numbers stay accounted for."""

    serializer_class = TripDetailSerializer

    @extend_schema(responses=TripDetailSerializer)
    def get(self, request, pk: int):
        return _detail(request, pk)

    @extend_schema(request=TripWriteSerializer, responses=TripDetailSerializer)
    def patch(self, request, pk: int):
        trip = access_trip(user=request.user, pk=pk)
        data = TripWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.trip_update(trip=trip, by=request.user, **data.validated_data)
        return _detail(request, pk)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, pk: int):
        trip = access_trip(user=request.user, pk=pk)
        if trip.case.state != TripState.DRAFT:
            raise Conflict("trips.not_draft", ERR_NOT_DRAFT)
        services.trip_withdraw(trip=trip, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TripQueueView(GenericAPIView):
    """The FAO work queue: open trips, most urgent deadline first."""

    serializer_class = TripListSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "state",
                OpenApiTypes.STR,
                enum=[
                    str(s)
                    for s in (
                        TripState.SUBMITTED,
                        TripState.RESUBMITTED,
                        TripState.IN_REVIEW,
                        TripState.CORRECTION_REQUESTED,
                    )
                ],
            ),
            OpenApiParameter("assigned", OpenApiTypes.STR, enum=["me", "none"]),
            OpenApiParameter("organization", OpenApiTypes.INT),
            OpenApiParameter("overdue", OpenApiTypes.BOOL),
            OpenApiParameter("q", OpenApiTypes.STR),
        ],
        responses=TripListSerializer(many=True),
    )
    def get(self, request):
        params = request.query_params
        organization = params.get("organization") or None
        if organization is not None and not str(organization).isdigit():
            raise ValidationFailed(
                "trips.invalid_filter", ERR_ORGANIZATION_ID, fields={"organization": [ERR_ORGANIZATION_ID]}
            )
        qs = fao_work_queue(
            user=request.user,
            state=params.get("state") or None,
            assigned=params.get("assigned") or None,
            organization=int(organization) if organization else None,
            overdue=params.get("overdue") in ("1", "true", "True"),
            q=params.get("q"),
        )
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(TripListSerializer(page, many=True).data)


class PolicyCheckView(APIView):
    """The policy findings and missing materials: what stands between the trip and submission."""

    serializer_class = TripPolicyCheckSerializer

    @extend_schema(responses=TripPolicyCheckSerializer)
    def get(self, request, pk: int):
        trip = access_trip(user=request.user, pk=pk)
        findings = trip_policy_check(trip=trip, today=timezone.localdate())
        missing = [f"{line.person_name}: {line.type_name}" for line in trip_materials_status(trip=trip)
                   if line.status == "missing"]  # fmt: skip
        needs_reason = bool(soft_findings(findings))
        return Response(
            {
                "can_submit": not hard_findings(findings)
                and not missing
                and (not needs_reason or bool(trip.soft_breach_reason.strip())),
                "needs_reason": needs_reason,
                "findings": [{"code": f.code, "severity": f.severity, "message": f.message} for f in findings],
                "missing_materials": missing,
            }
        )


class MemberListView(APIView):
    serializer_class = TripMemberSerializer

    @extend_schema(responses=TripMemberSerializer(many=True))
    def get(self, request, pk: int):
        trip = access_trip(user=request.user, pk=pk)
        return Response(TripMemberSerializer(trip.members.all(), many=True).data)

    @extend_schema(request=TripMemberWriteSerializer, responses={201: TripMemberSerializer})
    def post(self, request, pk: int):
        trip = access_trip(user=request.user, pk=pk)
        data = TripMemberWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            person = access_person(user=request.user, pk=data.validated_data["person"])
        except NotFound:
            raise ValidationFailed("trips.person_unknown", ERR_UNKNOWN_PERSON, fields={"person": [ERR_UNKNOWN_PERSON]})
        member = services.trip_member_add(trip=trip, by=request.user, person=person, role=data.validated_data["role"])
        return Response(TripMemberSerializer(member).data, status=status.HTTP_201_CREATED)


class MemberDetailView(APIView):
    @extend_schema(request=None, responses={204: None})
    def delete(self, request, pk: int, member_id: int):
        trip = access_trip(user=request.user, pk=pk)
        services.trip_member_remove(trip=trip, by=request.user, member_id=member_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class DestinationListView(APIView):
    serializer_class = TripDestinationSerializer

    @extend_schema(responses=TripDestinationSerializer(many=True))
    def get(self, request, pk: int):
        trip = access_trip(user=request.user, pk=pk)
        return Response(TripDestinationSerializer(trip.destinations.all(), many=True).data)

    @extend_schema(request=TripDestinationWriteSerializer, responses={201: TripDestinationSerializer})
    def post(self, request, pk: int):
        trip = access_trip(user=request.user, pk=pk)
        data = TripDestinationWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        dest = services.trip_destination_add(trip=trip, by=request.user, **data.validated_data)
        return Response(TripDestinationSerializer(dest).data, status=status.HTTP_201_CREATED)


class DestinationDetailView(APIView):
    @extend_schema(request=None, responses={204: None})
    def delete(self, request, pk: int, destination_id: int):
        trip = access_trip(user=request.user, pk=pk)
        services.trip_destination_remove(trip=trip, by=request.user, destination_id=destination_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MaterialsView(APIView):
    """What the trip needs from the dossier (reused, provided or missing); POST uploads a
    missing one (multipart: person, type_code, file)."""

    serializer_class = TripMaterialLineSerializer
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(responses=TripMaterialLineSerializer(many=True))
    def get(self, request, pk: int):
        trip = access_trip(user=request.user, pk=pk)
        lines = trip_materials_status(trip=trip)
        return Response(TripMaterialLineSerializer(lines, many=True).data)

    @extend_schema(
        request={"multipart/form-data": TripMaterialUploadSerializer},
        responses={201: TripMaterialLineSerializer(many=True)},
    )
    def post(self, request, pk: int):
        trip = access_trip(user=request.user, pk=pk)
        data = TripMaterialUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.trip_material_provide(
            trip=trip,
            by=request.user,
            person_id=data.validated_data["person"],
            type_code=data.validated_data["type_code"],
            upload=data.validated_data["file"],
        )
        trip = access_trip(user=request.user, pk=pk)
        return Response(TripMaterialLineSerializer(trip_materials_status(trip=trip), many=True).data, status=201)


class ActionView(APIView):
    """A workflow move: submit, resubmit, assign, request-correction, approve, reject, withdraw;
    after the approval: cancel (reason in ``note``), return-report (reason), close."""

    serializer_class = TripActionSerializer

    @extend_schema(request=TripActionSerializer, responses=TripDetailSerializer)
    def post(self, request, pk: int, action: str):
        if action not in ACTIONS:
            raise NotFound("trips.action_unknown", ERR_UNKNOWN_ACTION)
        trip = access_trip(user=request.user, pk=pk)
        data = TripActionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        note = values.get("note", "")
        by = request.user
        if action == "submit":
            services.trip_submit(trip=trip, by=by, soft_reason=values.get("soft_reason"))
        elif action == "resubmit":
            services.trip_resubmit(trip=trip, by=by, soft_reason=values.get("soft_reason"))
        elif action == "assign":
            assignee = None
            if values.get("assignee"):
                assignee = User.objects.filter(pk=values["assignee"], is_active=True).first()
                if assignee is None:
                    raise ValidationFailed(
                        "trips.assignee_unknown", ERR_UNKNOWN_REVIEWER, fields={"assignee": [ERR_UNKNOWN_REVIEWER]}
                    )
            services.trip_assign(trip=trip, by=by, assignee=assignee, take_over=values.get("take_over", False))
        elif action == "request-correction":
            services.trip_request_correction(trip=trip, by=by, note=note)
        elif action == "approve":
            services.trip_approve(trip=trip, by=by, note=note)
        elif action == "reject":
            services.trip_reject(trip=trip, by=by, reason=note)
        elif action == "cancel":
            services.trip_cancel(trip=trip, by=by, reason=note)
        elif action == "close":
            services.trip_close(trip=trip, by=by, note=note)
        elif action == "return-report":
            services.trip_report_return(trip=trip, by=by, note=note)
        else:
            services.trip_withdraw(trip=trip, by=by, note=note)
        return _detail(request, pk)


class CountriesView(APIView):
    """Destination countries with names in the caller's language and their region."""

    serializer_class = TripCountrySerializer

    @extend_schema(responses=TripCountrySerializer(many=True))
    def get(self, request):
        rows = [{"code": c.code, "name": c.name(), "region": c.region} for c in all_countries()]
        return Response(sorted(rows, key=lambda r: r["name"]))


urlpatterns = [
    path("trips/", TripListView.as_view(), name="trips-list"),
    path("trips/queue/", TripQueueView.as_view(), name="trips-queue"),
    path("trips/countries/", CountriesView.as_view(), name="trips-countries"),
    path("trips/<int:pk>/", TripDetailView.as_view(), name="trips-detail"),
    path("trips/<int:pk>/policy-check/", PolicyCheckView.as_view(), name="trips-policy-check"),
    path("trips/<int:pk>/members/", MemberListView.as_view(), name="trips-member-list"),
    path("trips/<int:pk>/members/<int:member_id>/", MemberDetailView.as_view(), name="trips-member-detail"),
    path("trips/<int:pk>/destinations/", DestinationListView.as_view(), name="trips-destination-list"),
    path(
        "trips/<int:pk>/destinations/<int:destination_id>/",
        DestinationDetailView.as_view(),
        name="trips-destination-detail",
    ),
    path("trips/<int:pk>/materials/", MaterialsView.as_view(), name="trips-materials"),
    path("trips/<int:pk>/actions/<str:action>/", ActionView.as_view(), name="trips-action"),
]

from .after import urlpatterns as _after_urlpatterns  # noqa: E402  (after.py uses _detail above)

urlpatterns = _after_urlpatterns + urlpatterns
