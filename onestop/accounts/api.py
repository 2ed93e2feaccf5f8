from django.contrib.auth import authenticate
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.response import Response
from rest_framework.views import APIView

from onestop.core.client_ip import client_ip
from onestop.core.errors import DomainError

from . import services

ERR_BAD_CREDENTIALS = _("The username or password is not correct.")
ERR_BAD_OTP = _("A valid six-digit code from the authenticator app is required.")


class TokenRequest(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"})
    otp = serializers.CharField(required=False, allow_blank=True, help_text="Six-digit code; required for staff")


class TokenView(APIView):
    """Exchange username, password and (for staff) a TOTP code for an API token."""

    authentication_classes: list = []
    throttle_scope = "anon"

    @extend_schema(
        request=TokenRequest, responses=inline_serializer("TokenResponse", {"token": serializers.CharField()})
    )
    def post(self, request):
        data = TokenRequest(data=request.data)
        data.is_valid(raise_exception=True)
        username = data.validated_data["username"].strip()
        ip = client_ip(request)
        services.login_throttle_check(username=username, ip=ip)
        user = authenticate(request, username=username, password=data.validated_data["password"])
        if user is None:
            services.login_record_failure(username=username, ip=ip)
            raise DomainError("accounts.bad_credentials", ERR_BAD_CREDENTIALS)
        if services.needs_second_factor(user):
            code = (data.validated_data.get("otp") or "").strip()
            if not code or not any(d.verify_token(code) for d in devices_for_user(user, confirmed=True)):
                services.login_record_failure(username=username, ip=ip)
                raise DomainError("accounts.bad_otp", ERR_BAD_OTP, fields={"otp": [ERR_BAD_OTP]})
        Token.objects.filter(user=user).delete()
        token = Token.objects.create(user=user)
        services.login_record_success(user=user)
        return Response({"token": token.key})


class MeView(APIView):
    @extend_schema(
        responses=inline_serializer(
            "Me",
            {
                "username": serializers.CharField(),
                "full_name": serializers.CharField(),
                "roles": serializers.ListField(child=serializers.CharField()),
                "organization": serializers.CharField(allow_null=True),
                "preferred_language": serializers.CharField(),
            },
        )
    )
    def get(self, request):
        user = request.user
        return Response(
            {
                "username": user.username,
                "full_name": user.full_name,
                "roles": sorted(user.role_names),
                "organization": user.organization.code if user.organization_id else None,
                "preferred_language": user.preferred_language,
            }
        )


urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="auth-token"),
    path("auth/me/", MeView.as_view(), name="auth-me"),
]
