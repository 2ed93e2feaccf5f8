"""Timeline lines about a document name it in the reader's language: the line refers to
the document's kind, not only to the title of the moment it was issued (ADR 0012)."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps
from django.utils import translation

from onestop.cases.models import TimelineEntry
from onestop.cases.selectors import case_timeline
from onestop.documents.services import document_revoke

from .conftest import TITLE_ZH

pytestmark = pytest.mark.django_db


def _lines(case, language):
    with translation.override(language):
        return [line.text for line in case_timeline(case=case, public_only=False)]


def _document_line(case, language, prefix):
    return next(text for text in _lines(case, language) if text.startswith(prefix))


def test_an_issued_permit_reads_in_the_readers_language(issue, case):
    # Issued while the page was in Chinese: the stored title is Chinese.
    document = issue(kind="work_permit", title="外国人工作许可")
    english = _document_line(case, "en", "Document issued")
    assert english == f"Document issued: Foreigner's work permit (verification code {document.code})."
    arabic = _document_line(case, "ar", "صدرت الوثيقة")
    assert "تصريح عمل للأجانب" in arabic and document.code in arabic
    assert "外国人工作许可" not in english + arabic


def test_a_revoked_document_reads_in_the_readers_language(issue, case, reviewer):
    document = issue()  # a trip approval with a Chinese title
    document_revoke(document=document, by=reviewer, reason="取消")
    english = _document_line(case, "en", "Document revoked")
    assert english == f"Document revoked: Official trip task approval (verification code {document.code})."
    arabic = _document_line(case, "ar", "أُلغيت الوثيقة")
    assert "موافقة على مهمة سفر رسمية" in arabic
    assert TITLE_ZH not in english + arabic


def test_a_generic_document_keeps_its_title(issue, case):
    document = issue(kind="generic", title="情况说明 Statement")
    assert _document_line(case, "ar", "صدرت الوثيقة").startswith("صدرت الوثيقة: 情况说明 Statement")
    assert document.code in _document_line(case, "en", "Document issued")


def test_a_line_without_reference_shows_the_stored_title(issue, case):
    document = issue()
    TimelineEntry.objects.filter(case=case, code="documents.issued").update(
        params={"title": TITLE_ZH, "code": document.code}
    )
    assert _document_line(case, "en", "Document issued") == (
        f"Document issued: {TITLE_ZH} (verification code {document.code})."
    )


def test_the_migration_adds_the_kind_to_lines_written_before(issue, case):
    document = issue(kind="work_permit", title="外国人工作许可")
    TimelineEntry.objects.filter(case=case, code="documents.issued").update(
        params={"title": "外国人工作许可", "code": document.code}
    )
    orphan = TimelineEntry.objects.create(case=case, code="documents.issued", params={"title": "旧", "code": "NONE"})
    migration = importlib.import_module("onestop.documents.migrations.0002_timeline_kind_references")
    migration.add_kind_references(django_apps, None)
    line = TimelineEntry.objects.get(case=case, code="documents.issued", params__code=document.code)
    assert line.params["_refs"] == {"title": ["documents.kind", "work_permit"]}
    orphan.refresh_from_db()
    assert "_refs" not in orphan.params
    assert _document_line(case, "en", "Document issued").startswith("Document issued: Foreigner's work permit")
