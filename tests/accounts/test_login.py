"""Staff login: password then TOTP, throttling that unknown usernames cannot abuse,
session rotation, server-side logout and idle timeout."""

import time

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "correct-horse-battery-1"


def _code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _post_login(client, username, password=PASSWORD):
    return client.post("/accounts/login/", {"username": username, "password": password}, HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def reviewer(make_user):
    user = make_user("fao_reviewer", username="reviewer1")
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user


def test_staff_needs_second_factor(reviewer):
    client = Client()
    response = _post_login(client, "reviewer1")
    assert response.status_code == 302 and response["Location"].endswith("/accounts/login/code/")
    assert "_auth_user_id" not in client.session  # not logged in after the password alone
    device = TOTPDevice.objects.get(user=reviewer)
    response = client.post("/accounts/login/code/", {"code": _code(device)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(reviewer.pk)
    assert client.get("/home/").status_code in (200, 302)


def test_wrong_totp_is_refused(reviewer):
    client = Client()
    _post_login(client, "reviewer1")
    response = client.post("/accounts/login/code/", {"code": "000000"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_staff_without_device_must_enrol(make_user):
    user = make_user("visa_officer", username="newstaff")
    client = Client()
    response = _post_login(client, "newstaff")
    assert response["Location"].endswith("/accounts/login/set-up-code/")
    page = client.get("/accounts/login/set-up-code/")
    assert b"<svg" in page.content
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    client.post("/accounts/login/set-up-code/", {"code": _code(device)})
    device.refresh_from_db()
    assert device.confirmed and client.session["_auth_user_id"] == str(user.pk)


def test_liaison_logs_in_with_password_and_session_rotates(make_user):
    make_user("liaison", username="liaison9")
    client = Client()
    client.get("/accounts/login/")
    client.session.save()
    before = client.session.session_key
    response = _post_login(client, "liaison9")
    assert response.status_code == 302
    assert client.session.session_key != before


def test_account_lockout_after_failures(make_user):
    make_user("liaison", username="victim")
    client = Client()
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        _post_login(client, "victim", "wrong-password")
    response = _post_login(client, "victim")  # right password, but locked
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert "Too many failed attempts" in response.content.decode()


@pytest.mark.parametrize("username", ["", "   ", "nobody-here"])
def test_unknown_or_empty_usernames_cannot_lock_anyone_out(make_user, username):
    make_user("liaison", username="bystander")
    attacker = Client(REMOTE_ADDR="10.9.9.9")
    for _ in range(settings.LOGIN_FAILURE_LIMIT * 2):
        _post_login(attacker, username, "x")
    response = _post_login(Client(REMOTE_ADDR="10.1.1.1"), "bystander")
    assert response.status_code == 302


def test_logout_invalidates_the_session_server_side(make_user):
    make_user("liaison", username="leaver")
    client = Client()
    _post_login(client, "leaver")
    key = client.session.session_key
    client.post("/accounts/logout/")
    assert not Session.objects.filter(session_key=key).exists()


def test_logout_requires_post(make_user, login):
    client = login(make_user("liaison"))
    assert client.get("/accounts/logout/").status_code == 405


def test_idle_session_is_logged_out(make_user, settings):
    make_user("liaison", username="sleepy")
    client = Client()
    _post_login(client, "sleepy")
    session = client.session
    session["last_seen"] = int(time.time()) - settings.SESSION_IDLE_SECONDS - 5
    session.save()
    response = client.get("/home/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert "_auth_user_id" not in client.session


def test_passwords_are_hashed_with_argon2_outside_tests():
    assert "Argon2PasswordHasher" in settings.PASSWORD_HASHERS[1]


def test_api_token_requires_totp_for_staff(reviewer, api):
    client = api()
    response = client.post("/api/v1/auth/token/", {"username": "reviewer1", "password": PASSWORD}, format="json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "accounts.bad_otp"
    device = TOTPDevice.objects.get(user=reviewer)
    response = client.post(
        "/api/v1/auth/token/", {"username": "reviewer1", "password": PASSWORD, "otp": _code(device)}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    me = api().get("/api/v1/auth/me/", HTTP_AUTHORIZATION=f"Token {token}")
    assert me.json()["roles"] == ["fao_reviewer"]


def test_api_errors_have_one_shape(api):
    response = api().get("/api/v1/auth/me/")
    assert response.status_code == 401
    body = response.json()
    assert set(body["error"]) == {"code", "message", "fields"}


def test_the_code_step_expires_and_asks_for_the_password_again(reviewer):
    from onestop.accounts.views import PENDING_AT, PENDING_SECONDS

    client = Client()
    _post_login(client, "reviewer1")
    session = client.session
    session[PENDING_AT] -= PENDING_SECONDS + 1  # the password was given more than five minutes ago
    session.save()
    device = TOTPDevice.objects.get(user=reviewer)
    response = client.post("/accounts/login/code/?lang=en", {"code": _code(device)}, follow=True)
    assert "_auth_user_id" not in client.session
    assert response.redirect_chain[-1][0].endswith("/accounts/login/")
    assert "took too long" in response.content.decode()
