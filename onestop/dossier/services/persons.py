"""Creating and changing persons."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onestop.cases.audit import audit_record
from onestop.cases.services import NotPermitted
from onestop.core.errors import ValidationFailed

from ..access import ORG_SCOPED_ROLES, SEE_ALL_ROLES
from ..models import Person

ERR_NAME_REQUIRED = _("Enter the person's full name.")
ERR_NATIONALITY = _("Enter the nationality as a three-letter ISO 3166-1 code, for example CHN.")
ERR_BIRTH_FUTURE = _("The date of birth cannot be in the future.")
ERR_ORG_NOT_ALLOWED = _("You can only register persons of your own organization and the units under it.")
ERR_NOT_PERMITTED = _("You may not register or change persons.")
ERR_INVALID = _("Some of the details are not valid.")

EDITABLE_FIELDS = (
    "full_name",
    "latin_name",
    "sex",
    "birth_date",
    "nationality",
    "organization",
    "position",
    "is_teaching_research",
    "in_public_service",
    "phone",
    "email",
)


def _check_organization(*, by: Any, organization: Any) -> None:
    """System actions (``by`` is None) and back-office roles may use any organization; a
    liaison officer or employer's agent only their own subtree."""
    if by is None or by.role_names & SEE_ALL_ROLES:
        return
    if not by.role_names & ORG_SCOPED_ROLES:
        raise NotPermitted("dossier.person.not_permitted", ERR_NOT_PERMITTED)
    own = by.organization
    if own is None or organization is None or not organization.path.startswith(own.path):
        raise ValidationFailed(
            "dossier.person.organization_not_allowed",
            ERR_ORG_NOT_ALLOWED,
            fields={"organization": [ERR_ORG_NOT_ALLOWED]},
        )


def _clean(person: Person, *, today: date | None = None) -> None:
    errors: dict[str, list[Any]] = {}
    person.full_name = (person.full_name or "").strip()
    person.latin_name = (person.latin_name or "").strip()
    person.nationality = (person.nationality or "").strip().upper()
    if not person.full_name:
        errors["full_name"] = [ERR_NAME_REQUIRED]
    if len(person.nationality) != 3 or not person.nationality.isalpha():
        errors["nationality"] = [ERR_NATIONALITY]
    if person.birth_date and person.birth_date > (today or timezone.localdate()):
        errors["birth_date"] = [ERR_BIRTH_FUTURE]
    try:
        person.full_clean(exclude=["organization", "user", *errors.keys()], validate_unique=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        first = next(iter(errors.values()))[0]
        raise ValidationFailed("dossier.person.invalid", first if len(errors) == 1 else ERR_INVALID, fields=errors)


def person_create(
    *,
    by: Any,
    full_name: str,
    organization: Any = None,
    latin_name: str = "",
    sex: str = Person.Sex.UNSPECIFIED,
    birth_date: date | None = None,
    nationality: str = "CHN",
    position: str = "",
    is_teaching_research: bool = False,
    in_public_service: bool = True,
    phone: str = "",
    email: str = "",
    user: Any = None,
) -> Person:
    """Register a person. A liaison officer's person defaults to the officer's organization."""
    if organization is None and by is not None and by.role_names & ORG_SCOPED_ROLES:
        organization = by.organization
    _check_organization(by=by, organization=organization)
    person = Person(
        full_name=full_name,
        latin_name=latin_name,
        sex=sex or Person.Sex.UNSPECIFIED,
        birth_date=birth_date,
        nationality=nationality,
        organization=organization,
        position=position,
        is_teaching_research=is_teaching_research,
        in_public_service=in_public_service,
        phone=phone,
        email=email,
        user=user,
    )
    _clean(person)
    with transaction.atomic():
        person.save()
        # Names and contact details are personal data: the audit keeps references only.
        audit_record(
            actor=by,
            action="dossier.person.created",
            obj=person,
            new={"organization_id": person.organization_id, "user_id": person.user_id},
        )
    return person


def person_update(*, person: Person, by: Any, **changes: Any) -> Person:
    """Change the given fields (names from ``EDITABLE_FIELDS``); returns the person."""
    unknown = sorted(set(changes) - set(EDITABLE_FIELDS))
    if unknown:
        raise ValidationFailed(
            "dossier.person.unknown_field", ERR_INVALID, fields={name: [ERR_INVALID] for name in unknown}
        )
    if "organization" in changes and changes["organization"] != person.organization:
        _check_organization(by=by, organization=changes["organization"])
    elif by is not None and not by.role_names & (SEE_ALL_ROLES | ORG_SCOPED_ROLES):
        raise NotPermitted("dossier.person.not_permitted", ERR_NOT_PERMITTED)
    changed = [name for name, value in changes.items() if getattr(person, name) != value]
    if not changed:
        return person
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        old_org = locked.organization_id
        for name in changed:
            setattr(locked, name, changes[name])
        _clean(locked)
        locked.save()
        audit_record(
            actor=by,
            action="dossier.person.updated",
            obj=locked,
            old={"organization_id": old_org},
            new={"organization_id": locked.organization_id},
            data={"fields": sorted(changed)},
        )
    for name in EDITABLE_FIELDS:
        setattr(person, name, getattr(locked, name))
    return person
