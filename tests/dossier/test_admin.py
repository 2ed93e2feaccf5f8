"""The admin's person form saves through the dossier's services: the same checks and audit as
the person page, a move is announced once, and a rule the service enforces comes back as an
error message with nothing saved (ADR 0125)."""

import pytest
from django.contrib.messages import get_messages

from onestop.cases.models import AuditEvent
from onestop.core.errors import Conflict
from onestop.dossier import events
from onestop.dossier.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard(monkeypatch):
    got = []
    monkeypatch.setattr(events, "_PERSON_MOVED", [got.append])
    return got


def form_data(person: Person | None = None, **changes) -> dict:
    """What the admin's change form posts back for ``person`` (a blank add form for None),
    with ``changes`` applied; a checkbox posts "on" when ticked and nothing otherwise."""
    values = {
        "full_name": person.full_name if person else "",
        "latin_name": person.latin_name if person else "",
        "sex": person.sex if person else "X",
        "birth_date": person.birth_date.isoformat() if person and person.birth_date else "",
        "nationality": person.nationality if person else "CHN",
        "organization": person.organization_id if person and person.organization_id else "",
        "user": person.user_id if person and person.user_id else "",
        "position": person.position if person else "",
        "is_teaching_research": person.is_teaching_research if person else False,
        "in_public_service": person.in_public_service if person else True,
        "phone": person.phone if person else "",
        "email": person.email if person else "",
        **changes,
    }
    data = {name: value for name, value in values.items() if not isinstance(value, bool)}
    data.update({name: "on" for name, value in values.items() if value is True})
    data.update({"identity_documents-TOTAL_FORMS": "0", "identity_documents-INITIAL_FORMS": "0", "_save": "Save"})
    return data


def change_url(person: Person) -> str:
    return f"/admin/dossier/person/{person.pk}/change/"


def test_an_admin_change_of_organization_goes_through_the_service(heard, login, admin_user, person_factory, make_org):
    old, new = make_org(), make_org()
    person = person_factory(old)
    response = login(admin_user).post(change_url(person), form_data(person, organization=new.pk, position="Dean"))
    assert response.status_code == 302, response.content[:2000]
    person.refresh_from_db()
    assert person.organization == new and person.position == "Dean"
    event = AuditEvent.objects.get(action="dossier.person.updated", object_id=str(person.pk))
    assert event.actor_id == admin_user.pk
    assert event.old == {"organization_id": old.pk} and event.new == {"organization_id": new.pk}
    assert event.data == {"fields": ["organization", "position"]}
    [moved] = heard
    assert (moved.old_organization, moved.new_organization, moved.by) == (old, new, admin_user)


def test_an_admin_change_that_is_not_a_move_announces_nothing(heard, login, admin_user, person_factory, make_org):
    person = person_factory(make_org())
    response = login(admin_user).post(change_url(person), form_data(person, phone="+86 10 8888 0000"))
    assert response.status_code == 302
    assert Person.objects.get(pk=person.pk).phone == "+86 10 8888 0000"
    assert heard == []


def test_the_service_rules_apply_in_the_admin(heard, login, admin_user, person_factory, make_org):
    person = person_factory(make_org())
    response = login(admin_user).post(change_url(person), form_data(person, nationality="C1", position="Dean"))
    assert response.status_code == 302 and response.url == change_url(person)
    assert "ISO 3166-1" in " ".join(str(m) for m in get_messages(response.wsgi_request))
    stored = Person.objects.get(pk=person.pk)
    assert stored.nationality == "CHN" and stored.position == ""


def test_a_failing_subscriber_leaves_the_person_unchanged_and_says_why(
    monkeypatch, login, admin_user, person_factory, make_org
):
    old, new = make_org(), make_org()
    person = person_factory(old)

    def refuse(event):
        raise Conflict("test.refused", "The move is refused.")

    monkeypatch.setattr(events, "_PERSON_MOVED", [refuse])
    response = login(admin_user).post(change_url(person), form_data(person, organization=new.pk))
    assert response.status_code == 302 and response.url == change_url(person)
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["The move is refused."]
    assert Person.objects.get(pk=person.pk).organization == old
    assert not AuditEvent.objects.filter(action="dossier.person.updated").exists()


def test_staff_without_a_dossier_role_may_not_change_persons(heard, login, make_user, person_factory, make_org):
    clerk = make_user()
    clerk.is_staff = clerk.is_superuser = True
    clerk.save()
    old = make_org()
    person = person_factory(old)
    response = login(clerk).post(change_url(person), form_data(person, organization=make_org().pk))
    assert response.status_code == 302
    assert Person.objects.get(pk=person.pk).organization == old and heard == []


def test_an_admin_adds_a_person_through_the_service(heard, login, admin_user, make_org, make_user):
    org = make_org()
    account = make_user("traveller")
    data = form_data(full_name="  Li Lei ", nationality="chn", organization=org.pk, user=account.pk)
    response = login(admin_user).post("/admin/dossier/person/add/", data)
    assert response.status_code == 302, response.content[:2000]
    person = Person.objects.get(user=account)
    assert person.full_name == "Li Lei" and person.nationality == "CHN" and person.organization == org
    assert AuditEvent.objects.filter(action="dossier.person.created", object_id=str(person.pk)).exists()
    linked = AuditEvent.objects.get(action="dossier.person.user_linked", object_id=str(person.pk))
    assert linked.new == {"user_id": account.pk} and linked.actor_id == admin_user.pk
    assert heard == []


def test_an_admin_links_an_account_to_a_person(heard, login, admin_user, person_factory, make_org, make_user):
    person = person_factory(make_org())
    account = make_user("traveller")
    response = login(admin_user).post(change_url(person), form_data(person, user=account.pk))
    assert response.status_code == 302
    assert Person.objects.get(pk=person.pk).user == account
    assert AuditEvent.objects.filter(action="dossier.person.user_linked").count() == 1
    assert not AuditEvent.objects.filter(action="dossier.person.updated").exists()
