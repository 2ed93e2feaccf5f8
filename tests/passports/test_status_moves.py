"""Every status move of a passport, allowed and forbidden, through the one function that
changes it; each allowed move is one custody history line and one audit event."""

import itertools

import pytest
from django.core.exceptions import ImproperlyConfigured

from onestop.cases.models import AuditEvent
from onestop.core.errors import Conflict
from onestop.passports.models import ALLOWED_MOVES, CustodyEvent, Passport, PassportStatus
from onestop.passports.services import move_allowed, passport_move

pytestmark = pytest.mark.django_db
S = PassportStatus

ALLOWED = {
    (S.IN_CUSTODY, S.RESERVED), (S.IN_CUSTODY, S.HANDED_OVER), (S.IN_CUSTODY, S.CANCELLED),
    (S.IN_CUSTODY, S.EXPIRED), (S.IN_CUSTODY, S.LOST),
    (S.RESERVED, S.IN_CUSTODY), (S.RESERVED, S.CHECKED_OUT), (S.RESERVED, S.LOST),
    (S.CHECKED_OUT, S.IN_CUSTODY), (S.CHECKED_OUT, S.RESERVED), (S.CHECKED_OUT, S.OVERDUE), (S.CHECKED_OUT, S.LOST),
    (S.OVERDUE, S.IN_CUSTODY), (S.OVERDUE, S.RESERVED), (S.OVERDUE, S.CHECKED_OUT), (S.OVERDUE, S.LOST),
    (S.EXPIRED, S.CANCELLED), (S.EXPIRED, S.HANDED_OVER),
}  # fmt: skip
PAIRS = [(a, b) for a, b in itertools.product(S.values, S.values)]


def test_the_table_is_the_one_in_the_model():
    declared = {(a, b) for a, targets in ALLOWED_MOVES.items() for b in targets}
    assert declared == {(str(a), str(b)) for a, b in ALLOWED}
    assert set(ALLOWED_MOVES) == set(S.values)


def _in_status(passport, status):
    Passport.objects.filter(pk=passport.pk).update(status=status)  # test set-up only
    return Passport.objects.get(pk=passport.pk)


@pytest.mark.parametrize(("old", "new"), PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_every_move(old, new, make_person, make_passport, officer):
    passport = _in_status(make_passport(make_person()), old)
    events_before = CustodyEvent.objects.filter(passport=passport).count()
    audit_before = AuditEvent.objects.count()
    if (old, new) in {(str(a), str(b)) for a, b in ALLOWED}:
        assert move_allowed(old, new)
        passport_move(passport=passport, to=new, by=officer)
        assert Passport.objects.get(pk=passport.pk).status == new
        line = CustodyEvent.objects.filter(passport=passport).latest("pk")
        assert (line.old_status, line.new_status, line.actor_id) == (old, new, officer.pk)
        event = AuditEvent.objects.latest("seq")
        assert event.old == {"status": old} and event.new == {"status": new}
        assert event.action.startswith("passports.passport.")
        assert AuditEvent.objects.count() == audit_before + 1
    else:
        assert not move_allowed(old, new)
        with pytest.raises(Conflict) as err:
            passport_move(passport=passport, to=new, by=officer)
        assert err.value.code == "passports.status_move"
        assert Passport.objects.get(pk=passport.pk).status == old
        assert CustodyEvent.objects.filter(passport=passport).count() == events_before
        assert AuditEvent.objects.count() == audit_before


def test_a_move_on_a_stale_copy_is_refused(make_person, make_passport, officer):
    passport = make_passport(make_person())
    stale = Passport.objects.get(pk=passport.pk)
    passport_move(passport=passport, to=S.RESERVED, by=officer)
    with pytest.raises(Conflict) as err:
        passport_move(passport=stale, to=S.LOST, by=officer)  # believes it is still in custody
    assert err.value.code == "passports.changed_meanwhile"
    assert Passport.objects.get(pk=passport.pk).status == S.RESERVED


def test_status_cannot_be_written_around_the_services(make_person, make_passport):
    passport = Passport.objects.get(pk=make_passport(make_person()).pk)
    passport.status = S.CHECKED_OUT
    with pytest.raises(ImproperlyConfigured):
        passport.save()
