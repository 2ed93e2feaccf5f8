import pytest

from onestop.accounts.roles import Role
from onestop.notify.models import Notification
from onestop.notify.services import notify_user

pytestmark = pytest.mark.django_db
LIST = "/api/v1/notify/notifications/"


def fill(user, n):
    for i in range(n):
        notify_user(
            user=user,
            code="notify.case_changed",
            context={"number": f"A-{i}", "state": "ok"},
            channels=("inapp", "email"),
        )


def test_list_shows_my_in_app_notifications_newest_first(make_user, api):
    me, other = make_user(Role.APPLICANT), make_user(Role.APPLICANT)
    fill(me, 3)
    fill(other, 1)
    body = api(me).get(LIST).json()
    assert body["count"] == 3  # in-app only, mine only
    assert [r["subject"] for r in body["results"]] == ["Case A-2: ok", "Case A-1: ok", "Case A-0: ok"]
    assert set(body["results"][0]) == {
        "id",
        "code",
        "language",
        "subject",
        "body",
        "case_number",
        "created_at",
        "read_at",
        "is_read",
    }


def test_unread_filter_and_mark_read(make_user, api):
    me = make_user(Role.APPLICANT)
    fill(me, 2)
    client = api(me)
    target = Notification.objects.filter(recipient=me, channel="inapp").first()
    response = client.post(f"{LIST}{target.pk}/read/")
    assert response.status_code == 200 and response.json()["is_read"] is True
    assert client.get(LIST, {"unread": "true"}).json()["count"] == 1
    assert client.post(f"{LIST}read-all/").json() == {"marked": 1}
    assert client.get(LIST, {"unread": "1"}).json()["count"] == 0


def test_someone_elses_notification_is_not_found(make_user, api):
    me, other = make_user(Role.APPLICANT), make_user(Role.APPLICANT)
    fill(other, 1)
    target = Notification.objects.get(recipient=other, channel="inapp")
    response = api(me).post(f"{LIST}{target.pk}/read/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "notify.not_found"
    email_row = Notification.objects.get(recipient=other, channel="email")
    assert api(other).post(f"{LIST}{email_row.pk}/read/").status_code == 404  # only in-app rows are "read"


def test_anonymous_is_refused(api):
    response = api().get(LIST)
    assert response.status_code == 401
    assert "error" in response.json()
