"""The hotline's part of the permission map."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from onestop.accounts.roles import Role
from onestop.core.permissions import LOGGED_IN, PUBLIC, Rule, roles

AGENT = roles(Role.HOTLINE_AGENT, Role.SUPERVISOR)
DISPATCHING = roles(Role.DISPATCHER, Role.SUPERVISOR)
STAFF = roles(Role.HOTLINE_AGENT, Role.DISPATCHER, Role.DEPARTMENT_HANDLER, Role.SUPERVISOR, Role.ADMIN)
SUPERVISION = roles(Role.SUPERVISOR, Role.ADMIN)
WARNINGS = roles(Role.SUPERVISOR, Role.DISPATCHER, Role.DEPARTMENT_HANDLER, Role.ADMIN)
READERS = roles(
    Role.APPLICANT,
    Role.TRAVELLER,
    Role.PARTICIPANT,
    Role.LIAISON,
    Role.EMPLOYER,
    Role.HOTLINE_AGENT,
    Role.DISPATCHER,
    Role.DEPARTMENT_HANDLER,
    Role.SUPERVISOR,
    Role.ADMIN,
)


@dataclass(frozen=True)
class ByMethod(Rule):
    """One URL, two rules: reading a list needs ``read``; sending a new request (POST) is
    open to anyone (each channel checks its own credentials and throttles)."""

    read: Rule
    write: Rule

    def allows(self, user: Any, request: Any = None) -> bool:
        method = getattr(request, "method", "GET")
        return (self.write if method == "POST" else self.read).allows(user, request)

    def describe(self) -> str:
        return f"GET: {self.read.describe()}; POST: {self.write.describe()}"


RULES = {
    # Open311 GeoReport v2: public reads; POST checks the client's api_key itself.
    "hotline:open311-discovery": PUBLIC,
    "hotline:open311-services": PUBLIC,
    "hotline:open311-service": PUBLIC,
    "hotline:open311-requests": PUBLIC,
    "hotline:open311-request": PUBLIC,
    "hotline:open311-token": PUBLIC,
    "hotline:open311-unknown": PUBLIC,
    # pages for citizens
    "hotline:submit": PUBLIC,
    "hotline:track": PUBLIC,
    "hotline:mine": LOGGED_IN,
    # pages for staff
    "hotline:agent": AGENT,
    "hotline:queue": STAFF,
    "hotline:detail": STAFF,
    "hotline:act": STAFF,
    "hotline:note": STAFF,
    "hotline:attachment": STAFF,
    "hotline:visits": AGENT,
    "hotline:visit": AGENT,
    "hotline:dashboard": SUPERVISION,
    "hotline:alerts": WARNINGS,
    "hotline:alert": WARNINGS,
    "hotline:alert-ack": WARNINGS,
    # REST API
    "api:hotline-request-list": ByMethod(read=READERS, write=PUBLIC),
    "api:hotline-request-detail": READERS,
    "api:hotline-request-action": STAFF,
    "api:hotline-request-feedback": READERS,
    "api:hotline-track": PUBLIC,
    "api:hotline-category-list": PUBLIC,
    "api:hotline-district-list": PUBLIC,
    "api:hotline-route-preview": roles(Role.HOTLINE_AGENT, Role.DISPATCHER, Role.SUPERVISOR),
    "api:hotline-caller-history": AGENT,
    "api:hotline-dashboard": SUPERVISION,
    "api:hotline-alert-list": WARNINGS,
    "api:hotline-corrections": SUPERVISION,
}
