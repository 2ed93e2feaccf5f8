"""Who may do what in the dossier: role sets used by the selectors and services, and the
permission map entries for every page and API endpoint of the app."""

from onestop.accounts.roles import Role
from onestop.core.permissions import roles

# Organization-side roles: see and manage the persons of their organization's subtree only.
ORG_SCOPED_ROLES = frozenset({Role.LIAISON, Role.EMPLOYER})
# Back-office roles: see every person.
SEE_ALL_ROLES = frozenset(
    {
        Role.FAO_REVIEWER,
        Role.PASSPORT_OFFICER,
        Role.VISA_OFFICER,
        Role.PERMIT_OFFICER,
        Role.EXIT_ENTRY_OFFICER,
        Role.ADMIN,
    }
)
# May see an identity number in full (every reveal is audited).
REVEAL_ROLES = frozenset(
    {Role.PASSPORT_OFFICER, Role.FAO_REVIEWER, Role.EXIT_ENTRY_OFFICER, Role.PERMIT_OFFICER, Role.ADMIN}
)
# May verify or reject a material.
VERIFY_ROLES = SEE_ALL_ROLES
# Persons who look after their own dossier.
SELF_ROLES = frozenset({Role.TRAVELLER, Role.APPLICANT})

_MANAGERS = roles(*ORG_SCOPED_ROLES, *SEE_ALL_ROLES)
_ANYONE_WITH_A_DOSSIER = roles(*ORG_SCOPED_ROLES, *SEE_ALL_ROLES, *SELF_ROLES)

RULES = {
    # pages
    "dossier:person-list": _MANAGERS,
    "dossier:person-create": _MANAGERS,
    "dossier:person-detail": _ANYONE_WITH_A_DOSSIER,
    "dossier:person-edit": _MANAGERS,
    "dossier:me": roles(*SELF_ROLES),
    "dossier:identity-add": _ANYONE_WITH_A_DOSSIER,
    "dossier:identity-reveal": roles(*REVEAL_ROLES),
    "dossier:material-upload": _ANYONE_WITH_A_DOSSIER,
    "dossier:material-file": _ANYONE_WITH_A_DOSSIER,
    "dossier:material-verify": roles(*VERIFY_ROLES),
    "dossier:material-reject": roles(*VERIFY_ROLES),
    # API
    "api:dossier-person-list": _ANYONE_WITH_A_DOSSIER,
    "api:dossier-person-detail": _ANYONE_WITH_A_DOSSIER,
    "api:dossier-identity-list": _ANYONE_WITH_A_DOSSIER,
    "api:dossier-identity-search": _MANAGERS,
    "api:dossier-identity-reveal": roles(*REVEAL_ROLES),
    "api:dossier-material-list": _ANYONE_WITH_A_DOSSIER,
    "api:dossier-material-detail": _ANYONE_WITH_A_DOSSIER,
    "api:dossier-material-file": _ANYONE_WITH_A_DOSSIER,
    "api:dossier-material-verify": roles(*VERIFY_ROLES),
    "api:dossier-material-reject": roles(*VERIFY_ROLES),
    "api:dossier-material-type-list": _ANYONE_WITH_A_DOSSIER,
}
