"""FAO work queue and liaison dashboard with 100,000 trips on PostgreSQL, served by gunicorn.

Writes bench/results/pages.json with, for `work_queue` and `dashboard`: p50_ms, p95_ms (over
HTTP against the production server on loopback), queries_at_1k and queries_at_100k (one page
render counted in-process at each size). Target: p95 under 150 ms; the query count does not
grow with the number of rows.

Usage: python -m bench.pages [--trips 100000] [--requests 200]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import urllib.request

from bench.common import ROOT, ProductionServer, percentile, pg_url, production_env, recreate_database, write_result

DB_NAME = "bench_pages"


def _setup_django(database_url: str) -> None:
    os.environ.update(production_env(database_url, DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver"))
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-" + "x" * 40)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _session_cookie(user) -> str:
    """A logged-in, second-factor-verified session, as the login pages would create it."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store["otp_device_id"] = device.persistent_id
    store["last_seen"] = int(time.time())
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def _count_queries(user, path: str) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.cookies.load(_session_cookie(user))
    client.get(path)  # warm caches (content types, permission map)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, f"{path} answered {response.status_code}"
    return len(ctx.captured_queries)


def _timed_requests(url: str, cookie: str, n: int) -> list[float]:
    times = []
    for _ in range(n):
        request = urllib.request.Request(url, headers={"Cookie": cookie})
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
            assert response.status == 200
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trips", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--reuse", action="store_true", help="keep the database of the previous run")
    args = parser.parse_args()

    database_url = pg_url(DB_NAME) if args.reuse else recreate_database(DB_NAME)
    env = production_env(database_url)
    env.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-" + "x" * 40)
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    _setup_django(database_url)

    from django.urls import reverse

    from onestop.accounts.models import User
    from onestop.core.management.commands.seed_demo import seeders
    from onestop.dossier.models import Person
    from onestop.trips.bulk import trips_bulk_create

    world: dict = {"logins": []}
    for module in seeders() if not args.reuse else ():
        if module.__name__.split(".")[1] in {"accounts", "dossier"}:
            module.seed(world)
    liaison = User.objects.get(username="liaison")
    reviewer = User.objects.get(username="reviewer")
    orgs = list({p.organization for p in Person.objects.select_related("organization") if p.organization_id})
    own_org = [o for o in orgs if o.pk == liaison.organization_id]
    persons = list(Person.objects.all())
    paths = {"work_queue": reverse("trips:queue"), "dashboard": reverse("trips:dashboard")}
    users = {"work_queue": reviewer, "dashboard": liaison}

    def fill(total: int) -> None:
        from onestop.trips.models import Trip

        missing = total - Trip.objects.count()
        if missing > 0:
            # a tenth of the trips belong to the liaison officer's organization
            trips_bulk_create(n=missing // 10, organizations=own_org, persons=persons)
            trips_bulk_create(n=missing - missing // 10, organizations=orgs, persons=persons)
        subprocess.run(["psql", database_url, "-q", "-c", "VACUUM ANALYZE"], check=False)

    if args.reuse:
        # the 1k figure cannot be re-measured on the full database: keep the previous run's
        import json

        previous = json.loads((ROOT / "bench" / "results" / "pages.json").read_text())
        at_1k = {name: previous[name]["queries_at_1k"] for name in paths}
    else:
        fill(1_000)
        at_1k = {name: _count_queries(users[name], path) for name, path in paths.items()}
    fill(args.trips)
    at_100k = {name: _count_queries(users[name], path) for name, path in paths.items()}

    results: dict = {"trips": args.trips, "requests_per_page": args.requests, "server": "gunicorn, 4 workers"}
    results["load_average_before_run"] = round(os.getloadavg()[0], 2)
    with ProductionServer(env, workers=4) as server:
        for name, path in paths.items():
            cookie = _session_cookie(users[name])
            _timed_requests(server.url + path, cookie, 10)  # warm-up
            times = _timed_requests(server.url + path, cookie, args.requests)
            results[name] = {
                "p50_ms": round(percentile(times, 0.50), 1),
                "p95_ms": round(percentile(times, 0.95), 1),
                "queries_at_1k": at_1k[name],
                "queries_at_100k": at_100k[name],
            }
    results["load_average_after_run"] = round(os.getloadavg()[0], 2)
    results["targets"] = {"p95_ms_below": 150, "queries_constant": True}
    results["targets_met"] = all(
        results[n]["p95_ms"] < 150 and results[n]["queries_at_1k"] == results[n]["queries_at_100k"] for n in paths
    )
    write_result("pages", results)


if __name__ == "__main__":
    main()
