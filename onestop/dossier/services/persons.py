"""Creating and changing persons."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onestop.accounts.roles import Role
from onestop.cases.audit import audit_record
from onestop.cases.services import NotPermitted
from onestop.core.errors import ValidationFailed

from ..access import ORG_SCOPED_ROLES, SEE_ALL_ROLES
from ..events import PersonMoved, person_moved_emit
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
        was_in_public_service = locked.in_public_service
        # The stored organization (loaded before it changes), for the event below.
        old_organization = locked.organization if "organization" in changed else None
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
        if old_org != locked.organization_id or was_in_public_service != locked.in_public_service:
            # Compared with the locked row, not the caller's copy, so the event says what was
            # stored. Subscribers run in this transaction: if one fails, nothing is saved.
            person_moved_emit(
                PersonMoved(
                    person=locked,
                    old_organization=old_organization if old_org != locked.organization_id else locked.organization,
                    new_organization=locked.organization,
                    was_in_public_service=was_in_public_service,
                    in_public_service=locked.in_public_service,
                    by=by,
                )
            )
    for name in EDITABLE_FIELDS:
        setattr(person, name, getattr(locked, name))
    return person


def person_link_user(*, person: Person, by: Any, user: Any) -> Person:
    """Link ``person`` to the account ``user`` (or unlink it with None): the account then sees
    this person as its own dossier (ADR 0124), so only administrators and the system may."""
    if by is not None and Role.ADMIN not in by.role_names:
        raise NotPermitted("dossier.person.not_permitted", ERR_NOT_PERMITTED)
    user_id = getattr(user, "pk", None)
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        if locked.user_id == user_id:
            person.user = locked.user
            return person
        if user_id is not None and Person.objects.filter(user_id=user_id).exclude(pk=locked.pk).exists():
            raise ValidationFailed("dossier.person.user_taken", ERR_INVALID, fields={"user": [ERR_INVALID]})
        old_user_id = locked.user_id
        locked.user = user
        locked.save(update_fields=["user"])
        audit_record(
            actor=by,
            action="dossier.person.user_linked",
            obj=locked,
            old={"user_id": old_user_id},
            new={"user_id": user_id},
        )
    person.user = user
    return person
