"""Helpers shared by the visa services: the officer check and field errors."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from onestop.cases.services import NotPermitted
from onestop.core.errors import ValidationFailed

from ..access import OFFICER_ROLES

ERR_NOT_OFFICER = _("Only a visa officer may do this.")


def ensure_officer(by: Any) -> None:
    """``by`` holds the visa officer role; ``None`` is the system (listeners, demo data)."""
    if by is None:
        return
    if not (getattr(by, "is_authenticated", False) and by.role_names & OFFICER_ROLES):
        raise NotPermitted("visas.not_officer", ERR_NOT_OFFICER)


def invalid(code: str, message: Any, field: str) -> ValidationFailed:
    return ValidationFailed(code, message, fields={field: [message]})


def country_label(code: str) -> str:
    """Chinese and English name of a country, for lines stored once and read in any language
    (timeline parameters, covering letters), as the trip's approval document does."""
    from onestop.trips.countries import get_country

    country = get_country(code)
    if country is None:
        return code
    return f"{country.name('zh-hans')} {country.name('en')}"


def system_text(message: Any, **params: Any) -> str:
    """A sentence the system writes into a stored note, in the deployment's language."""
    from django.conf import settings

    with translation.override(settings.LANGUAGE_CODE):
        return str(message) % params if params else str(message)


def lock_application(application: Any):
    """Lock the application's case, then the application, and read both afresh.

    Every writer takes the case first (batches lock several cases in id order, then claim
    the applications), so two writers never wait for each other in opposite orders.
    """
    from onestop.cases.models import Case

    from ..models import VisaApplication

    Case.objects.select_for_update().filter(pk=application.case_id).values_list("pk", flat=True).first()
    return (
        VisaApplication.objects.select_for_update(of=("self",))
        .select_related("case", "passport", "person")
        .get(pk=application.pk)
    )
