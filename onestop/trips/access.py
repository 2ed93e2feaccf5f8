"""Permission map entries for trip pages and API endpoints. Object scoping (a liaison officer
sees only their organization's subtree) is done by ``selectors.access_trip``."""

from onestop.accounts.roles import Role
from onestop.core.permissions import roles

LIAISON = roles(Role.LIAISON)
REVIEWER = roles(Role.FAO_REVIEWER)
# Who may open a trip at all; ``access_trip`` narrows it to the trips they may see.
TRIP_READERS = roles(Role.LIAISON, Role.FAO_REVIEWER, Role.PASSPORT_OFFICER, Role.VISA_OFFICER)
ACTORS = roles(Role.LIAISON, Role.FAO_REVIEWER)
PASSPORT_OFFICER = roles(Role.PASSPORT_OFFICER)
RETURN_RECORDERS = roles(Role.LIAISON, Role.PASSPORT_OFFICER)
INSPECTORS = roles(Role.FAO_REVIEWER, Role.ADMIN, Role.SUPERVISOR)

RULES = {
    # pages
    "trips:dashboard": LIAISON,
    "trips:create": LIAISON,
    "trips:step": LIAISON,
    "trips:queue": REVIEWER,
    "trips:detail": TRIP_READERS,
    "trips:act": ACTORS,
    "trips:rate": LIAISON,
    "trips:refresh": TRIP_READERS,
    "trips:book": LIAISON,
    "trips:collect": PASSPORT_OFFICER,
    "trips:signature": TRIP_READERS,
    "trips:return": RETURN_RECORDERS,
    "trips:report": LIAISON,
    "trips:inspection": INSPECTORS,
    "trips:inspection-export": INSPECTORS,
    # API
    "api:trips-list": TRIP_READERS,
    "api:trips-detail": TRIP_READERS,
    "api:trips-queue": REVIEWER,
    "api:trips-policy-check": TRIP_READERS,
    "api:trips-member-list": TRIP_READERS,
    "api:trips-member-detail": LIAISON,
    "api:trips-destination-list": TRIP_READERS,
    "api:trips-destination-detail": LIAISON,
    "api:trips-materials": TRIP_READERS,
    "api:trips-action": ACTORS,
    "api:trips-countries": TRIP_READERS,
    "api:trips-readiness": TRIP_READERS,
    "api:trips-collection-options": LIAISON,
    "api:trips-collection-book": LIAISON,
    "api:trips-collection": TRIP_READERS,
    "api:trips-return": RETURN_RECORDERS,
    "api:trips-report": TRIP_READERS,
    "api:trips-inspection": INSPECTORS,
    "api:trips-inspection-rules": INSPECTORS,
}
