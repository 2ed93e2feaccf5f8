from onestop.core.permissions import LOGGED_IN, PUBLIC

RULES = {
    "core:landing": PUBLIC,
    "core:home": LOGGED_IN,
    "core:healthz": PUBLIC,
    "core:readyz": PUBLIC,
    "core:set-language": PUBLIC,
    "core:api-schema": PUBLIC,
    "core:api-docs": PUBLIC,
}
