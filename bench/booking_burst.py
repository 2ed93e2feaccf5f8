"""2,000 concurrent booking attempts for 500 single-place slots, on PostgreSQL.

Every attempt runs the real ``appointment_book`` (conditional UPDATE on the slot, the per
person limit, the audit event) from a pool of threads, each with its own database
connection; four attempts compete for each slot. Afterwards the database is checked: no
slot has more appointments than places, and every slot's ``booked`` count equals its
appointments. Uses its own database (``bench_halls``, recreated each run with ``bench.common``).

``python -m bench.booking_burst [--attempts 2000] [--slots 500] [--threads 32]``
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import threading
import time
from collections import Counter as Tally
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DB_NAME = "bench_halls"


def setup_database() -> None:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from bench.common import recreate_database

    os.environ["DATABASE_URL"] = recreate_database(DB_NAME)
    os.environ["DB_CONN_MAX_AGE"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import logging

    import django

    django.setup()
    from django.apps import apps
    from django.conf import settings
    from django.core.management import call_command

    logging.disable(logging.WARNING)
    # tables straight from the models (with every constraint); migrations are not under test
    settings.MIGRATION_MODULES = {a.label: None for a in apps.get_app_configs()}
    call_command("migrate", run_syncdb=True, verbosity=0)


def build(slots: int, attempts: int) -> tuple[list, list]:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from onestop.halls.models import BookingPolicy, Hall, HallService, Service, Slot

    service = Service.objects.create(code="biometrics", name="Biometrics", prefix="B", handling_minutes=10)
    BookingPolicy.objects.create(service=None, per_person_active_limit=2)
    start_day = (timezone.localtime() + timedelta(days=1)).replace(hour=9, minute=0, second=0, microsecond=0)
    per_hall = 50
    rows = []
    for h in range((slots + per_hall - 1) // per_hall):
        hall = Hall.objects.create(code=f"hall-{h}", name=f"Hall {h}", district="d", latitude=39.9, longitude=116.4)
        HallService.objects.create(hall=hall, service=service)
        for i in range(min(per_hall, slots - h * per_hall)):
            begin = start_day + timedelta(minutes=10 * i)
            rows.append(Slot(hall=hall, service=service, start=begin, end=begin + timedelta(minutes=10), capacity=1))
    created = Slot.objects.bulk_create(rows)
    User = get_user_model()
    users = User.objects.bulk_create(
        [User(username=f"burst{i}", full_name=f"Visitor {i}", password="!", is_active=True) for i in range(attempts)]
    )
    return created, users


def run(attempts: int, slots: int, threads: int, seed: int = 7) -> dict:
    from onestop.core.errors import DomainError
    from onestop.halls.models import Appointment, Slot
    from onestop.halls.services import appointment_book

    slot_rows, users = build(slots, attempts)
    plan = [(users[i], slot_rows[i % len(slot_rows)]) for i in range(attempts)]
    random.Random(seed).shuffle(plan)
    outcomes: Tally = Tally()
    latencies: list[float] = []
    lock = threading.Lock()
    start_line = threading.Barrier(threads)
    local = threading.local()

    def attempt(item) -> None:
        if not getattr(local, "ready", False):
            start_line.wait()  # every worker starts at once
            local.ready = True
        user, slot = item
        began = time.perf_counter()
        try:
            appointment_book(user=user, service_code="biometrics", slot=slot)
            outcome = "booked"
        except DomainError as exc:
            outcome = exc.code
        elapsed = (time.perf_counter() - began) * 1000
        with lock:
            outcomes[outcome] += 1
            latencies.append(elapsed)

    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(attempt, plan))
    wall = time.perf_counter() - began

    over = 0
    mismatched = 0
    for slot in Slot.objects.all():
        count = Appointment.objects.filter(slot=slot).count()
        over += max(count - slot.capacity, 0)
        mismatched += int(count != slot.booked)
    latencies.sort()
    return {
        "attempts": attempts,
        "slots": slots,
        "threads": threads,
        "successes": outcomes["booked"],
        "refused": {k: v for k, v in outcomes.items() if k != "booked"},
        "double_bookings": over,
        "booked_count_mismatches": mismatched,
        "per_second": round(attempts / wall, 1),
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(latencies[int(0.95 * (len(latencies) - 1))], 1),
        "wall_s": round(wall, 2),
        "database": "postgresql",
        "at": datetime.now().isoformat(timespec="seconds"),
    }


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attempts", type=int, default=2000)
    parser.add_argument("--slots", type=int, default=500)
    parser.add_argument("--threads", type=int, default=32)
    parser.add_argument("--out", default=str(RESULTS / "booking_burst.json"))
    args = parser.parse_args(argv)
    setup_database()
    result = run(args.attempts, args.slots, args.threads)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    main()
