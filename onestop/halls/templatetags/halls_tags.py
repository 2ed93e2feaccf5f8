from __future__ import annotations

import math

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from onestop.halls.i18n import localized

register = template.Library()


@register.filter
def names(value: dict, fallback: str = "") -> str:
    """``{{ hall.names|names:hall.name }}``: the name in the reader's language."""
    return localized(value, fallback)


@register.filter
def wait_text(minutes) -> str:
    """A rounded, human wait: "no wait", "about 10 minutes", "over 2 hours", "closed now"."""
    if minutes is None:
        return _("no counter open now")
    if not math.isfinite(minutes):
        return _("very long")
    if minutes < 3:
        return _("no wait")
    if minutes > 120:
        return _("over 2 hours")
    rounded = max(5, round(minutes / 5.0) * 5)
    return ngettext("about %(n)s minute", "about %(n)s minutes", rounded) % {"n": rounded}


@register.filter
def percent(value, total=1) -> int:
    """Whole percent of ``value`` in ``total`` (0 when total is 0), clamped to 0..100."""
    try:
        share = float(value or 0) / float(total)
    except (TypeError, ZeroDivisionError, ValueError):
        return 0
    return max(0, min(100, round(share * 100)))


@register.filter
def minutes1(value) -> str:
    if value is None:
        return "–"
    try:
        return f"{float(value):.1f}"
    except (TypeError, ValueError):
        return "–"


@register.filter
def km(value) -> str:
    if value is None:
        return ""
    return _("%(km)s km") % {"km": f"{value:.1f}"}
