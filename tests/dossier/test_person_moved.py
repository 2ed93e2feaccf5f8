"""The dossier announces a move of a person — another organization, or a change of the
public-service flag — once, with the stored old values and the new ones, inside the
transaction that changed the person; a subscriber's failure undoes the change (ADR 0125)."""

import pytest
from django.db import transaction

from onestop.cases.models import AuditEvent
from onestop.core.errors import Conflict
from onestop.dossier import events
from onestop.dossier.events import PersonMoved, on_person_moved, person_moved_subscribers
from onestop.dossier.models import Person
from onestop.dossier.services import person_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard(monkeypatch):
    """Only a recorder listens (the other apps' subscribers are set aside); each event it
    hears comes with what the database held while the subscriber ran."""
    got: list[tuple[PersonMoved, dict]] = []

    def record(event: PersonMoved) -> None:
        stored = Person.objects.values("organization_id", "in_public_service").get(pk=event.person.pk)
        got.append(
            (
                event,
                {
                    **stored,
                    "in_transaction": transaction.get_connection().in_atomic_block,
                    "audited": AuditEvent.objects.filter(
                        action="dossier.person.updated", object_id=str(event.person.pk)
                    ).exists(),
                },
            )
        )

    monkeypatch.setattr(events, "_PERSON_MOVED", [record])
    return got


def test_a_move_to_another_organization_is_announced_once_with_old_and_new_values(
    heard, person_factory, make_org, make_user
):
    old, new = make_org(), make_org()
    person = person_factory(old)
    officer = make_user("passport_officer")
    person_update(person=person, by=officer, organization=new, position="Dean")
    [(event, seen)] = heard
    assert event.person.pk == person.pk and event.by == officer
    assert event.old_organization == old and event.new_organization == new
    assert event.old_organization_id == old.pk and event.new_organization_id == new.pk
    assert event.was_in_public_service is True and event.in_public_service is True
    assert event.organization_changed and not event.left_public_service
    # emitted inside the transaction, after the row and its audit entry are written
    assert seen == {"organization_id": new.pk, "in_public_service": True, "in_transaction": True, "audited": True}


def test_leaving_public_service_is_announced_with_the_organization_unchanged(heard, person_factory, make_org):
    org = make_org()
    person = person_factory(org)
    person_update(person=person, by=None, in_public_service=False)
    [(event, seen)] = heard
    assert event.old_organization == org and event.new_organization == org and not event.organization_changed
    assert event.was_in_public_service is True and event.in_public_service is False
    assert event.left_public_service and event.by is None
    assert seen["in_public_service"] is False


def test_coming_back_into_public_service_is_announced(heard, person_factory, make_org):
    person = person_factory(make_org(), in_public_service=False)
    person_update(person=person, by=None, in_public_service=True)
    [(event, _seen)] = heard
    assert event.was_in_public_service is False and event.in_public_service is True


def test_moving_and_leaving_in_one_change_is_one_event(heard, person_factory, make_org):
    old, new = make_org(), make_org()
    person = person_factory(old)
    person_update(person=person, by=None, organization=new, in_public_service=False)
    [(event, _seen)] = heard
    assert (event.old_organization, event.new_organization) == (old, new)
    assert (event.was_in_public_service, event.in_public_service) == (True, False)


def test_a_person_without_an_organization_gets_one(heard, person_factory, make_org):
    new = make_org()
    person_update(person=person_factory(None), by=None, organization=new)
    [(event, _seen)] = heard
    assert event.old_organization is None and event.new_organization == new


def test_changes_that_are_not_moves_announce_nothing(heard, person_factory, make_org):
    org = make_org()
    person = person_factory(org)
    person_update(person=person, by=None, position="Dean", phone="+86 10 1234 5678")
    person_update(person=person, by=None, organization=org, in_public_service=True)  # the same values
    assert heard == []


def test_the_stored_values_count_not_a_stale_copy(heard, person_factory, make_org):
    old, new = make_org(), make_org()
    person = person_factory(old)
    stale = Person.objects.get(pk=person.pk)
    person_update(person=person, by=None, organization=new)
    person_update(person=stale, by=None, position="Dean", in_public_service=False)
    assert [(e.old_organization, e.new_organization) for e, _seen in heard] == [(old, new), (new, new)]
    assert Person.objects.get(pk=person.pk).organization == new


def test_a_failing_subscriber_undoes_the_change(monkeypatch, person_factory, make_org):
    old, new = make_org(), make_org()
    person = person_factory(old)
    calls: list[PersonMoved] = []

    def refuse(event: PersonMoved) -> None:
        calls.append(event)
        raise Conflict("test.refused", "refused")

    monkeypatch.setattr(events, "_PERSON_MOVED", [refuse, calls.append])
    with pytest.raises(Conflict):
        person_update(person=person, by=None, organization=new)
    assert len(calls) == 1  # the subscribers after the failing one do not run
    stored = Person.objects.get(pk=person.pk)
    assert stored.organization == old
    assert not AuditEvent.objects.filter(action="dossier.person.updated").exists()
    assert person.organization == old  # the caller's copy is left as it was


def test_subscribing_twice_is_one_subscription(monkeypatch):
    monkeypatch.setattr(events, "_PERSON_MOVED", [])

    def subscriber(event):
        return None

    on_person_moved(subscriber)
    on_person_moved(subscriber)
    assert person_moved_subscribers() == [subscriber]


def test_passports_subscribe_when_the_apps_are_ready():
    from onestop.passports.services import on_person_moved as passports_subscriber

    assert passports_subscriber in person_moved_subscribers()
