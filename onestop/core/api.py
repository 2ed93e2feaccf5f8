"""API conventions shared by every app: the permission check, pagination, error bodies."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions, pagination, permissions, serializers
from rest_framework.authtoken.models import Token

from .db import from_row, select_list, statement_cursor
from .errors import DomainError
from .permissions import rule_for

ERR_INVALID = _("The input is not valid.")


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


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's token check, reading the user and the user's role names in one query.

    Every API call needs both (the permission map asks for the roles), so the user is
    selected through the token with a left join on its role grants: one row per role, or
    one row with no role. ``user.role_names`` is then filled from those rows instead of
    costing a second query. The statement is written out (names from the models, the key
    a parameter) because it runs on every API call and never changes."""

    def authenticate_credentials(self, key):
        connection = connections[DEFAULT_DB_ALIAS]
        with statement_cursor(connection) as cursor:
            cursor.execute(_token_user_sql(connection), [key])
            rows = cursor.fetchall()
        user = from_row(get_user_model(), rows[0], connection) if rows else None
        if user is None or not user.is_active:
            return super().authenticate_credentials(key)  # refuses with DRF's own messages
        user.__dict__["role_names"] = frozenset(row[-1] for row in rows if row[-1])
        return user, Token(key=key, user=user)


_TOKEN_USER_SQL: dict[str, str] = {}


def _token_user_sql(connection) -> str:
    """The statement for ``connection`` (made once per database alias)."""
    if connection.alias not in _TOKEN_USER_SQL:
        _TOKEN_USER_SQL[connection.alias] = _build_token_user_sql(connection)
    return _TOKEN_USER_SQL[connection.alias]


def _build_token_user_sql(connection) -> str:
    from onestop.accounts.models import RoleGrant

    qn = connection.ops.quote_name
    user_model = get_user_model()
    user_meta, token_meta, grant_meta = user_model._meta, Token._meta, RoleGrant._meta
    user_pk = qn(user_meta.pk.column)
    return (
        f"SELECT {select_list(user_model, 'u', connection)}, g.{qn(grant_meta.get_field('role').column)} "  # noqa: S608
        f"FROM {qn(user_meta.db_table)} u "
        f"JOIN {qn(token_meta.db_table)} t ON t.{qn(token_meta.get_field('user').column)} = u.{user_pk} "
        f"LEFT JOIN {qn(grant_meta.db_table)} g ON g.{qn(grant_meta.get_field('user').column)} = u.{user_pk} "
        f"WHERE t.{qn(token_meta.get_field('key').column)} = %s"
    )


class PlainFieldsSerializer(serializers.Serializer):
    """A serializer whose fields are made afresh from their declared arguments.

    DRF deep-copies every declared field (and its arguments) for each serializer instance;
    for a serializer on a hot path whose field arguments are plain values (lengths,
    choices, defaults) that nothing mutates, building each field from the same arguments
    gives the same fields for a fraction of the work. Not for nested serializers or fields
    given mutable objects that a field changes."""

    def get_fields(self):
        return {name: type(field)(*field._args, **field._kwargs) for name, field in self._declared_fields.items()}


class Pagination(pagination.PageNumberPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 200


def _error(code: str, message: str, fields: dict | None = None, status: int = 400):
    from rest_framework.response import Response

    return Response({"error": {"code": code, "message": message, "fields": fields or {}}}, status=status)


def _flatten(detail, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail as ``{"field": [...], "destinations.1.country": [...]}``:
    one dotted key per field, so a client can point at the very input that is wrong."""
    out: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            out.update(_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return out
    if isinstance(detail, list):
        if any(isinstance(item, (dict, list)) for item in detail):
            for index, item in enumerate(detail):
                if item:  # an empty entry: that item of the list is fine
                    out.update(_flatten(item, f"{prefix}.{index}" if prefix else str(index)))
            return out
        return {prefix or "non_field_errors": [str(v) for v in detail]}
    return {prefix or "non_field_errors": [str(detail)]}


def exception_handler(exc, context):
    """Every error answer has the shape ``{"error": {"code", "message", "fields"}}``."""
    from rest_framework.response import Response

    if isinstance(exc, DomainError):
        return Response({"error": exc.as_dict()}, status=exc.status)
    if isinstance(exc, DjangoValidationError):
        fields = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return _error("invalid", str(ERR_INVALID), {k: [str(m) for m in v] for k, v in fields.items()})
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.NotFound()
    from rest_framework.views import exception_handler as drf_exception_handler

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {"error": {"code": "invalid", "message": str(ERR_INVALID), "fields": _flatten(exc.detail)}}
        return response
    code = getattr(exc, "default_code", "error")
    detail = getattr(exc, "detail", str(exc))
    response.data = {"error": {"code": str(code), "message": str(detail), "fields": {}}}
    return response
