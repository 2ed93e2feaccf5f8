"""Who may do what with visas: role sets used by the selectors and services, and the
permission map entries for every page and API endpoint. Object scoping (a liaison officer
sees only their organization's trips and applications) is done by the ``access_*``
selectors, which answer "not found" for missing and forbidden objects alike."""

from onestop.accounts.roles import Role
from onestop.core.permissions import roles

# The visa office works the applications; the rest of the Foreign Affairs Office reads them.
OFFICER_ROLES = frozenset({str(Role.VISA_OFFICER)})
SEE_ALL_ROLES = frozenset({str(Role.VISA_OFFICER), str(Role.FAO_REVIEWER), str(Role.PASSPORT_OFFICER), str(Role.ADMIN)})
# A liaison officer reads the visa status of their organization's (subtree's) trips.
ORG_SCOPED_ROLES = frozenset({str(Role.LIAISON)})

OFFICER = roles(*OFFICER_ROLES)
FAO = roles(*SEE_ALL_ROLES)
READERS = roles(*SEE_ALL_ROLES, *ORG_SCOPED_ROLES)

RULES = {
    # pages
    "visas:queue": OFFICER,
    "visas:queue-refresh": OFFICER,
    "visas:batch-list": FAO,
    "visas:batch-create": OFFICER,
    "visas:batch-detail": FAO,
    "visas:batch-letter": OFFICER,
    "visas:application-list": READERS,
    "visas:application-detail": READERS,
    "visas:application-issue": OFFICER,
    "visas:application-refuse": OFFICER,
    "visas:application-withdraw": OFFICER,
    "visas:application-refresh": OFFICER,
    "visas:visa-reveal": OFFICER,
    "visas:trip-list": READERS,
    "visas:trip-status": READERS,
    "visas:trip-prepare": OFFICER,
    "visas:requirement-list": READERS,
    # API
    "api:visas-requirement-list": READERS,
    "api:visas-requirement-lookup": READERS,
    "api:visas-mission-list": READERS,
    "api:visas-queue": OFFICER,
    "api:visas-application-list": READERS,
    "api:visas-application-detail": READERS,
    "api:visas-application-issue": OFFICER,
    "api:visas-application-refuse": OFFICER,
    "api:visas-application-withdraw": OFFICER,
    "api:visas-application-refresh": OFFICER,
    "api:visas-visa-reveal": OFFICER,
    "api:visas-batch-list": FAO,
    "api:visas-batch-detail": FAO,
    "api:visas-trip-status": READERS,
    "api:visas-trip-prepare": OFFICER,
}
