"""Kinds of issued documents and the labels of their essentials.

A kind says what the document is (its name on the public verify page) and which staff roles
may see, download and revoke documents of that kind. Apps that issue a kind not listed here
register it from their ``AppConfig.ready`` with :func:`register_kind`, and the labels of the
essentials they publish with :func:`register_essential_labels`, so the verify page can show
them in every language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from onestop.accounts.roles import Role


@dataclass(frozen=True)
class DocumentKind:
    code: str
    label: Any  # lazy translation shown on the verify page
    staff_roles: frozenset[str]  # may see, download and revoke documents of this kind


_KINDS: dict[str, DocumentKind] = {}
GENERIC = "generic"


def register_kind(code: str, label: Any, staff_roles: set[str] | frozenset[str]) -> DocumentKind:
    kind = DocumentKind(code, label, frozenset(str(r) for r in staff_roles) | {str(Role.ADMIN)})
    _KINDS[code] = kind
    return kind


def get_kind(code: str) -> DocumentKind | None:
    return _KINDS.get(code)


def all_kinds() -> list[DocumentKind]:
    return sorted(_KINDS.values(), key=lambda k: k.code)


def kind_label(code: str) -> str:
    kind = _KINDS.get(code)
    return str(kind.label) if kind else code


# Timeline lines about a document refer to its kind (see onestop.cases.references).
KIND_REFERENCE = "documents.kind"


def timeline_name(code: str) -> str | None:
    """How a timeline line names a document of kind ``code`` in the active language. A
    generic document has no name of its own: its line keeps the title it was issued with."""
    kind = _KINDS.get(code)
    if kind is None or code == GENERIC:
        return None
    return str(kind.label)


def kinds_for_staff(role_names: frozenset[str]) -> list[str]:
    """Kinds whose documents a holder of ``role_names`` may manage."""
    return [k.code for k in _KINDS.values() if k.staff_roles & role_names]


# Essentials are shown on the public verify page as "label: value". Keys without a
# registered label are shown as written.
ESSENTIAL_LABELS: dict[str, Any] = {}


def register_essential_labels(labels: dict[str, Any]) -> None:
    ESSENTIAL_LABELS.update(labels)


def essential_label(key: str) -> str:
    label = ESSENTIAL_LABELS.get(key)
    return str(label) if label is not None else key.replace("_", " ")


def register_defaults() -> None:
    register_kind("trip_approval", _("Official trip task approval"), {Role.FAO_REVIEWER})
    register_kind("work_permit", _("Foreigner's work permit"), {Role.PERMIT_OFFICER})
    register_kind("residence_permit", _("Work-type residence permit"), {Role.EXIT_ENTRY_OFFICER})
    register_kind("training_certificate", _("Training certificate"), {Role.TRAINING_ORGANIZER})
    register_kind(GENERIC, _("Official document"), set())
    register_essential_labels(
        {
            "case_number": _("Case number"),
            "holder": _("Holder"),
            "holders": _("Persons"),
            "leader": _("Delegation leader"),
            "members": _("Members"),
            "delegation_size": _("Number of persons"),
            "organization": _("Organization"),
            "employer": _("Employer"),
            "nationality": _("Nationality"),
            "passport": _("Passport number (masked)"),
            "identity_number": _("Identity number (masked)"),
            "position": _("Position"),
            "purpose": _("Purpose"),
            "destinations": _("Destinations"),
            "period": _("Period"),
            "days": _("Days"),
            "program": _("Programme"),
            "hours": _("Hours"),
            "valid_from": _("Valid from"),
            "valid_until": _("Valid until"),
            "approved_on": _("Approved on"),
            "decision": _("Decision"),
        }
    )
