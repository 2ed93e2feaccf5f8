"""Reads on the dossier, scoped to what the user may see.

A liaison officer or employer's agent sees the persons of their organization's subtree;
back-office roles see everybody; anyone sees the person linked to their own account. The
``access_*`` selectors raise the same ``NotFound`` for a missing and a forbidden object.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from onestop.core import crypto
from onestop.core.errors import NotFound

from .access import ORG_SCOPED_ROLES, SEE_ALL_ROLES
from .models import CaseMaterial, IdentityDocument, Material, MaterialType, Person

# A search text that looks like an identity number is also matched through its keyed hash.
_MIN_IDENTIFIER_LENGTH = 5


def sees_all_persons(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.role_names & SEE_ALL_ROLES)


def _scope_q(user: Any) -> Q | None:
    """The persons ``user`` may see as a filter; ``None`` means all of them."""
    if sees_all_persons(user):
        return None
    visible = Q(user_id=user.pk)
    if user.role_names & ORG_SCOPED_ROLES and user.organization_id:
        visible |= Q(organization__path__startswith=user.organization.path)
    return visible


def persons_visible_to(*, user: Any) -> QuerySet[Person]:
    if not getattr(user, "is_authenticated", False):
        return Person.objects.none()
    scope = _scope_q(user)
    qs = Person.objects.all()
    return qs if scope is None else qs.filter(scope)


def person_is_visible(*, user: Any, person: Person) -> bool:
    return persons_visible_to(user=user).filter(pk=person.pk).exists()


def access_person(*, user: Any, pk: Any) -> Person:
    """The person ``pk`` if ``user`` may see it; ``NotFound`` otherwise (missing or not allowed)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFound("dossier.person.not_found")
    person = persons_visible_to(user=user).select_related("organization", "user").filter(pk=pk).first()
    if person is None:
        raise NotFound("dossier.person.not_found")
    return person


def _looks_like_identifier(text: str) -> bool:
    return len(text) >= _MIN_IDENTIFIER_LENGTH and any(c.isdigit() for c in text) and text.isalnum()


def persons_for(*, user: Any, q: str | None = None) -> QuerySet[Person]:
    """The persons ``user`` may see, searched by name or (exactly) by identity number,
    with their organization and identity documents loaded in a fixed number of queries."""
    qs = persons_visible_to(user=user)
    text = (q or "").strip()
    if text:
        match = Q(full_name__icontains=text) | Q(latin_name__icontains=text)
        normalized = "".join(text.split()).upper()
        if _looks_like_identifier(normalized):
            match |= Q(identity_documents__number_hash=crypto.keyed_hash(normalized))
        qs = qs.filter(match).distinct()
    return (
        qs.select_related("organization")
        .prefetch_related(Prefetch("identity_documents", queryset=IdentityDocument.objects.order_by("kind", "pk")))
        .annotate(
            current_materials=Count(
                "materials",
                filter=Q(materials__superseded_by__isnull=True) & ~Q(materials__scan_status=Material.Scan.QUARANTINED),
                distinct=True,
            )
        )
        .order_by("full_name", "pk")
    )


def access_identity_document(*, user: Any, pk: Any) -> IdentityDocument:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFound("dossier.identity.not_found")
    visible = persons_visible_to(user=user)
    document = IdentityDocument.objects.select_related("person").filter(pk=pk, person__in=visible).first()
    if document is None:
        raise NotFound("dossier.identity.not_found")
    return document


def access_material(*, user: Any, pk: Any) -> Material:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFound("dossier.material.not_found")
    visible = persons_visible_to(user=user)
    material = Material.objects.select_related("person", "type").filter(pk=pk, person__in=visible).first()
    if material is None:
        raise NotFound("dossier.material.not_found")
    return material


def identity_documents_for(*, person: Person) -> list[IdentityDocument]:
    return list(person.identity_documents.order_by("kind", "-expires_on", "pk"))


def identity_search(*, user: Any, number: str) -> QuerySet[IdentityDocument]:
    """Documents with exactly this number, among the persons ``user`` may see."""
    normalized = "".join((number or "").split()).upper()
    if not normalized:
        return IdentityDocument.objects.none()
    return IdentityDocument.objects.select_related("person", "person__organization").filter(
        number_hash=crypto.keyed_hash(normalized), person__in=persons_visible_to(user=user)
    )


@dataclass
class MaterialGroup:
    """One material type of a person: the current version and the ones before it."""

    type: MaterialType
    current: Material | None
    history: list[Material] = field(default_factory=list)


def person_materials(*, person: Person) -> list[MaterialGroup]:
    groups: dict[tuple[int, int | None], MaterialGroup] = {}
    rows = (
        Material.objects.filter(person=person)
        .select_related("type", "verified_by", "case")
        .order_by("type__code", "case_id", "-version", "-uploaded_at")
    )
    for material in rows:
        key = (material.type_id, material.case_id)
        group = groups.get(key)
        if group is None:
            group = groups[key] = MaterialGroup(type=material.type, current=None)
        if group.current is None and material.is_current:
            group.current = material
        else:
            group.history.append(material)
    return list(groups.values())


def material_types(*, reusable_only: bool = False) -> QuerySet[MaterialType]:
    qs = MaterialType.objects.all()
    return qs.filter(per_case=False) if reusable_only else qs


def case_materials_for(*, case: Any) -> list[CaseMaterial]:
    """What the case needs from each person, attached or not."""
    return list(
        CaseMaterial.objects.filter(case=case)
        .select_related("type", "person", "material", "material__type")
        .order_by("person__full_name", "person_id", "type__code")
    )


def case_materials_missing(*, case: Any, on: date | None = None) -> list[CaseMaterial]:
    """What the applicant still has to provide: nothing attached, or what is attached was
    rejected, quarantined or has expired."""
    on = on or timezone.localdate()
    unacceptable = (
        Q(material__isnull=True)
        | ~Q(material__scan_status=Material.Scan.CLEAN)
        | Q(material__verification=Material.Verification.REJECTED)
        | Q(material__valid_until__lt=on)
    )
    return list(
        CaseMaterial.objects.filter(case=case)
        .filter(unacceptable)
        .select_related("type", "person", "material")
        .order_by("person__full_name", "person_id", "type__code")
    )
