"""API views of the registry: passports, custody, trips' reservations, handovers, policy."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from onestop.accounts.models import Organization
from onestop.core.errors import NotFound, ValidationFailed
from onestop.dossier.selectors import access_person

from .. import services
from ..models import Handover, PassportStatus, PassportType, Reservation
from ..policies import passport_policy
from ..selectors import (
    access_handover,
    access_passport,
    access_trip_case,
    blocked_organizations,
    handovers_for,
    passports_for,
    trip_passports,
)
from ..serializers import (
    PassportBlockSerializer,
    PassportDetailSerializer,
    PassportHandoverCompleteSerializer,
    PassportHandoverSerializer,
    PassportJobChangeSerializer,
    PassportListSerializer,
    PassportLostSerializer,
    PassportPolicySerializer,
    PassportRegisterSerializer,
    PassportReservationSerializer,
    PassportScanSerializer,
    PassportTravellerPassportSerializer,
)
from .common import ERR_ORGANIZATION, _choice, _detail, _int_param


class PassportListView(GenericAPIView):
    """The registry: passports the caller may see (FAO staff all; a liaison officer their
    organization's), filtered; POST enters a passport in custody (passport officers)."""

    serializer_class = PassportListSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("status", OpenApiTypes.STR, enum=PassportStatus.values),
            OpenApiParameter("type", OpenApiTypes.STR, enum=PassportType.values),
            OpenApiParameter("organization", OpenApiTypes.INT),
            OpenApiParameter("q", OpenApiTypes.STR, description="holder's name (numbers: POST passports/find/)"),
            OpenApiParameter("expiring_within_days", OpenApiTypes.INT),
        ],
        responses=PassportListSerializer(many=True),
    )
    def get(self, request):
        qs = passports_for(
            user=request.user,
            status=_choice(request, "status", PassportStatus.values),
            type=_choice(request, "type", PassportType.values),
            organization_id=_int_param(request, "organization"),
            q=request.query_params.get("q") or None,
            expiring_within_days=_int_param(request, "expiring_within_days"),
        )
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(PassportListSerializer(page, many=True).data)

    @extend_schema(request=PassportRegisterSerializer, responses={201: PassportDetailSerializer})
    def post(self, request):
        from ..access import OFFICER_ROLES

        if not request.user.role_names & OFFICER_ROLES:
            raise NotFound()
        data = PassportRegisterSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        holder = access_person(user=request.user, pk=values.pop("holder_id"))
        passport = services.passport_register(holder=holder, by=request.user, **values)
        return Response(PassportDetailSerializer(passport).data, status=status.HTTP_201_CREATED)


class PassportDetailView(APIView):
    """One passport with its custody history, reservations and loss report."""

    serializer_class = PassportDetailSerializer

    @extend_schema(responses=PassportDetailSerializer)
    def get(self, request, pk: int):
        return _detail(request, pk)


class CheckOutView(APIView):
    """Check a reserved passport out for its approved trip, by MRZ or number."""

    serializer_class = PassportScanSerializer

    @extend_schema(request=PassportScanSerializer, responses=PassportReservationSerializer)
    def post(self, request):
        data = PassportScanSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        reservation = services.passport_check_out(
            text=data.validated_data["code"], by=request.user, trip_case_id=data.validated_data["trip_case_id"]
        )
        return Response(PassportReservationSerializer(reservation).data)


class ReturnView(APIView):
    """Take a passport back, by MRZ or number; a late return is recorded with its days."""

    serializer_class = PassportScanSerializer

    @extend_schema(request=PassportScanSerializer, responses=PassportReservationSerializer)
    def post(self, request):
        data = PassportScanSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        reservation = services.passport_return(text=data.validated_data["code"], by=request.user)
        return Response(PassportReservationSerializer(reservation).data)


class FindView(APIView):
    """Find a passport by its MRZ or number (in the body, never in a URL)."""

    serializer_class = PassportScanSerializer

    @extend_schema(request=PassportScanSerializer, responses=PassportDetailSerializer)
    def post(self, request):
        data = PassportScanSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        passport = services.passport_lookup(text=data.validated_data["code"], user=request.user)
        return Response(PassportDetailSerializer(passport).data)


class LostView(APIView):
    """Report a passport lost or stolen."""

    serializer_class = PassportLostSerializer

    @extend_schema(request=PassportLostSerializer, responses=PassportDetailSerializer)
    def post(self, request, pk: int):
        passport = access_passport(user=request.user, pk=pk)
        data = PassportLostSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.passport_report_lost(passport=passport, by=request.user, **data.validated_data)
        return _detail(request, pk)


class TripReservationsView(APIView):
    """For each traveller of a trip: the passport reserved, or the application filed."""

    serializer_class = PassportTravellerPassportSerializer

    @extend_schema(responses=PassportTravellerPassportSerializer(many=True))
    def get(self, request, case_id: int):
        case = access_trip_case(user=request.user, case_id=case_id)
        return Response(PassportTravellerPassportSerializer(trip_passports(case_id=case.pk), many=True).data)


class ReservationReleaseView(APIView):
    """Release a reservation whose passport was not checked out."""

    serializer_class = PassportReservationSerializer

    @extend_schema(request=None, responses=PassportReservationSerializer)
    def post(self, request, pk: int):
        reservation = Reservation.objects.select_related("passport", "trip_case").filter(pk=pk).first()
        if reservation is None:
            raise NotFound("passports.reservation_not_found")
        access_passport(user=request.user, pk=reservation.passport_id)
        services.reservation_release(reservation=reservation, by=request.user)
        return Response(PassportReservationSerializer(reservation).data)


class HandoverListView(GenericAPIView):
    """Handovers (pending by default; ``status=completed`` or ``all``)."""

    serializer_class = PassportHandoverSerializer

    @extend_schema(
        parameters=[OpenApiParameter("status", OpenApiTypes.STR, enum=[*Handover.Status.values, "all"])],
        responses=PassportHandoverSerializer(many=True),
    )
    def get(self, request):
        value = _choice(request, "status", [*Handover.Status.values, "all"]) or Handover.Status.PENDING
        qs = handovers_for(user=request.user, status=None if value == "all" else value)
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(PassportHandoverSerializer(page, many=True).data)


class HandoverCompleteView(APIView):
    """Complete a handover: transfer, hand-over outside the registry, or cancellation."""

    serializer_class = PassportHandoverCompleteSerializer

    @extend_schema(request=PassportHandoverCompleteSerializer, responses=PassportHandoverSerializer)
    def post(self, request, pk: int):
        handover = access_handover(user=request.user, pk=pk)
        data = PassportHandoverCompleteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        services.handover_complete(
            handover=handover,
            by=request.user,
            outcome=values["outcome"] or None,
            receiver=values["receiver"],
            note=values["note"],
        )
        return Response(PassportHandoverSerializer(access_handover(user=request.user, pk=pk)).data)


class JobChangeView(APIView):
    """Move a person to another organization or out of public service; returns the
    handovers raised for the passports they hold."""

    serializer_class = PassportJobChangeSerializer

    @extend_schema(request=PassportJobChangeSerializer, responses=PassportHandoverSerializer(many=True))
    def post(self, request, person_pk: int):
        person = access_person(user=request.user, pk=person_pk)
        data = PassportJobChangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        org_id = data.validated_data["new_organization_id"]
        new_org = None
        if org_id is not None:
            new_org = Organization.objects.filter(pk=org_id, is_active=True).first()
            if new_org is None:
                raise ValidationFailed(
                    "passports.organization", ERR_ORGANIZATION, fields={"new_organization_id": [ERR_ORGANIZATION]}
                )
        raised = services.person_change_job(
            person=person,
            by=request.user,
            new_organization=new_org,
            leaves_public_service=data.validated_data["leaves_public_service"],
        )
        return Response(PassportHandoverSerializer(raised, many=True).data, status=status.HTTP_201_CREATED)


class PolicyView(APIView):
    """The custody rules in force."""

    serializer_class = PassportPolicySerializer

    @extend_schema(responses=PassportPolicySerializer)
    def get(self, request):
        return Response(PassportPolicySerializer(passport_policy()).data)


class BlocksView(APIView):
    """Organizations that cannot submit new trips now, with their most overdue passport."""

    serializer_class = PassportBlockSerializer

    @extend_schema(responses=PassportBlockSerializer(many=True))
    def get(self, request):
        return Response(PassportBlockSerializer(blocked_organizations(user=request.user), many=True).data)
