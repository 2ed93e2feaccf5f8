"""Person writes and staff verification of materials."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from onestop.cases.models import AuditEvent
from onestop.cases.services import NotPermitted
from onestop.core.errors import Conflict, ValidationFailed
from onestop.dossier.services import material_reject, material_upload, material_verify, person_create, person_update

from .conftest import EICAR_BYTES, pdf_file, upload

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"full_name": "  "}, "full_name"),
        ({"full_name": "X", "nationality": "CN"}, "nationality"),
        ({"full_name": "X", "birth_date": date.today() + timedelta(days=2)}, "birth_date"),
        ({"full_name": "X", "email": "not-an-email"}, "email"),
    ],
)
def test_person_create_names_the_bad_field(changes, field):
    with pytest.raises(ValidationFailed) as exc:
        person_create(by=None, **changes)
    assert field in exc.value.fields


def test_person_create_is_audited_without_personal_data(make_org):
    person = person_create(
        by=None, full_name="张三", latin_name="Zhang San", nationality="chn", organization=make_org()
    )
    assert person.nationality == "CHN"
    event = AuditEvent.objects.get(action="dossier.person.created")
    assert "张三" not in str(event.new) + str(event.data)


def test_person_update_changes_and_audits_field_names(person_factory, make_user, make_org):
    org = make_org()
    person = person_factory(org)
    liaison = make_user("liaison", org=org)
    person_update(person=person, by=liaison, position="Professor", phone="+86 10 1234 5678")
    person.refresh_from_db()
    assert person.position == "Professor"
    event = AuditEvent.objects.get(action="dossier.person.updated")
    assert event.data == {"fields": ["phone", "position"]} and "Professor" not in str(event.new)


def test_person_update_refuses_unknown_fields_and_roles(person_factory, make_user):
    person = person_factory()
    with pytest.raises(ValidationFailed):
        person_update(person=person, by=None, user_id=5)
    with pytest.raises(NotPermitted):
        person_update(person=person, by=make_user("traveller"), position="x")


@pytest.fixture
def pending(person_factory):
    return material_upload(person=person_factory(), type_code="degree", file=pdf_file(), by=None)


def test_verify_then_reject_with_reason(pending, reviewer):
    verified = material_verify(material=pending, by=reviewer)
    assert verified.verification == "verified" and verified.verified_by_id == reviewer.pk
    assert verified.is_usable()
    with pytest.raises(Conflict):
        material_verify(material=pending, by=reviewer)
    with pytest.raises(ValidationFailed) as exc:
        material_reject(material=pending, by=reviewer, reason=" ")
    assert "reason" in exc.value.fields
    rejected = material_reject(material=pending, by=reviewer, reason="Seal does not match")
    assert rejected.verification == "rejected" and not rejected.is_usable()
    actions = list(AuditEvent.objects.filter(object_id=str(pending.pk)).values_list("action", flat=True))
    assert actions[-2:] == ["dossier.material.verified", "dossier.material.rejected"]


@pytest.mark.parametrize("role", ["liaison", "traveller", "counter_clerk"])
def test_only_back_office_verifies(pending, make_user, role):
    with pytest.raises(NotPermitted):
        material_verify(material=pending, by=make_user(role))


def test_superseded_and_quarantined_materials_cannot_be_verified(pending, reviewer):
    material_upload(person=pending.person, type_code="degree", file=pdf_file(), by=None)
    with pytest.raises(Conflict) as exc:
        material_verify(material=pending, by=reviewer)
    assert exc.value.code == "dossier.material.not_current"
    with pytest.raises(ValidationFailed):
        material_upload(person=pending.person, type_code="cv", file=upload(EICAR_BYTES, "cv.pdf"), by=None)
    from onestop.dossier.models import Material

    held = Material.objects.get(scan_status="quarantined")
    with pytest.raises(Conflict) as exc:
        material_verify(material=held, by=reviewer)
    assert exc.value.code == "dossier.material.not_clean"


def test_is_usable_respects_validity(pending, reviewer):
    material = material_verify(material=pending, by=reviewer)
    today = timezone.localdate()
    material.valid_until = today - timedelta(days=1)
    assert not material.is_usable()
    material.valid_until, material.valid_from = None, today + timedelta(days=1)
    assert not material.is_usable()
