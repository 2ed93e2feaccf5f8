"""API views of passport applications."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from onestop.core.errors import ValidationFailed
from onestop.dossier.selectors import access_person

from .. import services
from ..selectors import (
    access_application,
    access_trip_case,
    applications_for,
)
from ..serializers import (
    PassportApplicationActionSerializer,
    PassportApplicationCreateSerializer,
    PassportApplicationDetailSerializer,
    PassportApplicationMaterialSerializer,
    PassportApplicationSerializer,
    PassportApplicationUpdateSerializer,
)
from ..workflow import ApplicationState
from .common import APPLICATION_ACTIONS, ERR_ACTION, _choice


class ApplicationListView(GenericAPIView):
    """Passport applications the caller may see; POST files a draft (liaison officers)."""

    serializer_class = PassportApplicationSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("state", OpenApiTypes.STR, enum=ApplicationState.values),
            OpenApiParameter("q", OpenApiTypes.STR),
        ],
        responses=PassportApplicationSerializer(many=True),
    )
    def get(self, request):
        qs = applications_for(
            user=request.user,
            state=_choice(request, "state", ApplicationState.values),
            q=request.query_params.get("q") or None,
        )
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(PassportApplicationSerializer(page, many=True).data)

    @extend_schema(request=PassportApplicationCreateSerializer, responses={201: PassportApplicationDetailSerializer})
    def post(self, request):
        data = PassportApplicationCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        person = access_person(user=request.user, pk=values.pop("person_id"))
        trip_id = values.pop("trip_case_id")
        trip_case = access_trip_case(user=request.user, case_id=trip_id) if trip_id else None
        application = services.application_create(by=request.user, person=person, trip_case=trip_case, **values)
        application = access_application(user=request.user, pk=application.pk)
        return Response(
            PassportApplicationDetailSerializer(application, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class ApplicationDetailView(APIView):
    """One application with the moves the caller may take and the missing materials;
    PATCH changes the form while it is a draft or sent back for correction."""

    serializer_class = PassportApplicationDetailSerializer

    @extend_schema(responses=PassportApplicationDetailSerializer)
    def get(self, request, pk: int):
        application = access_application(user=request.user, pk=pk)
        return Response(PassportApplicationDetailSerializer(application, context={"request": request}).data)

    @extend_schema(request=PassportApplicationUpdateSerializer, responses=PassportApplicationDetailSerializer)
    def patch(self, request, pk: int):
        application = access_application(user=request.user, pk=pk)
        data = PassportApplicationUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.application_update(application=application, by=request.user, **data.validated_data)
        application = access_application(user=request.user, pk=pk)
        return Response(PassportApplicationDetailSerializer(application, context={"request": request}).data)


class ApplicationActionView(APIView):
    """Move an application: submit, accept, request-correction, resubmit, prepare, issue
    (with the passport's MRZ or number and dates), reject, withdraw."""

    serializer_class = PassportApplicationActionSerializer

    @extend_schema(
        request=PassportApplicationActionSerializer,
        responses=PassportApplicationDetailSerializer,
        parameters=[
            OpenApiParameter(
                "action",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                enum=[a.replace("_", "-") for a in APPLICATION_ACTIONS],
            )
        ],
    )
    def post(self, request, pk: int, action: str):
        name = action.replace("-", "_")
        if name not in APPLICATION_ACTIONS:
            raise ValidationFailed("passports.action", ERR_ACTION, fields={"action": [ERR_ACTION]})
        application = access_application(user=request.user, pk=pk)
        data = PassportApplicationActionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        if name == "issue":
            services.application_issue(
                application=application,
                by=request.user,
                number=values["number"],
                mrz=values["mrz"],
                issued_on=values["issued_on"],
                expires_on=values["expires_on"],
                storage_place=values["storage_place"],
            )
        else:
            services.application_act(application=application, name=name, by=request.user, note=values["note"])
        application = access_application(user=request.user, pk=pk)
        return Response(PassportApplicationDetailSerializer(application, context={"request": request}).data)


class ApplicationMaterialView(APIView):
    """Upload a missing material (photo, ID card); it goes into the person's dossier."""

    serializer_class = PassportApplicationMaterialSerializer
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(request=PassportApplicationMaterialSerializer, responses={201: PassportApplicationDetailSerializer})
    def post(self, request, pk: int):
        application = access_application(user=request.user, pk=pk)
        data = PassportApplicationMaterialSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.application_material_provide(
            application=application,
            by=request.user,
            type_code=data.validated_data["type_code"],
            file=data.validated_data["file"],
        )
        application = access_application(user=request.user, pk=pk)
        return Response(
            PassportApplicationDetailSerializer(application, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )
