"""Issuing and verifying signed documents: how long a render + sign takes, and how big the
PDF is. Runs in-process on a scratch embedded installation (SQLite and a fresh signing key
in a temporary folder), because the database is not what costs time here.

Writes bench/results/documents.json: first_issue_ms (cold: fonts load), issue.p50_ms /
issue.p95_ms (template → WeasyPrint → pyHanko → store → audit), render_pdf.p50_ms and
sign.p50_ms (the two halves), verify_intact.p50_ms and verify_tampered.p50_ms
(document_verify_bytes), pdf_bytes.p50.

Usage: python -m bench.documents [--documents 15]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time

from bench.common import ROOT, percentile, write_result


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=15)
    args = parser.parse_args(argv)

    scratch = tempfile.mkdtemp(prefix="bench-documents-")
    os.environ.update(
        ONESTOP_VAR_DIR=scratch,
        DJANGO_SETTINGS_MODULE="config.settings",
        ONESTOP_LOG_LEVEL="WARNING",
        ONESTOP_SITE_URL="https://onestop.example.gov",
    )
    os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from onestop.accounts.services import user_create
    from onestop.documents import rendering
    from onestop.documents.services import document_issue, document_verify_bytes

    admin = user_create(
        username="bench-admin", full_name="Bench", password="bench-password-1", email="b@example.test", roles=["admin"]
    )
    arguments = {
        "case": None,
        "kind": "generic",
        "title": "关于同意城市理工大学代表团赴德国、法国开展学术交流的批复",
        "template": "documents/generic.html",
        "context": {"intro": "经审核，同意该团组按计划出访。"},
        "essentials": {
            "leader": "张伟",
            "members": ["李娜", "王丽", "陈刚"],
            "destinations": ["德国 柏林", "法国 巴黎"],
            "period": "2026-05-10 — 2026-05-17",
            "passport": "E1****678",
        },
        "by": admin,
        "language": "zh-hans",
    }

    start = time.perf_counter()
    first = document_issue(**arguments)
    first_ms = _ms(start)

    issue_ms, sizes, documents = [], [], []
    for _ in range(args.documents):
        start = time.perf_counter()
        document = document_issue(**arguments)
        issue_ms.append(_ms(start))
        sizes.append(document.size)
        documents.append(document)

    html = rendering.render_html(
        template="documents/generic.html",
        context={**arguments["context"], "document_title": arguments["title"], "essentials": []},
        code=first.code,
        language="zh-hans",
    )
    render_ms, sign_ms = [], []
    for _ in range(max(3, args.documents // 3)):
        start = time.perf_counter()
        pdf = rendering.html_to_pdf(html)
        render_ms.append(_ms(start))
        start = time.perf_counter()
        rendering.sign_pdf(pdf, reason="bench", location="bench")
        sign_ms.append(_ms(start))

    verify_ms, tampered_ms = [], []
    for document in documents[: max(3, args.documents // 3)]:
        data = document.pdf.read()
        start = time.perf_counter()
        assert document_verify_bytes(data=data).status == "intact"
        verify_ms.append(_ms(start))
        changed = bytearray(data)
        changed[data.index(b"stream", 1000) + 120] ^= 0xFF
        start = time.perf_counter()
        assert document_verify_bytes(data=bytes(changed)).status == "tampered"
        tampered_ms.append(_ms(start))

    write_result(
        "documents",
        {
            "documents": args.documents,
            "first_issue_ms": round(first_ms, 1),
            "issue": {"p50_ms": round(percentile(issue_ms, 0.5), 1), "p95_ms": round(percentile(issue_ms, 0.95), 1)},
            "render_pdf": {"p50_ms": round(percentile(render_ms, 0.5), 1)},
            "sign": {"p50_ms": round(percentile(sign_ms, 0.5), 1)},
            "verify_intact": {"p50_ms": round(percentile(verify_ms, 0.5), 1)},
            "verify_tampered": {"p50_ms": round(percentile(tampered_ms, 0.5), 1)},
            "pdf_bytes": {"p50": int(percentile(sizes, 0.5))},
        },
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
