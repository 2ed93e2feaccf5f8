"""Run the embedded platform: the web server plus the periodic-job scheduler in one process.

Tasks already run in-process in the embedded profile; this command adds the scheduler
thread that fires ``CELERY_BEAT_SCHEDULE`` on time. With ``REDIS_URL`` set, run
``celery -A config worker`` and ``celery -A config beat`` instead (docs/operations.md).
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import UTC, datetime

from celery.schedules import crontab
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

logger = logging.getLogger("onestop.scheduler")


def _due(schedule, last_run: float | None, now: float) -> bool:
    if isinstance(schedule, (int, float)):
        return last_run is None or now - last_run >= float(schedule)
    if isinstance(schedule, crontab):
        last = datetime.fromtimestamp(last_run or now - 61, tz=UTC)
        return schedule.is_due(last).is_due
    return False


def scheduler_loop(stop: threading.Event, *, tick: float = 5.0) -> None:
    last: dict[str, float] = {}
    while not stop.is_set():
        now = time.time()
        for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
            if name not in last and isinstance(entry["schedule"], crontab):
                last[name] = now  # wait for the first matching minute
                continue
            if _due(entry["schedule"], last.get(name), now):
                last[name] = now
                try:
                    import_string(entry["task"]).apply()
                except Exception:  # a failing job must not stop the scheduler
                    logger.exception("periodic job %s failed", name)
        stop.wait(tick)


class Command(BaseCommand):
    help = "Run the web server and the periodic-job scheduler (embedded profile)."

    def add_arguments(self, parser):
        parser.add_argument("--addr", default="127.0.0.1:8000")

    def handle(self, *args, **options):
        stop = threading.Event()
        worker = threading.Thread(target=scheduler_loop, args=(stop,), name="scheduler", daemon=True)
        worker.start()
        self.stdout.write("Scheduler started (periodic jobs run in-process).")
        try:
            call_command("runserver", options["addr"], use_reloader=False)
        finally:
            stop.set()
