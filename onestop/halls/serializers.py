from __future__ import annotations

from rest_framework import serializers

from .models import Appointment, Hall, Service, Slot, Ticket


class HallSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name")
    district_name = serializers.CharField(source="display_district")
    address = serializers.CharField(source="display_address")

    class Meta:
        model = Hall
        fields = [
            "id",
            "code",
            "name",
            "names",
            "district",
            "district_name",
            "area",
            "address",
            "latitude",
            "longitude",
            "timezone",
        ]


class ServiceSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name")

    class Meta:
        model = Service
        fields = ["code", "name", "names", "prefix", "handling_minutes", "required_materials", "bookable"]


class SlotSerializer(serializers.ModelSerializer):
    hall = serializers.SlugRelatedField(slug_field="code", read_only=True)
    service = serializers.SlugRelatedField(slug_field="code", read_only=True)
    free = serializers.IntegerField(read_only=True)

    class Meta:
        model = Slot
        fields = ["id", "hall", "service", "start", "end", "capacity", "booked", "free"]


class RecommendationSerializer(serializers.Serializer):
    slot = serializers.IntegerField(source="slot.pk")
    hall = serializers.CharField(source="hall.code")
    hall_name = serializers.CharField(source="hall.display_name")
    service = serializers.CharField(source="service.code")
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    predicted_wait_min = serializers.FloatField()
    distance_km = serializers.FloatField(allow_null=True)
    free = serializers.IntegerField()
    reasons = serializers.ListField(child=serializers.CharField())


class WaitSerializer(serializers.Serializer):
    hall = serializers.CharField(source="hall.code")
    hall_name = serializers.CharField(source="hall.display_name")
    area = serializers.CharField(source="hall.area")
    service = serializers.CharField(source="service_code")
    waiting = serializers.IntegerField()
    open_counters = serializers.IntegerField()
    minutes = serializers.FloatField(allow_null=True)


class AppointmentSerializer(serializers.ModelSerializer):
    hall = serializers.SlugRelatedField(slug_field="code", read_only=True)
    service = serializers.SlugRelatedField(slug_field="code", read_only=True)
    case = serializers.SlugRelatedField(slug_field="number", read_only=True)

    class Meta:
        model = Appointment
        fields = [
            "code",
            "hall",
            "service",
            "start",
            "end",
            "status",
            "channel",
            "case",
            "booked_at",
            "cancelled_at",
            "checked_in_at",
            "completed_at",
        ]


class BookRequest(serializers.Serializer):
    service = serializers.SlugField(help_text="service code")
    slot = serializers.IntegerField(required=False, help_text="a slot id; omit for the best proposal")
    hall = serializers.SlugField(required=False, help_text="hall code, to book the best time at that hall")
    start = serializers.DateTimeField(required=False, help_text="with hall: the slot starting then")


class CancelRequest(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=200)


class RescheduleRequest(serializers.Serializer):
    slot = serializers.IntegerField()


class TicketSerializer(serializers.ModelSerializer):
    hall = serializers.SlugRelatedField(slug_field="code", read_only=True)
    current_service = serializers.SlugRelatedField(slug_field="code", read_only=True)
    services = serializers.SerializerMethodField()
    counter = serializers.IntegerField(source="counter.number", allow_null=True, read_only=True, default=None)

    class Meta:
        model = Ticket
        fields = [
            "id",
            "token",
            "number",
            "hall",
            "status",
            "current_service",
            "services",
            "counter",
            "issued_at",
            "called_at",
            "done_at",
            "booked_start",
            "recall_count",
        ]

    def get_services(self, obj: Ticket) -> list[str]:
        return [item.service.code for item in obj.items.select_related("service").order_by("position")]


class TicketStatusSerializer(serializers.Serializer):
    number = serializers.CharField()
    hall = serializers.CharField()
    status = serializers.CharField()
    counter = serializers.IntegerField(allow_null=True)
    ahead = serializers.IntegerField()
    minutes = serializers.FloatField(allow_null=True)


class CheckInRequest(serializers.Serializer):
    hall = serializers.SlugField()
    code = serializers.CharField(max_length=20)
    priority = serializers.SlugField(required=False, allow_blank=True)


class IssueRequest(serializers.Serializer):
    hall = serializers.SlugField()
    services = serializers.ListField(child=serializers.SlugField(), min_length=1)
    priority = serializers.SlugField(required=False, allow_blank=True)


class TicketActionRequest(serializers.Serializer):
    service = serializers.SlugField(required=False, help_text="transfer / add_service: service code")
    counter = serializers.IntegerField(required=False, help_text="transfer: counter number in the same hall")


class BoardLineSerializer(serializers.Serializer):
    number = serializers.CharField()
    counter = serializers.IntegerField(allow_null=True)
    called_at = serializers.DateTimeField()
    recall = serializers.IntegerField()


class ForecastCellSerializer(serializers.Serializer):
    weekday = serializers.IntegerField()
    hour = serializers.IntegerField()
    arrivals = serializers.FloatField()
    walkins = serializers.FloatField()
    work_minutes = serializers.FloatField()
