"""Public API: the due date that lies a number of working days after a start date."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from . import services

MAX_DAYS = 1000


class WorkingDaysQuery(serializers.Serializer):
    start = serializers.DateField(help_text="first day, YYYY-MM-DD (not counted)")
    days = serializers.IntegerField(min_value=0, max_value=MAX_DAYS, help_text="number of working days")

    def validate_start(self, value):
        if not services.YEAR_MIN <= value.year <= services.YEAR_MAX:
            raise serializers.ValidationError(
                services.ERR_YEAR_RANGE % {"min": services.YEAR_MIN, "max": services.YEAR_MAX}
            )
        return value


class WorkingDaysAnswer(serializers.Serializer):
    start = serializers.DateField()
    days = serializers.IntegerField()
    due = serializers.DateField(help_text="the days-th working day after start")
    start_is_working_day = serializers.BooleanField()
    years_without_data = serializers.ListField(
        child=serializers.IntegerField(), help_text="years counted Monday-Friday only, for lack of official data"
    )


class WorkingDaysView(APIView):
    """The date ``days`` working days after ``start``, counting China's holidays and make-up
    working days (调休)."""

    authentication_classes: list = []

    @extend_schema(
        parameters=[
            OpenApiParameter("start", str, description="YYYY-MM-DD", required=True),
            OpenApiParameter("days", int, description=f"0-{MAX_DAYS}", required=True),
        ],
        responses=WorkingDaysAnswer,
    )
    def get(self, request):
        query = WorkingDaysQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        start, days = query.validated_data["start"], query.validated_data["days"]
        due = services.add_working_days(start, days)
        answer = {
            "start": start,
            "days": days,
            "due": due,
            "start_is_working_day": services.is_working_day(start),
            "years_without_data": services.years_without_data(start, due),
        }
        return Response(WorkingDaysAnswer(answer).data)


urlpatterns = [
    path("calendar/working-days/", WorkingDaysView.as_view(), name="calendar-working-days"),
]
