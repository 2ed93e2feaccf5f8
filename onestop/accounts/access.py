from onestop.core.permissions import LOGGED_IN, PUBLIC

RULES = {
    "accounts:login": PUBLIC,
    "accounts:otp": PUBLIC,
    "accounts:otp-enrol": PUBLIC,
    "accounts:logout": PUBLIC,
    "api:auth-token": PUBLIC,
    "api:auth-me": LOGGED_IN,
}
