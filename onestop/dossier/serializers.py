"""API shapes. Identity numbers appear only masked; the clear number is only in the answer
of the audited reveal endpoint."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation
from rest_framework import serializers

from onestop.accounts.models import Organization

from .models import IdentityDocument, Material, MaterialType, Person


class DossierIdentityDocumentSerializer(serializers.ModelSerializer):
    number_masked = serializers.CharField(read_only=True)

    class Meta:
        model = IdentityDocument
        fields = [
            "id",
            "person",
            "kind",
            "number_masked",
            "issuing_country",
            "passport_type",
            "issued_on",
            "expires_on",
            "created_at",
        ]
        read_only_fields = fields


class DossierPersonSerializer(serializers.ModelSerializer):
    organization = serializers.SlugRelatedField(slug_field="code", read_only=True)
    identity_documents = DossierIdentityDocumentSerializer(many=True, read_only=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "full_name",
            "latin_name",
            "sex",
            "birth_date",
            "nationality",
            "organization",
            "position",
            "is_teaching_research",
            "in_public_service",
            "phone",
            "email",
            "identity_documents",
            "created_at",
        ]
        read_only_fields = fields


class DossierPersonWriteSerializer(serializers.Serializer):
    full_name = serializers.CharField(max_length=200)
    latin_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    sex = serializers.ChoiceField(choices=Person.Sex.choices, required=False)
    birth_date = serializers.DateField(required=False, allow_null=True)
    nationality = serializers.CharField(max_length=3, required=False)
    organization = serializers.SlugRelatedField(
        slug_field="code", queryset=Organization.objects.all(), required=False, allow_null=True
    )
    position = serializers.CharField(max_length=200, required=False, allow_blank=True)
    is_teaching_research = serializers.BooleanField(required=False)
    in_public_service = serializers.BooleanField(required=False)
    phone = serializers.CharField(max_length=32, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)


class DossierIdentityAddSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=IdentityDocument.Kind.choices)
    number = serializers.CharField(max_length=40, required=False, allow_blank=True)
    mrz = serializers.ListField(
        child=serializers.CharField(max_length=60, allow_blank=True),
        required=False,
        min_length=2,
        max_length=2,
        help_text="The two lines of a passport's machine-readable zone (TD3, 44 characters each).",
    )
    issuing_country = serializers.CharField(max_length=3, required=False, allow_blank=True)
    passport_type = serializers.CharField(max_length=2, required=False, allow_blank=True)
    issued_on = serializers.DateField(required=False, allow_null=True)
    expires_on = serializers.DateField(required=False, allow_null=True)


class DossierRevealSerializer(serializers.Serializer):
    number = serializers.CharField(read_only=True)


class DossierIdentitySearchSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=40, write_only=True)


class DossierIdentityMatchSerializer(serializers.Serializer):
    document = DossierIdentityDocumentSerializer(read_only=True)
    person_id = serializers.IntegerField(read_only=True)
    person_name = serializers.CharField(read_only=True)


class DossierMaterialTypeSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()

    class Meta:
        model = MaterialType
        fields = ["code", "name", "names", "accepted_types", "max_bytes", "validity_days", "per_case"]
        read_only_fields = fields

    def get_name(self, obj: MaterialType) -> str:
        return obj.localized_name(translation.get_language())


class DossierMaterialSerializer(serializers.ModelSerializer):
    type = serializers.SlugRelatedField(slug_field="code", read_only=True)
    type_name = serializers.SerializerMethodField()
    case = serializers.SlugRelatedField(slug_field="number", read_only=True)
    is_usable = serializers.SerializerMethodField()
    file_url = serializers.SerializerMethodField()

    class Meta:
        model = Material
        fields = [
            "id",
            "person",
            "type",
            "type_name",
            "version",
            "content_type",
            "size",
            "sha256",
            "valid_from",
            "valid_until",
            "verification",
            "verified_at",
            "rejection_reason",
            "scan_status",
            "scan_detail",
            "superseded_by",
            "case",
            "uploaded_at",
            "is_usable",
            "file_url",
        ]
        read_only_fields = fields

    def get_type_name(self, obj: Material) -> str:
        return obj.type.localized_name(translation.get_language())

    def get_is_usable(self, obj: Material) -> bool:
        return obj.is_usable()

    def get_file_url(self, obj: Material) -> str | None:
        if obj.scan_status != Material.Scan.CLEAN:
            return None
        return reverse("api:dossier-material-file", args=[obj.pk])


class DossierMaterialUploadSerializer(serializers.Serializer):
    type_code = serializers.SlugField(max_length=40)
    file = serializers.FileField(allow_empty_file=True)
    valid_from = serializers.DateField(required=False, allow_null=True)
    valid_until = serializers.DateField(required=False, allow_null=True)


class DossierRejectSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300, allow_blank=True)
