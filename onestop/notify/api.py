"""The logged-in user's in-app notifications: list (newest first) and mark as read."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from . import selectors, services
from .models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    case_number = serializers.CharField(source="case.number", read_only=True, allow_null=True, default=None)
    is_read = serializers.BooleanField(read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "code", "language", "subject", "body", "case_number", "created_at", "read_at", "is_read"]
        read_only_fields = fields


class NotificationListView(generics.ListAPIView):
    serializer_class = NotificationSerializer

    @extend_schema(parameters=[OpenApiParameter("unread", bool, description="only unread ones")])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        unread = self.request.query_params.get("unread", "").lower() in {"1", "true", "yes"}
        return selectors.inbox(user=self.request.user, unread_only=unread)


class NotificationReadView(APIView):
    @extend_schema(request=None, responses=NotificationSerializer)
    def post(self, request, pk: int):
        notification = selectors.access_notification(user=request.user, pk=pk)
        services.notification_mark_read(notification=notification)
        return Response(NotificationSerializer(notification).data)


class NotificationReadAllView(APIView):
    @extend_schema(
        request=None, responses=inline_serializer("NotificationsMarked", {"marked": serializers.IntegerField()})
    )
    def post(self, request):
        return Response({"marked": services.notification_mark_all_read(user=request.user)})


urlpatterns = [
    path("notify/notifications/", NotificationListView.as_view(), name="notify-notification-list"),
    path("notify/notifications/<int:pk>/read/", NotificationReadView.as_view(), name="notify-notification-read"),
    path("notify/notifications/read-all/", NotificationReadAllView.as_view(), name="notify-notification-read-all"),
]
