"""The demo city's organizations and users: a tree of several kinds, one user per role,
staff with a confirmed second factor, and a second run that changes nothing."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from onestop.accounts import demo
from onestop.accounts.models import Organization, RoleGrant, User
from onestop.accounts.roles import STAFF_ROLES, Role


def _snapshot():
    return (
        sorted(Organization.objects.values_list("code", "parent__code", "kind")),
        sorted(User.objects.values_list("username", "password", "organization__code", "preferred_language")),
        sorted(RoleGrant.objects.values_list("user__username", "role")),
        sorted(TOTPDevice.objects.values_list("user__username", "key", "confirmed")),
    )


@pytest.mark.django_db
def test_demo_accounts_cover_every_role_and_are_idempotent():
    world = {"logins": []}
    demo.seed(world)
    first = _snapshot()
    demo.seed({"logins": []})
    assert _snapshot() == first

    orgs, users, grants, devices = first
    assert len(orgs) >= 20 and len({kind for _code, _parent, kind in orgs}) >= 6
    roots = [code for code, parent, _kind in orgs if parent is None]
    assert roots == ["city"]  # one tree
    assert {role for _user, role in grants} == set(Role.values)
    staff = {user for user, role in grants if role in STAFF_ROLES}
    assert staff and staff <= {user for user, _key, confirmed in devices if confirmed}
    assert all(User.objects.get(username=u).check_password(demo.PASSWORD) for u in ("liaison", "reviewer"))
