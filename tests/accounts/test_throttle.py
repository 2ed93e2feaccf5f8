"""Login throttling by address: the address that sends a flood of bad logins is slowed,
nobody else is, and behind the deployment's proxies the address is the client's, not the
proxy's (or one caller would throttle the whole city)."""

import pytest
from django.test import Client, RequestFactory

from onestop.core.client_ip import client_ip

PASSWORD = "correct-horse-battery-1"


def _post_login(client, username, password=PASSWORD, **extra):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, HTTP_ACCEPT_LANGUAGE="en", **extra
    )


@pytest.fixture
def low_ip_limit(settings):
    settings.LOGIN_IP_FAILURE_LIMIT = 4
    settings.LOGIN_FAILURE_LIMIT = 100
    return settings


def test_flooding_address_is_throttled_and_others_are_not(make_user, low_ip_limit):
    make_user("liaison", username="bystander")
    attacker = Client(REMOTE_ADDR="10.9.9.9")
    for i in range(low_ip_limit.LOGIN_IP_FAILURE_LIMIT):
        _post_login(attacker, f"made-up-{i}", "x")
    refused = _post_login(attacker, "bystander")  # even the right password, from that address
    assert refused.status_code == 200 and "Too many failed attempts" in refused.content.decode()
    assert _post_login(Client(REMOTE_ADDR="10.1.1.1"), "bystander").status_code == 302


def test_behind_a_proxy_the_flooding_client_is_throttled_not_the_proxy(make_user, low_ip_limit):
    low_ip_limit.TRUSTED_PROXY_COUNT = 1
    make_user("liaison", username="bystander")
    proxy = "192.0.2.10"
    attacker = Client(REMOTE_ADDR=proxy)
    for i in range(low_ip_limit.LOGIN_IP_FAILURE_LIMIT * 2):
        _post_login(attacker, f"made-up-{i}", "x", HTTP_X_FORWARDED_FOR="203.0.113.66")
    refused = _post_login(attacker, "bystander", HTTP_X_FORWARDED_FOR="203.0.113.66")
    assert "Too many failed attempts" in refused.content.decode()
    # another citizen reaches the same proxy and logs in
    ok = _post_login(Client(REMOTE_ADDR=proxy), "bystander", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert ok.status_code == 302


def test_without_a_trusted_proxy_a_forged_header_does_not_escape_the_throttle(make_user, low_ip_limit):
    low_ip_limit.TRUSTED_PROXY_COUNT = 0
    make_user("liaison", username="bystander")
    attacker = Client(REMOTE_ADDR="10.9.9.9")
    for i in range(low_ip_limit.LOGIN_IP_FAILURE_LIMIT):
        _post_login(attacker, f"made-up-{i}", "x", HTTP_X_FORWARDED_FOR=f"198.51.100.{i}")
    refused = _post_login(attacker, "bystander", HTTP_X_FORWARDED_FOR="198.51.100.200")
    assert "Too many failed attempts" in refused.content.decode()


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        (0, "10.0.0.1", "203.0.113.5", "10.0.0.1"),  # no proxy: the header is the client's word
        (1, "10.0.0.1", "203.0.113.5", "203.0.113.5"),
        (1, "10.0.0.1", "6.6.6.6, 203.0.113.5", "203.0.113.5"),  # the forged left part is ignored
        (2, "10.0.0.2", "203.0.113.5, 10.0.0.1", "203.0.113.5"),
        (2, "10.0.0.2", "203.0.113.5", "10.0.0.2"),  # fewer hops than proxies
        (1, "10.0.0.1", "not-an-address", "10.0.0.1"),
        (1, "10.0.0.1", "", "10.0.0.1"),
        (1, "10.0.0.1", "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_ip(settings, proxies, remote, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_api_token_failures_count_towards_the_same_lockout(make_user, api, settings):
    make_user("liaison", username="apiuser")
    client = api()
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        bad = client.post("/api/v1/auth/token/", {"username": "apiuser", "password": "wrong"}, format="json")
        assert bad.json()["error"]["code"] == "accounts.bad_credentials"
    locked = client.post("/api/v1/auth/token/", {"username": "apiuser", "password": PASSWORD}, format="json")
    assert locked.status_code == 429 and locked.json()["error"]["code"] == "accounts.locked"


def test_api_login_errors_are_in_the_callers_language(make_user, api):
    make_user("liaison", username="apiuser")
    response = api().post("/api/v1/auth/token/?lang=de", {"username": "apiuser", "password": "wrong"}, format="json")
    assert response.status_code == 400
    message = response.json()["error"]["message"]
    assert message and "password is not correct" not in message


def test_the_lockout_answer_does_not_tell_whether_an_account_exists(make_user, settings):
    make_user("liaison", username="realperson")
    answers = {}
    for name in ("realperson", "ghostperson"):
        client = Client(REMOTE_ADDR=f"10.2.0.{len(answers) + 1}")
        for _ in range(settings.LOGIN_FAILURE_LIMIT):
            _post_login(client, name, "wrong")
        answers[name] = _post_login(client, name, "wrong").content.decode()
    assert all("Too many failed attempts" in answer for answer in answers.values())


def test_locking_a_real_account_is_audited(make_user, settings):
    from onestop.cases.models import AuditEvent

    user = make_user("liaison", username="realperson")
    client = Client(REMOTE_ADDR="10.3.0.1")
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        _post_login(client, "realperson", "wrong")
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        _post_login(client, "ghostperson", "wrong")
    locked = AuditEvent.objects.filter(action="accounts.user.locked_out")
    assert list(locked.values_list("object_id", flat=True)) == [str(user.pk)]
