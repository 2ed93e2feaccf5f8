"""Helpers shared by the halls pages."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _

from onestop.core.errors import DomainError, NotFound
from onestop.halls.models import Service

REASONS = {
    "short_wait": _("Shortest expected wait"),
    "near": _("Close to you"),
    "soonest": _("Soonest"),
}


def report(request: HttpRequest, exc: DomainError) -> None:
    messages.error(request, str(exc.message))


def form_errors(form, exc: DomainError) -> None:
    """Put a service's error on the form fields it names (or on the form)."""
    placed = False
    for name, errors in exc.fields.items():
        if name in form.fields:
            for error in errors:
                form.add_error(name, str(error))
            placed = True
    if not placed:
        form.add_error(None, str(exc.message))


# Originals a visitor brings to the hall that are not dossier material types.
BRING = {
    "passport": _("Passport (the original)"),
    "identity_card": _("Resident identity card"),
    "work_permit": _("Work permit"),
    "residence_registration": _("Registration form of temporary residence"),
}


def material_names(service: Service) -> list[str]:
    """Names of the things to bring: the hall's own list of originals, else the dossier
    catalogue's name. A code neither knows is shown as a readable phrase, never raw."""
    from onestop.dossier.models import MaterialType

    codes = list(service.required_materials or [])
    known = {m.code: m.localized_name() for m in MaterialType.objects.filter(code__in=codes)}
    return [
        str(BRING[code]) if code in BRING else known.get(code, code.replace("_", " ").capitalize()) for code in codes
    ]


def page(view):
    """A page view: "not found" from an ``access_*`` selector becomes the 404 page."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotFound:
            raise Http404

    return wrapper
