"""document_issue: a signed, registered PDF with Chinese text, audited, on the timeline."""

from __future__ import annotations

import hashlib

import pytest
from django.utils import translation

from onestop.cases.models import AuditEvent, TimelineEntry
from onestop.cases.selectors import case_timeline
from onestop.core.errors import ValidationFailed
from onestop.documents.models import IssuedDocument
from onestop.documents.services import ERR_ESSENTIAL_UNMASKED, document_issue
from onestop.documents.tasks import document_issue_task

from .conftest import TITLE_ZH
from .pdf_tools import pdfsig, pdftotext, squeeze

pytestmark = pytest.mark.django_db


def test_issued_pdf_is_signed_valid_according_to_poppler(issue):
    document = issue()
    report = pdfsig(document.pdf.path)
    assert "Signature is Valid." in report
    assert "Total document signed" in report
    assert "ETSI.CAdES.detached" in report  # PAdES
    assert "SHA-256" in report


def test_pdf_text_contains_the_chinese_title_and_the_verification_line(issue):
    document = issue()
    text = squeeze(pdftotext(document.pdf.path))
    assert squeeze(TITLE_ZH) in text
    assert "张伟" in text
    assert document.code in text
    assert f"https://onestop.example.gov/verify/{document.code}/" in text
    assert "某市人民政府外事办公室" in text


def test_register_row_matches_the_stored_file(issue, case, reviewer):
    document = issue()
    stored = document.pdf.read()
    assert hashlib.sha256(stored).hexdigest() == document.sha256
    assert document.size == len(stored)
    assert document.status == IssuedDocument.Status.VALID
    assert document.case == case and document.issued_by == reviewer
    assert document.language == "zh-hans"
    assert len(document.code) == 16 and document.code.isalnum() and document.code.upper() == document.code


def test_codes_are_random_and_unique(issue):
    codes = {issue().code for _ in range(3)}
    assert len(codes) == 3


def test_essentials_keep_their_order(issue):
    document = IssuedDocument.objects.get(pk=issue().pk)
    assert [key for key, _value in document.essentials] == [
        "case_number",
        "leader",
        "destinations",
        "period",
        "passport",
    ]
    assert document.essentials_map["destinations"] == ["德国 柏林", "法国 巴黎"]


def test_issue_is_audited_and_noted_on_the_case_timeline(issue, case):
    document = issue()
    event = AuditEvent.objects.get(action="documents.document.issued", object_id=str(document.pk))
    assert event.new["code"] == document.code and event.new["sha256"] == document.sha256
    assert TimelineEntry.objects.filter(case=case, code="documents.issued").count() == 1
    entry = TimelineEntry.objects.get(case=case, code="documents.issued")
    assert entry.params["title"] == TITLE_ZH  # kept as issued; the line names the kind
    with translation.override("en"):
        lines = [line.text for line in case_timeline(case=case)]
    assert f"Document issued: Official trip task approval (verification code {document.code})." in lines


def test_a_new_document_of_the_same_kind_supersedes_the_earlier_one(issue):
    first = issue()
    second = issue(title="关于调整出访日程的批复")
    first.refresh_from_db()
    assert first.status == IssuedDocument.Status.SUPERSEDED
    assert first.superseded_by == second
    assert second.status == IssuedDocument.Status.VALID
    assert AuditEvent.objects.filter(action="documents.document.superseded", object_id=str(first.pk)).exists()


def test_documents_without_a_case_can_be_issued(issue):
    document = issue(
        case=None, kind="generic", essentials={"holder": "Maria Souza"}, language="en", title="Certificate"
    )
    assert document.case is None
    assert "Signature is Valid." in pdfsig(document.pdf.path)


@pytest.mark.parametrize(
    ("essentials", "code"),
    [
        ({"holder": "身份证 11010519491231002X"}, "documents.essentials_unmasked"),
        ({"holder": "110105491231002"}, "documents.essentials_unmasked"),
        ({"passport": "E12345678"}, "documents.essentials_unmasked"),
        ({"holder": {"nested": "dict"}}, "documents.essentials_value"),
    ],
)
def test_essentials_refuse_identity_numbers_in_clear_and_odd_values(issue, essentials, code):
    with pytest.raises(ValidationFailed) as caught:
        issue(essentials=essentials)
    assert caught.value.code == code
    assert list(caught.value.fields) == [f"essentials.{next(iter(essentials))}"]
    assert not IssuedDocument.objects.exists()


def test_unmasked_message_names_the_field(issue):
    with pytest.raises(ValidationFailed) as caught:
        issue(essentials={"passport": "E12345678"})
    assert str(caught.value.message) == str(ERR_ESSENTIAL_UNMASKED % {"key": "passport"})


@pytest.mark.parametrize(
    ("overrides", "code", "field"),
    [
        ({"kind": "no_such_kind"}, "documents.kind_unknown", "kind"),
        ({"title": "  "}, "documents.title_required", "title"),
        ({"title": "长" * 301}, "documents.title_long", "title"),
        ({"language": "xx"}, "documents.language", "language"),
        ({"template": "documents/no_such_template.html"}, "documents.template", "template"),
    ],
)
def test_bad_input_is_refused_with_a_coded_error_naming_the_field(issue, overrides, code, field):
    with pytest.raises(ValidationFailed) as caught:
        issue(**overrides)
    assert caught.value.code == code
    assert field in caught.value.fields
    assert not IssuedDocument.objects.exists()


def test_a_failed_save_leaves_no_file_behind(issue, settings, monkeypatch):
    from onestop.documents import services

    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "audit_record", broken)
    with pytest.raises(RuntimeError):
        issue()
    assert not IssuedDocument.objects.exists()
    media = settings.MEDIA_ROOT / "documents"
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_task_issues_from_primary_keys_once_per_request_key(case, reviewer):
    arguments = {
        "case_id": case.pk,
        "kind": "trip_approval",
        "title": TITLE_ZH,
        "template": "documents/generic.html",
        "context": {"intro": "同意。"},
        "essentials": {"leader": "张伟"},
        "by_id": reviewer.pk,
        "language": "zh-hans",
        "request_key": "trip-approval-1",
    }
    first = document_issue_task.apply(kwargs=arguments).get()
    again = document_issue_task.apply(kwargs=arguments).get()
    assert first == again
    assert IssuedDocument.objects.filter(request_key="trip-approval-1").count() == 1
    assert IssuedDocument.objects.get(code=first).issued_by == reviewer


def test_issue_later_runs_after_commit(case, reviewer, django_capture_on_commit_callbacks):
    from onestop.documents.services import document_issue_later

    with django_capture_on_commit_callbacks(execute=True):
        key = document_issue_later(
            case=case,
            kind="trip_approval",
            title=TITLE_ZH,
            template="documents/generic.html",
            context={},
            essentials={"leader": "张伟"},
            by=reviewer,
        )
        assert not IssuedDocument.objects.exists()  # nothing before the commit
    document = IssuedDocument.objects.get(request_key=key)
    assert document.case == case


def test_english_document_uses_english_labels(issue):
    document = issue(language="en", title="Approval of the delegation's visit", essentials={"leader": "Zhang Wei"})
    text = pdftotext(document.pdf.path)
    assert "Delegation leader" in text
    assert "Verification code" in text


def test_document_issue_signature_is_keyword_only():
    import inspect

    params = inspect.signature(document_issue).parameters
    assert all(p.kind == inspect.Parameter.KEYWORD_ONLY for p in params.values())
    assert list(params) == ["case", "kind", "title", "template", "context", "essentials", "by", "language"]
