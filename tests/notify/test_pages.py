import pytest
from django.template import RequestContext, Template
from django.test import RequestFactory
from django.urls import reverse

from onestop.accounts.roles import Role
from onestop.notify.context_processors import unread
from onestop.notify.models import Notification
from onestop.notify.services import notify_user

pytestmark = pytest.mark.django_db


def inbox_for(user, n=1):
    for i in range(n):
        notify_user(
            user=user, code="notify.case_changed", context={"number": f"N-{i}", "state": "ok"}, channels=("inapp",)
        )


def test_inbox_shows_only_my_notifications(make_user, login):
    me, other = make_user(Role.APPLICANT), make_user(Role.APPLICANT)
    inbox_for(me, 2)
    notify_user(
        user=other, code="notify.case_changed", context={"number": "SECRET-1", "state": "x"}, channels=("inapp",)
    )
    response = login(me).get(reverse("notify:inbox"), {"lang": "en"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Your case N-0 is now: ok." in text and "Your case N-1 is now: ok." in text
    assert "SECRET-1" not in text
    assert "Mark all as read" in text


def test_inbox_is_paginated_with_a_fixed_number_of_queries(make_user, login, django_assert_max_num_queries):
    me = make_user(Role.APPLICANT)
    inbox_for(me, 23)
    client = login(me)
    with django_assert_max_num_queries(12):
        first = client.get(reverse("notify:inbox"), {"lang": "en"})
    assert first.content.decode().count('class="card') == 20
    assert "Page 1 of 2" in first.content.decode()
    second = client.get(reverse("notify:inbox"), {"page": 2, "lang": "en"})
    assert second.content.decode().count('class="card') == 3


def test_empty_inbox(make_user, login):
    response = login(make_user(Role.APPLICANT)).get(reverse("notify:inbox"), {"lang": "en"})
    assert "You have no notifications yet." in response.content.decode()


def test_mark_read_by_post(make_user, login):
    me = make_user(Role.APPLICANT)
    inbox_for(me)
    row = Notification.objects.get(recipient=me)
    client = login(me)
    assert client.get(reverse("notify:read", args=[row.pk])).status_code == 405  # GET changes nothing
    row.refresh_from_db()
    assert row.read_at is None
    response = client.post(reverse("notify:read", args=[row.pk]), {"page": "1"})
    assert response.status_code == 302 and response["Location"].endswith("?page=1")
    row.refresh_from_db()
    assert row.read_at is not None
    unread_page = client.get(reverse("notify:inbox"), {"show": "unread", "lang": "en"})
    assert "You have no unread notifications." in unread_page.content.decode()


def test_someone_elses_notification_is_not_found(make_user, login):
    me, other = make_user(Role.APPLICANT), make_user(Role.APPLICANT)
    inbox_for(other)
    row = Notification.objects.get(recipient=other)
    assert login(me).post(reverse("notify:read", args=[row.pk])).status_code == 404
    assert login(me).post(reverse("notify:read", args=[999999])).status_code == 404
    row.refresh_from_db()
    assert row.read_at is None


def test_mark_all_read(make_user, login):
    me, other = make_user(Role.APPLICANT), make_user(Role.APPLICANT)
    inbox_for(me, 3)
    inbox_for(other, 1)
    login(me).post(reverse("notify:read-all"))
    assert not Notification.objects.filter(recipient=me, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=other, read_at__isnull=True).count() == 1


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("notify:inbox"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_staff_reach_their_inbox_after_the_second_factor(make_user, login):
    reviewer = make_user(Role.FAO_REVIEWER)
    inbox_for(reviewer)
    assert login(reviewer).get(reverse("notify:inbox")).status_code == 200


def test_unread_count_context_processor_and_link(make_user, django_assert_num_queries):
    me = make_user(Role.APPLICANT)
    inbox_for(me, 3)
    Notification.objects.filter(recipient=me).order_by("pk").first()
    first = Notification.objects.filter(recipient=me).order_by("pk").first()
    first.read_at = first.created_at
    first.save()
    request = RequestFactory().get("/")
    request.user = me
    context = unread(request)
    with django_assert_num_queries(1):  # counted once, however often a template asks
        assert context["notify_unread_count"]() == 2
        assert context["notify_unread_count"]() == 2
    html = Template('{% include "notify/includes/inbox_link.html" %}').render(
        RequestContext(request, {"user": me, **unread(request)})
    )
    assert reverse("notify:inbox") in html and "2 unread" in html


def test_unread_count_for_anonymous_is_zero():
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    assert unread(request)["notify_unread_count"]() == 0
