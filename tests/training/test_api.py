"""The training API: flows, error bodies, scoping, and the OpenAPI schema."""

from datetime import timedelta

import pytest
from django.utils import timezone

from onestop.accounts.roles import Role
from onestop.training.models import Enrolment, Program

from .conftest import audio_upload

pytestmark = pytest.mark.django_db


def test_public_program_list_and_detail(api, make_program):
    program = make_program()
    make_program(publish=False)
    listing = api().get("/api/v1/training/programs/").json()
    assert [p["id"] for p in listing["results"]] == [program.pk]
    detail = api().get(f"/api/v1/training/programs/{program.pk}/").json()
    assert detail["state"] == "open" and len(detail["sessions"]) == 2
    assert detail["names"]["en"] == "Public-affairs passports"


def test_organizer_builds_and_publishes_a_program(api, organizer):
    client = api(organizer)
    created = client.post(
        "/api/v1/training/manage/programs/",
        {
            "names": {"zh-hans": "2024年国际交往中心建设能力培训班", "en": "International competence"},
            "capacity": 101,
            "requires_approval": True,
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    start = timezone.now() + timedelta(days=2)
    for kind, extra in (
        ("lecture", {"venues": {"en": "Hall"}}),
        ("site_visit", {"venues": {"en": "BRF venue"}}),
        ("discussion", {"venues": {"en": "Room 3"}}),
    ):
        response = client.post(
            f"/api/v1/training/manage/programs/{pk}/sessions/",
            {
                "kind": kind,
                "titles": {"en": kind},
                "starts_at": start.isoformat(),
                "ends_at": (start + timedelta(hours=2)).isoformat(),
                **extra,
            },
            format="json",
        )
        assert response.status_code == 201, response.json()
    published = client.post(f"/api/v1/training/manage/programs/{pk}/transition/", {"name": "publish"}, format="json")
    assert published.json()["state"] == "open"
    patched = client.patch(f"/api/v1/training/manage/programs/{pk}/", {"capacity": 120}, format="json")
    assert patched.json()["capacity"] == 120


def test_validation_errors_name_the_field(api, organizer):
    response = api(organizer).post(
        "/api/v1/training/manage/programs/", {"names": {"xx": "?"}, "capacity": 0}, format="json"
    )
    assert response.status_code == 400
    body = response.json()["error"]
    assert body["code"] == "invalid" and {"names", "capacity"} <= set(body["fields"])


def test_enrol_cancel_and_waitlist_offer_through_the_api(api, make_program, make_participant):
    program = make_program(capacity=1)
    first, second = make_participant(), make_participant()
    one = api(first).post(f"/api/v1/training/programs/{program.pk}/enrol/")
    two = api(second).post(f"/api/v1/training/programs/{program.pk}/enrol/")
    assert (one.json()["status"], two.json()["status"]) == ("confirmed", "waitlisted")
    assert "checkin_code" in one.json()
    again = api(first).post(f"/api/v1/training/programs/{program.pk}/enrol/")
    assert again.status_code == 409 and again.json()["error"]["code"] == "training.already_enrolled"
    api(first).post(f"/api/v1/training/enrolments/{one.json()['id']}/cancel/", {"reason": "busy"}, format="json")
    mine = api(second).get("/api/v1/training/enrolments/").json()["results"]
    assert mine[0]["status"] == "offered"
    accepted = api(second).post(f"/api/v1/training/enrolments/{two.json()['id']}/accept/")
    assert accepted.json()["status"] == "confirmed"
    assert api(first).post(f"/api/v1/training/enrolments/{two.json()['id']}/cancel/").status_code == 404


def test_liaison_nominates_through_the_api(api, make_program, make_user, make_org):
    program = make_program()
    org = make_org()
    liaison = make_user(Role.LIAISON, org=org)
    colleague = make_user(Role.TRAVELLER, org=org)
    response = api(liaison).post(
        f"/api/v1/training/programs/{program.pk}/nominate/", {"participant": colleague.pk}, format="json"
    )
    assert response.status_code == 201 and response.json()["status"] == "confirmed"
    listed = api(liaison).get("/api/v1/training/liaison/enrolments/").json()["results"]
    assert [e["participant_name"] for e in listed] == [colleague.full_name]
    outsider = make_user(org=make_org())
    refused = api(liaison).post(
        f"/api/v1/training/programs/{program.pk}/nominate/", {"participant": outsider.pk}, format="json"
    )
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "training.outside_organization"


def test_class_and_questions_through_the_api(api, make_program, enrolled, organizer):
    program = make_program()
    session = program.sessions.get(kind="online_class")
    asker, _e = enrolled(program)
    voter, _e = enrolled(program)
    assert api(asker).post(f"/api/v1/training/sessions/{session.pk}/join/").json()["present"] == 1
    assert api().get(f"/api/v1/training/sessions/{session.pk}/counter/").json()["present"] in (0, 1)
    api(organizer).post(f"/api/v1/training/manage/sessions/{session.pk}/qa/", {"open": True}, format="json")
    asked = api(asker).post(
        f"/api/v1/training/sessions/{session.pk}/questions/",
        {"text": "Voice and text?", "audio": audio_upload()},
        format="multipart",
    )
    assert asked.status_code == 201 and asked.json()["has_audio"] is True
    qid = asked.json()["id"]
    assert api(voter).post(f"/api/v1/training/questions/{qid}/upvote/").json()["upvotes"] == 1
    assert api(voter).post(f"/api/v1/training/questions/{qid}/upvote/").status_code == 409
    answered = api(organizer).post(f"/api/v1/training/manage/questions/{qid}/answer/", {"text": "Both."}, format="json")
    assert answered.json()["status"] == "answered"
    board = api(voter).get(f"/api/v1/training/sessions/{session.pk}/questions/").json()
    assert board[0]["voted"] is True and board[0]["answer_text"] == "Both."
    assert (
        api(asker).post(f"/api/v1/training/manage/questions/{qid}/hide/", {"reason": "x"}, format="json").status_code
        == 404
    )


def test_check_in_stats_survey_and_certificates_api(api, make_program, enrolled, organizer):
    program = make_program()
    lecture = program.sessions.get(kind="lecture")
    online = program.sessions.get(kind="online_class")
    user, enrolment = enrolled(program)
    checked = api(organizer).post(
        f"/api/v1/training/manage/sessions/{lecture.pk}/checkin/", {"code": enrolment.checkin_code}, format="json"
    )
    assert checked.status_code == 201 and checked.json()["method"] == "qr"
    stats = api(organizer).get(f"/api/v1/training/manage/programs/{program.pk}/stats/").json()
    assert stats["confirmed"] == 1 and stats["attendance_rate"] == 50
    saved = api(organizer).put(
        f"/api/v1/training/manage/sessions/{online.pk}/survey/",
        {
            "questions": [{"kind": "rating", "prompts": {"en": "Overall"}}],
            "is_open": True,
        },
        format="json",
    )
    survey = saved.json()
    qid = survey["questions"][0]["id"]
    sent = api(user).post(f"/api/v1/training/surveys/{survey['id']}/", {"answers": {f"q{qid}": "4"}}, format="json")
    assert sent.status_code == 201
    not_done = api(organizer).post(f"/api/v1/training/manage/programs/{program.pk}/certificates/")
    assert not_done.status_code == 409


def test_role_and_scope_checks(api, make_program, make_participant, make_user, make_org):
    program = make_program()
    participant = make_participant()
    assert api(participant).get("/api/v1/training/manage/programs/").status_code == 404
    assert api().get("/api/v1/training/enrolments/").status_code == 401
    stranger = make_user(Role.TRAINING_ORGANIZER, org=make_org("Elsewhere"))
    assert api(stranger).get(f"/api/v1/training/manage/programs/{program.pk}/").status_code == 404
    assert api(stranger).get("/api/v1/training/manage/programs/").json()["results"] == []
    draft = make_program(publish=False)
    assert api(participant).get(f"/api/v1/training/programs/{draft.pk}/").status_code == 404
    assert not Enrolment.objects.exists() and Program.objects.count() == 2


def test_schema_builds_with_the_training_endpoints():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    paths = [p for p in schema["paths"] if p.startswith("/api/v1/training/")]
    assert len(paths) == 38


def test_services_reject_nominating_a_missing_person(api, make_program, make_user, make_org):
    program = make_program()
    liaison = make_user(Role.LIAISON, org=make_org())
    response = api(liaison).post(
        f"/api/v1/training/programs/{program.pk}/nominate/", {"participant": 999999}, format="json"
    )
    assert response.status_code == 400 and "participant" in response.json()["error"]["fields"]
    assert not Enrolment.objects.exists()


def test_materials_quotas_and_facilitators_through_the_api(api, make_program, organizer, facilitator, make_org):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from onestop.training.models import Material, Quota

    program = make_program()
    client = api(organizer)
    pdf = SimpleUploadedFile("rules.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n", content_type="application/pdf")
    created = client.post(
        f"/api/v1/training/manage/programs/{program.pk}/materials/",
        {"file": pdf, "titles[en]": "Rules"},
        format="multipart",
    )
    assert created.status_code == 201 and created.json()["content_type"] == "application/pdf"
    bad = client.post(
        f"/api/v1/training/manage/programs/{program.pk}/materials/",
        {"file": SimpleUploadedFile("x.pdf", b"MZ not a pdf")},
        format="multipart",
    )
    assert bad.status_code == 400 and "file" in bad.json()["error"]["fields"]
    assert client.delete(f"/api/v1/training/manage/materials/{created.json()['id']}/").status_code == 204
    assert not Material.objects.exists()

    org = make_org()
    quota = client.post(
        f"/api/v1/training/manage/programs/{program.pk}/quotas/", {"organization": org.pk, "seats": 5}, format="json"
    ).json()
    assert quota["seats"] == 5
    assert client.delete(f"/api/v1/training/manage/quotas/{quota['id']}/").status_code == 204
    assert not Quota.objects.exists()

    patched = client.patch(
        f"/api/v1/training/manage/programs/{program.pk}/", {"facilitators": [facilitator.pk]}, format="json"
    )
    assert patched.status_code == 200
    assert list(program.facilitators.all()) == [facilitator]
    unknown = client.patch(f"/api/v1/training/manage/programs/{program.pk}/", {"facilitators": [999999]}, format="json")
    assert unknown.status_code == 400
