"""Hotline intake throughput through the REST API, on PostgreSQL, served by the production
server: gunicorn with ``ONESTOP_PROFILE=production`` on the loopback interface. Every
request runs the whole intake: validation, language detection (lingua), routing (the
trained router and the dispatch catalogue), deadline policy, the kernel case with its
timeline and audit chain, and the clock start. Writes bench/results/hotline_intake.json
with ``per_second``, ``p95_ms`` and ``errors``.

    .venv/bin/python -m bench.hotline_intake [--requests 4000] [--concurrency 8] [--workers 3]
        [--threads 1] [--worker-class gthread] [--no-keep-alive]

The server runs 3 gthread workers of one thread each: with PostgreSQL and the load generator
on the same two cores, a third worker covers the time another waits for the database, and
more workers only add switching between processes (measured: 2 workers 124/s, 3 workers
160/s, 4 workers 137/s, 6 workers 127/s). Each client connection is persistent (HTTP/1.1
keep-alive) and sends its requests one after the other, as an integration or a call-centre
application does; gthread workers keep such connections open (a sync worker closes every
connection, and the client then reconnects). ``--no-keep-alive`` opens a new connection for
every request instead.

Uses its own database ``bench_hotline`` (dropped and created afresh) on
``BENCH_PG`` (default postgres://postgres@127.0.0.1:5432).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results" / "hotline_intake.json"
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432").rstrip("/")
DB_NAME = "bench_hotline"
HOST = "127.0.0.1"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _server_env(var_dir: str) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "ONESTOP_", "DATABASE_URL", "REDIS_URL"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        ONESTOP_PROFILE="production",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_ALLOWED_HOSTS=HOST,
        DATABASE_URL=f"{PG}/{DB_NAME}",
        ONESTOP_VAR_DIR=var_dir,
        ONESTOP_LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    return env


def _recreate_database() -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')


def _prepare(env: dict[str, str]) -> str:
    """Migrate, load the catalogue, train the router, make an agent with an API token."""
    python = str(ROOT / ".venv" / "bin" / "python")
    subprocess.run([python, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    script = r"""
import django, json
django.setup()
from rest_framework.authtoken.models import Token
from onestop.accounts import demo as accounts_demo
from onestop.accounts.models import RoleGrant, User
from onestop.hotline import classifier, dataset, demo, services
world = {"logins": []}
accounts_demo.seed(world)
demo._catalogue(world)
demo._handlers(world)
texts, labels = classifier.read_csv(dataset.DEMO_CSV, text_column="text", label_column="category")
services.router_train(texts=texts, labels=labels, source="demo_requests.csv")
agent = world["users"]["agent"]
token, _ = Token.objects.get_or_create(user=agent)
print(json.dumps({"token": token.key}))
"""
    done = subprocess.run([python, "-c", script], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])["token"]


def _bodies(count: int, seed: int = 99) -> list[bytes]:
    sys.path.insert(0, str(ROOT))
    from onestop.hotline import dataset  # plain module: no Django needed to read the phrases

    rng = random.Random(seed)
    langs, cats = dataset.languages(), dataset.categories()
    bodies = []
    for _ in range(count):
        text = dataset.make_text(language=rng.choice(langs), category=rng.choice(cats), rng=rng)
        payload = {
            "description": text,
            "request_type": "inquiry",
            "district": rng.choice(dataset.DISTRICTS),
            "channel": "phone",
        }
        bodies.append(json.dumps(payload, ensure_ascii=False).encode())
    return bodies


_HEADERS = {"Content-Type": "application/json", "Accept-Language": "en"}


def _post(conn: http.client.HTTPConnection, token: str, body: bytes) -> tuple[int, float]:
    started = time.perf_counter()
    try:
        conn.request(
            "POST", "/api/v1/hotline/requests/", body=body, headers=_HEADERS | {"Authorization": f"Token {token}"}
        )
        response = conn.getresponse()
        response.read()
        status = response.status
        if response.will_close:
            conn.close()
    except (OSError, http.client.HTTPException):
        conn.close()
        status = 0
    return status, (time.perf_counter() - started) * 1000


def _wait_ready(port: int, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not become ready")


def _cpu_seconds(pids: list[int]) -> float:
    """User + system processor time of ``pids`` so far (from /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick


def _server_pids(master: int) -> tuple[list[int], list[int]]:
    """The gunicorn master and its workers; the PostgreSQL backends serving bench_hotline."""
    import psycopg

    pids = [master]
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            pids.append(int(stat.parent.name))
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        rows = conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", (DB_NAME,)).fetchall()
    return pids, [row[0] for row in rows]


def _postgres_aux_pids() -> list[int]:
    """PostgreSQL's own helpers (WAL writer, checkpointer...): they work for every database."""
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        rows = conn.execute("SELECT pid FROM pg_stat_activity WHERE backend_type <> 'client backend'").fetchall()
    return [row[0] for row in rows]


def _calibrate(rounds: int = 3) -> float:
    """Milliseconds one core takes for a fixed piece of pure-Python work (best of
    ``rounds``): a yardstick for comparing this run's figures with a run on another machine,
    since the server's cost per request is almost all interpreter work."""
    best = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        table: dict[int, int] = {}
        total = 0
        for i in range(2_000_000):
            total += i & 7
            if not i % 16:
                table[i & 1023] = total
        best = min(best, time.process_time() - started)
    return round(best * 1000, 1)


def _load(
    port: int, token: str, bodies: list[bytes], concurrency: int, keep_alive: bool
) -> tuple[list[float], list[int], float]:
    latencies: list[float] = []
    statuses: list[int] = []
    lock = threading.Lock()
    position = iter(range(len(bodies)))

    def worker():
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        try:
            while True:
                with lock:
                    index = next(position, None)
                if index is None:
                    return
                status, ms = _post(conn, token, bodies[index])
                if not keep_alive:
                    conn.close()  # the next request opens a new connection
                with lock:
                    latencies.append(ms)
                    statuses.append(status)
        finally:
            conn.close()

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, statuses, time.perf_counter() - started


def _check_written(env: dict[str, str]) -> dict:
    """After the run: the hotline cases and their audit events are all there, the case
    numbers are distinct, and the audit chain verifies (``manage.py audit_verify``)."""
    import psycopg

    with psycopg.connect(f"{PG}/{DB_NAME}") as conn:
        cases, numbers = conn.execute(
            "SELECT count(*), count(DISTINCT number) FROM cases_case WHERE kind = 'hotline'"
        ).fetchone()
        events = conn.execute(
            "SELECT count(*) FROM cases_auditevent WHERE action LIKE %s", ("hotline.case.%",)
        ).fetchone()[0]
    python = str(ROOT / ".venv" / "bin" / "python")
    verified = subprocess.run([python, "manage.py", "audit_verify"], cwd=ROOT, env=env, capture_output=True, text=True)
    return {
        "hotline_cases": cases,
        "distinct_case_numbers": numbers,
        "hotline_audit_events": events,
        "audit_verify": "ok" if verified.returncode == 0 else (verified.stderr or verified.stdout).strip()[-300:],
    }


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--warmup", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--worker-class", choices=["sync", "gthread"], default="gthread")
    parser.add_argument(
        "--keep-alive",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="one persistent connection per client thread (default); --no-keep-alive: one connection per request",
    )
    args = parser.parse_args(argv)
    worker_class = "gthread" if args.threads > 1 else args.worker_class

    var_dir = tempfile.mkdtemp(prefix="bench-hotline-")
    env = _server_env(var_dir)
    _recreate_database()
    token = _prepare(env)
    port = _free_port()
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "config.wsgi:application",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(args.workers),
        "--threads",
        str(args.threads),
        "--worker-class",
        worker_class,
        "--log-level",
        "warning",
        "--timeout",
        "60",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    try:
        _wait_ready(port)
        # every worker loads its models
        _load(port, token, _bodies(args.warmup, seed=1), args.concurrency, args.keep_alive)
        bodies = _bodies(args.requests)
        yardstick_ms = _calibrate()
        gunicorn, backends = _server_pids(server.pid)
        aux = _postgres_aux_pids()
        before = [_cpu_seconds(gunicorn), _cpu_seconds(backends), _cpu_seconds(aux), time.process_time()]
        load_before = os.getloadavg()[0]
        latencies, statuses, seconds = _load(port, token, bodies, args.concurrency, args.keep_alive)
        after = [_cpu_seconds(gunicorn), _cpu_seconds(backends), _cpu_seconds(aux), time.process_time()]
        load_after = os.getloadavg()[0]
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    ok = [ms for ms, status in zip(latencies, statuses, strict=True) if status == 201]
    errors = sum(1 for status in statuses if status != 201)
    written = _check_written(env)
    ordered = sorted(latencies)
    per_request = [(b - a) * 1000 / max(len(statuses), 1) for a, b in zip(before, after, strict=True)]
    gunicorn_ms, postgres_ms, aux_ms, client_ms = per_request
    cpu_ms = gunicorn_ms + postgres_ms
    report = {
        "per_second": round(len(ok) / seconds, 1),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 1),
        "p50_ms": round(statistics.median(ordered), 1),
        "p99_ms": round(ordered[int(0.99 * (len(ordered) - 1))], 1),
        "errors": errors,
        "requests": len(statuses),
        "seconds": round(seconds, 2),
        "status_counts": {str(s): statuses.count(s) for s in sorted(set(statuses))},
        "written": written | {"expected_cases": args.warmup + len(ok)},
        "server_cpu_ms_per_request": round(cpu_ms, 2),
        "cpu_ms_per_request": {
            "gunicorn": round(gunicorn_ms, 2),
            "postgresql_backends": round(postgres_ms, 2),
            "postgresql_helpers": round(aux_ms, 2),
            "client": round(client_ms, 2),
        },
        "estimated_per_second_on_two_free_cores": round(2000 / cpu_ms, 1) if cpu_ms else None,
        "estimated_per_second_on_two_free_cores_with_client": round(2000 / (cpu_ms + aux_ms + client_ms), 1)
        if cpu_ms
        else None,
        "load_average_before_run": round(load_before, 2),
        "python_yardstick_ms": yardstick_ms,
        "load_average_during_run": round(load_after, 2),
        "setup": {
            "server": f"gunicorn {args.workers} workers × {args.threads} threads "
            f"({worker_class}), ONESTOP_PROFILE=production, loopback",
            "database": f"PostgreSQL, database {DB_NAME}",
            "client": f"{args.concurrency} concurrent connections on the same machine, "
            + ("persistent (keep-alive)" if args.keep_alive else "one request per connection"),
            "request": "POST /api/v1/hotline/requests/ by an agent's token, no category given: language detection, "
            "router, catalogue, deadline policy, case + timeline + audit chain, clock start",
            "cpus": os.cpu_count(),
            "note": "The machine is shared with other work; the load generator runs on the same two cores. "
            "server_cpu_ms_per_request is the processor time of the gunicorn processes and of the PostgreSQL "
            "backends serving bench_hotline, per request; the first estimate divides two cores by it, the "
            "second adds the load generator and PostgreSQL's helper processes (WAL writer...). "
            "load_average_during_run is the one-minute load average read at the end of the run. "
            "python_yardstick_ms is the processor time of a fixed pure-Python loop on this machine just before "
            "the run (best of three): figures from two machines compare in proportion to it.",
        },
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2))
    return report


if __name__ == "__main__":
    main()
