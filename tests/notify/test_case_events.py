from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onestop.accounts.roles import Role
from onestop.cases.models import Case
from onestop.cases.services import case_assign, case_transition
from onestop.cases.tasks import sla_scan
from onestop.notify.messages import register_message
from onestop.notify.models import Notification
from onestop.notify.services import notify_case_event, notify_sla

from .conftest import KIND

pytestmark = pytest.mark.django_db


@pytest.fixture
def org_case(make_org, make_user, make_case):
    org = make_org()
    liaison = make_user(Role.LIAISON, org=org, language="de")
    colleague = make_user(Role.LIAISON, org=org)
    applicant = make_user(Role.APPLICANT, language="en")
    make_user(Role.LIAISON, org=make_org())  # another organization's liaison officer
    case = make_case(by=liaison, organization=org, applicant=applicant)
    return case, {"liaison": liaison, "colleague": colleague, "applicant": applicant}


def test_transition_notifies_applicant_and_liaison_officers_after_commit(org_case, django_capture_on_commit_callbacks):
    case, people = org_case
    with django_capture_on_commit_callbacks(execute=True):
        case_transition(case=case, name="submit", by=people["liaison"])
    inapp = Notification.objects.filter(channel="inapp", case=case)
    assert set(inapp.values_list("recipient_id", flat=True)) == {u.pk for u in people.values()}
    assert Notification.objects.filter(channel="email", case=case, status="sent").count() == 3
    english = inapp.get(recipient=people["applicant"])
    assert english.code == "notify.case_changed"
    assert english.body == f"Your case {case.number} is now: Submitted."
    german = inapp.get(recipient=people["liaison"])
    assert german.body.startswith(f"Ihr Vorgang {case.number} hat jetzt den Status:")


def test_no_notification_when_the_transaction_rolls_back(org_case, django_capture_on_commit_callbacks):
    from django.db import transaction

    case, people = org_case
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                case_transition(case=case, name="submit", by=people["liaison"])
                raise RuntimeError("rolled back")
    assert callbacks == []
    assert not Notification.objects.exists()


def test_a_message_registered_for_the_transition_wins(org_case, django_capture_on_commit_callbacks):
    register_message(f"{KIND}.submit", _("Received: %(number)s"), _("We received %(number)s (%(title)s)."))
    case, people = org_case
    with django_capture_on_commit_callbacks(execute=True):
        case_transition(case=case, name="submit", by=people["liaison"])
    row = Notification.objects.get(channel="inapp", recipient=people["applicant"])
    assert row.code == f"{KIND}.submit"
    assert row.subject == f"Received: {case.number}" and row.body == f"We received {case.number} (Test case)."


def test_case_without_organization_notifies_only_the_applicant(make_user, make_case):
    applicant = make_user(Role.APPLICANT)
    case = make_case(by=applicant, applicant=applicant)
    rows = notify_case_event(case_id=case.pk, code=f"{KIND}.submit")
    assert {r.recipient_id for r in rows} == {applicant.pk}


def test_failures_are_logged_not_raised(org_case, caplog):
    case, _people = org_case
    assert notify_case_event(case_id=999999, code=f"{KIND}.submit") == []
    with mock.patch("onestop.notify.services.notify_user", side_effect=RuntimeError("boom")):
        assert notify_case_event(case_id=case.pk, code=f"{KIND}.submit") == []
    assert "could not be created" in caplog.text


def test_sla_warning_goes_to_the_queue(org_case, make_user, django_capture_on_commit_callbacks):
    case, people = org_case
    reviewer, other_reviewer = make_user(Role.FAO_REVIEWER), make_user(Role.FAO_REVIEWER)
    supervisor = make_user(Role.SUPERVISOR)
    case_transition(case=case, name="submit", by=people["liaison"])
    Notification.objects.all().delete()
    rows = notify_sla(case_id=case.pk, warning=True)
    recipients = {r.recipient_id for r in rows}
    assert recipients == {reviewer.pk, other_reviewer.pk}
    assert supervisor.pk not in recipients
    row = Notification.objects.get(recipient=reviewer, channel="inapp")
    assert row.code == "notify.sla_warning" and case.number in row.subject


def test_sla_breach_goes_to_supervisors_admins_and_the_assignee(org_case, make_user):
    case, people = org_case
    reviewer, idle_reviewer = make_user(Role.FAO_REVIEWER), make_user(Role.FAO_REVIEWER)
    supervisor, admin = make_user(Role.SUPERVISOR), make_user(Role.ADMIN)
    case_transition(case=case, name="submit", by=people["liaison"])
    case_assign(case=case, assignee=reviewer, by=supervisor)
    Notification.objects.all().delete()
    rows = notify_sla(case_id=case.pk, warning=False)
    assert {r.recipient_id for r in rows} == {supervisor.pk, admin.pk, reviewer.pk}
    assert idle_reviewer.pk not in {r.recipient_id for r in rows}
    assert Notification.objects.filter(code="notify.sla_breached").exists()


def test_sla_scan_sends_the_breach_alert(org_case, make_user, django_capture_on_commit_callbacks):
    case, people = org_case
    supervisor = make_user(Role.SUPERVISOR)
    case_transition(case=case, name="submit", by=people["liaison"])
    Case.objects.filter(pk=case.pk).update(due_at=timezone.now() - timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        sla_scan()
    assert Notification.objects.filter(recipient=supervisor, code="notify.sla_breached", case=case).exists()
