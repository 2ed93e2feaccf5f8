"""Who sees which persons: organization subtree for liaison officers and employers, everyone
for back-office roles, one's own dossier for travellers and applicants."""

from datetime import date

import pytest

from onestop.core.errors import NotFound
from onestop.dossier.selectors import access_material, access_person, identity_search, persons_for
from onestop.dossier.services import identity_add, material_upload, person_create

from .conftest import pdf_file, resident_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(make_org, person_factory):
    a = make_org("Org A")
    a_child = make_org("Org A unit", parent=a)
    b = make_org("Org B")
    return {
        "a": a,
        "b": b,
        "pa": person_factory(a, name="Alice A"),
        "pa_child": person_factory(a_child, name="Bob A-unit"),
        "pb": person_factory(b, name="Carol B"),
    }


@pytest.mark.parametrize("role", ["liaison", "employer"])
def test_organization_roles_see_their_subtree_only(tree, make_user, role):
    user = make_user(role, org=tree["a"])
    assert set(persons_for(user=user)) == {tree["pa"], tree["pa_child"]}
    assert access_person(user=user, pk=tree["pa_child"].pk) == tree["pa_child"]
    with pytest.raises(NotFound) as forbidden:
        access_person(user=user, pk=tree["pb"].pk)
    with pytest.raises(NotFound) as missing:
        access_person(user=user, pk=999999)
    assert forbidden.value.as_dict() == missing.value.as_dict()


def test_unit_liaison_does_not_see_the_parent(tree, make_user):
    user = make_user("liaison", org=tree["pa_child"].organization)
    assert list(persons_for(user=user)) == [tree["pa_child"]]


@pytest.mark.parametrize(
    "role", ["fao_reviewer", "passport_officer", "visa_officer", "permit_officer", "exit_entry_officer", "admin"]
)
def test_back_office_sees_everyone(tree, make_user, role):
    user = make_user(role)
    assert {tree["pa"], tree["pa_child"], tree["pb"]} <= set(persons_for(user=user))


def test_traveller_sees_only_the_linked_person(tree, make_user, person_factory):
    traveller = make_user("traveller", org=tree["a"])
    own = person_factory(tree["a"], name="Dan Traveller", user=traveller)
    assert list(persons_for(user=traveller)) == [own]
    with pytest.raises(NotFound):
        access_person(user=traveller, pk=tree["pa"].pk)


def test_liaison_without_organization_sees_nobody(tree, make_user):
    assert list(persons_for(user=make_user("liaison"))) == []


def test_non_numeric_pk_is_not_found(make_user):
    with pytest.raises(NotFound):
        access_person(user=make_user("fao_reviewer"), pk="1 OR 1=1")


def test_search_by_name_and_by_exact_number(tree, make_user):
    number = resident_id(date(1980, 1, 1), seq=11)
    identity_add(person=tree["pb"], kind="resident_id", number=number, by=None)
    reviewer = make_user("fao_reviewer")
    assert list(persons_for(user=reviewer, q="carol")) == [tree["pb"]]
    assert list(persons_for(user=reviewer, q=number.lower())) == [tree["pb"]]
    assert list(persons_for(user=reviewer, q=number[:10])) == []  # no partial-number probing
    liaison_a = make_user("liaison", org=tree["a"])
    assert list(persons_for(user=liaison_a, q=number)) == []
    assert list(identity_search(user=liaison_a, number=number)) == []
    assert [d.person for d in identity_search(user=reviewer, number=number)] == [tree["pb"]]


def test_materials_follow_the_person_scope(tree, make_user):
    material = material_upload(person=tree["pb"], type_code="cv", file=pdf_file(), by=None)
    with pytest.raises(NotFound):
        access_material(user=make_user("liaison", org=tree["a"]), pk=material.pk)
    assert access_material(user=make_user("liaison", org=tree["b"]), pk=material.pk) == material


def test_liaison_registers_persons_only_in_the_subtree(tree, make_user):
    from onestop.core.errors import ValidationFailed

    liaison = make_user("liaison", org=tree["a"])
    assert person_create(by=liaison, full_name="New A").organization == tree["a"]
    assert person_create(by=liaison, full_name="New unit", organization=tree["pa_child"].organization)
    with pytest.raises(ValidationFailed) as exc:
        person_create(by=liaison, full_name="Sneaky", organization=tree["b"])
    assert exc.value.code == "dossier.person.organization_not_allowed"
