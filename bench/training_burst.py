"""The 1,000-for-300 burst and the live counter, on PostgreSQL.

1. 1,000 participants from 224 organizations try to register for a 300-seat online class at
   the same moment (worker processes x threads, each with its own database connection, all
   starting at one wall-clock instant, like a web tier whose workers all receive a
   registration at once; each attempt is a full ``enrolment_self_register`` with its audit
   event and notification). Reported: seats taken, oversold (must be 0), errors other than
   "full" (must be 0), latency per attempt and from the moment of the burst, the time of one
   registration without contention, and the machine's load average (the box is shared).
2. 300 participants join the class; 300 watchers poll the public counter endpoint of a
   production server (gunicorn, loopback only), as every open class page does.

Run: ``python -m bench.training_burst`` (scratch database ``bench_training``).
"""

from __future__ import annotations

import asyncio
import os
import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from bench.common import ProductionServer, percentile, production_env, recreate_database, write_result

NAME = "training_burst"
DATABASE = "bench_training"
PEOPLE = 1000
SEATS = 300
ORGANIZATIONS = 224
PROCESSES = int(os.environ.get("BENCH_TRAINING_PROCESSES", "4"))
THREADS = int(os.environ.get("BENCH_TRAINING_THREADS", "10"))
WATCHERS = 300
POLLS_PER_WATCHER = 10


def _setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("ONESTOP_LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _world():
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from onestop.accounts.models import Organization, RoleGrant
    from onestop.accounts.roles import Role
    from onestop.accounts.services import user_create
    from onestop.training import services

    fao = Organization.objects.create(name="外事办公室", code="bench-fao", kind="fao")
    orgs = [
        Organization.objects.create(name=f"单位 {i}", code=f"bench-org-{i}", kind="commission", parent=fao)
        for i in range(ORGANIZATIONS)
    ]
    organizer = user_create(
        username="bench-organizer",
        full_name="Organizer",
        password=None,
        roles=[Role.TRAINING_ORGANIZER],
        organization=fao,
    )
    User = get_user_model()
    User.objects.bulk_create(
        [
            User(
                username=f"bench-p{i:04d}",
                full_name=f"参训人员 {i}",
                password="!",
                organization=orgs[i % ORGANIZATIONS],
            )
            for i in range(PEOPLE)
        ]
    )
    people = list(User.objects.filter(username__startswith="bench-p").order_by("username"))
    RoleGrant.objects.bulk_create([RoleGrant(user=u, role=Role.PARTICIPANT) for u in people])
    program = services.program_create(by=organizer, names={"zh-hans": "因公护照业务网上培训"}, capacity=SEATS)
    now = timezone.now()
    session = services.session_create(
        program=program,
        by=organizer,
        kind="online_class",
        titles={"zh-hans": "网上培训"},
        starts_at=now - timedelta(minutes=5),
        ends_at=now + timedelta(hours=3),
        online_url="https://meeting.example.test/room",
    )
    services.program_transition(program=program, name="publish", by=organizer)
    return program, session, people


def _attempts(program_id: int, user_ids: list[int], threads: int, start_at: float, queue) -> None:
    """One worker process: ``threads`` threads, each with its own database connection, all
    starting at ``start_at`` (wall clock) and registering their share of ``user_ids``."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection

    from onestop.core.errors import Conflict
    from onestop.training.models import Program
    from onestop.training.services import enrolment_self_register

    program = Program.objects.select_related("case").get(pk=program_id)
    users = list(get_user_model().objects.filter(pk__in=user_ids))
    from django.urls import reverse

    reverse("training:my-trainings")  # load the URLconf before the clock starts
    connection.close()
    chunks = [users[i::threads] for i in range(threads)]
    results: list[tuple[str, float, float]] = []
    lock = threading.Lock()

    def worker(chunk):
        connection.ensure_connection()
        try:
            time.sleep(max(start_at - time.time(), 0))
            for user in chunk:
                began = time.time()
                try:
                    outcome = enrolment_self_register(program=program, user=user).status
                except Conflict as exc:
                    outcome = "full" if exc.code == "training.full" else f"conflict:{exc.code}"
                except Exception as exc:  # reported, never hidden
                    outcome = f"error:{exc.__class__.__name__}"
                ended = time.time()
                with lock:
                    results.append((outcome, (ended - began) * 1000, (ended - start_at) * 1000))
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(worker, chunks))
    queue.put(results)


def _burst(program, people) -> dict:
    """PROCESSES worker processes x THREADS threads (one connection each) start at the same
    wall-clock instant: the shape of a web tier whose workers all receive a registration at
    once."""
    import multiprocessing

    from django.db import connections

    random.Random(1).shuffle(people)
    ids = [u.pk for u in people]
    per_process = [ids[i::PROCESSES] for i in range(PROCESSES)]
    connections.close_all()
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    start_at = time.time() + 8  # time for the processes to start and load Django
    procs = [
        context.Process(target=_attempts, args=(program.pk, chunk, THREADS, start_at, queue)) for chunk in per_process
    ]
    for proc in procs:
        proc.start()
    results: list[tuple[str, float, float]] = []
    for _proc in procs:
        results.extend(queue.get(timeout=600))
    for proc in procs:
        proc.join()
    wall = max(r[2] for r in results) if results else 0.0

    from onestop.training.models import Enrolment, Program

    program = Program.objects.get(pk=program.pk)
    confirmed = Enrolment.objects.filter(program=program, status="confirmed").count()
    outcomes = [r[0] for r in results]
    latencies = [r[1] for r in results]
    from_start = [r[2] for r in results]
    return {
        "attempts": len(results),
        "capacity": SEATS,
        "seats_taken": program.seats_taken,
        "confirmed_enrolments": confirmed,
        "oversold": max(program.seats_taken - SEATS, 0) + max(confirmed - SEATS, 0),
        "waitlisted": outcomes.count("waitlisted"),
        "refused_full": outcomes.count("full"),
        "other_errors": sum(1 for o in outcomes if o not in ("confirmed", "waitlisted", "full")),
        "other_error_kinds": sorted({o for o in outcomes if o not in ("confirmed", "waitlisted", "full")}),
        "p50_ms": round(percentile(latencies, 0.50), 1),
        "p95_ms": round(percentile(latencies, 0.95), 1),
        "p99_ms": round(percentile(latencies, 0.99), 1),
        "p95_from_burst_start_ms": round(percentile(from_start, 0.95), 1),
        "burst_wall_ms": round(wall, 1),
        "registrations_per_s": round(len(results) / (wall / 1000), 1) if wall else None,
        "concurrency": f"{PROCESSES} processes x {THREADS} threads, one database connection each",
        "organizations": ORGANIZATIONS,
    }


def _fill_class(session) -> int:
    from onestop.training.models import Enrolment
    from onestop.training.services import session_join

    joined = 0
    for enrolment in Enrolment.objects.filter(program_id=session.program_id, status="confirmed").select_related(
        "participant"
    ):
        session_join(session=session, user=enrolment.participant)
        joined += 1
    return joined


async def _watch(url: str) -> tuple[list[float], list[int], int]:
    import aiohttp

    latencies: list[float] = []
    seen: list[int] = []
    failures = 0
    rng = random.Random(7)
    connector = aiohttp.TCPConnector(limit=WATCHERS)
    async with aiohttp.ClientSession(connector=connector) as http:

        async def watcher(i: int):
            nonlocal failures
            await asyncio.sleep(rng.random() * 0.5)
            for _poll in range(POLLS_PER_WATCHER):
                began = time.perf_counter()
                try:
                    async with http.get(url, timeout=aiohttp.ClientTimeout(total=30)) as response:
                        body = await response.json()
                        if response.status != 200:
                            failures += 1
                            continue
                        seen.append(body["present"])
                except Exception:
                    failures += 1
                    continue
                latencies.append((time.perf_counter() - began) * 1000)
                await asyncio.sleep(0.2 + rng.random() * 0.3)

        await asyncio.gather(*(watcher(i) for i in range(WATCHERS)))
    return latencies, seen, failures


def _baseline(people) -> float:
    """Median time of one registration with nobody else registering (a separate program)."""
    from onestop.training.models import Program
    from onestop.training.services import enrolment_self_register, program_create, program_transition, session_create

    template = Program.objects.select_related("organizer").first()
    organizer = template.organizer
    other = program_create(by=organizer, names={"zh-hans": "基线"}, capacity=SEATS)
    first = template.sessions.first()
    session_create(
        program=other,
        by=organizer,
        kind="online_class",
        titles={"zh-hans": "基线"},
        starts_at=first.starts_at,
        ends_at=first.ends_at,
        online_url=first.online_url,
    )
    program_transition(program=other, name="publish", by=organizer)
    timings = []
    for user in people[:30]:
        began = time.perf_counter()
        enrolment_self_register(program=other, user=user)
        timings.append((time.perf_counter() - began) * 1000)
    return round(percentile(timings, 0.5), 1)


def main() -> dict:
    url = recreate_database(DATABASE)
    _setup(url)
    program, session, people = _world()
    baseline = _baseline(people)
    load_before = os.getloadavg()[0]
    print(f"burst: {PEOPLE} people, {SEATS} seats, {PROCESSES}x{THREADS} connections", flush=True)
    result = _burst(program, people)
    result["single_registration_ms"] = baseline
    result["load_average_1min"] = [round(load_before, 1), round(os.getloadavg()[0], 1)]
    print(f"joining {SEATS} participants to the class", flush=True)
    present = _fill_class(session)
    from django.db import connections

    connections.close_all()
    with ProductionServer(production_env(url), workers=2, threads=8) as server:
        counter_url = f"{server.url}/training/sessions/{session.pk}/counter.json"
        began = time.perf_counter()
        latencies, seen, failures = asyncio.run(_watch(counter_url))
        elapsed = time.perf_counter() - began
    result.update(
        {
            "present_in_class": present,
            "watchers": WATCHERS,
            "counter_requests": len(latencies),
            "counter_failures": failures,
            "counter_values_seen": sorted(set(seen)),
            "counter_p50_ms": round(percentile(latencies, 0.50), 1),
            "counter_p95_ms": round(percentile(latencies, 0.95), 1),
            "counter_requests_per_s": round(len(latencies) / elapsed, 1) if elapsed else None,
            "server": "gunicorn on 127.0.0.1, 2 workers x 8 threads, production profile",
        }
    )
    write_result(NAME, result)
    return result


if __name__ == "__main__":
    main()
