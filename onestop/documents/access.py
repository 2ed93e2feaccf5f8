"""Permission map entries. Verification is public (anyone holding the paper); downloads are
scoped per document by ``selectors.access_document``; the register and revocation are for
staff responsible for at least one kind of document, scoped per kind by the selectors."""

from __future__ import annotations

from typing import Any

from onestop.core.permissions import LOGGED_IN, PUBLIC, HasRole, Rule

from .kinds import all_kinds


class DocumentStaff(Rule):
    """Holds a staff role of some registered kind of document (kinds are registered by the
    apps at start-up, so the role set is read when the rule is checked)."""

    def allows(self, user: Any, request: Any = None) -> bool:
        roles = frozenset().union(*(kind.staff_roles for kind in all_kinds()))
        return HasRole(roles).allows(user, request)

    def describe(self) -> str:
        return "staff role of a kind of document"


DOCUMENT_STAFF: Rule = DocumentStaff()

RULES = {
    "documents:verify": PUBLIC,
    "documents:verify-upload": PUBLIC,
    "documents:download": LOGGED_IN,
    "documents:register": DOCUMENT_STAFF,
    "documents:revoke": DOCUMENT_STAFF,
    "api:documents-verify": PUBLIC,
    "api:documents-verify-upload": PUBLIC,
    "api:documents-download": LOGGED_IN,
    "api:documents-list": DOCUMENT_STAFF,
    "api:documents-revoke": DOCUMENT_STAFF,
}
