"""Organization names in an application's assembled data (``VisaApplication.data``).

The data records the Chinese name (``organization``) and the English one
(``organization_en``) as they were when the application was assembled; pages show the name
in the reader's language (``onestop.accounts.models.organization_name``).
"""

from __future__ import annotations

from typing import Any

from onestop.accounts.models import organization_name


def organization_names(part: dict[str, Any], current: Any = None) -> tuple[str, str]:
    """(Chinese name, English name or "") of the organization that ``part`` of the data
    (its "traveller" or its "trip") names. Data assembled before the English name was
    recorded takes it from ``current`` (the organization now) when that still bears the
    recorded Chinese name."""
    name = part.get("organization") or ""
    name_en = part.get("organization_en")
    if name_en is None:
        name_en = current.name_en if current is not None and current.name == name else ""
    return name, name_en or ""


def organization_shown(part: dict[str, Any], current: Any = None, language: str | None = None) -> str:
    """The organization ``part`` of the data names, in ``language`` (default: the active one)."""
    name, name_en = organization_names(part, current)
    return organization_name(name=name, name_en=name_en, language=language) if name else ""
