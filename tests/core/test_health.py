"""``/healthz`` says the process is alive; ``/readyz`` says whether this instance can serve:
database reachable, migrations applied, broker reachable when one is configured. Both JSON."""

import pytest
from django.db import connection

from onestop.core import views


@pytest.mark.django_db
def test_healthz_answers_json_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_ready_in_the_embedded_profile(client, settings):
    settings.REDIS_URL = ""
    body = client.get("/readyz").json()
    assert body == {"status": "ready", "checks": {"database": "ok", "migrations": "ok", "broker": "in-process"}}


@pytest.mark.django_db
def test_readyz_not_ready_when_migrations_are_pending(client, monkeypatch):
    class PendingExecutor:
        def __init__(self, conn):
            self.loader = type("Loader", (), {"graph": type("Graph", (), {"leaf_nodes": lambda self: []})()})()

        def migration_plan(self, targets):
            return [("trips", "9999_next"), ("cases", "9999_next")]

    monkeypatch.setattr(views, "MigrationExecutor", PendingExecutor)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "2 pending" and response.json()["status"] == "not ready"


@pytest.mark.django_db
def test_readyz_not_ready_when_the_database_is_unreachable(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise connection.features.connection.Database.OperationalError("connection refused")

    monkeypatch.setattr(views.connection, "cursor", broken_cursor)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "error: OperationalError"


@pytest.mark.django_db
def test_readyz_not_ready_when_the_configured_broker_is_unreachable(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"].startswith("error: ")
