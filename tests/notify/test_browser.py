import pytest

from onestop.accounts.roles import Role
from onestop.notify.models import Notification
from onestop.notify.services import notify_user
from tests.conftest import axe_serious_violations


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_applicant_reads_a_notification_on_the_phone(page, live_server, make_user):
    applicant = make_user(Role.APPLICANT, language="en")
    notify_user(
        user=applicant,
        code="notify.case_changed",
        context={"number": "TRP-2026-000042", "state": "Approved"},
        channels=("inapp",),
    )
    # (tests.conftest.browser_login clicks the header's language button first; log in through the form itself)
    page.goto(f"{live_server.url}/accounts/login/?lang=en")
    page.fill("#id_username", applicant.username)
    page.fill("#id_password", "correct-horse-battery-1")
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login" not in url)
    page.goto(f"{live_server.url}/notify/")
    assert page.locator("h1").inner_text() == "Notifications"
    assert axe_serious_violations(page) == []
    card = page.locator(f"#notification-{Notification.objects.get(recipient=applicant).pk}")
    assert "Your case TRP-2026-000042 is now: Approved." in card.inner_text()
    card.get_by_role("button", name="Mark as read").click()
    page.wait_for_url("**/notify/**")
    assert page.get_by_role("button", name="Mark as read").count() == 0
    assert Notification.objects.get(recipient=applicant).read_at is not None
