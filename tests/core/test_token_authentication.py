"""API token authentication: the user and the user's roles come from one query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIRequestFactory

from onestop.accounts.roles import Role
from onestop.core.api import TokenAuthentication

pytestmark = pytest.mark.django_db


def _authenticate(key: str):
    request = APIRequestFactory().get("/api/v1/auth/me/", HTTP_AUTHORIZATION=f"Token {key}")
    return TokenAuthentication().authenticate(request)


def test_the_user_and_all_roles_in_one_query(make_user):
    user = make_user(Role.HOTLINE_AGENT, Role.DISPATCHER)
    key = Token.objects.create(user=user).key
    with CaptureQueriesContext(connection) as queries:
        found, token = _authenticate(key)
        roles = found.role_names
    assert len(queries) == 1
    assert found == user and token.key == key
    assert roles == frozenset({Role.HOTLINE_AGENT, Role.DISPATCHER})


def test_a_user_without_roles_has_none(make_user):
    user = make_user()
    found, _token = _authenticate(Token.objects.create(user=user).key)
    assert found == user and found.role_names == frozenset()


def test_an_unknown_token_is_refused(make_user):
    from rest_framework.exceptions import AuthenticationFailed

    with pytest.raises(AuthenticationFailed, match="Invalid token"):
        _authenticate("0" * 40)


def test_an_inactive_user_is_refused(make_user):
    from rest_framework.exceptions import AuthenticationFailed

    user = make_user(Role.HOTLINE_AGENT)
    key = Token.objects.create(user=user).key
    user.is_active = False
    user.save(update_fields=["is_active"])
    with pytest.raises(AuthenticationFailed, match="inactive"):
        _authenticate(key)


def test_the_api_answers_with_the_roles_read_at_authentication(api, make_user):
    user = make_user(Role.FAO_REVIEWER)
    key = Token.objects.create(user=user).key
    me = api().get("/api/v1/auth/me/", HTTP_AUTHORIZATION=f"Token {key}")
    assert me.status_code == 200 and me.json()["roles"] == ["fao_reviewer"]
    refused = api().get("/api/v1/auth/me/", HTTP_AUTHORIZATION="Token nonsense")
    assert refused.status_code == 401 and refused.json()["error"]["message"]
