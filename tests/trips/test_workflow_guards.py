"""The trip workflow's organization guard: a liaison officer of the trip's organization or
one above it; never the system, an anonymous user or a user without an organization."""

import pytest
from django.contrib.auth.models import AnonymousUser

from onestop.trips.workflow import ERR_OTHER_ORGANIZATION, guard_liaison_or_office, guard_own_organization

pytestmark = pytest.mark.django_db


def test_the_own_organization_and_its_parent_may_act(draft_trip, liaison, parent_liaison):
    case = draft_trip().case
    assert guard_own_organization(case, liaison) is None
    assert guard_own_organization(case, parent_liaison) is None


def test_nobody_else_may(draft_trip, other_liaison, make_user, make_org, org):
    case = draft_trip().case
    child_liaison = make_user("liaison", org=make_org("Faculty of Physics", parent=org))
    for user in (other_liaison, child_liaison, make_user("liaison"), AnonymousUser(), None):
        assert guard_own_organization(case, user) == ERR_OTHER_ORGANIZATION, user


def test_the_office_acts_for_every_organization(draft_trip, reviewer, passport_officer, other_liaison):
    case = draft_trip().case
    assert guard_liaison_or_office(case, reviewer) is None
    assert guard_liaison_or_office(case, passport_officer) is None
    assert guard_liaison_or_office(case, other_liaison) == ERR_OTHER_ORGANIZATION
