"""After intake: dispatching, re-dispatching, contact, answers, ratings, reopening,
return visits, the deadline scan and the corrections the router learns from."""

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from onestop.cases.models import Case, CaseRating
from onestop.core.errors import Conflict, ValidationFailed
from onestop.hotline import selectors, services
from onestop.hotline.models import Feedback, HotlineRequest, ReturnVisit, RoutingEvent


@pytest.fixture
def waiting(world, submit):
    return submit("Something about the bus stop that moved.", district="west")


def test_a_dispatcher_sends_a_waiting_request_by_category(world, waiting):
    services.request_dispatch(
        request=waiting, by=world.users["dispatcher"], category=world.categories["public_transport"]
    )
    waiting.refresh_from_db()
    assert waiting.case.state == "assigned"
    assert waiting.department == world.departments["transport"]
    assert Case.objects.get(pk=waiting.case_id).organization == world.departments["transport"]
    assert RoutingEvent.objects.filter(request=waiting, kind="dispatched").count() == 1


def test_dispatch_without_a_known_department_is_refused(world, waiting):
    with pytest.raises(ValidationFailed) as caught:
        services.request_dispatch(request=waiting, by=world.users["dispatcher"])
    assert "department" in caught.value.fields


def test_reassign_records_the_previous_department(world, submit):
    request = submit(category="water_supply")
    services.request_reassign(
        request=request,
        by=world.users["dispatcher"],
        category=world.categories["noise"],
        note="It is about noise from pumps.",
    )
    event = RoutingEvent.objects.get(request=request, kind="redispatched")
    assert event.previous_department == world.departments["water"]
    assert event.department == world.departments["ecology"]
    with pytest.raises(Conflict):
        services.request_reassign(
            request=request, by=world.users["dispatcher"], category=world.categories["noise"], note="again"
        )


def test_corrections_are_exported_as_training_rows(world, submit, tmp_path):
    from django.core.management import call_command

    request = submit(category="water_supply")
    services.request_return(request=request, by=world.users["water_handler"], reason="It is a noise problem.")
    services.request_dispatch(request=request, by=world.users["dispatcher"], category=world.categories["noise"])
    rows = list(selectors.corrections())
    assert [(r.request_id, r.category.code) for r in rows] == [(request.pk, "noise")]
    out = tmp_path / "corrections.csv"
    call_command("hotline_corrections_export", "--csv", str(out))
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("text,label,previous_label")
    assert ",noise,water_supply," in lines[1]


def test_contact_then_reply_then_satisfied_closes_with_a_kernel_rating(world, submit):
    handler = world.users["water_handler"]
    request = submit(category="water_supply", contact_phone="13800001111")
    services.request_contact(request=request, by=handler, note="Called the citizen.")
    assert request.contacted_at is not None
    services.request_reply(request=request, by=handler, body="The pipe was repaired at 15:00.")
    assert request.case.state == "replied"
    assert ReturnVisit.objects.filter(request=request, status="open").count() == 1
    services.request_rate(request=request, satisfaction="satisfied", resolved=True)
    request.refresh_from_db()
    assert request.case.state == "closed"
    assert CaseRating.objects.get(case=request.case).score == 5
    assert ReturnVisit.objects.get(request=request).status == "not_needed"


def test_unsatisfied_reopens_for_the_same_department_with_a_new_deadline(world, submit):
    handler = world.users["water_handler"]
    request = submit(category="water_supply")
    services.request_reply(request=request, by=handler, body="Fixed.")
    with mock.patch("onestop.hotline.services.notifications.alert_unsatisfied"):
        services.request_rate(request=request, satisfaction="unsatisfied", resolved=False, comment="Still no water.")
    request.refresh_from_db()
    assert request.case.state == "assigned"
    assert request.reopened_count == 1
    assert request.department == world.departments["water"]
    assert request.case.due_at > timezone.now()
    assert Feedback.objects.filter(request=request).count() == 1


def test_after_the_allowed_reopenings_unsatisfied_closes(world, submit, settings):
    from onestop.hotline import policies

    handler = world.users["water_handler"]
    request = submit(category="water_supply")
    for _round in range(policies.MAX_REOPENS):
        services.request_reply(request=request, by=handler, body="Fixed.")
        services.request_rate(request=request, satisfaction="unsatisfied", resolved=False)
    services.request_reply(request=request, by=handler, body="Fixed, really.")
    services.request_rate(request=request, satisfaction="unsatisfied", resolved=False)
    request.refresh_from_db()
    assert request.case.state == "closed"
    assert CaseRating.objects.get(case=request.case).score == 2
    assert request.feedback.count() == policies.MAX_REOPENS + 1


def test_rating_needs_an_answer(world, submit):
    request = submit(category="water_supply")
    with pytest.raises(Conflict):
        services.request_rate(request=request, satisfaction="satisfied", resolved=True)
    services.request_reply(request=request, by=world.users["water_handler"], body="Done.")
    with pytest.raises(ValidationFailed):
        services.request_rate(request=request, satisfaction="so-so", resolved=True)


def test_a_return_visit_records_the_rating_given_on_the_phone(world, submit):
    request = submit(category="water_supply", contact_phone="13800002222")
    services.request_reply(request=request, by=world.users["water_handler"], body="Done.")
    visit = ReturnVisit.objects.get(request=request)
    services.return_visit_complete(
        visit=visit, by=world.users["agent"], reached=True, satisfaction="basic", resolved=True, note="Mostly fine."
    )
    visit.refresh_from_db()
    assert visit.status == "done"
    feedback = Feedback.objects.get(request=request)
    assert (feedback.source, feedback.satisfaction) == ("return_visit", "basic")
    with pytest.raises(Conflict):
        services.return_visit_complete(visit=visit, by=world.users["agent"], reached=False)


def test_a_citizen_without_account_gets_messages_in_the_request_language(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = services.request_submit(
            by=None,
            channel="web",
            contact_email="ana@example.test",
            description="Bonjour, il y a une coupure d'eau depuis ce matin.",
            category="water_supply",
            ui_language="en",
        )
    assert len(mailoutbox) == 1
    assert request.case.number in mailoutbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        services.request_reply(request=request, by=world.users["water_handler"], body="La conduite est réparée.")
    assert len(mailoutbox) == 2
    message = mailoutbox[1]
    assert message.to == ["ana@example.test"]
    assert message.subject == f"Réponse à votre demande {request.case.number}"  # the request's language
    assert "La conduite est réparée." in message.body
    assert f"/hotline/track/{request.tracking_code}/" in message.body


def test_deadline_scan_alerts_once_for_contact_and_escalation(world, submit):
    request = submit(category="water_supply")
    later = timezone.now() + timedelta(hours=30)
    with (
        mock.patch("onestop.hotline.services.notifications.alert_contact_overdue") as contact,
        mock.patch("onestop.hotline.services.notifications.alert_escalated") as escalated,
    ):
        first = services.requests_deadline_scan(now=later)
        second = services.requests_deadline_scan(now=later)
    assert first == {"contact_overdue": 1, "escalated": 1, "closed_unrated": 0}
    assert second == {"contact_overdue": 0, "escalated": 0, "closed_unrated": 0}
    assert contact.call_count == escalated.call_count == 1
    assert HotlineRequest.objects.get(pk=request.pk).escalated_at is not None


def test_unrated_answers_are_closed_after_the_waiting_days(world, submit):
    request = submit(category="water_supply")
    services.request_reply(request=request, by=world.users["water_handler"], body="Done.")
    assert services.requests_deadline_scan(now=timezone.now() + timedelta(days=2))["closed_unrated"] == 0
    assert services.requests_deadline_scan(now=timezone.now() + timedelta(days=12))["closed_unrated"] == 1
    request.refresh_from_db()
    assert request.case.state == "closed"
