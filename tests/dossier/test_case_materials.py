"""Once-only reuse: what a case needs is attached from the vault when valid and verified;
the applicant is asked only for what is missing, expired, unverified or rejected."""

from datetime import timedelta

import pytest
from django.utils import timezone

from onestop.cases.models import AuditEvent
from onestop.core.errors import ValidationFailed
from onestop.dossier.models import CaseMaterial, Material
from onestop.dossier.services import (
    case_material_provide,
    case_materials_for,
    case_materials_missing,
    case_materials_require,
    material_reject,
    material_upload,
    material_verify,
)

from .conftest import pdf_file, png_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(person_factory):
    return person_factory()


@pytest.fixture
def case(case_factory):
    return case_factory()


def _codes(rows):
    return [row.type.code for row in rows]


def test_valid_verified_material_is_attached_and_marked_reused(person, case, verified_material, reviewer):
    degree = verified_material(person, "degree")
    rows = case_materials_require(case=case, person=person, type_codes=["degree", "cv"], by=reviewer)
    assert _codes(rows) == ["degree", "cv"]
    assert rows[0].material == degree and rows[0].reused and rows[0].attached_at is not None
    assert rows[1].material is None and not rows[1].reused
    assert _codes(case_materials_missing(case=case)) == ["cv"]
    event = AuditEvent.objects.get(action="dossier.case_materials.required")
    assert event.data == {"person_id": person.pk, "attached": ["degree"], "missing": ["cv"]}


@pytest.mark.parametrize(
    "state",
    ["expired", "pending", "rejected", "future", "newer_unverified", "other_person"],
)
def test_materials_that_cannot_be_reused(person, person_factory, case, verified_material, reviewer, state):
    today = timezone.localdate()
    if state == "expired":
        material = verified_material(person, "degree", valid_until=today + timedelta(days=3))
        Material.objects.filter(pk=material.pk).update(valid_until=today - timedelta(days=1))
    elif state == "pending":
        material_upload(person=person, type_code="degree", file=pdf_file(), by=None)
    elif state == "rejected":
        material = material_upload(person=person, type_code="degree", file=pdf_file(), by=None)
        material_reject(material=material, by=reviewer, reason="blurred")
    elif state == "future":
        verified_material(person, "degree", valid_from=today + timedelta(days=5))
    elif state == "newer_unverified":
        verified_material(person, "degree")
        material_upload(person=person, type_code="degree", file=pdf_file(text="v2"), by=None)
    elif state == "other_person":
        verified_material(person_factory(), "degree")
    [row] = case_materials_require(case=case, person=person, type_codes=["degree"], by=reviewer)
    assert row.material is None
    assert case_materials_missing(case=case) == [row]


def test_per_case_material_is_never_taken_from_another_case(person, case, case_factory, reviewer):
    provided = case_material_provide(
        case=case, person=person, type_code="invitation_letter", file=pdf_file(), by=reviewer
    )
    material_verify(material=provided.material, by=reviewer)
    assert provided.material.case_id == case.pk and not provided.reused

    other = case_factory()
    [row] = case_materials_require(case=other, person=person, type_codes=["invitation_letter"], by=reviewer)
    assert row.material is None

    [again] = case_materials_require(case=case, person=person, type_codes=["invitation_letter"], by=reviewer)
    assert again.pk == provided.pk and again.material_id == provided.material_id and not again.reused


def test_per_case_versions_are_separate_per_case(person, case, case_factory, reviewer):
    first = case_material_provide(case=case, person=person, type_code="invitation_letter", file=pdf_file(), by=reviewer)
    second = case_material_provide(
        case=case_factory(), person=person, type_code="invitation_letter", file=pdf_file(), by=reviewer
    )
    first.material.refresh_from_db()
    assert first.material.superseded_by_id is None  # another case's letter does not replace it
    assert second.material.version == 2


def test_provided_reusable_material_goes_to_the_vault_for_the_next_case(person, case, case_factory, reviewer):
    case_materials_require(case=case, person=person, type_codes=["photo"], by=reviewer)
    row = case_material_provide(case=case, person=person, type_code="photo", file=png_file(), by=reviewer)
    assert row.material.case_id is None and not row.reused
    assert case_materials_missing(case=case) == []  # waits for verification, not missing
    material_verify(material=row.material, by=reviewer)

    later = case_factory()
    [reused] = case_materials_require(case=later, person=person, type_codes=["photo"], by=reviewer)
    assert reused.material_id == row.material_id and reused.reused


def test_require_is_idempotent_and_fills_in_later(person, case, verified_material, reviewer):
    first = case_materials_require(case=case, person=person, type_codes=["degree", "degree"], by=reviewer)
    assert len(first) == 1 and first[0].material is None
    degree = verified_material(person, "degree")
    [row] = case_materials_require(case=case, person=person, type_codes=["degree"], by=reviewer)
    assert row.pk == first[0].pk and row.material == degree and row.reused
    assert CaseMaterial.objects.filter(case=case).count() == 1


def test_rejection_after_attachment_makes_it_missing_again(person, case, verified_material, reviewer):
    degree = verified_material(person, "degree")
    case_materials_require(case=case, person=person, type_codes=["degree"], by=reviewer)
    assert case_materials_missing(case=case) == []
    material_reject(material=degree, by=reviewer, reason="forged seal")
    assert _codes(case_materials_missing(case=case)) == ["degree"]
    [row] = case_materials_require(case=case, person=person, type_codes=["degree"], by=reviewer)
    assert row.material is None


def test_expiry_after_attachment_makes_it_missing(person, case, verified_material, reviewer):
    degree = verified_material(person, "degree", valid_until=timezone.localdate() + timedelta(days=2))
    case_materials_require(case=case, person=person, type_codes=["degree"], by=reviewer)
    Material.objects.filter(pk=degree.pk).update(valid_until=timezone.localdate() - timedelta(days=1))
    assert _codes(case_materials_missing(case=case)) == ["degree"]


def test_materials_of_several_persons(person, person_factory, case, verified_material, reviewer):
    other = person_factory(name="Aaron First")
    verified_material(other, "cv")
    case_materials_require(case=case, person=person, type_codes=["cv"], by=reviewer)
    case_materials_require(case=case, person=other, type_codes=["cv"], by=reviewer)
    rows = case_materials_for(case=case)
    assert [(r.person, r.material is not None) for r in rows] == [(other, True), (person, False)]
    assert [r.person for r in case_materials_missing(case=case)] == [person]


def test_unknown_type_code(person, case, reviewer):
    with pytest.raises(ValidationFailed) as exc:
        case_materials_require(case=case, person=person, type_codes=["degree", "unicorn"], by=reviewer)
    assert exc.value.code == "dossier.material_type.unknown"
    assert not CaseMaterial.objects.exists()


def test_quarantined_provision_leaves_the_row_missing(person, case, reviewer):
    from .conftest import EICAR_BYTES, upload

    case_materials_require(case=case, person=person, type_codes=["cv"], by=reviewer)
    with pytest.raises(ValidationFailed):
        case_material_provide(case=case, person=person, type_code="cv", file=upload(EICAR_BYTES, "cv.pdf"), by=reviewer)
    assert _codes(case_materials_missing(case=case)) == ["cv"]
    assert Material.objects.filter(scan_status="quarantined").count() == 1
