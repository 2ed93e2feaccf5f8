from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "onestop.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from .references import VISIT_PURPOSE, register_param_reference, register_resolver, visit_purpose_label
        from .workflow import register_timeline_messages

        register_timeline_messages(
            {
                "cases.created": _("Case %(number)s was created."),
                "cases.assigned": _("The case was assigned to %(assignee)s."),
                "cases.visit": _("In-person visit: %(purpose)s."),
                "cases.sla_warning": _("The deadline is near."),
                "cases.sla_breached": _("The deadline has passed."),
            }
        )
        register_resolver(VISIT_PURPOSE, visit_purpose_label)
        register_param_reference("cases.visit", "purpose", VISIT_PURPOSE)
