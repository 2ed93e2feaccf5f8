"""Two officers revoking the same document at the same moment: one wins, the other gets a
clear conflict, and the audit trail records one revocation."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from onestop.cases.models import AuditEvent
from onestop.core.errors import Conflict
from onestop.documents.services import document_revoke

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_revocations_revoke_once(issue, make_user):
    document = issue()
    officers = [make_user("fao_reviewer"), make_user("fao_reviewer")]
    barrier = threading.Barrier(len(officers))
    outcomes: list[str] = []

    def revoke(officer):
        try:
            barrier.wait()
            document_revoke(document=document, by=officer, reason=f"revoked by {officer.username}")
            outcomes.append("revoked")
        except Conflict as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=revoke, args=(o,)) for o in officers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["documents.already_revoked", "revoked"]
    assert AuditEvent.objects.filter(action="documents.document.revoked").count() == 1
