"""Task queue.

With ``REDIS_URL`` set, Celery uses Redis as its broker and separate worker and beat processes
run the jobs. Without it (the embedded profile) tasks run in-process, right after the
transaction that scheduled them commits, and ``manage.py run_platform`` runs the periodic
jobs from the same schedule in a scheduler thread.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("onestop")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
