from __future__ import annotations

from rest_framework import serializers

from onestop.core.api import PlainFieldsSerializer

from .models import HotlineRequest, RequestType


class IntakeSerializer(PlainFieldsSerializer):
    description = serializers.CharField(max_length=5000)
    request_type = serializers.ChoiceField(choices=RequestType.choices, default=RequestType.INQUIRY)
    category = serializers.CharField(required=False, allow_blank=True, help_text="Category (service) code")
    district = serializers.CharField(required=False, allow_blank=True, help_text="District code")
    address = serializers.CharField(required=False, allow_blank=True, max_length=300)
    latitude = serializers.DecimalField(required=False, allow_null=True, max_digits=9, decimal_places=6)
    longitude = serializers.DecimalField(required=False, allow_null=True, max_digits=9, decimal_places=6)
    anonymous = serializers.BooleanField(required=False, default=False)
    contact_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    contact_phone = serializers.CharField(required=False, allow_blank=True, max_length=32)
    contact_email = serializers.EmailField(required=False, allow_blank=True)
    channel = serializers.ChoiceField(
        choices=["api", "phone", "web"], default="api", help_text="phone: taken by an agent (agents only)"
    )


_DATETIME = serializers.DateTimeField()  # formats as the declared DateTimeFields do; keeps no state


def _text(value) -> str | None:
    return None if value is None else str(value)


def _number(value) -> float | None:
    return None if value is None else float(value)


class RequestSerializer(serializers.Serializer):
    number = serializers.CharField(source="case.number")
    state = serializers.CharField(source="case.state")
    state_label = serializers.CharField(source="case.state_label")
    request_type = serializers.CharField()
    channel = serializers.CharField()
    category = serializers.SerializerMethodField()
    district = serializers.SerializerMethodField()
    address = serializers.CharField()
    description = serializers.CharField()
    language = serializers.CharField()
    language_confidence = serializers.FloatField(allow_null=True)
    department = serializers.SerializerMethodField()
    routed_by = serializers.CharField()
    route_confidence = serializers.FloatField(allow_null=True)
    due_at = serializers.DateTimeField(source="case.due_at", allow_null=True)
    contact_due_at = serializers.DateTimeField(allow_null=True)
    satisfaction = serializers.CharField()
    resolved = serializers.BooleanField(allow_null=True)
    created_at = serializers.DateTimeField()
    tracking_url = serializers.SerializerMethodField()

    def to_representation(self, obj: HotlineRequest) -> dict:
        """The declared fields, written out directly. Building the field objects for every
        serializer costs more than the request's own data when one request is returned
        (each intake); tests check the result equals the generic field-by-field one."""
        case = obj.case
        return {
            "number": case.number,
            "state": case.state,
            "state_label": str(case.state_label),
            "request_type": _text(obj.request_type),
            "channel": _text(obj.channel),
            "category": self.get_category(obj),
            "district": self.get_district(obj),
            "address": _text(obj.address),
            "description": _text(obj.description),
            "language": _text(obj.language),
            "language_confidence": _number(obj.language_confidence),
            "department": self.get_department(obj),
            "routed_by": _text(obj.routed_by),
            "route_confidence": _number(obj.route_confidence),
            "due_at": _DATETIME.to_representation(case.due_at),
            "contact_due_at": _DATETIME.to_representation(obj.contact_due_at),
            "satisfaction": _text(obj.satisfaction),
            "resolved": obj.resolved if obj.resolved is None else bool(obj.resolved),
            "created_at": _DATETIME.to_representation(obj.created_at),
            "tracking_url": self.get_tracking_url(obj),
        }

    def get_category(self, obj: HotlineRequest) -> str | None:
        return obj.category.code if obj.category_id else None

    def get_district(self, obj: HotlineRequest) -> str | None:
        return obj.district.code if obj.district_id else None

    def get_department(self, obj: HotlineRequest) -> str | None:
        return obj.department.code if obj.department_id else None

    def get_tracking_url(self, obj: HotlineRequest) -> str | None:
        if not self.context.get("show_tracking"):
            return None
        from django.urls import reverse

        return reverse("hotline:track", args=[obj.tracking_code])


class ActionSerializer(serializers.Serializer):
    note = serializers.CharField(
        required=False, allow_blank=True, max_length=5000, help_text="Reason, note, or the answer (for reply)"
    )
    category = serializers.CharField(required=False, allow_blank=True)
    department = serializers.CharField(required=False, allow_blank=True, help_text="Organization code")
    article = serializers.CharField(required=False, allow_blank=True)


class FeedbackSerializer(serializers.Serializer):
    satisfaction = serializers.ChoiceField(choices=HotlineRequest.Satisfaction.choices)
    resolved = serializers.BooleanField()
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class RoutePreviewSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=5000)
    category = serializers.CharField(required=False, allow_blank=True)
    district = serializers.CharField(required=False, allow_blank=True)


class CallerSerializer(serializers.Serializer):
    phone = serializers.CharField(max_length=32)


class NamedSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField(required=False)
