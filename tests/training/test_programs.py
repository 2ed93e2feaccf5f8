"""Programs, their life cycle (every allowed and forbidden transition), sessions, materials."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from onestop.accounts.roles import Role
from onestop.cases.models import AuditEvent
from onestop.cases.services import NotPermitted
from onestop.core.errors import Conflict, NotFound, ValidationFailed
from onestop.training import services
from onestop.training.models import Material, Program, ProgramState
from onestop.training.workflow import ERR_NO_SESSIONS, WORKFLOW

pytestmark = pytest.mark.django_db


def test_program_is_created_in_draft_with_its_case(organizer):
    program = services.program_create(by=organizer, names={"zh-hans": "因公护照培训", "xx": "dropped"}, capacity=300)
    assert program.case.state == ProgramState.DRAFT
    assert program.case.number.startswith("TRN-")
    assert program.names == {"zh-hans": "因公护照培训"}
    assert program.organization == organizer.organization
    assert AuditEvent.objects.filter(action="training.program.created", object_id=str(program.pk)).exists()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"names": {}, "capacity": 3}, "names"),
        ({"names": {"en": "x"}, "capacity": 0}, "capacity"),
        ({"names": {"en": "x"}, "capacity": 3, "offer_hours": 0}, "offer_hours"),
        ({"names": {"en": "x"}, "capacity": 3, "certificate_min_attendance": 101}, "certificate_min_attendance"),
    ],
)
def test_bad_program_input_names_the_field(organizer, kwargs, field):
    with pytest.raises(ValidationFailed) as exc:
        services.program_create(by=organizer, **kwargs)
    assert field in exc.value.fields


def test_only_organizers_create_programs(make_user, fao):
    with pytest.raises(NotPermitted):
        services.program_create(by=make_user(Role.FACILITATOR, org=fao), names={"en": "x"}, capacity=3)


def test_publishing_needs_a_session(organizer):
    program = services.program_create(by=organizer, names={"en": "x"}, capacity=3)
    with pytest.raises(Conflict) as exc:
        services.program_transition(program=program, name="publish", by=organizer)
    assert exc.value.message == ERR_NO_SESSIONS


def test_publishing_needs_a_chinese_or_english_name(make_program, organizer):
    program = make_program(publish=False)
    Program.objects.filter(pk=program.pk).update(names={"fr": "Formation"})
    with pytest.raises(Conflict):
        services.program_transition(program=program, name="publish", by=organizer)


STATES = list(ProgramState.values)
TRANSITIONS = [(t.name, state, state in t.source) for t in WORKFLOW.transitions for state in STATES]


@pytest.mark.parametrize(("name", "state", "allowed"), TRANSITIONS, ids=[f"{n}-{s}" for n, s, _a in TRANSITIONS])
def test_program_transition_table(make_program, organizer, name, state, allowed):
    program = make_program(publish=False)
    path = {
        "draft": [],
        "open": ["publish"],
        "closed": ["publish", "close_enrolment"],
        "completed": ["publish", "complete"],
        "cancelled": [("cancel", "reason")],
    }[state]
    for step in path:
        step_name, note = step if isinstance(step, tuple) else (step, "")
        services.program_transition(program=program, name=step_name, by=organizer, note=note)
    program.case.refresh_from_db()
    assert program.case.state == state
    if allowed:
        services.program_transition(program=program, name=name, by=organizer, note="reason")
        program.case.refresh_from_db()
        assert program.case.state == WORKFLOW.by_name[name].target
    else:
        with pytest.raises(Conflict):
            services.program_transition(program=program, name=name, by=organizer, note="reason")
        program.case.refresh_from_db()
        assert program.case.state == state


def test_cancelling_needs_a_reason(make_program, organizer):
    program = make_program()
    with pytest.raises(ValidationFailed):
        services.program_transition(program=program, name="cancel", by=organizer, note="")


def test_organizers_of_other_organizations_cannot_touch_a_program(make_program, make_user, make_org):
    program = make_program()
    stranger = make_user(Role.TRAINING_ORGANIZER, org=make_org("Another office"))
    with pytest.raises(NotFound):
        services.program_transition(program=program, name="close_enrolment", by=stranger)
    with pytest.raises(NotFound):
        services.program_update(program=program, by=stranger, capacity=10)


def test_organizers_above_the_organizing_organization_may_manage(make_program, make_user, make_org, fao):
    program = make_program()
    parent = make_org("City government")
    fao.parent = parent
    fao.save()
    program.organization.refresh_from_db()
    chief = make_user(Role.TRAINING_ORGANIZER, org=parent)
    services.program_transition(program=program, name="close_enrolment", by=chief)


def test_program_update_changes_flags_and_audits(make_program, organizer):
    program = make_program()
    services.program_update(program=program, by=organizer, requires_approval=True, names={"en": "New"})
    program.refresh_from_db()
    assert program.requires_approval and program.names == {"en": "New"}
    event = AuditEvent.objects.filter(action="training.program.updated").last()
    assert event.new["requires_approval"] is True


def test_finished_programs_cannot_change(make_program, organizer):
    program = make_program()
    services.program_transition(program=program, name="complete", by=organizer)
    program.case.refresh_from_db()
    with pytest.raises(Conflict):
        services.program_update(program=program, by=organizer, capacity=99)


# --- sessions ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": "online_class", "online_url": ""}, "online_url"),
        ({"kind": "lecture", "venues": {}}, "venues"),
        ({"kind": "site_visit", "venues": {"en": "Yanqi Lake"}, "ends_offset": -1}, "ends_at"),
        ({"kind": "nonsense"}, "kind"),
        ({"kind": "lecture", "venues": {"en": "x"}, "titles": {}}, "titles"),
    ],
)
def test_bad_session_input_names_the_field(make_program, organizer, changes, field):
    program = make_program(publish=False)
    now = timezone.now()
    offset = changes.pop("ends_offset", 1)
    arguments = {
        "kind": "lecture",
        "titles": {"en": "T"},
        "starts_at": now,
        "ends_at": now + timedelta(hours=offset),
        "venues": {"en": "Hall"},
        "online_url": "https://x.test",
    }
    arguments.update(changes)
    with pytest.raises(ValidationFailed) as exc:
        services.session_create(program=program, by=organizer, **arguments)
    assert field in exc.value.fields


def test_online_class_capacity_defaults_to_the_program_seats(make_program):
    program = make_program(capacity=300)
    assert program.sessions.get(kind="online_class").presence_capacity == 300
    assert program.sessions.get(kind="lecture").presence_capacity is None


def test_moving_a_session_resets_its_reminder(make_program, organizer):
    program = make_program()
    session = program.sessions.get(kind="lecture")
    session.reminded_at = timezone.now()
    session.save()
    services.session_update(
        session=session,
        by=organizer,
        starts_at=session.starts_at + timedelta(days=1),
        ends_at=session.ends_at + timedelta(days=1),
    )
    session.refresh_from_db()
    assert session.reminded_at is None


def test_a_session_with_attendance_cannot_be_deleted(make_program, organizer, enrolled):
    program = make_program()
    session = program.sessions.get(kind="lecture")
    _user, enrolment = enrolled(program)
    services.session_check_in(session=session, code=enrolment.checkin_code, by=organizer)
    with pytest.raises(Conflict):
        services.session_delete(session=session, by=organizer)
    empty = program.sessions.get(kind="online_class")
    services.session_delete(session=empty, by=organizer)
    assert program.sessions.count() == 1


# --- materials ---------------------------------------------------------------------------

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_material_file_is_checked_and_stored(make_program, organizer):
    program = make_program()
    upload = SimpleUploadedFile("handout.pdf", PDF, content_type="application/octet-stream")
    material = services.material_add(program=program, by=organizer, titles={"zh-hans": "讲义"}, upload=upload)
    assert material.content_type == "application/pdf"
    assert material.size == len(PDF) and len(material.sha256) == 64
    assert material.file.name.endswith(".pdf")


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("handout.pdf", b"MZ\x90\x00 executable", "training.upload_type"),
        ("handout.exe", PDF, "training.upload_name"),
        ("empty.pdf", b"", "training.upload_empty"),
    ],
)
def test_unsafe_material_files_are_refused(make_program, organizer, name, data, code):
    program = make_program()
    with pytest.raises(ValidationFailed) as exc:
        services.material_add(program=program, by=organizer, titles={}, upload=SimpleUploadedFile(name, data))
    assert exc.value.code == code and "file" in exc.value.fields
    assert not Material.objects.exists()


def test_material_is_a_file_or_a_link_not_both(make_program, organizer):
    program = make_program()
    link = services.material_add(program=program, by=organizer, titles={"en": "Rules"}, url="https://fao.example/rules")
    assert link.is_link
    with pytest.raises(ValidationFailed):
        services.material_add(
            program=program, by=organizer, titles={}, url="https://x.test", upload=SimpleUploadedFile("a.pdf", PDF)
        )
    with pytest.raises(ValidationFailed):
        services.material_add(program=program, by=organizer, titles={})


def test_malware_scanner_verdict_is_respected(make_program, organizer, settings):
    settings.MALWARE_SCANNER = "tests.training.test_programs.reject_everything"
    program = make_program()
    with pytest.raises(ValidationFailed) as exc:
        services.material_add(program=program, by=organizer, titles={}, upload=SimpleUploadedFile("a.pdf", PDF))
    assert exc.value.code == "training.upload_infected"


def reject_everything(data):
    return False, "EICAR test signature"
