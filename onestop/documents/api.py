"""REST API: public verification (by code or by uploading the PDF), the download, and for
staff the register and revocation."""

from __future__ import annotations

from django.conf import settings
from django.http import FileResponse
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from onestop.core.errors import NotFound

from . import selectors, services
from .forms import ERR_FILE_NOT_PDF, ERR_FILE_TOO_LARGE
from .kinds import essential_label, kind_label
from .models import IssuedDocument


class EssentialSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    value = serializers.JSONField()


class PublicDocumentSerializer(serializers.ModelSerializer):
    """What anyone holding the code may see: no file, no internal identifiers."""

    kind_label = serializers.SerializerMethodField()
    essentials = serializers.SerializerMethodField()
    verify_url = serializers.SerializerMethodField()

    class Meta:
        model = IssuedDocument
        fields = [
            "code",
            "kind",
            "kind_label",
            "title",
            "status",
            "essentials",
            "language",
            "issuer",
            "issued_at",
            "revoked_at",
            "revocation_reason",
            "verify_url",
        ]

    def get_kind_label(self, obj: IssuedDocument) -> str:
        return kind_label(obj.kind)

    @extend_schema_field(EssentialSerializer(many=True))
    def get_essentials(self, obj: IssuedDocument) -> list[dict]:
        return [{"key": k, "label": essential_label(k), "value": v} for k, v in obj.essentials]

    def get_verify_url(self, obj: IssuedDocument) -> str:
        from .rendering import verify_url

        return verify_url(obj.code)


class StaffDocumentSerializer(PublicDocumentSerializer):
    case_number = serializers.CharField(source="case.number", default=None, allow_null=True)
    sha256 = serializers.CharField()
    size = serializers.IntegerField()

    class Meta(PublicDocumentSerializer.Meta):
        fields = [*PublicDocumentSerializer.Meta.fields, "case_number", "sha256", "size"]


class VerifyUploadRequest(serializers.Serializer):
    pdf = serializers.FileField(help_text="The PDF to check; it is not kept.")

    def validate_pdf(self, upload):
        if upload.size > settings.UPLOAD_MAX_BYTES:
            raise serializers.ValidationError(
                str(ERR_FILE_TOO_LARGE % {"limit": settings.UPLOAD_MAX_BYTES // (1024 * 1024)})
            )
        head = upload.read(1024)
        upload.seek(0)
        if b"%PDF-" not in head:
            raise serializers.ValidationError(str(ERR_FILE_NOT_PDF))
        return upload


class VerificationSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["intact", "tampered", "unknown"])
    code = serializers.CharField(help_text="Reason code, e.g. documents.verify.modified_after_signing")
    message = serializers.CharField()
    registered = serializers.BooleanField()
    signature_present = serializers.BooleanField()
    signed_by_us = serializers.BooleanField()
    signature_valid = serializers.BooleanField(allow_null=True)
    whole_file_signed = serializers.BooleanField(allow_null=True)
    sha256 = serializers.CharField()
    document = PublicDocumentSerializer(allow_null=True)


class RevokeRequest(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, max_length=2000)


class VerifyView(APIView):
    """Public: the state of the document behind a verification code."""

    authentication_classes: list = []
    throttle_classes = [AnonRateThrottle]

    @extend_schema(responses=PublicDocumentSerializer)
    def get(self, request, code: str):
        document = selectors.document_by_code(code=code)
        if document is None:
            raise NotFound("documents.not_found")
        return Response(PublicDocumentSerializer(document).data)


class VerifyUploadView(APIView):
    """Public: upload a PDF to learn whether it is intact, tampered with, or unknown."""

    authentication_classes: list = []
    throttle_classes = [AnonRateThrottle]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request=VerifyUploadRequest, responses=VerificationSerializer)
    def post(self, request):
        payload = VerifyUploadRequest(data=request.data)
        payload.is_valid(raise_exception=True)
        result = services.document_verify_bytes(data=payload.validated_data["pdf"].read())
        return Response(
            VerificationSerializer(
                {
                    "status": result.status,
                    "code": result.code,
                    "message": str(result.message),
                    "registered": result.registered,
                    "signature_present": result.signature_present,
                    "signed_by_us": result.signed_by_us,
                    "signature_valid": result.signature_valid,
                    "whole_file_signed": result.whole_file_signed,
                    "sha256": result.sha256,
                    "document": result.document,
                }
            ).data
        )


class DownloadView(APIView):
    """The signed PDF, for the case's applicant, its organization's liaison officer, and
    staff responsible for the kind of document."""

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request, code: str):
        document = selectors.access_document(user=request.user, code=code)
        return FileResponse(
            document.pdf.open("rb"),
            as_attachment=True,
            filename=f"{document.kind}-{document.code}.pdf",
            content_type="application/pdf",
        )


class DocumentListView(generics.ListAPIView):
    """The register of issued documents of the kinds the caller is staff for."""

    serializer_class = StaffDocumentSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("kind", str, description="Kind code, e.g. trip_approval"),
            OpenApiParameter("status", str, enum=list(IssuedDocument.Status.values)),
            OpenApiParameter("q", str, description="Verification code, case number or part of the title"),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        params = self.request.query_params
        return selectors.document_register(
            user=self.request.user,
            kind=params.get("kind", ""),
            status=params.get("status", ""),
            query=params.get("q", ""),
        )


class RevokeView(APIView):
    """Revoke a document; the reason is required and shown on the public verify page."""

    @extend_schema(request=RevokeRequest, responses=StaffDocumentSerializer)
    def post(self, request, code: str):
        document = selectors.access_document_for_revoke(user=request.user, code=code)
        payload = RevokeRequest(data=request.data)
        payload.is_valid(raise_exception=True)
        document = services.document_revoke(document=document, by=request.user, reason=payload.validated_data["reason"])
        return Response(StaffDocumentSerializer(document).data)


urlpatterns = [
    path("documents/", DocumentListView.as_view(), name="documents-list"),
    path("documents/verify/", VerifyUploadView.as_view(), name="documents-verify-upload"),
    path("documents/verify/<str:code>/", VerifyView.as_view(), name="documents-verify"),
    path("documents/<str:code>/download/", DownloadView.as_view(), name="documents-download"),
    path("documents/<str:code>/revoke/", RevokeView.as_view(), name="documents-revoke"),
]
