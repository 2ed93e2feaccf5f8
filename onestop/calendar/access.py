from onestop.accounts.roles import Role
from onestop.core.permissions import PUBLIC, roles

RULES = {
    "calendar:year": roles(Role.ADMIN),
    "calendar:import": roles(Role.ADMIN),
    "api:calendar-working-days": PUBLIC,
}
