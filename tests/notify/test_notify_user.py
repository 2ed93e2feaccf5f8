import logging

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from onestop.notify.channels import LogSmsGateway, LogWeChatGateway
from onestop.notify.messages import register_message
from onestop.notify.models import Notification, WeChatBinding
from onestop.notify.services import notify_user

pytestmark = pytest.mark.django_db


def test_in_app_is_stored_sent_and_email_goes_out_after_commit(make_user, django_capture_on_commit_callbacks):
    user = make_user(language="en")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        rows = notify_user(
            user=user, code="notify.case_changed", context={"number": "TRP-2026-000001", "state": "Approved"}
        )
        email = Notification.objects.get(recipient=user, channel="email")
        assert email.status == "pending" and not mail.outbox  # nothing sent before commit
    assert len(callbacks) == 1
    assert {r.channel for r in rows} == {"inapp", "email"}
    inapp = Notification.objects.get(recipient=user, channel="inapp")
    assert inapp.status == "sent" and inapp.sent_at is not None and inapp.read_at is None
    assert inapp.subject == "Case TRP-2026-000001: Approved"
    assert inapp.body == "Your case TRP-2026-000001 is now: Approved."
    email.refresh_from_db()
    assert email.status == "sent" and email.attempts == 1 and email.sent_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email] and mail.outbox[0].subject == "Case TRP-2026-000001: Approved"


@pytest.mark.parametrize(
    ("language", "subject", "body"),
    [
        ("de", "Vorgang X-1: Genehmigt", "Ihr Vorgang X-1 hat jetzt den Status: Genehmigt."),
        ("zh-hans", "案件 X-1：Genehmigt", "您的案件 X-1 当前状态：Genehmigt。"),
    ],
)
def test_text_is_in_the_recipients_language(make_user, language, subject, body):
    user = make_user(language=language)
    notify_user(
        user=user, code="notify.case_changed", context={"number": "X-1", "state": "Genehmigt"}, channels=("inapp",)
    )
    row = Notification.objects.get(recipient=user)
    assert row.language == language
    assert row.subject == subject
    assert row.body == body


def test_lazy_values_are_translated_for_each_recipient(make_user):
    from onestop.notify.models import Notification as N

    german, english = make_user(language="de"), make_user(language="en")
    state = N.Status.SENT.label  # a lazy string from this app's catalogue
    for user in (german, english):
        notify_user(
            user=user, code="notify.case_changed", context={"number": "X-2", "state": state}, channels=("inapp",)
        )
    assert N.objects.get(recipient=german).body == "Ihr Vorgang X-2 hat jetzt den Status: Gesendet."
    assert N.objects.get(recipient=english).body == "Your case X-2 is now: Sent."


def test_the_active_request_language_does_not_leak_into_the_message(make_user):
    from django.utils import translation

    user = make_user(language="de")
    with translation.override("ar"):
        notify_user(user=user, code="notify.welcome", channels=("inapp",))
    assert Notification.objects.get(recipient=user).subject == "Willkommen bei OneStop"


def test_channels_without_an_address_are_left_out(make_user):
    user = make_user()
    user.email = ""
    user.save()
    rows = notify_user(user=user, code="notify.welcome", channels=("inapp", "email", "sms", "wechat"))
    assert [r.channel for r in rows] == ["inapp"]


def test_sms_and_wechat_go_through_the_log_gateways_without_personal_data(
    make_user, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.INFO, logger="onestop.notify.channels")
    user = make_user()
    user.phone = "13812345678"
    user.save()
    WeChatBinding.objects.create(user=user, openid="oABCDEFGHIJ123456789")
    with django_capture_on_commit_callbacks(execute=True):
        notify_user(
            user=user, code="notify.case_changed", context={"number": "X-3", "state": "ok"}, channels=("sms", "wechat")
        )
    assert set(Notification.objects.filter(recipient=user).values_list("channel", "status")) == {
        ("sms", "sent"),
        ("wechat", "sent"),
    }
    sms, wechat = LogSmsGateway.outbox[-1], LogWeChatGateway.outbox[-1]
    assert sms["to"] == "*******5678" and wechat["to"].endswith("6789")
    assert sms["length"] == len("Your case X-3 is now: ok.")
    logged = caplog.text
    assert "13812345678" not in logged and "oABCDEFGHIJ123456789" not in logged and "X-3" not in logged
    assert "sms outbox" in logged


def test_unknown_code_or_channel_is_a_programming_error(make_user):
    user = make_user()
    with pytest.raises(ImproperlyConfigured, match="no notification message"):
        notify_user(user=user, code="nobody.registered.this")
    with pytest.raises(ValueError, match="unknown notification channels"):
        notify_user(user=user, code="notify.welcome", channels=("pigeon",))


def test_inactive_user_gets_nothing(make_user):
    user = make_user()
    user.is_active = False
    user.save()
    assert notify_user(user=user, code="notify.welcome") == []
    assert not Notification.objects.exists()


def test_missing_placeholder_renders_empty_and_is_logged(make_user, caplog):
    user = make_user()
    notify_user(user=user, code="notify.case_changed", context={"number": "X-4"}, channels=("inapp",))
    assert Notification.objects.get(recipient=user).body == "Your case X-4 is now: ."
    assert "no value for %(state)s" in caplog.text


def test_registered_channels_are_the_default(make_user):
    user = make_user()
    rows = notify_user(user=user, code="notify.welcome", channels=None)
    assert [r.channel for r in rows] == ["inapp"]


def test_registry_refuses_conflicting_or_bad_registrations():
    register_message("tests.same", _("Subject"), _("Body"))
    register_message("tests.same", _("Subject"), _("Body"))  # the same texts again: fine
    with pytest.raises(ImproperlyConfigured, match="registered twice"):
        register_message("tests.same", _("Other"), _("Body"))
    with pytest.raises(ImproperlyConfigured, match="unknown channels"):
        register_message("tests.bad", _("S"), _("B"), channels=("fax",))
    with pytest.raises(ImproperlyConfigured, match="dotted name"):
        register_message("has space", _("S"), _("B"))
