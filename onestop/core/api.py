"""API conventions shared by every app: the permission check, pagination, error bodies."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, pagination, permissions

from .errors import DomainError
from .permissions import rule_for


class MapPermission(permissions.BasePermission):
    """Looks the endpoint up in the permission map; missing means refused."""

    def has_permission(self, request, view) -> bool:
        match = request.resolver_match
        rule = rule_for(match.view_name if match else None)
        if rule is None:
            raise exceptions.NotFound()
        if rule.allows(request.user, request):
            return True
        if not (request.user and request.user.is_authenticated):
            raise exceptions.NotAuthenticated()
        raise exceptions.NotFound()


class Pagination(pagination.PageNumberPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 200


def _error(code: str, message: str, fields: dict | None = None, status: int = 400):
    from rest_framework.response import Response

    return Response({"error": {"code": code, "message": message, "fields": fields or {}}}, status=status)


def _flatten(detail) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        out: dict[str, list[str]] = {}
        for key, value in detail.items():
            if isinstance(value, dict):
                for sub, msgs in _flatten(value).items():
                    out[f"{key}.{sub}"] = msgs
            elif isinstance(value, list):
                out[key] = [str(v) for v in value]
            else:
                out[key] = [str(value)]
        return out
    if isinstance(detail, list):
        return {"non_field_errors": [str(v) for v in detail]}
    return {"non_field_errors": [str(detail)]}


def exception_handler(exc, context):
    """Every error answer has the shape ``{"error": {"code", "message", "fields"}}``."""
    from rest_framework.response import Response

    if isinstance(exc, DomainError):
        return Response({"error": exc.as_dict()}, status=exc.status)
    if isinstance(exc, DjangoValidationError):
        fields = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return _error("invalid", "The input is not valid.", {k: [str(m) for m in v] for k, v in fields.items()})
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.NotFound()
    from rest_framework.views import exception_handler as drf_exception_handler

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {
            "error": {"code": "invalid", "message": "The input is not valid.", "fields": _flatten(exc.detail)}
        }
        return response
    code = getattr(exc, "default_code", "error")
    detail = getattr(exc, "detail", str(exc))
    response.data = {"error": {"code": str(code), "message": str(detail), "fields": {}}}
    return response
