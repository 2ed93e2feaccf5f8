"""API shapes. Passport and visa numbers are always masked; dates are local calendar dates."""

from __future__ import annotations

from rest_framework import serializers

from onestop.passports.models import PassportType

from .models import Mission, RequirementKind, Visa, VisaApplication, VisaBatch, VisaRequirement


class VisaRequirementSerializer(serializers.ModelSerializer):
    country_name = serializers.CharField(read_only=True)
    notes_text = serializers.SerializerMethodField()

    class Meta:
        model = VisaRequirement
        fields = [
            "id", "country", "country_name", "passport_type", "kind", "max_stay_days", "processing_days",
            "notes", "notes_text", "source", "valid_from",
        ]  # fmt: skip

    def get_notes_text(self, obj) -> str:
        return obj.localized_notes()


class VisaRequirementAnswerSerializer(serializers.Serializer):
    country = serializers.CharField()
    passport_type = serializers.CharField()
    kind = serializers.CharField(help_text="visa_free | on_arrival | e_visa | embassy_visa | unknown")
    known = serializers.BooleanField()
    needs_application = serializers.BooleanField()
    label = serializers.CharField()
    notes = serializers.CharField()
    max_stay_days = serializers.IntegerField(allow_null=True)
    processing_days = serializers.IntegerField(allow_null=True)
    source = serializers.CharField()
    valid_from = serializers.DateField(allow_null=True)


class VisaRequirementLookupSerializer(serializers.Serializer):
    country = serializers.CharField(max_length=2, min_length=2)
    passport_type = serializers.ChoiceField(choices=PassportType.choices)
    on = serializers.DateField(required=False)


class VisaMissionSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()

    class Meta:
        model = Mission
        fields = ["id", "country", "kind", "name", "names", "city", "address"]

    def get_name(self, obj) -> str:
        return obj.name()


class VisaSerializer(serializers.ModelSerializer):
    number = serializers.CharField(source="number_masked", read_only=True)

    class Meta:
        model = Visa
        fields = [
            "id",
            "number",
            "category",
            "entries",
            "valid_from",
            "valid_until",
            "max_stay_days",
            "issued_on",
            "passport_id",
        ]


class VisaApplicationSerializer(serializers.ModelSerializer):
    number = serializers.CharField(source="case.number", read_only=True)
    state = serializers.CharField(source="case.state", read_only=True)
    state_label = serializers.CharField(source="case.state_label", read_only=True)
    trip_case_id = serializers.IntegerField(read_only=True)
    trip_number = serializers.CharField(source="trip_case.number", read_only=True)
    person_id = serializers.IntegerField(read_only=True)
    traveller = serializers.CharField(source="person.full_name", read_only=True)
    country_name = serializers.CharField(read_only=True)
    passport = serializers.SerializerMethodField()
    batch_number = serializers.SerializerMethodField()

    class Meta:
        model = VisaApplication
        fields = [
            "id", "number", "state", "state_label", "trip_case_id", "trip_number", "person_id", "traveller",
            "country", "country_name", "passport", "passport_type", "requirement_kind", "arrive_on", "depart_on",
            "submit_by", "batch_id", "batch_number", "submitted_on", "decided_on",
        ]  # fmt: skip

    def get_passport(self, obj) -> str:
        return obj.passport.number_masked if obj.passport_id else ""

    def get_batch_number(self, obj) -> str:
        return obj.batch.number if obj.batch_id else ""


class VisaMaterialSerializer(serializers.Serializer):
    type = serializers.CharField(source="type.code")
    type_name = serializers.SerializerMethodField()
    person_id = serializers.IntegerField()
    material_id = serializers.IntegerField(allow_null=True)
    source = serializers.SerializerMethodField(help_text="reused | provided | trip | missing")

    def get_type_name(self, obj) -> str:
        return obj.type.localized_name()

    def get_source(self, obj) -> str:
        if obj.material_id is None:
            return "missing"
        if obj.case_id == self.context.get("trip_case_id"):
            return "trip"
        return "reused" if obj.reused else "provided"


class VisaTimelineSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    text = serializers.CharField()
    note = serializers.CharField()
    actor = serializers.CharField()


class VisaApplicationDetailSerializer(VisaApplicationSerializer):
    data = serializers.JSONField(read_only=True)
    refusal_reason = serializers.CharField(read_only=True)
    visa = serializers.SerializerMethodField()
    materials = serializers.SerializerMethodField()
    problems = serializers.SerializerMethodField()
    timeline = serializers.SerializerMethodField()

    class Meta(VisaApplicationSerializer.Meta):
        fields = [
            *VisaApplicationSerializer.Meta.fields,
            "data",
            "refusal_reason",
            "visa",
            "materials",
            "problems",
            "timeline",
        ]

    def get_visa(self, obj) -> dict | None:
        visa = Visa.objects.filter(application=obj).first()
        return VisaSerializer(visa).data if visa else None

    def get_materials(self, obj) -> list[dict]:
        from .selectors import application_materials

        rows = application_materials(application=obj)
        return VisaMaterialSerializer(rows, many=True, context={"trip_case_id": obj.trip_case_id}).data

    def get_problems(self, obj) -> list[str]:
        from .selectors import application_problems
        from .workflow import VisaState

        return application_problems(application=obj) if obj.case.state == VisaState.PREPARED else []

    def get_timeline(self, obj) -> list[dict]:
        from onestop.cases.selectors import case_timeline

        public_only = not self.context.get("officer", False)
        return VisaTimelineSerializer(case_timeline(case=obj.case, public_only=public_only), many=True).data


class VisaBatchSerializer(serializers.ModelSerializer):
    mission = VisaMissionSerializer(read_only=True)
    total = serializers.IntegerField(read_only=True)
    pending = serializers.IntegerField(read_only=True)
    issued = serializers.IntegerField(read_only=True)
    refused = serializers.IntegerField(read_only=True)

    class Meta:
        model = VisaBatch
        fields = [
            "id", "number", "mission", "country", "covering_note", "submitted_on", "covering_letter_code",
            "total", "pending", "issued", "refused", "created_at",
        ]  # fmt: skip


class VisaBatchDetailSerializer(VisaBatchSerializer):
    applications = serializers.SerializerMethodField()

    class Meta(VisaBatchSerializer.Meta):
        fields = [*VisaBatchSerializer.Meta.fields, "applications"]

    def get_applications(self, obj) -> list[dict]:
        from .selectors import batch_applications

        return VisaApplicationSerializer(batch_applications(batch=obj), many=True).data


class VisaBatchCreateSerializer(serializers.Serializer):
    mission = serializers.IntegerField()
    applications = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)
    covering_note = serializers.CharField(max_length=4000)
    submitted_on = serializers.DateField(required=False)


class VisaIssueSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=40)
    valid_from = serializers.DateField()
    valid_until = serializers.DateField()
    entries = serializers.ChoiceField(choices=Visa.Entries.choices, default=Visa.Entries.SINGLE)
    category = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    max_stay_days = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=3650)
    issued_on = serializers.DateField(required=False, allow_null=True)


class VisaRefuseSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)
    refused_on = serializers.DateField(required=False, allow_null=True)


class VisaWithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class VisaRevealSerializer(serializers.Serializer):
    number = serializers.CharField()


class VisaStatusLineSerializer(serializers.Serializer):
    person_id = serializers.IntegerField()
    person_name = serializers.CharField()
    country = serializers.CharField()
    country_name = serializers.CharField()
    arrive_on = serializers.DateField()
    depart_on = serializers.DateField()
    passport_type = serializers.CharField()
    requirement = serializers.ChoiceField(choices=[*RequirementKind.values, "unknown"])
    requirement_label = serializers.CharField()
    state = serializers.CharField()
    state_label = serializers.CharField()
    ready = serializers.BooleanField()
    application_id = serializers.IntegerField(allow_null=True)
    application_number = serializers.CharField()
    visa_valid_until = serializers.DateField(allow_null=True)


class VisaTripStatusSerializer(serializers.Serializer):
    trip_case_id = serializers.IntegerField()
    trip_number = serializers.CharField()
    ready = serializers.BooleanField()
    lines = VisaStatusLineSerializer(many=True)


class VisaQueueLineSerializer(serializers.Serializer):
    application = VisaApplicationSerializer()
    ready = serializers.BooleanField()
    problems = serializers.ListField(child=serializers.CharField())


class VisaPrepareResultSerializer(serializers.Serializer):
    created = VisaApplicationSerializer(many=True)
