from __future__ import annotations

import math

from django import template
from django.utils import timezone
from django.utils.formats import date_format
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


@register.filter
def visit_time(value, hall=None) -> str:
    """A visit's date and time in the hall's time zone, in the reader's date format:
    "8 December 2026 (Tuesday) 09:00", "2026年12月8日 (星期二) 09:00"."""
    if value is None:
        return ""
    local = value.astimezone(hall.tz) if hall is not None else timezone.localtime(value)
    return f"{date_format(local, 'DATE_FORMAT')} ({date_format(local, 'l')}) {date_format(local, 'H:i')}"
