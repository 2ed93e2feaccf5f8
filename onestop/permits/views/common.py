from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

STEPS = [
    (1, _("Employee")),
    (2, _("Employment")),
    (3, _("Materials")),
    (4, _("Check and submit")),
]


def detail_url(application) -> str:
    return reverse("permits:detail", args=[application.pk])


def scoped(view):
    """Turn the selectors' ``NotFound`` (missing or not allowed: the same answer) into a 404."""
    from functools import wraps

    from django.http import Http404

    from onestop.core.errors import NotFound

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotFound:
            raise Http404

    return wrapper
