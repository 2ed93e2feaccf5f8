"""document_revoke: reason required, staff of the document's kind only, audited, once."""

from __future__ import annotations

import pytest

from onestop.cases.models import AuditEvent, TimelineEntry
from onestop.core.errors import Conflict, DomainError, ValidationFailed
from onestop.documents.models import IssuedDocument
from onestop.documents.services import ERR_REASON_REQUIRED, document_revoke

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_revoking_needs_a_reason(issue, reviewer, reason):
    document = issue()
    with pytest.raises(ValidationFailed) as caught:
        document_revoke(document=document, by=reviewer, reason=reason)
    assert caught.value.code == "documents.reason_required"
    assert caught.value.fields == {"reason": [ERR_REASON_REQUIRED]}
    document.refresh_from_db()
    assert document.status == IssuedDocument.Status.VALID


def test_revoking_records_reason_date_actor_audit_and_timeline(issue, reviewer, case):
    document = issue()
    revoked = document_revoke(document=document, by=reviewer, reason="  出访任务取消  ")
    assert revoked.status == IssuedDocument.Status.REVOKED
    assert revoked.revocation_reason == "出访任务取消"
    assert revoked.revoked_by == reviewer and revoked.revoked_at is not None
    event = AuditEvent.objects.get(action="documents.document.revoked", object_id=str(document.pk))
    assert event.old == {"status": "valid"} and event.new == {"status": "revoked"}
    assert event.data == {"reason": "出访任务取消"}
    assert TimelineEntry.objects.filter(case=case, code="documents.revoked").exists()


def test_revoking_twice_is_a_conflict(issue, reviewer):
    document = issue()
    document_revoke(document=document, by=reviewer, reason="取消")
    with pytest.raises(Conflict) as caught:
        document_revoke(document=document, by=reviewer, reason="again")
    assert caught.value.code == "documents.already_revoked"


def test_a_superseded_document_can_still_be_revoked(issue, reviewer):
    first = issue()
    issue()
    first.refresh_from_db()
    assert document_revoke(document=first, by=reviewer, reason="错误").status == "revoked"


@pytest.mark.parametrize(
    ("roles", "allowed"),
    [
        (("fao_reviewer",), True),
        (("admin",), True),
        (("permit_officer",), False),
        (("training_organizer",), False),
        (("liaison",), False),
        ((), False),
    ],
)
def test_only_staff_of_the_kind_may_revoke(issue, make_user, roles, allowed):
    document = issue()  # a trip approval
    user = make_user(*roles)
    if allowed:
        assert document_revoke(document=document, by=user, reason="错误").status == "revoked"
    else:
        with pytest.raises(DomainError) as caught:
            document_revoke(document=document, by=user, reason="错误")
        assert caught.value.code == "documents.not_permitted" and caught.value.status == 403


def test_the_system_may_revoke(issue):
    document = issue()
    assert document_revoke(document=document, by=None, reason="Permit cancelled").status == "revoked"
    assert AuditEvent.objects.get(action="documents.document.revoked").actor_label == "system"
