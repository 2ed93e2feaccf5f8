"""API shapes. Numbers are always masked; dates are local calendar dates."""

from __future__ import annotations

from rest_framework import serializers

from .models import (
    ApplicationKind,
    CustodyEvent,
    Handover,
    LossReport,
    Passport,
    PassportApplication,
    PassportPolicy,
    PassportType,
    Reservation,
)


class PassportReservationSerializer(serializers.ModelSerializer):
    trip_case_id = serializers.IntegerField(read_only=True)
    trip_number = serializers.CharField(source="trip_case.number", read_only=True)
    passport_id = serializers.IntegerField(read_only=True)
    number = serializers.CharField(source="passport.number_masked", read_only=True)
    holder = serializers.CharField(source="passport.holder.full_name", read_only=True)

    class Meta:
        model = Reservation
        fields = [
            "id", "passport_id", "number", "holder", "trip_case_id", "trip_number", "starts_on", "ends_on", "due_on",
            "status", "checked_out_at", "returned_at", "returned_late", "days_late", "trip_cancelled_on",
        ]  # fmt: skip


class PassportListSerializer(serializers.ModelSerializer):
    number = serializers.CharField(source="number_masked", read_only=True)
    holder_id = serializers.IntegerField(read_only=True)
    holder = serializers.CharField(source="holder.full_name", read_only=True)
    organization = serializers.CharField(source="organization.name", read_only=True)
    custodian = serializers.CharField(source="custodian.name", read_only=True)

    class Meta:
        model = Passport
        fields = [
            "id", "number", "type", "status", "holder_id", "holder", "issuing_state", "issued_on", "expires_on",
            "organization_id", "organization", "custodian_id", "custodian", "storage_place",
        ]  # fmt: skip


class PassportCustodyEventSerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()
    trip_number = serializers.SerializerMethodField()

    class Meta:
        model = CustodyEvent
        fields = ["at", "verb", "old_status", "new_status", "actor", "trip_number", "note"]

    def get_actor(self, obj) -> str:
        return obj.actor.full_name if obj.actor_id else ""

    def get_trip_number(self, obj) -> str:
        return obj.reservation.trip_case.number if obj.reservation_id else ""


class PassportLossReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = LossReport
        fields = ["kind", "occurred_on", "place", "note", "reported_at"]


class PassportDetailSerializer(PassportListSerializer):
    history = PassportCustodyEventSerializer(source="events", many=True, read_only=True)
    reservations = PassportReservationSerializer(many=True, read_only=True)
    loss_report = PassportLossReportSerializer(read_only=True, required=False, allow_null=True)

    class Meta(PassportListSerializer.Meta):
        fields = [*PassportListSerializer.Meta.fields, "history", "reservations", "loss_report"]


class PassportRegisterSerializer(serializers.Serializer):
    holder_id = serializers.IntegerField()
    type = serializers.ChoiceField(choices=PassportType.choices, required=False, allow_blank=True, default="")
    number = serializers.CharField(required=False, allow_blank=True, default="", max_length=20)
    mrz = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    issued_on = serializers.DateField(required=False, allow_null=True, default=None)
    expires_on = serializers.DateField(required=False, allow_null=True, default=None)
    storage_place = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)


class PassportScanSerializer(serializers.Serializer):
    code = serializers.CharField(
        max_length=200, help_text="the two MRZ lines (separated by a line break) or the number"
    )
    trip_case_id = serializers.IntegerField(required=False, allow_null=True, default=None)


class PassportLostSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=LossReport.Kind.choices)
    occurred_on = serializers.DateField()
    place = serializers.CharField(max_length=200)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000)


class PassportTravellerPassportSerializer(serializers.Serializer):
    person_id = serializers.IntegerField(source="person.pk")
    person = serializers.CharField(source="person.full_name")
    reservation = PassportReservationSerializer(allow_null=True)
    application_id = serializers.SerializerMethodField()
    application_number = serializers.SerializerMethodField()
    application_state = serializers.SerializerMethodField()

    def get_application_id(self, obj) -> int | None:
        return obj.application.pk if obj.application else None

    def get_application_number(self, obj) -> str:
        return obj.application.case.number if obj.application else ""

    def get_application_state(self, obj) -> str:
        return obj.application.case.state if obj.application else ""


class PassportHandoverSerializer(serializers.ModelSerializer):
    number = serializers.CharField(source="passport.number_masked", read_only=True)
    passport_id = serializers.IntegerField(read_only=True)
    person_id = serializers.IntegerField(read_only=True)
    person = serializers.CharField(source="person.full_name", read_only=True)

    class Meta:
        model = Handover
        fields = [
            "id", "passport_id", "number", "person_id", "person", "from_organization_id", "to_organization_id",
            "proposed_outcome", "outcome", "status", "receiver", "note", "raised_at", "completed_at",
        ]  # fmt: skip


class PassportHandoverCompleteSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Handover.Outcome.choices, required=False, allow_blank=True, default="")
    receiver = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class PassportJobChangeSerializer(serializers.Serializer):
    new_organization_id = serializers.IntegerField(required=False, allow_null=True, default=None)
    leaves_public_service = serializers.BooleanField(required=False, default=False)


class PassportApplicationSerializer(serializers.ModelSerializer):
    number = serializers.CharField(source="case.number", read_only=True)
    state = serializers.CharField(source="case.state", read_only=True)
    state_label = serializers.CharField(source="case.state_label", read_only=True)
    trip_case_id = serializers.IntegerField(source="case.parent_id", read_only=True)
    person_id = serializers.IntegerField(read_only=True)
    person = serializers.CharField(source="person.full_name", read_only=True)
    previous_passport = serializers.CharField(source="previous_passport.number_masked", read_only=True, default="")
    issued_passport_id = serializers.IntegerField(read_only=True)
    due_at = serializers.DateTimeField(source="case.due_at", read_only=True)

    class Meta:
        model = PassportApplication
        fields = [
            "id", "number", "state", "state_label", "trip_case_id", "person_id", "person", "organization_id", "kind",
            "passport_type", "previous_passport", "reason", "place_of_birth", "contact_phone", "issued_passport_id",
            "due_at",
        ]  # fmt: skip


class PassportApplicationDetailSerializer(PassportApplicationSerializer):
    actions = serializers.SerializerMethodField()
    missing_materials = serializers.SerializerMethodField()

    class Meta(PassportApplicationSerializer.Meta):
        fields = [*PassportApplicationSerializer.Meta.fields, "actions", "missing_materials"]

    def get_actions(self, obj) -> list[str]:
        from .selectors import application_available_actions

        request = self.context.get("request")
        return application_available_actions(application=obj, user=request.user) if request else []

    def get_missing_materials(self, obj) -> list[str]:
        from .services import application_missing_materials

        return [row.type.code for row in application_missing_materials(application=obj)]


class PassportApplicationCreateSerializer(serializers.Serializer):
    person_id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ApplicationKind.choices)
    passport_type = serializers.ChoiceField(choices=PassportType.choices, default=PassportType.ORDINARY)
    trip_case_id = serializers.IntegerField(required=False, allow_null=True, default=None)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    place_of_birth = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    contact_phone = serializers.CharField(required=False, allow_blank=True, default="", max_length=32)


class PassportApplicationUpdateSerializer(serializers.Serializer):
    passport_type = serializers.ChoiceField(choices=PassportType.choices, required=False)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    place_of_birth = serializers.CharField(required=False, allow_blank=True, max_length=100)
    contact_phone = serializers.CharField(required=False, allow_blank=True, max_length=32)


class PassportApplicationActionSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    # for "issue"
    number = serializers.CharField(required=False, allow_blank=True, default="", max_length=20)
    mrz = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    issued_on = serializers.DateField(required=False, allow_null=True, default=None)
    expires_on = serializers.DateField(required=False, allow_null=True, default=None)
    storage_place = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)


class PassportApplicationMaterialSerializer(serializers.Serializer):
    type_code = serializers.ChoiceField(choices=[("photo", "photo"), ("id_card", "id_card")])
    file = serializers.FileField()


class PassportPolicySerializer(serializers.ModelSerializer):
    class Meta:
        model = PassportPolicy
        exclude = ["id", "key"]


class PassportBlockSerializer(serializers.Serializer):
    organization_id = serializers.IntegerField(source="reservation.organization_id")
    organization = serializers.CharField(source="reservation.organization.name")
    number = serializers.CharField(source="reservation.passport.number_masked")
    holder = serializers.CharField(source="reservation.passport.holder.full_name")
    trip_number = serializers.CharField(source="reservation.trip_case.number")
    due_on = serializers.DateField(source="reservation.due_on")
    days_overdue = serializers.IntegerField()
