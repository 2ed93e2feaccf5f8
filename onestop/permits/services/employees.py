"""Registering a foreign employee in the dossier from the passport's machine-readable zone."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from onestop.core.errors import ValidationFailed

ERR_NOT_FOREIGN = _("The passport's nationality is CHN: the joint permit is for foreign employees.")
ERR_NO_ORGANIZATION = _("Your account belongs to no organization; ask an administrator.")


def employee_register(
    *, by: Any, mrz: Any, full_name: str = "", position: str = "", email: str = "", phone: str = ""
) -> Any:
    """Create the employee (a dossier person of ``by``'s organization) and the passport, both
    from the two MRZ lines: name, nationality, date of birth, sex and expiry are read from it
    and every check digit is verified. Returns the person."""
    from onestop.dossier.services.identity import identity_add
    from onestop.dossier.services.persons import person_create
    from onestop.dossier.validators import mrz_parse

    if not by.organization_id:
        raise ValidationFailed("permits.no_organization", ERR_NO_ORGANIZATION)
    data = mrz_parse(mrz)
    if data.nationality == "CHN":
        raise ValidationFailed("permits.person_not_foreign", ERR_NOT_FOREIGN, fields={"mrz": [ERR_NOT_FOREIGN]})
    with transaction.atomic():
        person = person_create(
            by=by,
            full_name=(full_name or "").strip() or data.latin_name,
            latin_name=data.latin_name,
            sex=data.sex,
            birth_date=data.birth_date,
            nationality=data.nationality,
            organization=by.organization,
            position=position,
            in_public_service=False,
            email=email,
            phone=phone,
        )
        identity_add(person=person, kind="passport", mrz=list(data.lines), by=by)
    return person
