"""Helpers shared by the passports API views."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.response import Response

from onestop.core.errors import ValidationFailed

from .. import services
from ..selectors import access_passport
from ..serializers import PassportDetailSerializer

ERR_FILTER = _("Unknown value for this filter.")
ERR_ORGANIZATION = _("Unknown organization.")
ERR_ACTION = _("Unknown action.")
APPLICATION_ACTIONS = (*services.applications.ACTIONS, "issue")


def _choice(request, name: str, values) -> str | None:
    value = request.query_params.get(name) or None
    if value and value not in values:
        raise ValidationFailed("passports.invalid_filter", ERR_FILTER, fields={name: [ERR_FILTER]})
    return value


def _int_param(request, name: str) -> int | None:
    value = request.query_params.get(name)
    if value in (None, ""):
        return None
    try:
        return int(value)
    except ValueError:
        raise ValidationFailed("passports.invalid_filter", ERR_FILTER, fields={name: [ERR_FILTER]})


def _detail(request, pk: int) -> Response:
    passport = access_passport(user=request.user, pk=pk)
    return Response(PassportDetailSerializer(passport).data)
