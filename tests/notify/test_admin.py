import pytest
from django.urls import reverse

from onestop.accounts.roles import Role
from onestop.notify.models import Notification
from onestop.notify.services import notify_user

from .gateways import FlakyGateway

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(make_user, login):
    admin = make_user(Role.ADMIN)
    admin.is_staff = admin.is_superuser = True
    admin.save()
    return login(admin)


def test_dead_notifications_are_listed_and_can_be_retried(
    admin_client, make_user, settings, django_capture_on_commit_callbacks
):
    settings.NOTIFY_SMS_BACKEND = "tests.notify.gateways.FlakyGateway"
    settings.NOTIFY_MAX_ATTEMPTS = 1
    FlakyGateway.failures_left = 1
    user = make_user()
    user.phone = "13900003333"
    user.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify_user(user=user, code="notify.welcome", channels=("sms",))
    row = Notification.objects.get(recipient=user)
    assert row.status == "dead"

    url = reverse("admin:notify_notification_changelist")
    listing = admin_client.get(url, {"status__exact": "dead"})
    assert listing.status_code == 200 and f'value="{row.pk}"' in listing.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {"action": "retry_now", "_selected_action": [row.pk]})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == "sent"


def test_notification_detail_is_read_only(admin_client, make_user):
    user = make_user()
    row = notify_user(user=user, code="notify.welcome", channels=("inapp",))[0]
    response = admin_client.get(reverse("admin:notify_notification_change", args=[row.pk]))
    assert response.status_code == 200
    assert admin_client.get(reverse("admin:notify_notification_add")).status_code == 403
