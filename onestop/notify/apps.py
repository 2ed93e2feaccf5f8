from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "onestop.notify"
    label = "notify"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from onestop.accounts.roles import Role
        from onestop.core.navigation import register as register_workspace

        from .messages import register_message

        register_workspace(
            "notify:inbox",
            _("Notifications"),
            {str(r) for r in Role},
            description=_("Messages about your cases and deadlines."),
            order=900,
        )
        register_message(
            "notify.case_changed",
            subject=_("Case %(number)s: %(state)s"),
            body=_("Your case %(number)s is now: %(state)s."),
        )
        register_message(
            "notify.sla_warning",
            subject=_("Deadline near: case %(number)s"),
            body=_("Case %(number)s (%(state)s) is due by %(due)s. Please deal with it in time."),
            channels=("inapp", "email"),
        )
        register_message(
            "notify.sla_breached",
            subject=_("Deadline passed: case %(number)s"),
            body=_("Case %(number)s (%(state)s) was due by %(due)s and is not finished."),
            channels=("inapp", "email"),
        )
        register_message(
            "notify.welcome",
            subject=_("Welcome to OneStop"),
            body=_("Messages about your cases appear here and, if you gave an e-mail address, in your mailbox."),
            channels=("inapp",),
        )
