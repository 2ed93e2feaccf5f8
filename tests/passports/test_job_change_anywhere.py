"""A move of a person made outside the passport pages — the dossier's person page, its API,
the admin — raises the same handovers as a job change recorded at the passport office: the
dossier announces the move and passports subscribe (ADR 0125). A change that is not a move
raises none, each move raises each handover once, and a failure after the handovers are
raised undoes them together with the move."""

import pytest
from django.urls import reverse

from onestop.cases.models import AuditEvent
from onestop.dossier import events
from onestop.dossier.models import Person
from onestop.dossier.services import person_update
from onestop.passports.models import Handover
from onestop.passports.services import person_change_job

pytestmark = pytest.mark.django_db


def admin_change(client, person: Person, **changes):
    """Post the admin's person form back with ``changes``; a checkbox set to False is left out."""
    values = {
        "full_name": person.full_name,
        "latin_name": person.latin_name,
        "sex": person.sex,
        "birth_date": person.birth_date.isoformat() if person.birth_date else "",
        "nationality": person.nationality,
        "organization": person.organization_id or "",
        "user": person.user_id or "",
        "position": person.position,
        "is_teaching_research": person.is_teaching_research,
        "in_public_service": person.in_public_service,
        "phone": person.phone,
        "email": person.email,
        **changes,
    }
    data = {name: value for name, value in values.items() if not isinstance(value, bool)}
    data.update({name: "on" for name, value in values.items() if value is True})
    data.update({"identity_documents-TOTAL_FORMS": "0", "identity_documents-INITIAL_FORMS": "0", "_save": "Save"})
    return client.post(f"/admin/dossier/person/{person.pk}/change/", data)


def test_moving_a_person_in_the_dossier_raises_a_transfer(make_person, make_passport, liaison, org, other_org):
    person = make_person()
    passport = make_passport(person)
    person_update(person=person, by=None, organization=other_org)
    handover = Handover.objects.get(passport=passport)
    assert handover.status == "pending" and handover.proposed_outcome == "transfer"
    assert handover.from_organization == org and handover.to_organization == other_org
    assert AuditEvent.objects.filter(action="passports.handover.raised", object_id=str(handover.pk)).count() == 1


def test_leaving_public_service_in_the_dossier_raises_a_cancellation(make_person, make_passport):
    person = make_person()
    passport = make_passport(person)
    person_update(person=person, by=None, in_public_service=False)
    handover = Handover.objects.get(passport=passport)
    assert handover.proposed_outcome == "cancel" and handover.to_organization is None


def test_a_change_that_is_not_a_move_raises_nothing(make_person, make_passport):
    person = make_person()
    make_passport(person)
    person_update(person=person, by=None, position="Dean")
    assert not Handover.objects.exists()


def test_a_person_without_passports_moves_without_handovers(make_person, other_org):
    person_update(person=make_person(), by=None, organization=other_org)
    assert not Handover.objects.exists()


def test_a_job_change_at_the_passport_office_raises_each_handover_once(make_person, make_passport, officer, other_org):
    person = make_person()
    passports = [make_passport(person), make_passport(person, type="service")]
    raised = person_change_job(person=person, by=officer, new_organization=other_org)
    assert len(raised) == 2 and Handover.objects.count() == 2
    assert AuditEvent.objects.filter(action="passports.handover.raised").count() == 2
    assert {h.raised_by_id for h in Handover.objects.all()} == {officer.pk}
    assert {h.passport_id for h in raised} == {p.pk for p in passports}


def test_the_dossier_api_move_raises_the_handover(api, make_person, make_passport, officer, other_org):
    person = make_person()
    passport = make_passport(person)
    response = api(officer).patch(
        f"/api/v1/dossier/persons/{person.pk}/", {"organization": other_org.code}, format="json"
    )
    assert response.status_code == 200, response.content
    assert Handover.objects.get(passport=passport).to_organization == other_org


def test_an_admin_change_of_organization_raises_exactly_one_handover(
    login, admin_user, make_person, make_passport, org, other_org
):
    person = make_person()
    passport = make_passport(person)
    response = admin_change(login(admin_user), person, organization=other_org.pk)
    assert response.status_code == 302, response.content[:2000]
    assert Person.objects.get(pk=person.pk).organization == other_org
    handover = Handover.objects.get()
    assert handover.passport == passport and handover.proposed_outcome == "transfer"
    assert handover.from_organization == org and handover.to_organization == other_org
    assert handover.raised_by == admin_user
    assert AuditEvent.objects.filter(action="passports.handover.raised").count() == 1
    assert AuditEvent.objects.filter(action="dossier.person.updated", actor_id=admin_user.pk).count() == 1


def test_an_admin_leaving_public_service_raises_a_cancellation(login, admin_user, make_person, make_passport):
    person = make_person()
    make_passport(person)
    assert admin_change(login(admin_user), person, in_public_service=False).status_code == 302
    handover = Handover.objects.get()
    assert handover.proposed_outcome == "cancel" and handover.to_organization is None


def test_an_admin_change_that_is_not_a_move_raises_nothing(login, admin_user, make_person, make_passport):
    person = make_person()
    make_passport(person)
    assert admin_change(login(admin_user), person, position="Dean").status_code == 302
    assert Person.objects.get(pk=person.pk).position == "Dean"
    assert not Handover.objects.exists()


def test_the_dossier_page_move_raises_the_handover(login, liaison, make_person, make_passport, org, make_org):
    faculty = make_org("Faculty of Law", parent=org)
    person = make_person()
    passport = make_passport(person)
    data = {
        "full_name": person.full_name,
        "nationality": "CHN",
        "sex": "M",
        "organization": faculty.pk,
        "in_public_service": "on",
    }
    response = login(liaison).post(reverse("dossier:person-edit", args=[person.pk]), data)
    assert response.status_code == 302
    handover = Handover.objects.get(passport=passport)
    assert handover.to_organization == faculty and handover.raised_by == liaison


def test_a_job_change_at_the_passport_office_announces_the_move_once(
    monkeypatch, make_person, make_passport, officer, org, other_org
):
    heard = []
    monkeypatch.setattr(events, "_PERSON_MOVED", [*events.person_moved_subscribers(), heard.append])
    person = make_person()
    make_passport(person)
    [handover] = person_change_job(person=person, by=officer, new_organization=other_org)
    [event] = heard
    assert (event.old_organization, event.new_organization, event.by) == (org, other_org, officer)
    assert handover.from_organization == org


def test_leaving_public_service_twice_raises_nothing_new(make_person, make_passport, officer):
    person = make_person()
    make_passport(person)
    [first] = person_change_job(person=person, by=officer, leaves_public_service=True)
    [again] = person_change_job(person=person, by=officer, leaves_public_service=True)
    assert again.pk == first.pk and Handover.objects.count() == 1
    assert AuditEvent.objects.filter(action="passports.handover.raised").count() == 1


@pytest.mark.parametrize("entry", ["dossier", "passport office"])
def test_a_failure_after_the_handovers_are_raised_undoes_them_and_the_move(
    monkeypatch, entry, make_person, make_passport, officer, org, other_org
):
    def refuse(event):
        raise RuntimeError("a later subscriber failed")

    monkeypatch.setattr(events, "_PERSON_MOVED", [*events.person_moved_subscribers(), refuse])
    person = make_person()
    make_passport(person)
    with pytest.raises(RuntimeError):
        if entry == "dossier":
            person_update(person=person, by=officer, organization=other_org)
        else:
            person_change_job(person=person, by=officer, new_organization=other_org)
    assert Person.objects.get(pk=person.pk).organization == org
    assert not Handover.objects.exists()
    assert not AuditEvent.objects.filter(action__in=["dossier.person.updated", "passports.handover.raised"]).exists()
