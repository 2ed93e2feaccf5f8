from onestop.core.permissions import LOGGED_IN

RULES = {
    "notify:inbox": LOGGED_IN,
    "notify:read": LOGGED_IN,
    "notify:read-all": LOGGED_IN,
    "api:notify-notification-list": LOGGED_IN,
    "api:notify-notification-read": LOGGED_IN,
    "api:notify-notification-read-all": LOGGED_IN,
}
