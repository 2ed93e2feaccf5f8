from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HotlineConfig(AppConfig):
    name = "onestop.hotline"
    label = "hotline"
    verbose_name = _("12345 hotline")

    def ready(self) -> None:
        from onestop.accounts.roles import Role
        from onestop.cases.workflow import register_timeline_messages
        from onestop.core.navigation import register
        from onestop.core.services_catalogue import register_public_service

        from . import workflow  # noqa: F401 - registers the workflow
        from .services.notifications import register_messages

        register_timeline_messages(
            {
                "hotline.note": _("Internal note."),
                "hotline.escalated": _("The deadline passed; the duty supervisor was alerted."),
                "hotline.return_visit": _("Return visit: %(status)s."),
            }
        )
        register_messages()
        register_public_service(
            "hotline:submit",
            _("Ask the 12345 hotline"),
            _("Questions, complaints and suggestions in any of ten languages, answered against a deadline."),
            order=50,
        )
        register(
            "hotline:mine",
            _("My hotline requests"),
            {Role.APPLICANT, Role.TRAVELLER, Role.PARTICIPANT},
            _("Follow your questions and complaints, and rate the answers."),
            order=60,
        )
        register(
            "hotline:agent",
            _("Hotline intake"),
            {Role.HOTLINE_AGENT},
            _("Take calls: caller history, suggested answers, fast entry."),
            order=20,
        )
        register(
            "hotline:visits",
            _("Return visits"),
            {Role.HOTLINE_AGENT, Role.SUPERVISOR},
            _("Call citizens back and record their rating."),
            order=25,
        )
        register(
            "hotline:queue",
            _("Hotline requests"),
            {Role.DISPATCHER, Role.DEPARTMENT_HANDLER, Role.SUPERVISOR, Role.HOTLINE_AGENT},
            _("Requests waiting for you, most urgent first."),
            order=21,
        )
        register(
            "hotline:dashboard",
            _("Hotline dashboard"),
            {Role.SUPERVISOR, Role.ADMIN},
            _("Response, resolution and satisfaction rates; overdue requests."),
            order=22,
        )
        register(
            "hotline:alerts",
            _("Early warnings"),
            {Role.SUPERVISOR, Role.DISPATCHER, Role.DEPARTMENT_HANDLER},
            _("Unusual numbers of similar requests, before complaints pile up."),
            order=23,
        )
