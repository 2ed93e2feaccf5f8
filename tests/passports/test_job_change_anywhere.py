"""A move of a person made outside the passport pages — the dossier's person page or API —
raises the same handovers as a job change recorded at the passport office; a change that
is not a move raises none, and a job change recorded at the office raises each once."""

import pytest

from onestop.cases.models import AuditEvent
from onestop.dossier.services import person_update
from onestop.passports.models import Handover
from onestop.passports.services import person_change_job

pytestmark = pytest.mark.django_db


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
