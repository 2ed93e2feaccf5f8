"""A job change raises a handover for each passport held; it blocks reservations until a
passport officer completes it (transfer, hand-over outside the registry, cancellation)."""

import pytest

from onestop.cases.models import AuditEvent
from onestop.cases.services import NotPermitted
from onestop.core.errors import Conflict, NotFound, ValidationFailed
from onestop.passports.models import Handover, Passport, PassportApplication, PassportStatus
from onestop.passports.services import handover_complete, passport_check_out, person_change_job

pytestmark = pytest.mark.django_db


def test_moving_to_another_organization_raises_a_transfer_and_completing_it_moves_the_passport(
    make_person, make_passport, officer, other_org, fao
):
    person = make_person()
    passports = [make_passport(person), make_passport(person, type="service")]
    raised = person_change_job(person=person, by=officer, new_organization=other_org)
    assert {h.passport_id for h in raised} == {p.pk for p in passports}
    person.refresh_from_db()
    assert person.organization == other_org
    assert AuditEvent.objects.filter(action="dossier.person.updated", object_id=str(person.pk)).exists()
    handover = raised[0]
    assert handover.proposed_outcome == "transfer" and handover.status == "pending"
    completed = handover_complete(handover=handover, by=officer, note="done")
    passport = Passport.objects.get(pk=handover.passport_id)
    assert completed.status == "completed" and completed.outcome == "transfer"
    assert passport.organization == other_org and passport.custodian == fao  # the FAO keeps it
    assert passport.status == PassportStatus.IN_CUSTODY
    assert passport.events.latest("pk").verb == "transferred"
    event = AuditEvent.objects.filter(action="passports.handover.completed").get()
    assert event.old["organization_id"] != event.new["organization_id"]
    with pytest.raises(Conflict):
        handover_complete(handover=handover, by=officer)


def test_organization_custody_follows_the_person(make_person, make_passport, officer, org, other_org):
    person = make_person()
    from onestop.passports.services import passport_register

    passport = passport_register(
        holder=person,
        by=officer,
        type="service",
        number="SE1112223",
        expires_on=make_passport(make_person()).expires_on,
        custodian=org,
    )
    [handover] = person_change_job(person=person, by=officer, new_organization=other_org)
    handover_complete(handover=handover, by=officer)
    passport.refresh_from_db()
    assert passport.custodian == other_org


def test_leaving_public_service_raises_a_cancellation(make_person, make_passport, officer):
    person = make_person()
    passport = make_passport(person)
    [handover] = person_change_job(person=person, by=officer, leaves_public_service=True)
    person.refresh_from_db()
    assert person.in_public_service is False
    assert handover.proposed_outcome == "cancel" and handover.to_organization is None
    with pytest.raises(ValidationFailed) as err:
        handover_complete(handover=handover, by=officer, outcome="transfer")
    assert err.value.code == "passports.handover_target"
    with pytest.raises(ValidationFailed) as err:
        handover_complete(handover=handover, by=officer, outcome="hand_over")
    assert err.value.code == "passports.handover_receiver"
    handover_complete(handover=handover, by=officer)
    assert Passport.objects.get(pk=passport.pk).status == PassportStatus.CANCELLED


def test_hand_over_outside_the_registry(make_person, make_passport, officer, other_org):
    person = make_person()
    passport = make_passport(person)
    [handover] = person_change_job(person=person, by=officer, new_organization=other_org)
    handover_complete(handover=handover, by=officer, outcome="hand_over", receiver="Ministry of Foreign Affairs")
    assert Passport.objects.get(pk=passport.pk).status == PassportStatus.HANDED_OVER
    assert Handover.objects.get(pk=handover.pk).receiver == "Ministry of Foreign Affairs"


def test_pending_handover_blocks_reservations_and_a_checked_out_passport_must_come_back_first(
    make_person, make_passport, make_trip, officer, other_org, org, make_org
):
    person = make_person()
    passport = make_passport(person, number="PE2220001")
    make_trip([person], start=20)
    passport_check_out(text="PE2220001", by=officer)
    [handover] = person_change_job(person=person, by=officer, new_organization=other_org)
    with pytest.raises(Conflict) as err:
        handover_complete(handover=handover, by=officer)
    assert err.value.code == "passports.handover_away"
    # a second job change updates the pending handover instead of raising another
    [again] = person_change_job(person=person, by=officer, new_organization=org)
    assert again.pk == handover.pk and Handover.objects.filter(passport=passport).count() == 1
    # while pending, an approved trip does not reserve it: an application is opened instead
    other = make_person()
    fresh = make_passport(other)
    [h2] = person_change_job(person=other, by=officer, new_organization=make_org("Faculty", parent=org))
    make_trip([other], start=60)
    assert Passport.objects.get(pk=fresh.pk).status == PassportStatus.IN_CUSTODY
    assert PassportApplication.objects.filter(person=other).exists()
    assert h2.status == "pending"


def test_who_may_record_a_job_change(make_person, make_passport, liaison, other_liaison, make_user, org):
    person = make_person()
    make_passport(person)
    with pytest.raises(NotFound):
        person_change_job(person=person, by=other_liaison, leaves_public_service=True)
    with pytest.raises(NotPermitted):
        person_change_job(person=person, by=make_user("visa_officer"), leaves_public_service=True)
    with pytest.raises(ValidationFailed):
        person_change_job(person=person, by=liaison)
    [handover] = person_change_job(person=person, by=liaison, leaves_public_service=True)
    with pytest.raises(NotPermitted):
        handover_complete(handover=handover, by=liaison)
