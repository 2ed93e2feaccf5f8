"""The online class (join, leave, heartbeat, capacity, counter) and check-in at the door."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from onestop.core.errors import Conflict, NotFound, ValidationFailed
from onestop.training import selectors, services
from onestop.training.models import Attendance, Session
from onestop.training.services.presence import STALE_SECONDS, counter_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def online(make_program):
    program = make_program(capacity=5)
    return program, program.sessions.get(kind="online_class")


def test_joining_records_the_time_and_counts(online, enrolled):
    program, session = online
    user, _e = enrolled(program)
    attendance = services.session_join(session=session, user=user)
    assert attendance.left_at is None
    assert Session.objects.get(pk=session.pk).present_count == 1
    assert selectors.session_counter(session_id=session.pk)["present"] == 1


def test_joining_twice_keeps_one_presence(online, enrolled):
    program, session = online
    user, _e = enrolled(program)
    first = services.session_join(session=session, user=user)
    second = services.session_join(session=session, user=user)
    assert first.pk == second.pk
    assert Session.objects.get(pk=session.pk).present_count == 1


def test_leaving_records_the_time_and_frees_the_place(online, enrolled):
    program, session = online
    user, _e = enrolled(program)
    services.session_join(session=session, user=user)
    attendance = services.session_leave(session=session, user=user)
    assert attendance.left_at is not None and attendance.left_at >= attendance.joined_at
    assert Session.objects.get(pk=session.pk).present_count == 0


def test_full_class_refuses_with_a_clear_message(online, enrolled):
    program, session = online
    Session.objects.filter(pk=session.pk).update(presence_capacity=1)
    session.refresh_from_db()
    first, _e = enrolled(program)
    second, _e = enrolled(program)
    services.session_join(session=session, user=first)
    with pytest.raises(Conflict) as exc:
        services.session_join(session=session, user=second)
    assert exc.value.code == "training.class_full"
    assert "(1 people)" in str(exc.value.message) or "1" in str(exc.value.message)


def test_a_silent_page_loses_its_place_to_someone_waiting(online, enrolled):
    program, session = online
    Session.objects.filter(pk=session.pk).update(presence_capacity=1)
    session.refresh_from_db()
    first, _e = enrolled(program)
    second, _e = enrolled(program)
    services.session_join(session=session, user=first)
    Attendance.objects.filter(participant=first).update(
        last_seen_at=timezone.now() - timedelta(seconds=STALE_SECONDS + 5)
    )
    services.session_join(session=session, user=second)  # sweeps the stale presence, then admits
    closed = Attendance.objects.get(participant=first)
    assert closed.left_at is not None
    assert Session.objects.get(pk=session.pk).present_count == 1


def test_heartbeat_keeps_the_presence_alive(online, enrolled):
    program, session = online
    user, _e = enrolled(program)
    services.session_join(session=session, user=user)
    old = timezone.now() - timedelta(seconds=60)
    Attendance.objects.filter(participant=user).update(last_seen_at=old)
    services.presence_heartbeat(session=session, user=user)
    assert Attendance.objects.get(participant=user).last_seen_at > old
    assert services.presence_sweep() == 0


def test_heartbeat_without_presence_asks_to_join_again(online, enrolled):
    program, session = online
    user, _e = enrolled(program)
    with pytest.raises(Conflict) as exc:
        services.presence_heartbeat(session=session, user=user)
    assert exc.value.code == "training.not_present"


def test_sweep_closes_presences_of_ended_classes(online, enrolled):
    program, session = online
    user, _e = enrolled(program)
    services.session_join(session=session, user=user)
    assert services.presence_sweep(now=session.ends_at + timedelta(minutes=1)) == 1
    attendance = Attendance.objects.get(participant=user)
    assert attendance.left_at <= session.ends_at


def test_only_confirmed_participants_join(online, enrolled, make_participant):
    program, session = online
    with pytest.raises(Conflict) as exc:
        services.session_join(session=session, user=make_participant())
    assert exc.value.code == "training.not_enrolled"


def test_joining_too_early_or_too_late(make_program, enrolled):
    program = make_program(capacity=5)
    session = program.sessions.get(kind="online_class")
    user, _e = enrolled(program)
    Session.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() + timedelta(hours=2), ends_at=timezone.now() + timedelta(hours=3)
    )
    session.refresh_from_db()
    with pytest.raises(Conflict) as exc:
        services.session_join(session=session, user=user)
    assert exc.value.code == "training.not_started"
    with pytest.raises(Conflict) as exc:
        services.session_join(session=session, user=user, now=session.ends_at)
    assert exc.value.code == "training.ended"


def test_counter_is_served_from_the_cache_and_refreshed_after_a_join(
    online, enrolled, django_assert_num_queries, django_capture_on_commit_callbacks
):
    program, session = online
    user, _e = enrolled(program)
    cache.delete(counter_key(session.pk))
    assert selectors.session_counter(session_id=session.pk)["present"] == 0
    with django_assert_num_queries(0):
        assert selectors.session_counter(session_id=session.pk)["present"] == 0
    with django_capture_on_commit_callbacks(execute=True):
        services.session_join(session=session, user=user)
    assert selectors.session_counter(session_id=session.pk)["present"] == 1


def test_counter_of_a_draft_program_is_not_found(make_program):
    program = make_program(publish=False)
    session = program.sessions.first()
    assert selectors.session_counter(session_id=session.pk) is None


# --- check-in at the door ----------------------------------------------------------------


@pytest.fixture
def lecture(make_program):
    program = make_program(capacity=5)
    return program, program.sessions.get(kind="lecture")


def test_check_in_by_qr_code(lecture, enrolled):
    program, session = lecture
    user, enrolment = enrolled(program)
    attendance = services.session_check_in(session=session, code=enrolment.checkin_code.lower(), by=program.organizer)
    assert (attendance.participant, attendance.method, attendance.recorded_by) == (user, "qr", program.organizer)


def test_check_in_twice_is_refused_with_the_time(lecture, enrolled):
    program, session = lecture
    _user, enrolment = enrolled(program)
    services.session_check_in(session=session, code=enrolment.checkin_code, by=program.organizer)
    with pytest.raises(Conflict) as exc:
        services.session_check_in(session=session, code=enrolment.checkin_code, by=program.organizer)
    assert exc.value.code == "training.already_checked_in"


def test_unknown_or_foreign_codes_are_refused(lecture, make_program, enrolled):
    program, session = lecture
    other = make_program(capacity=5)
    _user, foreign = enrolled(other)
    for code in ("NOPE", foreign.checkin_code, ""):
        with pytest.raises(ValidationFailed) as exc:
            services.session_check_in(session=session, code=code, by=program.organizer)
        assert "code" in exc.value.fields


def test_waitlisted_people_cannot_check_in(make_program, make_participant):
    program = make_program(capacity=1)
    session = program.sessions.get(kind="lecture")
    services.enrolment_self_register(program=program, user=make_participant())
    waiting = services.enrolment_self_register(program=program, user=make_participant())
    with pytest.raises(ValidationFailed):
        services.session_check_in(session=session, code=waiting.checkin_code, by=program.organizer)


def test_online_classes_have_no_door(online, enrolled):
    program, session = online
    _user, enrolment = enrolled(program)
    with pytest.raises(Conflict):
        services.session_check_in(session=session, code=enrolment.checkin_code, by=program.organizer)


def test_facilitators_check_in_only_for_their_programs(lecture, enrolled, facilitator):
    program, session = lecture
    _user, enrolment = enrolled(program)
    with pytest.raises(NotFound):
        services.session_check_in(session=session, code=enrolment.checkin_code, by=facilitator)
    services.facilitators_set(program=program, users=[facilitator], by=program.organizer)
    assert services.session_check_in(session=session, code=enrolment.checkin_code, by=facilitator).pk
