from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CalendarConfig(AppConfig):
    name = "onestop.calendar"
    label = "calendar"
    verbose_name = _("Working-day calendar")

    def ready(self) -> None:
        from django.core import checks
        from django.db.models.signals import post_delete, post_save

        from onestop.accounts.roles import Role
        from onestop.core.navigation import register as register_workspace
        from onestop.notify.messages import register_message

        from .checks import calendar_coverage_check
        from .models import CalendarDay, CalendarYear

        checks.register(calendar_coverage_check)

        def _refresh(**kwargs) -> None:
            from .services import _changed_now_and_on_commit

            _changed_now_and_on_commit()

        for model in (CalendarDay, CalendarYear):
            post_save.connect(_refresh, sender=model, dispatch_uid=f"calendar-refresh-save-{model.__name__}")
            post_delete.connect(_refresh, sender=model, dispatch_uid=f"calendar-refresh-delete-{model.__name__}")

        register_workspace(
            "calendar:year",
            _("Working-day calendar"),
            {Role.ADMIN},
            description=_("Holidays and make-up working days per year; import next year's schedule."),
            order=800,
        )
        register_message(
            "calendar.year_missing",
            subject=_("The working-day calendar for %(year)s is missing"),
            body=_(
                "No official holidays and make-up working days are recorded for %(year)s. Until they are "
                "imported, deadlines in %(year)s count Monday to Friday only. Import the State Council's "
                "schedule on the calendar page or with the command calendar_import."
            ),
            channels=("inapp", "email"),
        )
