"""API shapes of trips. Reading serializers use only rows the selectors already loaded;
writing serializers parse input and leave every rule to the services."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from .countries import country_name
from .models import FundingSource, Trip, TripDestination, TripMember
from .selectors import trip_review_sla


class TripDestinationSerializer(serializers.ModelSerializer):
    country_name = serializers.SerializerMethodField()

    class Meta:
        model = TripDestination
        fields = ["id", "country", "country_name", "city", "arrive_on", "depart_on", "order"]

    def get_country_name(self, obj: TripDestination) -> str:
        return country_name(obj.country)


class TripDestinationWriteSerializer(serializers.Serializer):
    country = serializers.CharField(max_length=2)
    city = serializers.CharField(max_length=100)
    arrive_on = serializers.DateField()
    depart_on = serializers.DateField()


class TripMemberSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    is_teaching_research = serializers.BooleanField(source="person.is_teaching_research", read_only=True)

    class Meta:
        model = TripMember
        fields = ["id", "person", "person_name", "role", "is_teaching_research"]


class TripMemberWriteSerializer(serializers.Serializer):
    person = serializers.IntegerField(help_text="id of a person of the trip's organization")
    role = serializers.ChoiceField(choices=TripMember.Role.choices, default=TripMember.Role.MEMBER)


class _CaseFields(serializers.Serializer):
    number = serializers.CharField(source="case.number", read_only=True)
    state = serializers.CharField(source="case.state", read_only=True)
    state_label = serializers.SerializerMethodField()
    due_at = serializers.DateTimeField(source="case.due_at", read_only=True)
    sla = serializers.SerializerMethodField()
    assigned_to = serializers.SerializerMethodField()
    organization = serializers.SerializerMethodField()

    def get_state_label(self, obj: Trip) -> str:
        return obj.case.state_label

    def get_sla(self, obj: Trip) -> str:
        return trip_review_sla(case=obj.case)

    def get_assigned_to(self, obj: Trip) -> str | None:
        user = obj.case.assigned_to
        return user.full_name if user else None

    def get_organization(self, obj: Trip) -> dict[str, Any]:
        return {"id": obj.organization_id, "code": obj.organization.code, "name": obj.organization.display_name()}


class TripListSerializer(_CaseFields, serializers.ModelSerializer):
    leader = serializers.SerializerMethodField()
    member_count = serializers.IntegerField(read_only=True)
    destinations = TripDestinationSerializer(many=True, read_only=True)

    class Meta:
        model = Trip
        fields = [
            "id", "number", "state", "state_label", "organization", "purpose", "inviter_name", "inviter_country",
            "departs_on", "returns_on", "days", "leader", "member_count", "destinations", "due_at", "sla",
            "assigned_to", "approval_number", "created_at",
        ]  # fmt: skip

    def get_leader(self, obj: Trip) -> str | None:
        leaders = getattr(obj, "leaders", None)
        if leaders is None:
            leaders = [m for m in obj.members.all() if m.role == TripMember.Role.LEADER]
        return leaders[0].person.full_name if leaders else None


class TripDetailSerializer(_CaseFields, serializers.ModelSerializer):
    members = TripMemberSerializer(many=True, read_only=True)
    destinations = TripDestinationSerializer(many=True, read_only=True)
    available_actions = serializers.SerializerMethodField()

    class Meta:
        model = Trip
        fields = [
            "id", "number", "state", "state_label", "organization", "purpose", "inviter_name", "inviter_country",
            "departs_on", "returns_on", "days", "itinerary", "funding_source", "is_teaching_research",
            "soft_breach_reason", "approval_number", "approved_at", "due_at", "sla", "assigned_to",
            "members", "destinations", "available_actions", "created_at", "updated_at",
            "ready_at", "readiness_missing", "readiness_checked_at", "actual_departs_on", "actual_returns_on",
            "report_due_on",
        ]  # fmt: skip

    def get_available_actions(self, obj: Trip) -> list[str]:
        from .api import available_actions

        request = self.context.get("request")
        return available_actions(trip=obj, user=request.user) if request else []


class TripWriteSerializer(serializers.Serializer):
    purpose = serializers.CharField(max_length=2000)
    inviter_name = serializers.CharField(max_length=200)
    inviter_country = serializers.CharField(max_length=2, help_text="ISO 3166-1 alpha-2")
    departs_on = serializers.DateField(required=False, allow_null=True)
    returns_on = serializers.DateField(required=False, allow_null=True)
    itinerary = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    funding_source = serializers.ChoiceField(choices=FundingSource.choices, required=False)
    is_teaching_research = serializers.BooleanField(required=False)


class TripFindingSerializer(serializers.Serializer):
    code = serializers.CharField()
    severity = serializers.CharField(help_text="hard: blocks submission; soft: needs a written reason")
    message = serializers.CharField()


class TripPolicyCheckSerializer(serializers.Serializer):
    can_submit = serializers.BooleanField()
    needs_reason = serializers.BooleanField()
    findings = TripFindingSerializer(many=True)
    missing_materials = serializers.ListField(child=serializers.CharField())


class TripMaterialLineSerializer(serializers.Serializer):
    person_id = serializers.IntegerField()
    person_name = serializers.CharField()
    type_code = serializers.CharField()
    type_name = serializers.CharField()
    status = serializers.CharField(help_text="reused, provided or missing")


class TripMaterialUploadSerializer(serializers.Serializer):
    person = serializers.IntegerField()
    type_code = serializers.CharField(max_length=40)
    file = serializers.FileField()


class TripActionSerializer(serializers.Serializer):
    note = serializers.CharField(
        required=False, allow_blank=True, help_text="reason (required to reject or to ask for a correction)"
    )
    soft_reason = serializers.CharField(
        required=False, allow_blank=True, help_text="submit/resubmit: reason for a soft breach"
    )
    assignee = serializers.IntegerField(required=False, help_text="assign: another reviewer's user id")
    take_over = serializers.BooleanField(
        required=False, default=False, help_text="assign: take a trip in review from the reviewer who holds it"
    )


# --- after the approval -------------------------------------------------------------------


class TripPassportLineSerializer(serializers.Serializer):
    person_id = serializers.IntegerField()
    person_name = serializers.CharField()
    status = serializers.CharField(help_text="reserved, checked_out, returned, applying or missing")
    status_label = serializers.CharField()
    ready = serializers.BooleanField()
    passport_masked = serializers.CharField()
    due_on = serializers.DateField(allow_null=True)
    application_number = serializers.CharField()


class TripVisaLineSerializer(serializers.Serializer):
    person_id = serializers.IntegerField()
    person_name = serializers.CharField()
    country = serializers.CharField()
    country_name = serializers.CharField()
    requirement = serializers.CharField()
    requirement_label = serializers.CharField()
    state = serializers.CharField()
    state_label = serializers.CharField()
    ready = serializers.BooleanField()
    application_number = serializers.CharField()


class TripReadinessSerializer(serializers.Serializer):
    state = serializers.CharField()
    ready = serializers.BooleanField()
    checked_at = serializers.DateTimeField(allow_null=True)
    passports = TripPassportLineSerializer(many=True)
    visas = TripVisaLineSerializer(many=True)


class TripSlotOptionSerializer(serializers.Serializer):
    slot = serializers.IntegerField(source="slot.pk")
    hall = serializers.CharField(source="hall.code")
    hall_name = serializers.SerializerMethodField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    predicted_wait_min = serializers.SerializerMethodField(help_text="null when the hall has no staffing planned")

    def get_hall_name(self, obj: Any) -> str:
        return str(obj.hall)

    def get_predicted_wait_min(self, obj: Any) -> float | None:
        import math

        wait = obj.predicted_wait_min
        return round(wait, 1) if wait is not None and math.isfinite(wait) else None


class TripBookSerializer(serializers.Serializer):
    slot = serializers.IntegerField(
        required=False, allow_null=True, help_text="a slot from the options; empty: the best"
    )


class TripAppointmentSerializer(serializers.Serializer):
    code = serializers.CharField()
    hall = serializers.CharField(source="hall.code")
    hall_name = serializers.SerializerMethodField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    status = serializers.CharField()

    def get_hall_name(self, obj: Any) -> str:
        return str(obj.hall)


class TripCollectionRecordSerializer(serializers.Serializer):
    collected_at = serializers.DateTimeField()
    signer_name = serializers.CharField()
    method = serializers.CharField()
    place = serializers.CharField()
    passports_handed_out = serializers.IntegerField()
    signature_sha256 = serializers.CharField()
    appointment_code = serializers.CharField()


class TripCollectionSerializer(serializers.Serializer):
    visits = serializers.IntegerField(help_text="in-person visits for the trip and its passport and visa cases")
    appointment = TripAppointmentSerializer(allow_null=True)
    collection = TripCollectionRecordSerializer(allow_null=True)


class TripCollectWriteSerializer(serializers.Serializer):
    signer_name = serializers.CharField(max_length=100)
    signature = serializers.CharField(
        required=False, allow_blank=True, help_text="PNG as base64 or a data:image/png;base64 URL"
    )
    confirmed = serializers.BooleanField(required=False, default=False)
    place = serializers.CharField(required=False, allow_blank=True, max_length=200)


class TripReturnWriteSerializer(serializers.Serializer):
    departed_on = serializers.DateField()
    returned_on = serializers.DateField()
    hand_back_passports = serializers.BooleanField(required=False, default=False)


class TripReportSerializer(serializers.Serializer):
    summary = serializers.CharField()
    countries_visited = serializers.ListField(child=serializers.CharField())
    submitted_at = serializers.DateTimeField()
    due_on = serializers.DateField()
    days_late = serializers.IntegerField()
    revisions = serializers.IntegerField()
    material_id = serializers.IntegerField(source="case_material.material_id", allow_null=True, default=None)


class TripReportWriteSerializer(serializers.Serializer):
    summary = serializers.CharField(max_length=5000)
    countries = serializers.ListField(child=serializers.CharField(max_length=2), allow_empty=True)
    file = serializers.FileField(required=False)


class TripFindingOutSerializer(serializers.Serializer):
    rule = serializers.CharField()
    severity = serializers.CharField()
    organization_id = serializers.IntegerField()
    organization_name = serializers.CharField()
    year = serializers.IntegerField(allow_null=True)
    trip_id = serializers.IntegerField(allow_null=True)
    trip_number = serializers.CharField()
    person_name = serializers.CharField()
    on = serializers.DateField(allow_null=True)
    detail = serializers.CharField()
    values = serializers.DictField()


class TripInspectionRuleSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    severity = serializers.CharField()


class TripCountrySerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    region = serializers.CharField()
