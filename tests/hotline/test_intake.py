"""Taking requests in: checks, language detection, routing, deadlines, emergencies."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from onestop.core.errors import ValidationFailed
from onestop.hotline.models import Attachment, RoutingEvent
from onestop.hotline.services import intake


def test_a_chosen_category_goes_to_the_catalogue_department(world, submit):
    request = submit(category="water_supply", district="west")
    assert request.case.state == "assigned"
    assert request.department == world.departments["water"]
    assert request.routed_by == "catalogue"
    assert request.case.organization == world.departments["water"]
    assert request.case.queue == "department_handler"
    assert request.case.number.startswith("HL-")
    event = RoutingEvent.objects.get(request=request)
    assert event.kind == RoutingEvent.Kind.CATALOGUE


def test_an_area_rule_wins_over_the_citywide_rule(world, submit):
    east = submit("Loud karaoke every night next to our building.", category="noise", district="east")
    west = submit("Loud karaoke every night next to our building.", category="noise", district="west")
    assert east.department == world.departments["east"]
    assert west.department == world.departments["ecology"]


def test_setting_a_rule_to_its_current_department_changes_and_audits_nothing(world):
    from onestop.cases.models import AuditEvent
    from onestop.hotline import services

    before = AuditEvent.objects.filter(action="hotline.rule.set").count()
    services.dispatch_rule_set(category=world.categories["noise"], department=world.departments["ecology"])
    assert AuditEvent.objects.filter(action="hotline.rule.set").count() == before
    services.dispatch_rule_set(category=world.categories["noise"], department=world.departments["transport"])
    assert AuditEvent.objects.filter(action="hotline.rule.set").count() == before + 1


def test_without_category_and_without_router_a_dispatcher_decides(world, submit):
    request = submit(district="west")
    assert request.case.state == "dispatching"
    assert request.case.queue == "dispatcher"
    assert request.department is None
    assert request.routed_by == "dispatcher"


def test_the_router_routes_a_chinese_request_it_is_sure_about(world, trained_router, submit):
    request = submit("您好，我们小区从今天早上开始停水了，请尽快处理。", district="west")
    assert request.language == "zh-hans"
    assert request.category == world.categories["water_supply"]
    assert request.routed_by == "router"
    assert request.route_confidence >= 0.6
    assert request.department == world.departments["water"]


def test_below_the_threshold_the_router_hands_over_to_a_dispatcher(world, trained_router, submit, settings):
    settings.HOTLINE_ROUTER_THRESHOLD = 0.999
    request = submit("Hello, something odd happened, can you help me?")
    assert request.case.state == "dispatching"
    assert request.suggested_category is not None
    assert request.category is None


def test_a_chosen_category_the_router_strongly_disputes_goes_to_a_dispatcher(world, trained_router, submit, settings):
    settings.HOTLINE_ROUTER_OVERRIDE = 0.3
    request = submit("There is no tap water in our building since this morning.", category="noise")
    assert request.case.state == "dispatching"
    assert request.suggested_category == world.categories["water_supply"]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Bonjour, il y a une coupure d'eau dans notre immeuble depuis ce matin.", "fr"),
        ("مرحبا، لدينا انقطاع في المياه منذ صباح اليوم.", "ar"),
        ("Здравствуйте, у нас нет воды уже три дня.", "ru"),
        ("こんにちは。今朝から断水しています。", "ja"),
        ("안녕하세요, 오늘 아침부터 단수되었습니다.", "ko"),
    ],
)
def test_the_language_of_the_text_is_detected_and_used_for_replies(world, submit, text, language):
    request = submit(text, ui_language="en")
    assert request.language == language
    assert request.reply_language == language
    assert request.language_confidence > 0.3


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"description": "hi"}, "description"),
        ({"request_type": "rumour"}, "request_type"),
        ({"category": "no-such-category"}, "category"),
        ({"district": "atlantis"}, "district"),
        ({"latitude": "39.9"}, "longitude"),
        ({"latitude": "95", "longitude": "116.4"}, "latitude"),
        ({"contact_email": "not-an-address"}, "contact_email"),
        ({"contact_phone": "12"}, "contact_phone"),
    ],
)
def test_bad_input_is_refused_naming_the_field(world, submit, kwargs, field):
    kwargs.setdefault("description", "There is no tap water in our building.")
    with pytest.raises(ValidationFailed) as caught:
        submit(**kwargs)
    assert field in caught.value.fields


def test_an_anonymous_web_request_keeps_its_contact_but_not_the_name(world):
    request = intake.request_submit(
        by=None,
        channel="web",
        description="The heating is too weak in our flat.",
        anonymous=True,
        contact_name="Ana",
        contact_email="ana@example.test",
    )
    assert request.case.applicant_id is None
    assert request.contact_name == ""
    assert request.contact_email == "ana@example.test"
    assert len(request.tracking_code) >= 20


def test_a_logged_in_citizen_owns_the_request(world):
    citizen = world.users["citizen"]
    request = intake.request_submit(
        by=citizen, citizen=citizen, channel="web", description="Le bus numéro 52 est toujours en retard."
    )
    assert request.case.applicant == citizen


def test_a_phone_request_does_not_belong_to_the_agent(world, submit):
    assert submit().case.applicant_id is None


def test_the_handling_department_is_not_told_as_an_applicant(
    world, submit, make_user, django_capture_on_commit_callbacks
):
    """The case's organization is the department that handles it: its liaison officers
    are not sent the applicant's "your case moved" message, and a phone request with no
    citizen account leaves nothing to do after commit."""
    from onestop.accounts.roles import Role
    from onestop.notify.models import Notification

    make_user(Role.LIAISON, org=world.departments["water"])
    with (
        mock.patch("onestop.notify.services.notify_case_event") as case_event,
        django_capture_on_commit_callbacks(execute=True),
    ):
        request = submit(category="water_supply", district="west")
    assert request.case.organization == world.departments["water"]
    case_event.assert_not_called()
    assert not Notification.objects.filter(case=request.case).exists()


def test_a_citizen_with_an_account_hears_that_the_request_was_routed(world, django_capture_on_commit_callbacks):
    from onestop.notify.models import Notification

    citizen = world.users["citizen"]
    with django_capture_on_commit_callbacks(execute=True):
        request = intake.request_submit(
            by=citizen,
            citizen=citizen,
            channel="web",
            category="water_supply",
            description="Il n'y a plus d'eau au robinet depuis ce matin.",
        )
    rows = Notification.objects.filter(case=request.case, channel="inapp")
    assert set(rows.values_list("recipient_id", flat=True)) == {citizen.pk}


def test_an_emergency_alerts_the_duty_supervisor_after_commit(world, submit, django_capture_on_commit_callbacks):
    with mock.patch("onestop.notify.services.notify_user") as notify, django_capture_on_commit_callbacks(execute=True):
        request = submit(
            "A water pipe burst and the street is flooding!", request_type="emergency", category="water_supply"
        )
    recipients = {call.kwargs["user"] for call in notify.call_args_list if call.kwargs["code"] == "hotline.emergency"}
    assert recipients == {world.users["supervisor"]}
    assert request.case.sla_unit == "hours"
    assert request.case.due_at - request.case.submitted_at == timedelta(hours=2)


def test_attachments_pass_through_the_dossier_checks(world, submit):
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(buffer, "PNG")
    good = SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")
    request = submit(files=[good])
    attachment = Attachment.objects.get(request=request)
    assert attachment.content_type == "image/png"
    fake = SimpleUploadedFile("photo.png", b"MZ\x90\x00 not an image", content_type="image/png")
    with pytest.raises(ValidationFailed) as caught:
        submit(files=[fake])
    assert "attachments" in caught.value.fields


def test_more_than_three_files_are_refused(world, submit):
    files = [SimpleUploadedFile(f"{i}.pdf", b"%PDF-1.4", content_type="application/pdf") for i in range(4)]
    with pytest.raises(ValidationFailed) as caught:
        submit(files=files)
    assert "attachments" in caught.value.fields


def test_an_agent_can_answer_on_the_call_and_close_at_once(world, submit):
    request = submit(
        "How do I extend my tourist visa?",
        answered_on_call="Go to the exit-entry hall with your passport.",
        article_slug="visa-extension",
    )
    assert request.case.state == "closed"
    assert request.contacted_at is not None
    assert request.replies.get().article_slug == "visa-extension"


def test_the_intake_leaves_the_same_kernel_record_as_create_then_route(world, submit):
    from onestop.cases.audit import audit_verify
    from onestop.cases.models import AuditEvent, TimelineEntry
    from onestop.hotline import policies

    request = submit(category="water_supply", district="west")
    case = request.case
    case.refresh_from_db()
    assert case.state == "assigned" and case.is_open and case.applicant_id is None
    assert case.sla_started_at and case.submitted_at and case.due_at
    deadline = policies.deadline_for(request_type=request.request_type, category=request.category)
    assert (case.sla_budget, case.sla_unit) == (deadline.budget, deadline.unit)
    lines = list(TimelineEntry.objects.filter(case=case).values_list("code", "params"))
    assert lines == [
        ("cases.created", {"number": case.number}),
        ("hotline.route", {"department": str(world.departments["water"])}),
    ]
    events = AuditEvent.objects.filter(object_type="cases.case", object_id=str(case.pk)).order_by("seq")
    assert [(e.action, e.old, e.new) for e in events] == [
        ("hotline.case.created", None, {"state": "received", "number": case.number}),
        ("hotline.case.route", {"state": "received"}, {"state": "assigned"}),
    ]
    assert audit_verify().ok


def test_an_empty_answer_on_the_call_is_refused_before_anything_is_written(world, submit):
    from onestop.cases.models import Case

    before = Case.objects.count()
    with pytest.raises(ValidationFailed) as caught:
        submit("How do I extend my tourist visa?", answered_on_call="   ")
    assert "answer" in caught.value.fields
    assert Case.objects.count() == before


def test_only_an_agent_answers_on_the_call(world, submit):
    from onestop.cases.models import Case
    from onestop.cases.services import NotPermitted

    before = Case.objects.count()
    with pytest.raises(NotPermitted):
        submit("How do I extend my tourist visa?", by=world.users["dispatcher"], answered_on_call="Go to the hall.")
    assert Case.objects.count() == before
