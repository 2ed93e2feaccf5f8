"""The demo seeder leaves one valid and one revoked document, and running it again adds none."""

import pytest

from onestop.accounts import demo as accounts_demo
from onestop.documents import demo
from onestop.documents.models import IssuedDocument


@pytest.mark.django_db
def test_demo_documents_are_seeded_once_in_both_states():
    world = {"logins": []}
    accounts_demo.seed(world)
    demo.seed(world)
    demo.seed(world)
    assert IssuedDocument.objects.count() == 2
    assert set(IssuedDocument.objects.values_list("status", flat=True)) == {"valid", "revoked"}
    assert set(world["documents"]) == {"demo:documents:valid", "demo:documents:revoked"}
