"""Scarce things under contention, on PostgreSQL: seats, places in the online class, votes."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from onestop.accounts.models import RoleGrant
from onestop.accounts.roles import Role
from onestop.core.errors import Conflict
from onestop.training import services
from onestop.training.models import Attendance, Enrolment, Program, QuestionVote, Session

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

WORKERS = 32


def _bulk_participants(n: int, org, prefix: str):
    User = get_user_model()
    users = User.objects.bulk_create(
        [User(username=f"{prefix}{i}", full_name=f"P {i}", organization=org, password="!") for i in range(n)]
    )
    RoleGrant.objects.bulk_create([RoleGrant(user=u, role=Role.PARTICIPANT) for u in users])
    return list(User.objects.filter(username__startswith=prefix).order_by("pk"))


def _run(fn, items):
    """Run ``fn`` on every item from WORKERS threads released together by a barrier."""
    barrier = threading.Barrier(WORKERS)
    outcomes: list = []
    lock = threading.Lock()
    chunks = [items[i::WORKERS] for i in range(WORKERS)]

    def worker(chunk):
        try:
            barrier.wait(timeout=30)
            for item in chunk:
                try:
                    result = ("ok", fn(item))
                except Conflict as exc:
                    result = (exc.code, None)
                except Exception as exc:  # counted, and the test fails on it
                    result = (f"error:{exc.__class__.__name__}", None)
                with lock:
                    outcomes.append(result)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        list(pool.map(worker, chunks))
    return outcomes


def test_a_thousand_people_for_three_hundred_seats_get_exactly_three_hundred(make_program, make_org):
    program = make_program(capacity=300)
    users = _bulk_participants(1000, make_org(), "burst")

    outcomes = _run(lambda u: services.enrolment_self_register(program=program, user=u).status, users)

    errors = [code for code, _r in outcomes if code != "ok"]
    assert errors == []
    statuses = [status for _c, status in outcomes]
    assert statuses.count("confirmed") == 300
    assert statuses.count("waitlisted") == 700
    program = Program.objects.get(pk=program.pk)
    assert program.seats_taken == 300
    assert Enrolment.objects.filter(program=program, status="confirmed").count() == 300


def test_same_person_clicking_twice_at_once_gets_one_enrolment(make_program, make_org):
    program = make_program(capacity=10)
    user = _bulk_participants(1, make_org(), "twice")[0]
    outcomes = _run(lambda _i: services.enrolment_self_register(program=program, user=user).status, list(range(40)))
    assert [c for c, _r in outcomes].count("ok") == 1
    assert {c for c, _r in outcomes} == {"ok", "training.already_enrolled"}
    assert Program.objects.get(pk=program.pk).seats_taken == 1


def test_online_class_admits_exactly_its_capacity(make_program, make_org):
    program = make_program(capacity=200, online_only=True)
    session = program.sessions.get()
    Session.objects.filter(pk=session.pk).update(presence_capacity=40)
    session.refresh_from_db()
    users = _bulk_participants(120, make_org(), "room")
    Enrolment.objects.bulk_create([Enrolment(program=program, participant=u, status="confirmed") for u in users])

    outcomes = _run(lambda u: services.session_join(session=session, user=u), users)

    codes = [c for c, _r in outcomes]
    assert codes.count("ok") == 40
    assert codes.count("training.class_full") == 80
    assert Session.objects.get(pk=session.pk).present_count == 40
    assert Attendance.objects.filter(session=session, left_at__isnull=True).count() == 40


def test_concurrent_upvotes_count_once_per_person(make_program, make_org):
    program = make_program(capacity=200, online_only=True)
    session = program.sessions.get()
    services.session_set_qa(session=session, by=program.organizer, open=True)
    users = _bulk_participants(61, make_org(), "vote")
    Enrolment.objects.bulk_create([Enrolment(program=program, participant=u, status="confirmed") for u in users])
    question = services.question_ask(session=session, user=users[0], text="When is the next class?")
    voters = users[1:] + users[1:11]  # ten people press twice

    outcomes = _run(lambda u: services.question_upvote(question=question, user=u), voters)

    codes = [c for c, _r in outcomes]
    assert codes.count("ok") == 60
    assert codes.count("training.already_voted") == 10
    question.refresh_from_db()
    assert question.upvotes == 60 == QuestionVote.objects.filter(question=question).count()


def test_cancellations_racing_registrations_keep_the_seat_count_and_never_deadlock(make_program, make_org):
    """People leave while others register: each freed seat is offered to the waitlist, none is
    lost or counted twice, and the two kinds of transaction never wait on each other in a
    circle (the database would abort one with "deadlock detected")."""
    program = make_program(capacity=60)
    org = make_org()
    holders = _bulk_participants(60, org, "holder")
    for user in holders:
        services.enrolment_self_register(program=program, user=user)
    newcomers = _bulk_participants(120, org, "newcomer")
    enrolments = {e.participant_id: e for e in Enrolment.objects.filter(program=program)}

    def act(item):
        kind, user = item
        if kind == "cancel":
            return services.enrolment_cancel(enrolment=enrolments[user.pk], by=user).status
        return services.enrolment_self_register(program=program, user=user).status

    items = [("cancel", u) for u in holders[:40]] + [("register", u) for u in newcomers]
    items = [items[i] for i in sorted(range(len(items)), key=lambda i: (i * 7919) % len(items))]
    outcomes = _run(act, items)

    assert [code for code, _r in outcomes if code != "ok"] == []
    program = Program.objects.get(pk=program.pk)
    holding = Enrolment.objects.filter(program=program, status__in=["confirmed", "pending", "offered"]).count()
    assert program.seats_taken == holding == 60
    assert Enrolment.objects.filter(program=program, status="cancelled").count() == 40


def test_an_organization_quota_holds_under_a_burst(make_program, make_org):
    """Sixty people of one organization with a quota of ten, and sixty of others, at once:
    the organization gets exactly ten seats, the others take theirs from the open pool."""
    program = make_program(capacity=100)
    limited, other = make_org(), make_org()
    quota = services.quota_set(program=program, organization=limited, seats=10, by=program.organizer)
    people = _bulk_participants(60, limited, "quota") + _bulk_participants(60, other, "open")

    outcomes = _run(
        lambda u: (u.organization_id, services.enrolment_self_register(program=program, user=u).status), people
    )

    assert [code for code, _r in outcomes if code != "ok"] == []
    got = [result for _c, result in outcomes]
    assert got.count((limited.pk, "confirmed")) == 10
    assert got.count((limited.pk, "waitlisted")) == 50
    assert got.count((other.pk, "confirmed")) == 60
    quota.refresh_from_db()
    assert quota.seats_taken == 10
    assert Program.objects.get(pk=program.pk).seats_taken == 70


def test_a_registration_waiting_while_the_program_is_cancelled_gets_no_enrolment(make_program, make_org):
    """The registration passed the state check, then waited for the program row held by the
    cancellation; once that commits, it must be refused instead of adding an enrolment to
    a cancelled program."""
    from django.db import transaction

    program = make_program(capacity=10)
    user = _bulk_participants(1, make_org(), "late")[0]
    cancelled, release = threading.Event(), threading.Event()

    def cancel():
        try:
            with transaction.atomic():
                fresh = Program.objects.select_related("case").get(pk=program.pk)
                services.program_transition(program=fresh, name="cancel", by=program.organizer, note="Speaker ill")
                cancelled.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    def register():
        try:
            assert cancelled.wait(timeout=30)
            fresh = Program.objects.select_related("case").get(pk=program.pk)
            assert fresh.case.state == "open"  # the cancellation is not committed yet
            return services.enrolment_self_register(program=fresh, user=user).status
        except Conflict as exc:
            return exc.code
        finally:
            connection.close()

    def lock_waiters() -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
            )
            return cursor.fetchone()[0]

    with ThreadPoolExecutor(max_workers=2) as pool:
        cancelling = pool.submit(cancel)
        registering = pool.submit(register)
        while not registering.done() and lock_waiters() == 0:
            threading.Event().wait(0.05)  # until the registration queues behind the cancellation
        release.set()
        cancelling.result(timeout=60)
        outcome = registering.result(timeout=60)

    assert outcome == "training.enrolment_closed"
    assert not Enrolment.objects.filter(program=program).exists()
    assert Program.objects.get(pk=program.pk).seats_taken == 0
