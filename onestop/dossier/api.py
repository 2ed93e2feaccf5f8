"""Dossier API (mounted under /api/v1/). Every endpoint is in ``access.RULES``; objects are
fetched through the scoped ``access_*`` selectors; writes go through the services."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from . import selectors, services
from .models import IdentityDocument, Material
from .serializers import (
    DossierIdentityAddSerializer,
    DossierIdentityDocumentSerializer,
    DossierIdentityMatchSerializer,
    DossierIdentitySearchSerializer,
    DossierMaterialSerializer,
    DossierMaterialTypeSerializer,
    DossierMaterialUploadSerializer,
    DossierPersonSerializer,
    DossierPersonWriteSerializer,
    DossierRejectSerializer,
    DossierRevealSerializer,
)


class PersonListView(generics.ListAPIView):
    """Persons the caller may see; ``q`` searches names, or an identity number exactly."""

    serializer_class = DossierPersonSerializer

    def get_queryset(self):
        return selectors.persons_for(user=self.request.user, q=self.request.query_params.get("q"))

    @extend_schema(parameters=[OpenApiParameter("q", OpenApiTypes.STR, description="name or identity number")])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(request=DossierPersonWriteSerializer, responses={201: DossierPersonSerializer})
    def post(self, request):
        data = DossierPersonWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        person = services.person_create(by=request.user, **data.validated_data)
        return Response(DossierPersonSerializer(person).data, status=status.HTTP_201_CREATED)


class PersonDetailView(APIView):
    @extend_schema(responses=DossierPersonSerializer)
    def get(self, request, pk: int):
        return Response(DossierPersonSerializer(selectors.access_person(user=request.user, pk=pk)).data)

    @extend_schema(request=DossierPersonWriteSerializer, responses=DossierPersonSerializer)
    def patch(self, request, pk: int):
        person = selectors.access_person(user=request.user, pk=pk)
        data = DossierPersonWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.person_update(person=person, by=request.user, **data.validated_data)
        return Response(DossierPersonSerializer(selectors.access_person(user=request.user, pk=pk)).data)


class IdentityListView(generics.ListAPIView):
    """A person's identity documents, numbers masked. POST adds one by number or MRZ."""

    serializer_class = DossierIdentityDocumentSerializer

    def get_queryset(self):
        person = selectors.access_person(user=self.request.user, pk=self.kwargs["pk"])
        return IdentityDocument.objects.filter(person=person).order_by("kind", "pk")

    @extend_schema(request=DossierIdentityAddSerializer, responses={201: DossierIdentityDocumentSerializer})
    def post(self, request, pk: int):
        person = selectors.access_person(user=request.user, pk=pk)
        data = DossierIdentityAddSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        document = services.identity_add(
            person=person,
            kind=values["kind"],
            by=request.user,
            number=values.get("number") or None,
            mrz=values.get("mrz") or None,
            issuing_country=values.get("issuing_country") or None,
            passport_type=values.get("passport_type") or None,
            issued_on=values.get("issued_on"),
            expires_on=values.get("expires_on"),
        )
        return Response(DossierIdentityDocumentSerializer(document).data, status=status.HTTP_201_CREATED)


class IdentityRevealView(APIView):
    """The number in clear. Needs a reveal role; every call is written to the audit trail."""

    @extend_schema(request=None, responses=DossierRevealSerializer)
    def post(self, request, pk: int):
        document = selectors.access_identity_document(user=request.user, pk=pk)
        number = services.identity_reveal(user=request.user, document=document)
        return Response({"number": number}, headers={"Cache-Control": "no-store"})


class IdentitySearchView(APIView):
    """Find documents by exact number (through the keyed hash), among visible persons. The
    number travels in the request body so it never lands in URLs or access logs."""

    @extend_schema(request=DossierIdentitySearchSerializer, responses=DossierIdentityMatchSerializer(many=True))
    def post(self, request):
        data = DossierIdentitySearchSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        matches = selectors.identity_search(user=request.user, number=data.validated_data["number"])
        return Response(
            [
                {
                    "document": DossierIdentityDocumentSerializer(d).data,
                    "person_id": d.person_id,
                    "person_name": d.person.full_name,
                }
                for d in matches
            ]
        )


class MaterialListView(generics.ListAPIView):
    """A person's materials, every version. POST (multipart) uploads a new version."""

    serializer_class = DossierMaterialSerializer
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def get_queryset(self):
        person = selectors.access_person(user=self.request.user, pk=self.kwargs["pk"])
        qs = Material.objects.filter(person=person).select_related("type", "case").order_by("type__code", "-version")
        if self.request.query_params.get("current") in ("1", "true"):
            qs = qs.filter(superseded_by__isnull=True).exclude(scan_status=Material.Scan.QUARANTINED)
        return qs

    @extend_schema(parameters=[OpenApiParameter("current", OpenApiTypes.BOOL, description="only current versions")])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request={"multipart/form-data": DossierMaterialUploadSerializer}, responses={201: DossierMaterialSerializer}
    )
    def post(self, request, pk: int):
        person = selectors.access_person(user=request.user, pk=pk)
        data = DossierMaterialUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        material = services.material_upload(
            person=person,
            type_code=values["type_code"],
            file=values["file"],
            by=request.user,
            valid_from=values.get("valid_from"),
            valid_until=values.get("valid_until"),
        )
        return Response(DossierMaterialSerializer(material).data, status=status.HTTP_201_CREATED)


class MaterialDetailView(APIView):
    @extend_schema(responses=DossierMaterialSerializer)
    def get(self, request, pk: int):
        return Response(DossierMaterialSerializer(selectors.access_material(user=request.user, pk=pk)).data)


class MaterialFileView(APIView):
    """The stored file (images re-encoded without metadata). Quarantined files are never served."""

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request, pk: int):
        material = selectors.access_material(user=request.user, pk=pk)
        if material.scan_status != Material.Scan.CLEAN:
            raise Http404
        response = FileResponse(
            material.file.open("rb"),
            as_attachment=True,
            filename=f"{material.type.code}-v{material.version}.{material.extension}",
            content_type=material.content_type,
        )
        response["Cache-Control"] = "private, no-store"
        return response


class MaterialVerifyView(APIView):
    @extend_schema(request=None, responses=DossierMaterialSerializer)
    def post(self, request, pk: int):
        material = selectors.access_material(user=request.user, pk=pk)
        return Response(DossierMaterialSerializer(services.material_verify(material=material, by=request.user)).data)


class MaterialRejectView(APIView):
    @extend_schema(request=DossierRejectSerializer, responses=DossierMaterialSerializer)
    def post(self, request, pk: int):
        material = selectors.access_material(user=request.user, pk=pk)
        data = DossierRejectSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        material = services.material_reject(material=material, by=request.user, reason=data.validated_data["reason"])
        return Response(DossierMaterialSerializer(material).data)


class MaterialTypeListView(generics.ListAPIView):
    """The material catalogue, names in the caller's language (all languages in ``names``)."""

    serializer_class = DossierMaterialTypeSerializer

    def get_queryset(self):
        return selectors.material_types()


urlpatterns = [
    path("dossier/persons/", PersonListView.as_view(), name="dossier-person-list"),
    path("dossier/persons/<int:pk>/", PersonDetailView.as_view(), name="dossier-person-detail"),
    path("dossier/persons/<int:pk>/identity-documents/", IdentityListView.as_view(), name="dossier-identity-list"),
    path("dossier/persons/<int:pk>/materials/", MaterialListView.as_view(), name="dossier-material-list"),
    path("dossier/identity-documents/search/", IdentitySearchView.as_view(), name="dossier-identity-search"),
    path("dossier/identity-documents/<int:pk>/reveal/", IdentityRevealView.as_view(), name="dossier-identity-reveal"),
    path("dossier/materials/<int:pk>/", MaterialDetailView.as_view(), name="dossier-material-detail"),
    path("dossier/materials/<int:pk>/file/", MaterialFileView.as_view(), name="dossier-material-file"),
    path("dossier/materials/<int:pk>/verify/", MaterialVerifyView.as_view(), name="dossier-material-verify"),
    path("dossier/materials/<int:pk>/reject/", MaterialRejectView.as_view(), name="dossier-material-reject"),
    path("dossier/material-types/", MaterialTypeListView.as_view(), name="dossier-material-type-list"),
]
