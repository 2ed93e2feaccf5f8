"""Pages: who sees what, forms, no state change on GET, every language, pinned query counts."""

import json
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from onestop.accounts.roles import Role
from onestop.training import services
from onestop.training.models import Attendance, Enrolment, EnrolmentStatus, Program, Question

pytestmark = pytest.mark.django_db


def test_catalogue_and_program_are_public(client, make_program):
    program = make_program()
    draft = make_program(publish=False)
    page = client.get("/training/")
    assert page.status_code == 200
    assert program.name in page.content.decode() and draft.name not in page.content.decode()
    assert client.get(f"/training/programs/{program.pk}/").status_code == 200
    assert client.get(f"/training/programs/{draft.pk}/").status_code == 404


def test_draft_programs_are_visible_to_their_organizer_only(make_program, login, organizer, make_participant):
    draft = make_program(publish=False)
    assert login(organizer).get(f"/training/programs/{draft.pk}/").status_code == 200
    assert login(make_participant()).get(f"/training/programs/{draft.pk}/").status_code == 404


@pytest.mark.parametrize("lang", [code for code, _name in settings.LANGUAGES])
def test_pages_render_in_every_language(client, make_program, lang):
    program = make_program()
    for url in (
        "/training/",
        f"/training/programs/{program.pk}/",
        f"/training/sessions/{program.sessions.first().pk}/",
    ):
        response = client.get(f"{url}?lang={lang}")
        assert response.status_code == 200
        assert f'dir="{"rtl" if lang == "ar" else "ltr"}"'.encode() in response.content


def test_catalogue_query_count_does_not_grow_with_programs(client, make_program, django_assert_max_num_queries):
    for _ in range(6):
        make_program()
    with django_assert_max_num_queries(8):
        assert client.get("/training/").status_code == 200


def test_register_from_the_program_page(login, make_program, make_participant):
    program = make_program(capacity=1)
    user = make_participant()
    client = login(user)
    assert client.get(f"/training/programs/{program.pk}/enrol/").status_code == 405  # no change on GET
    assert not Enrolment.objects.exists()
    response = client.post(f"/training/programs/{program.pk}/enrol/", follow=True)
    assert Enrolment.objects.get(participant=user).status == "confirmed"
    assert "You are enrolled" in response.content.decode()
    again = client.post(f"/training/programs/{program.pk}/enrol/", follow=True)
    assert "already enrolled" in again.content.decode()


def test_people_without_the_participant_role_cannot_self_register(login, make_program, make_user):
    program = make_program()
    client = login(make_user(Role.TRAVELLER))
    assert client.post(f"/training/programs/{program.pk}/enrol/").status_code == 404
    assert not Enrolment.objects.exists()


def test_my_training_shows_the_pass_and_the_pass_is_private(login, make_program, enrolled, make_participant):
    program = make_program()
    user, enrolment = enrolled(program)
    page = login(user).get("/training/mine/")
    assert enrolment.checkin_code in page.content.decode()
    svg = login(user).get(f"/training/enrolments/{enrolment.pk}/pass.svg")
    assert svg.status_code == 200 and svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    assert login(make_participant()).get(f"/training/enrolments/{enrolment.pk}/pass.svg").status_code == 404


def test_offer_can_be_accepted_from_my_training(login, make_program, make_participant):
    program = make_program(capacity=1)
    first = services.enrolment_self_register(program=program, user=make_participant())
    second = services.enrolment_self_register(program=program, user=make_participant())
    services.enrolment_cancel(enrolment=first, by=first.participant)
    client = login(second.participant)
    assert "Accept the seat" in client.get("/training/mine/").content.decode()
    client.post(f"/training/enrolments/{second.pk}/accept/")
    second.refresh_from_db()
    assert second.status == "confirmed"


def test_my_training_says_when_the_waitlist_ended_with_the_program(login, make_program, make_participant):
    program = make_program(capacity=1)
    services.enrolment_self_register(program=program, user=make_participant())
    waiting = services.enrolment_self_register(program=program, user=make_participant())
    client = login(waiting.participant)
    assert "number 1 on the waitlist" in client.get("/training/mine/").content.decode()
    services.program_transition(program=program, name="complete", by=program.organizer)
    page = client.get("/training/mine/").content.decode()
    assert "number 1 on the waitlist" not in page
    assert "The program is over; no seat became free for you." in page


def test_classroom_is_for_confirmed_participants(client, login, make_program, enrolled, make_participant):
    program = make_program()
    session = program.sessions.get(kind="online_class")
    user, _e = enrolled(program)
    assert login(user).get(f"/training/sessions/{session.pk}/room/").status_code == 200
    assert login(make_participant()).get(f"/training/sessions/{session.pk}/room/").status_code == 404
    anonymous = client.get(f"/training/sessions/{session.pk}/room/")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_join_and_leave_from_the_class_page(login, make_program, enrolled):
    program = make_program()
    session = program.sessions.get(kind="online_class")
    user, _e = enrolled(program)
    client = login(user)
    assert client.get(f"/training/sessions/{session.pk}/join/").status_code == 405
    page = client.post(f"/training/sessions/{session.pk}/join/", follow=True)
    assert "Leave the class" in page.content.decode()
    assert Attendance.objects.filter(participant=user, left_at__isnull=True).exists()
    beat = client.post(f"/training/sessions/{session.pk}/heartbeat/", HTTP_X_REQUESTED_WITH="fetch")
    assert beat.json()["ok"] is True
    client.post(f"/training/sessions/{session.pk}/leave/")
    assert not Attendance.objects.filter(participant=user, left_at__isnull=True).exists()


def test_class_page_offers_no_join_once_the_class_has_ended(login, make_program, enrolled):
    program = make_program()
    session = program.sessions.get(kind="online_class")
    user, _e = enrolled(program)
    client = login(user)
    assert "Join the class" in client.get(f"/training/sessions/{session.pk}/room/").content.decode()
    now = timezone.now()
    type(session).objects.filter(pk=session.pk).update(
        starts_at=now - timedelta(hours=3), ends_at=now - timedelta(hours=1)
    )
    page = client.get(f"/training/sessions/{session.pk}/room/").content.decode()
    assert "Join the class" not in page
    assert "This class has ended." in page


def test_full_class_shows_the_reason(login, make_program, enrolled):
    program = make_program()
    session = program.sessions.get(kind="online_class")
    session.presence_capacity = 1
    session.save()
    first, _e = enrolled(program)
    second, _e = enrolled(program)
    login(first).post(f"/training/sessions/{session.pk}/join/")
    refused = login(second).post(f"/training/sessions/{session.pk}/join/", HTTP_X_REQUESTED_WITH="fetch")
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "training.class_full"
    assert "full" in refused.json()["error"]["message"]


def test_live_counter_is_public_json(client, make_program, enrolled):
    program = make_program()
    session = program.sessions.get(kind="online_class")
    user, _e = enrolled(program)
    services.session_join(session=session, user=user)
    data = client.get(f"/training/sessions/{session.pk}/counter.json").json()
    assert set(data) == {"present", "capacity", "full"} and data["capacity"] == program.capacity
    draft = make_program(publish=False)
    assert client.get(f"/training/sessions/{draft.sessions.first().pk}/counter.json").status_code == 404


def _counter(html: str) -> tuple[str, list[str]]:
    """The live counter of a class page: the number, and the wording that is not hidden."""
    from lxml import html as lxml_html

    (box,) = lxml_html.fromstring(html).xpath("//p[@data-counter-src]")
    present = box.xpath(".//*[@data-counter-present]")[0].text_content()
    wordings = box.xpath(".//*[@data-counter-room or @data-counter-full]")
    return present, [" ".join(el.text_content().split()) for el in wordings if el.get("hidden") is None]


def test_live_counter_says_the_class_is_full_when_no_place_is_left(
    client, login, make_program, enrolled, django_capture_on_commit_callbacks
):
    program = make_program()
    session = program.sessions.get(kind="online_class")
    services.session_update(session=session, by=program.organizer, presence_capacity=2)
    first, _e = enrolled(program)
    second, _e = enrolled(program)
    with django_capture_on_commit_callbacks(execute=True):
        services.session_join(session=session, user=first)
    page = client.get(f"/training/sessions/{session.pk}/?lang=en").content.decode()
    assert _counter(page) == ("1", ["of 2 people in the class"])
    with django_capture_on_commit_callbacks(execute=True):
        services.session_join(session=session, user=second)
    assert client.get(f"/training/sessions/{session.pk}/counter.json").json() == {
        "present": 2,
        "capacity": 2,
        "full": True,
    }
    page = client.get(f"/training/sessions/{session.pk}/?lang=en").content.decode()
    assert _counter(page) == ("2", ["of 2 places taken: the class is full"])
    room = login(second).get(f"/training/sessions/{session.pk}/room/?lang=en").content.decode()
    assert _counter(room) == ("2", ["of 2 places taken: the class is full"])
    chinese = client.get(f"/training/sessions/{session.pk}/?lang=zh-hans").content.decode()
    assert _counter(chinese) == ("2", ["人在课堂中（2 个位置已满）"])
    with django_capture_on_commit_callbacks(execute=True):
        services.session_leave(session=session, user=first)
    page = client.get(f"/training/sessions/{session.pk}/?lang=en").content.decode()
    assert _counter(page) == ("1", ["of 2 people in the class"])


def test_ask_upvote_and_answer_through_the_pages(login, make_program, enrolled, facilitator, organizer):
    program = make_program()
    session = program.sessions.get(kind="online_class")
    services.facilitators_set(program=program, users=[facilitator], by=organizer)
    asker, _e = enrolled(program)
    voter, _e = enrolled(program)
    mod = login(facilitator)
    mod.post(f"/training/sessions/{session.pk}/qa/", {"open": "1"})
    login(asker).post(f"/training/sessions/{session.pk}/questions/", {"text": "Is the handover online?"})
    question = Question.objects.get()
    voted = login(voter).post(f"/training/questions/{question.pk}/upvote/", HTTP_X_REQUESTED_WITH="fetch")
    assert voted.json() == {"ok": True, "message": "Upvoted.", "upvotes": 1}
    board = login(voter).get(f"/training/sessions/{session.pk}/board/").content.decode()
    assert "Is the handover online?" in board and "You upvoted this" in board
    assert login(asker).post(f"/training/questions/{question.pk}/answer/", {"text": "x"}).status_code == 404
    mod.post(f"/training/questions/{question.pk}/answer/", {"text": "Yes, through the liaison officer."})
    question.refresh_from_db()
    assert question.status == "answered"
    assert (
        "Yes, through the liaison officer."
        in login(asker).get(f"/training/sessions/{session.pk}/room/").content.decode()
    )


def test_voice_question_is_served_only_to_the_room(login, make_program, enrolled, make_participant):
    from .conftest import audio_upload

    program = make_program()
    session = program.sessions.get(kind="online_class")
    services.session_set_qa(session=session, by=program.organizer, open=True)
    asker, _e = enrolled(program)
    response = login(asker).post(
        f"/training/sessions/{session.pk}/questions/", {"audio": audio_upload()}, HTTP_X_REQUESTED_WITH="fetch"
    )
    assert response.json()["ok"] is True
    question = Question.objects.get()
    audio = login(asker).get(f"/training/questions/{question.pk}/audio/question/")
    assert audio.status_code == 200 and audio["Content-Type"] == "audio/webm"
    assert login(make_participant()).get(f"/training/questions/{question.pk}/audio/question/").status_code == 404
    bad = login(asker).post(
        f"/training/sessions/{session.pk}/questions/",
        {"audio": audio_upload(b"<html>", "x.webm", "audio/webm")},
        HTTP_X_REQUESTED_WITH="fetch",
    )
    assert bad.status_code == 400 and "audio" in bad.json()["error"]["fields"]


# --- organizers ----------------------------------------------------------------------------


def test_organizer_creates_a_program_with_names_in_several_languages(login, organizer):
    client = login(organizer)
    assert client.get("/training/manage/new/").status_code == 200
    response = client.post(
        "/training/manage/new/",
        {
            "names_zh_hans": "因公护照网上培训",
            "names_en": "Public-affairs passport online class",
            "names_ar": "دورة",
            "capacity": "300",
            "self_registration": "on",
            "waitlist_enabled": "on",
            "offer_hours": "12",
            "certificate_min_attendance": "80",
        },
    )
    program = Program.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/training/manage/programs/{program.pk}/"
    assert program.names == {"zh-hans": "因公护照网上培训", "en": "Public-affairs passport online class", "ar": "دورة"}
    assert (program.capacity, program.offer_hours, program.nomination) == (300, 12, False)


def test_program_form_errors_are_summarized(login, organizer):
    response = login(organizer).post(
        "/training/manage/new/", {"capacity": "0", "offer_hours": "24", "certificate_min_attendance": "80"}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert 'class="error-summary"' in content
    assert not Program.objects.exists()


def test_organizer_adds_a_session_and_publishes(login, organizer):
    program = services.program_create(by=organizer, names={"en": "Site visit"}, capacity=101)
    client = login(organizer)
    start = timezone.localtime() + timedelta(days=3)
    response = client.post(
        f"/training/manage/programs/{program.pk}/sessions/new/",
        {
            "kind": "site_visit",
            "titles_en": "Yanqi Lake",
            "venues_en": "Yanqi Lake International Conference Resort",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + timedelta(hours=4)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 302
    client.post(f"/training/manage/programs/{program.pk}/do/publish/")
    program.case.refresh_from_db()
    assert program.case.state == "open"
    assert client.get(f"/training/manage/programs/{program.pk}/do/close_enrolment/").status_code == 405


def test_a_finished_program_offers_no_timetable_changes(login, make_program, organizer):
    program = make_program()
    client = login(organizer)
    page = client.get(f"/training/manage/programs/{program.pk}/").content.decode()
    assert "Add a session" in page and f"/training/manage/programs/{program.pk}/edit/" in page
    services.program_transition(program=program, name="complete", by=organizer)
    page = client.get(f"/training/manage/programs/{program.pk}/").content.decode()
    assert "Add a session" not in page
    assert f"/training/manage/programs/{program.pk}/edit/" not in page
    for session in program.sessions.all():
        assert f"/training/manage/sessions/{session.pk}/delete/" not in page
        assert f"/training/manage/sessions/{session.pk}/edit/" not in page
    assert "Issue certificates" in page


def test_management_pages_render_for_the_organizer(login, make_program, enrolled, organizer):
    program = make_program()
    enrolled(program)
    lecture = program.sessions.get(kind="lecture")
    client = login(organizer)
    for url in (
        "/training/manage/",
        f"/training/manage/programs/{program.pk}/",
        f"/training/manage/programs/{program.pk}/edit/",
        f"/training/manage/programs/{program.pk}/quotas/",
        f"/training/manage/programs/{program.pk}/enrolments/",
        f"/training/manage/programs/{program.pk}/stats/",
        f"/training/manage/sessions/{lecture.pk}/checkin/",
        f"/training/manage/sessions/{lecture.pk}/survey/",
        f"/training/manage/sessions/{lecture.pk}/edit/",
        f"/training/manage/programs/{program.pk}/materials/new/",
        f"/training/manage/sessions/{lecture.pk}/publish/",
    ):
        assert client.get(url).status_code == 200, url


def test_enrolment_list_query_count_is_pinned(login, make_program, enrolled, organizer, django_assert_max_num_queries):
    program = make_program(capacity=30)
    for _ in range(12):
        enrolled(program)
    client = login(organizer)
    with django_assert_max_num_queries(14):
        assert client.get(f"/training/manage/programs/{program.pk}/enrolments/").status_code == 200


def test_statistics_page_has_svg_charts(login, make_program, enrolled, organizer):
    program = make_program()
    user, _e = enrolled(program)
    services.session_join(session=program.sessions.get(kind="online_class"), user=user)
    content = login(organizer).get(f"/training/manage/programs/{program.pk}/stats/").content.decode()
    assert '<svg class="chart"' in content and "<script" not in content.split("<main", 1)[1].split("</main>")[0]


def test_statistics_charts_are_mirrored_on_arabic_pages(login, make_program, enrolled, organizer):
    program = make_program()
    user, _e = enrolled(program)
    services.session_join(session=program.sessions.get(kind="online_class"), user=user)
    client = login(organizer)
    arabic = client.get(f"/training/manage/programs/{program.pk}/stats/?lang=ar").content.decode()
    assert 'dir="rtl"' in arabic
    charts = arabic.count('<svg class="chart')
    assert charts >= 2 and arabic.count('<svg class="chart chart-rtl"') == charts
    assert arabic.count('direction="rtl"') == charts and 'direction="ltr"' not in arabic
    english = client.get(f"/training/manage/programs/{program.pk}/stats/?lang=en").content.decode()
    assert "chart-rtl" not in english and english.count('direction="ltr"') == charts


def test_check_in_page_accepts_a_scanned_code(login, make_program, enrolled, organizer):
    program = make_program()
    lecture = program.sessions.get(kind="lecture")
    user, enrolment = enrolled(program)
    client = login(organizer)
    client.post(f"/training/manage/sessions/{lecture.pk}/checkin/", {"code": enrolment.checkin_code})
    assert Attendance.objects.filter(session=lecture, participant=user, method="qr").exists()
    again = client.post(
        f"/training/manage/sessions/{lecture.pk}/checkin/",
        {"code": enrolment.checkin_code},
        HTTP_X_REQUESTED_WITH="fetch",
    )
    assert again.status_code == 409 and again.json()["error"]["code"] == "training.already_checked_in"


def test_facilitator_moderates_but_does_not_manage(login, make_program, facilitator, organizer):
    program = make_program()
    services.facilitators_set(program=program, users=[facilitator], by=organizer)
    client = login(facilitator)
    assert client.get(f"/training/manage/programs/{program.pk}/").status_code == 200
    assert client.get(f"/training/manage/programs/{program.pk}/edit/").status_code == 404
    assert client.post(f"/training/manage/programs/{program.pk}/do/close_enrolment/").status_code == 404
    services.facilitators_set(program=program, users=[], by=organizer)
    assert client.get(f"/training/manage/programs/{program.pk}/").status_code == 404


def test_organizers_of_other_organizations_get_not_found(login, make_program, make_user, make_org):
    program = make_program()
    stranger = login(make_user(Role.TRAINING_ORGANIZER, org=make_org("Elsewhere")))
    for url in (
        f"/training/manage/programs/{program.pk}/",
        f"/training/manage/programs/{program.pk}/enrolments/",
        f"/training/manage/programs/{program.pk}/stats/",
    ):
        assert stranger.get(url).status_code == 404


def test_survey_page_flow(login, make_program, enrolled, organizer):
    program = make_program()
    online = program.sessions.get(kind="online_class")
    client = login(organizer)
    client.post(
        f"/training/manage/sessions/{online.pk}/survey/",
        {
            "kind_0": "rating",
            "prompt_zh_0": "总体评价",
            "prompt_en_0": "Overall",
            "kind_1": "choice",
            "prompt_en_1": "Best part",
            "options_1": "讲座 | Lectures\n参观 | Site visit",
            "open": "1",
        },
    )
    survey = online.survey
    assert survey.questions.count() == 2
    assert survey.questions.all()[1].choices == [
        {"zh-hans": "讲座", "en": "Lectures"},
        {"zh-hans": "参观", "en": "Site visit"},
    ]
    user, _e = enrolled(program)
    questions = list(survey.questions.all())
    page = login(user)
    missing = page.post(f"/training/surveys/{survey.pk}/", {f"q{questions[0].pk}": "5"})
    assert missing.status_code == 200 and 'class="error-summary"' in missing.content.decode()
    done = page.post(f"/training/surveys/{survey.pk}/", {f"q{questions[0].pk}": "5", f"q{questions[1].pk}": "1"})
    assert done.status_code == 302
    assert "already answered" in page.get(f"/training/surveys/{survey.pk}/").content.decode()


# --- liaison officers ------------------------------------------------------------------------


def test_liaison_nominates_and_sees_only_their_organization(login, make_program, make_user, make_org):
    program = make_program(capacity=5)
    org = make_org("城市理工大学", kind="university")
    liaison = make_user(Role.LIAISON, org=org)
    colleague = make_user(Role.TRAVELLER, org=org)
    outsider = make_user(Role.PARTICIPANT, org=make_org("Other"))
    services.enrolment_self_register(program=program, user=outsider)
    client = login(liaison)
    page = client.get(f"/training/liaison/programs/{program.pk}/").content.decode()
    assert colleague.full_name in page and outsider.full_name not in page
    client.post(f"/training/liaison/programs/{program.pk}/", {"participant": colleague.pk})
    assert Enrolment.objects.get(participant=colleague).source == "nomination"
    refused = client.post(f"/training/liaison/programs/{program.pk}/", {"participant": outsider.pk})
    assert refused.status_code == 200 and 'class="error-summary"' in refused.content.decode()
    listing = client.get("/training/liaison/").content.decode()
    assert colleague.full_name in listing and outsider.full_name not in listing
    theirs = Enrolment.objects.get(participant=outsider)
    assert client.post(f"/training/enrolments/{theirs.pk}/cancel/").status_code == 404


def test_no_page_changes_state_on_get(login, make_program, enrolled, organizer):
    program = make_program()
    user, enrolment = enrolled(program)
    session = program.sessions.get(kind="online_class")
    client = login(user)
    for url in (
        f"/training/enrolments/{enrolment.pk}/cancel/",
        f"/training/sessions/{session.pk}/join/",
        f"/training/sessions/{session.pk}/questions/",
        f"/training/programs/{program.pk}/enrol/",
    ):
        assert client.get(url).status_code == 405, url
    enrolment.refresh_from_db()
    assert enrolment.status == "confirmed"


def test_workspace_tiles_per_role(login, organizer, make_user, make_org):
    home = login(organizer).get("/", follow=True)
    assert home.status_code == 200
    from onestop.core.navigation import workspaces_for

    assert "training:manage" in [w.url_name for w in workspaces_for(organizer)]
    assert "training:liaison" in [w.url_name for w in workspaces_for(make_user(Role.LIAISON, org=make_org()))]


def test_program_ics_download(client, make_program):
    program = make_program()
    response = client.get(f"/training/programs/{program.pk}/calendar.ics")
    assert response["Content-Type"].startswith("text/calendar")
    assert response.content.decode().count("BEGIN:VEVENT") == 2


def test_public_pages_leak_no_participant_names(client, make_program, enrolled):
    program = make_program()
    user, _e = enrolled(program)
    for url in ("/training/", f"/training/programs/{program.pk}/"):
        assert user.full_name not in client.get(url).content.decode()
    assert json.dumps(Client().get(f"/training/sessions/{program.sessions.first().pk}/counter.json").json())


def test_training_pages_keep_their_own_wording_in_the_merged_catalog(login, make_program, enrolled, organizer):
    """Every app's catalog is merged and the app listed first wins a shared string, so the words
    training means differently (the time of application, a seat offered, course material, staff
    admitting an attendee) carry a context and show training's wording, not the other app's."""
    from django.utils import translation

    program = make_program()
    enrolled(program)
    lecture = program.sessions.get(kind="lecture")
    client = login(organizer)
    enrolments = client.get(f"/training/manage/programs/{program.pk}/enrolments/?lang=zh-hans").content.decode()
    assert "报名时间" in enrolments and "取号时间" not in enrolments
    manage = client.get(f"/training/manage/programs/{program.pk}/?lang=zh-hans").content.decode()
    assert "已提供名额" in manage and "<h2>资料</h2>" in manage and "<h2>材料</h2>" not in manage
    checkin = client.get(f"/training/manage/sessions/{lecture.pk}/checkin/?lang=de").content.decode()
    assert "Einlassen" in checkin and "Einchecken" not in checkin
    with translation.override("ja"):
        assert str(Enrolment._meta.get_field("source").verbose_name) == "申込経路"
        assert str(EnrolmentStatus.CANCELLED.label) == "取消済み"
