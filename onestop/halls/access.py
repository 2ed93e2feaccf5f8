"""Permission map of the halls app (pages in namespace "halls", API in "api")."""

from onestop.accounts.roles import Role
from onestop.core.permissions import LOGGED_IN, PUBLIC, roles

HALL_STAFF = roles(Role.COUNTER_CLERK, Role.HALL_MANAGER, Role.ADMIN)
MANAGER = roles(Role.HALL_MANAGER, Role.ADMIN)

RULES = {
    # public portal
    "halls:waits": PUBLIC,
    "halls:board": PUBLIC,
    "halls:ticket": PUBLIC,
    # the kiosk pages answer only on an enrolled kiosk or for the hall's staff (views.kiosk)
    "halls:kiosk": PUBLIC,
    "halls:kiosk-check-in": PUBLIC,
    "halls:kiosk-triage": PUBLIC,
    "halls:kiosk-issue": PUBLIC,
    "halls:kiosk-ticket": PUBLIC,
    # visitors
    "halls:book": LOGGED_IN,
    "halls:appointment-list": LOGGED_IN,
    "halls:appointment-detail": LOGGED_IN,
    "halls:appointment-ics": LOGGED_IN,
    "halls:appointment-qr": LOGGED_IN,
    "halls:appointment-cancel": LOGGED_IN,
    "halls:appointment-reschedule": LOGGED_IN,
    # counters
    "halls:counter-select": HALL_STAFF,
    "halls:counter": HALL_STAFF,
    "halls:counter-act": HALL_STAFF,
    "halls:kiosk-enrol": HALL_STAFF,
    # managers
    "halls:manage": MANAGER,
    "halls:plan": MANAGER,
    "halls:plan-service-day": MANAGER,
    "halls:plan-staffing-add": MANAGER,
    "halls:plan-staffing-remove": MANAGER,
    "halls:plan-closure": MANAGER,
    "halls:plan-generate": MANAGER,
    "halls:dashboard": MANAGER,
    # API
    "api:halls-hall-list": PUBLIC,
    "api:halls-service-list": PUBLIC,
    "api:halls-wait-list": PUBLIC,
    "api:halls-slot-list": PUBLIC,
    "api:halls-recommendation-list": PUBLIC,
    "api:halls-board": PUBLIC,
    "api:halls-ticket-status": PUBLIC,
    "api:halls-appointment-list": LOGGED_IN,
    "api:halls-appointment-detail": LOGGED_IN,
    "api:halls-appointment-cancel": LOGGED_IN,
    "api:halls-appointment-reschedule": LOGGED_IN,
    "api:halls-kiosk-check-in": HALL_STAFF,
    "api:halls-ticket-issue": HALL_STAFF,
    "api:halls-counter-call-next": HALL_STAFF,
    "api:halls-ticket-action": HALL_STAFF,
    "api:halls-queue": HALL_STAFF,
    "api:halls-forecast": MANAGER,
}
