"""Enrolment: seats, waitlist offers, quotas, approval, nomination, cancellation."""

from datetime import timedelta

import pytest
from django.utils import timezone

from onestop.accounts.roles import Role
from onestop.core.errors import Conflict, NotFound, ValidationFailed
from onestop.training import services
from onestop.training.models import Enrolment, Program, Quota
from onestop.training.services.enrolment import ENROLMENT_MOVES, ERR_ALREADY, ERR_NOT_OPEN, _move

pytestmark = pytest.mark.django_db


def _refresh(program):
    return Program.objects.select_related("case").get(pk=program.pk)


def test_first_come_get_seats_then_the_waitlist(make_program, make_participant):
    program = make_program(capacity=2)
    statuses = [services.enrolment_self_register(program=program, user=make_participant()).status for _ in range(4)]
    assert statuses == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    assert _refresh(program).seats_taken == 2


def test_full_program_without_waitlist_refuses_with_a_clear_error(make_program, make_participant):
    program = make_program(capacity=1, waitlist_enabled=False)
    services.enrolment_self_register(program=program, user=make_participant())
    with pytest.raises(Conflict) as exc:
        services.enrolment_self_register(program=program, user=make_participant())
    assert exc.value.code == "training.full"
    assert Enrolment.objects.filter(program=program).count() == 1


def test_a_person_enrols_once(make_program, make_participant):
    program = make_program()
    user = make_participant()
    services.enrolment_self_register(program=program, user=user)
    with pytest.raises(Conflict) as exc:
        services.enrolment_self_register(program=program, user=user)
    assert exc.value.message == ERR_ALREADY
    assert _refresh(program).seats_taken == 1


def test_enrolment_needs_an_open_program(make_program, make_participant):
    draft = make_program(publish=False)
    with pytest.raises(Conflict) as exc:
        services.enrolment_self_register(program=draft, user=make_participant())
    assert exc.value.message == ERR_NOT_OPEN


def test_self_registration_needs_the_participant_role(make_program, make_user):
    program = make_program()
    with pytest.raises(ValidationFailed):
        services.enrolment_self_register(program=program, user=make_user(Role.TRAVELLER))


def test_cancelling_offers_the_seat_to_the_first_on_the_waitlist(make_program, make_participant):
    program = make_program(capacity=1, offer_hours=12)
    first = services.enrolment_self_register(program=program, user=make_participant())
    second = services.enrolment_self_register(program=program, user=make_participant())
    third = services.enrolment_self_register(program=program, user=make_participant())
    services.enrolment_cancel(enrolment=first, by=first.participant, reason="ill")
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == "offered"
    assert timedelta(hours=11, minutes=59) < second.offer_expires_at - timezone.now() <= timedelta(hours=12)
    assert third.status == "waitlisted"
    assert _refresh(program).seats_taken == 1  # the seat passed hand to hand


def test_accepting_the_offer_confirms(make_program, make_participant):
    program = make_program(capacity=1)
    first = services.enrolment_self_register(program=program, user=make_participant())
    second = services.enrolment_self_register(program=program, user=make_participant())
    services.enrolment_cancel(enrolment=first, by=first.participant)
    second.refresh_from_db()
    services.enrolment_accept_offer(enrolment=second, by=second.participant)
    second.refresh_from_db()
    assert second.status == "confirmed"
    assert second.confirmed_at is not None


def test_only_the_person_offered_can_accept(make_program, make_participant):
    program = make_program(capacity=1)
    first = services.enrolment_self_register(program=program, user=make_participant())
    second = services.enrolment_self_register(program=program, user=make_participant())
    services.enrolment_cancel(enrolment=first, by=first.participant)
    with pytest.raises(NotFound):
        services.enrolment_accept_offer(enrolment=second, by=first.participant)


def test_expired_offers_pass_to_the_next_person(make_program, make_participant):
    program = make_program(capacity=1, offer_hours=2)
    first = services.enrolment_self_register(program=program, user=make_participant())
    second = services.enrolment_self_register(program=program, user=make_participant())
    third = services.enrolment_self_register(program=program, user=make_participant())
    services.enrolment_cancel(enrolment=first, by=first.participant)
    assert services.offers_expire(now=timezone.now() + timedelta(hours=1)) == 0
    assert services.offers_expire(now=timezone.now() + timedelta(hours=3)) == 1
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == "expired"
    assert third.status == "offered"
    assert _refresh(program).seats_taken == 1


def test_accepting_after_the_deadline_is_refused(make_program, make_participant):
    program = make_program(capacity=1)
    first = services.enrolment_self_register(program=program, user=make_participant())
    second = services.enrolment_self_register(program=program, user=make_participant())
    services.enrolment_cancel(enrolment=first, by=first.participant)
    Enrolment.objects.filter(pk=second.pk).update(offer_expires_at=timezone.now() - timedelta(minutes=1))
    second.refresh_from_db()
    with pytest.raises(Conflict) as exc:
        services.enrolment_accept_offer(enrolment=second, by=second.participant)
    assert exc.value.code == "training.offer_lapsed"


def test_declining_passes_the_seat_on(make_program, make_participant):
    program = make_program(capacity=1)
    first = services.enrolment_self_register(program=program, user=make_participant())
    second = services.enrolment_self_register(program=program, user=make_participant())
    third = services.enrolment_self_register(program=program, user=make_participant())
    services.enrolment_cancel(enrolment=first, by=first.participant)
    second.refresh_from_db()
    services.enrolment_decline_offer(enrolment=second, by=second.participant)
    third.refresh_from_db()
    assert third.status == "offered"


def test_freed_seat_returns_to_the_pool_when_nobody_waits(make_program, make_participant):
    program = make_program(capacity=2)
    first = services.enrolment_self_register(program=program, user=make_participant())
    services.enrolment_cancel(enrolment=first, by=first.participant)
    assert _refresh(program).seats_taken == 0


def test_cancelling_a_waitlisted_enrolment_frees_no_seat(make_program, make_participant):
    program = make_program(capacity=1)
    services.enrolment_self_register(program=program, user=make_participant())
    waiting = services.enrolment_self_register(program=program, user=make_participant())
    services.enrolment_cancel(enrolment=waiting, by=waiting.participant)
    assert _refresh(program).seats_taken == 1


def test_more_capacity_offers_seats_to_the_waitlist(make_program, make_participant):
    program = make_program(capacity=1)
    services.enrolment_self_register(program=program, user=make_participant())
    waiting = [services.enrolment_self_register(program=program, user=make_participant()) for _ in range(2)]
    services.program_update(program=program, by=program.organizer, capacity=3)
    assert {Enrolment.objects.get(pk=e.pk).status for e in waiting} == {"offered"}
    assert _refresh(program).seats_taken == 3


def test_capacity_cannot_drop_below_seats_taken(make_program, make_participant):
    program = make_program(capacity=3)
    for _ in range(2):
        services.enrolment_self_register(program=program, user=make_participant())
    with pytest.raises(ValidationFailed) as exc:
        services.program_update(program=program, by=program.organizer, capacity=1)
    assert "capacity" in exc.value.fields


# --- approval ----------------------------------------------------------------------------


def test_approval_flow_holds_the_seat_while_pending(make_program, make_participant):
    program = make_program(capacity=1, requires_approval=True)
    pending = services.enrolment_self_register(program=program, user=make_participant())
    waiting = services.enrolment_self_register(program=program, user=make_participant())
    assert pending.status == "pending"
    assert waiting.status == "waitlisted"
    with pytest.raises(ValidationFailed):
        services.enrolment_reject(enrolment=pending, by=program.organizer, reason=" ")
    services.enrolment_reject(enrolment=pending, by=program.organizer, reason="Not in the target group")
    waiting.refresh_from_db()
    assert waiting.status == "offered"
    services.enrolment_accept_offer(enrolment=waiting, by=waiting.participant)
    waiting.refresh_from_db()
    assert waiting.status == "pending"  # approval still applies to people from the waitlist
    services.enrolment_approve(enrolment=waiting, by=program.organizer)
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"


def test_only_managers_approve(make_program, make_participant, make_user, make_org):
    program = make_program(capacity=2, requires_approval=True)
    pending = services.enrolment_self_register(program=program, user=make_participant())
    other_organizer = make_user(Role.TRAINING_ORGANIZER, org=make_org("Elsewhere"))
    with pytest.raises(NotFound):
        services.enrolment_approve(enrolment=pending, by=other_organizer)


# --- quotas ------------------------------------------------------------------------------


def test_quota_limits_an_organization_and_its_children(make_program, make_participant, make_org):
    program = make_program(capacity=10)
    district = make_org("District", kind="district")
    office = make_org("Street office", kind="government", parent=district)
    services.quota_set(program=program, organization=district, seats=2, by=program.organizer)
    a = services.enrolment_self_register(program=program, user=make_participant(district))
    b = services.enrolment_self_register(program=program, user=make_participant(office))
    c = services.enrolment_self_register(program=program, user=make_participant(office))
    other = services.enrolment_self_register(program=program, user=make_participant())
    assert [a.status, b.status, c.status, other.status] == ["confirmed", "confirmed", "waitlisted", "confirmed"]
    quota = Quota.objects.get(program=program, organization=district)
    assert quota.seats_taken == 2
    assert _refresh(program).seats_taken == 3  # the quota-blocked person took no program seat


def test_the_nearest_quota_applies(make_program, make_participant, make_org):
    program = make_program(capacity=10)
    parent = make_org("Commission")
    child = make_org("University", parent=parent)
    services.quota_set(program=program, organization=parent, seats=5, by=program.organizer)
    services.quota_set(program=program, organization=child, seats=1, by=program.organizer)
    enrolment = services.enrolment_self_register(program=program, user=make_participant(child))
    assert enrolment.quota.organization == child


def test_quota_only_programs_refuse_organizations_without_one(make_program, make_participant):
    program = make_program(capacity=10, quota_only=True)
    with pytest.raises(ValidationFailed) as exc:
        services.enrolment_self_register(program=program, user=make_participant())
    assert exc.value.code == "training.no_quota"


def test_waitlist_skips_people_whose_quota_is_used_up(make_program, make_participant, make_org):
    program = make_program(capacity=2)
    small = make_org("Small office")
    services.quota_set(program=program, organization=small, seats=1, by=program.organizer)
    holder = services.enrolment_self_register(program=program, user=make_participant(small))
    filler = services.enrolment_self_register(program=program, user=make_participant())
    blocked = services.enrolment_self_register(program=program, user=make_participant(small))  # quota full
    free = services.enrolment_self_register(program=program, user=make_participant())  # program full
    assert (blocked.status, free.status) == ("waitlisted", "waitlisted")
    services.enrolment_cancel(enrolment=filler, by=filler.participant)
    blocked.refresh_from_db()
    free.refresh_from_db()
    assert blocked.status == "waitlisted"  # first in line, but its organization holds its only seat
    assert free.status == "offered"
    assert holder.status == "confirmed"


def test_quota_cannot_drop_below_what_is_taken(make_program, make_participant, make_org):
    program = make_program(capacity=5)
    org = make_org()
    services.quota_set(program=program, organization=org, seats=2, by=program.organizer)
    for _ in range(2):
        services.enrolment_self_register(program=program, user=make_participant(org))
    with pytest.raises(ValidationFailed):
        services.quota_set(program=program, organization=org, seats=1, by=program.organizer)
    with pytest.raises(ValidationFailed):
        services.quota_set(program=program, organization=org, seats=0, by=program.organizer)


def test_raising_a_quota_offers_seats_to_the_waitlist(make_program, make_participant, make_org):
    program = make_program(capacity=5)
    org = make_org()
    services.quota_set(program=program, organization=org, seats=1, by=program.organizer)
    services.enrolment_self_register(program=program, user=make_participant(org))
    waiting = services.enrolment_self_register(program=program, user=make_participant(org))
    services.quota_set(program=program, organization=org, seats=2, by=program.organizer)
    waiting.refresh_from_db()
    assert waiting.status == "offered"


# --- nomination --------------------------------------------------------------------------


def test_liaison_nominates_people_of_their_organization(make_program, make_user, make_org):
    program = make_program(capacity=5)
    univ = make_org("University", kind="university")
    faculty = make_org("Faculty", parent=univ)
    liaison = make_user(Role.LIAISON, org=univ)
    staff = make_user(Role.TRAVELLER, org=faculty)
    enrolment = services.enrolment_nominate(program=program, participant=staff, by=liaison)
    assert (enrolment.status, enrolment.source, enrolment.nominated_by) == ("confirmed", "nomination", liaison)


def test_liaison_cannot_nominate_outsiders(make_program, make_user, make_org):
    program = make_program(capacity=5)
    liaison = make_user(Role.LIAISON, org=make_org("A"))
    outsider = make_user(Role.PARTICIPANT, org=make_org("B"))
    with pytest.raises(ValidationFailed) as exc:
        services.enrolment_nominate(program=program, participant=outsider, by=liaison)
    assert exc.value.code == "training.outside_organization"


def test_nomination_can_be_switched_off(make_program, make_user, make_org):
    org = make_org()
    program = make_program(capacity=5, nomination=False)
    with pytest.raises(Conflict):
        services.enrolment_nominate(
            program=program, participant=make_user(org=org), by=make_user(Role.LIAISON, org=org)
        )


def test_liaison_may_withdraw_their_people_but_not_others(make_program, make_user, make_org):
    program = make_program(capacity=5)
    org = make_org()
    liaison = make_user(Role.LIAISON, org=org)
    mine = services.enrolment_nominate(program=program, participant=make_user(org=org), by=liaison)
    theirs = services.enrolment_self_register(program=program, user=make_user(Role.PARTICIPANT, org=make_org()))
    services.enrolment_cancel(enrolment=mine, by=liaison)
    with pytest.raises(NotFound):
        services.enrolment_cancel(enrolment=theirs, by=liaison)


def test_cancelling_the_program_ends_every_enrolment(make_program, make_participant):
    program = make_program(capacity=1)
    services.enrolment_self_register(program=program, user=make_participant())
    services.enrolment_self_register(program=program, user=make_participant())
    services.program_transition(program=program, name="cancel", by=program.organizer, note="Venue unavailable")
    assert set(Enrolment.objects.filter(program=program).values_list("status", flat=True)) == {"cancelled"}
    assert _refresh(program).seats_taken == 0


# --- the declared moves, allowed and forbidden ------------------------------------------

ALL_STATUSES = ["pending", "confirmed", "waitlisted", "offered", "cancelled", "rejected", "expired"]
CASES = [(name, status, status in move.source) for name, move in ENROLMENT_MOVES.items() for status in ALL_STATUSES]


@pytest.mark.parametrize(("name", "status", "allowed"), CASES, ids=[f"{n}-{s}" for n, s, _a in CASES])
def test_enrolment_move_table(make_program, make_participant, name, status, allowed):
    program = make_program(capacity=5)
    enrolment = Enrolment.objects.create(
        program=program,
        participant=make_participant(),
        status=status,
        offer_expires_at=timezone.now() + timedelta(hours=1) if status == "offered" else None,
    )
    if status in ("pending", "confirmed", "offered"):
        Program.objects.filter(pk=program.pk).update(seats_taken=1)
    if allowed:
        _move(enrolment=enrolment, name=name, by=program.organizer)
        enrolment.refresh_from_db()
        expected = ENROLMENT_MOVES[name].target or "confirmed"
        assert enrolment.status == expected
    else:
        with pytest.raises(Conflict):
            _move(enrolment=enrolment, name=name, by=program.organizer)
        enrolment.refresh_from_db()
        assert enrolment.status == status


def test_completing_the_program_withdraws_open_offers_and_freezes_enrolments(make_program, make_participant):
    program = make_program(capacity=1)
    first = services.enrolment_self_register(program=program, user=make_participant())
    second = services.enrolment_self_register(program=program, user=make_participant())
    services.enrolment_cancel(enrolment=first, by=first.participant)
    services.program_transition(program=program, name="complete", by=program.organizer)
    second.refresh_from_db()
    assert second.status == "expired"
    assert _refresh(program).seats_taken == 0
    third = Enrolment.objects.create(program=program, participant=make_participant(), status="confirmed")
    third.program.case.refresh_from_db()
    with pytest.raises(Conflict) as exc:
        services.enrolment_cancel(enrolment=third, by=third.participant)
    assert exc.value.code == "training.program_over"
