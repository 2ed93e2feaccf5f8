"""Who may do what with passports: role sets used by selectors and services, and the
permission map entries for every page and API endpoint. Object scoping (a liaison officer
sees only their organization's subtree) is done by the ``access_*`` selectors."""

from onestop.accounts.roles import Role
from onestop.core.permissions import roles

# The passport office and the rest of the Foreign Affairs Office see every passport.
SEE_ALL_ROLES = frozenset({str(Role.PASSPORT_OFFICER), str(Role.FAO_REVIEWER), str(Role.VISA_OFFICER), str(Role.ADMIN)})
# A liaison officer sees the passports of their organization's subtree.
ORG_SCOPED_ROLES = frozenset({str(Role.LIAISON)})
# Keep the registry: register, check out, return, complete handovers, process applications.
OFFICER_ROLES = frozenset({str(Role.PASSPORT_OFFICER)})
# May move a person to another organization (or out of public service).
JOB_CHANGE_ROLES = frozenset({str(Role.LIAISON), str(Role.PASSPORT_OFFICER), str(Role.ADMIN)})
# May report a passport lost or stolen.
LOSS_ROLES = frozenset({str(Role.LIAISON), str(Role.PASSPORT_OFFICER)})

READERS = roles(*SEE_ALL_ROLES, *ORG_SCOPED_ROLES)
OFFICER = roles(*OFFICER_ROLES)
APPLICATION_ACTORS = roles(*OFFICER_ROLES, *ORG_SCOPED_ROLES)

RULES = {
    # pages
    "passports:registry": READERS,
    "passports:detail": READERS,
    "passports:register": OFFICER,
    "passports:desk": OFFICER,
    "passports:lost": roles(*LOSS_ROLES),
    "passports:release": OFFICER,
    "passports:trip": READERS,
    "passports:handovers": READERS,
    "passports:handover-complete": READERS,  # the form (POST) is for passport officers only
    "passports:job-change": roles(*JOB_CHANGE_ROLES),
    "passports:applications": APPLICATION_ACTORS,
    "passports:application-create": roles(*ORG_SCOPED_ROLES),
    "passports:application-detail": APPLICATION_ACTORS,
    "passports:application-edit": roles(*ORG_SCOPED_ROLES),
    "passports:application-act": APPLICATION_ACTORS,
    "passports:application-issue": OFFICER,
    # API
    "api:passports-list": READERS,
    "api:passports-detail": READERS,
    "api:passports-check-out": OFFICER,
    "api:passports-return": OFFICER,
    "api:passports-find": READERS,
    "api:passports-lost": roles(*LOSS_ROLES),
    "api:passports-trip-reservations": READERS,
    "api:passports-reservation-release": OFFICER,
    "api:passports-handover-list": READERS,
    "api:passports-handover-complete": OFFICER,
    "api:passports-job-change": roles(*JOB_CHANGE_ROLES),
    "api:passports-application-list": APPLICATION_ACTORS,
    "api:passports-application-detail": APPLICATION_ACTORS,
    "api:passports-application-action": APPLICATION_ACTORS,
    "api:passports-application-material": roles(*ORG_SCOPED_ROLES),
    "api:passports-policy": READERS,
    "api:passports-blocks": READERS,
}
