"""The demo seeder: about 200 persons with valid identity numbers and materials in every
state, the traveller and applicant linked, and nothing added on a second run."""

import pytest

from onestop.core import crypto
from onestop.dossier.models import IdentityDocument, Material, Person
from onestop.dossier.validators import mrz_parse, resident_id_validate


@pytest.fixture
def world(db):
    from onestop.accounts import demo as accounts_demo
    from onestop.dossier import demo

    world = {"logins": []}
    accounts_demo.seed(world)
    demo.seed(world)
    return world


def test_demo_persons_documents_and_materials(world):
    from onestop.dossier import demo

    persons = world["persons"]
    assert 195 <= len(persons) <= 205
    assert sum(len(v) for v in world["persons_by_org"].values()) == len(persons) - 1  # the applicant has no org
    assert len(world["persons_by_org"]["univ-tech"]) >= 20

    for document in IdentityDocument.objects.filter(kind="resident_id")[:200]:
        rid = resident_id_validate(document.reveal_number())
        assert rid.birth_date == document.person.birth_date
    passports = IdentityDocument.objects.filter(kind="passport").select_related("person")
    assert passports.count() >= 150
    for document in passports:
        data = mrz_parse(crypto.decrypt(document.mrz))
        assert data.number == document.reveal_number() and data.birth_date == document.person.birth_date

    traveller = Person.objects.get(user=world["users"]["traveller"])
    assert traveller.organization.code == "univ-tech" and traveller.full_name == "张伟"
    assert traveller.materials.filter(type__code="photo", verification="verified").exists()
    applicant = Person.objects.get(user=world["users"]["applicant"])
    assert applicant.nationality == "BRA" and applicant.identity_documents.get().issuing_country == "BRA"

    states = set(Material.objects.values_list("verification", "scan_status"))
    assert {("verified", "clean"), ("pending", "clean"), ("rejected", "clean"), ("pending", "quarantined")} <= states
    assert any(m.is_expired() for m in Material.objects.filter(type__code="criminal_record"))

    counts = (Person.objects.count(), IdentityDocument.objects.count(), Material.objects.count())
    again = {"logins": [], "orgs": world["orgs"], "users": world["users"]}
    demo.seed(again)
    assert (Person.objects.count(), IdentityDocument.objects.count(), Material.objects.count()) == counts
    assert [p.pk for p in again["persons"]] == [p.pk for p in persons]
