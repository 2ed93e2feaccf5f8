"""List pages run a fixed number of queries, however many documents there are."""

from __future__ import annotations

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from onestop.documents.models import IssuedDocument, new_code

pytestmark = pytest.mark.django_db
_n = itertools.count()


def _rows(case, count: int) -> None:
    """Register rows without rendering PDFs: the list pages never open the files."""
    for _ in range(count):
        n = next(_n)
        code = new_code()
        IssuedDocument.objects.create(
            code=code,
            kind="trip_approval",
            case=case,
            title=f"批复 {n}",
            essentials=[["leader", "张伟"]],
            language="zh-hans",
            issuer="外事办公室",
            pdf=f"documents/2026/01/{code}.pdf",
            sha256=f"{n:064x}",
            signer_fingerprint="0" * 64,
            signature_sha256=f"{n:064x}",
            issued_at=timezone.now(),
            status=IssuedDocument.Status.SUPERSEDED if n % 2 else IssuedDocument.Status.VALID,
        )


def _count(request) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = request()
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_register_page_query_count_does_not_grow(case, login, make_user):
    client = login(make_user("fao_reviewer"))
    client.get("/documents/")  # the first request of a session also writes the session
    _rows(case, 3)
    few = _count(lambda: client.get("/documents/"))
    _rows(case, 20)
    many = _count(lambda: client.get("/documents/"))
    assert few == many


def test_register_api_query_count_does_not_grow(case, api, make_user):
    client = api(make_user("fao_reviewer"))
    _rows(case, 3)
    few = _count(lambda: client.get("/api/v1/documents/"))
    _rows(case, 20)
    many = _count(lambda: client.get("/api/v1/documents/"))
    assert few == many
