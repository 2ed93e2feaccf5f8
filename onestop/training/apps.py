from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "onestop.training"
    label = "training"
    verbose_name = _("Training")

    def ready(self) -> None:
        from onestop.accounts.roles import Role
        from onestop.core.navigation import register
        from onestop.core.services_catalogue import register_public_service

        from . import workflow  # noqa: F401 - registers the program workflow
        from .messages import register_all

        register_all()
        register(
            "training:my-trainings",
            _("My training"),
            {Role.PARTICIPANT},
            _("Programs you enrolled in, your pass for the door, offers from the waitlist, certificates."),
            order=60,
        )
        register(
            "training:manage",
            _("Training programs"),
            {Role.TRAINING_ORGANIZER, Role.FACILITATOR, Role.ADMIN},
            _("Programs, timetables, enrolment, check-in, live questions, statistics and certificates."),
            order=60,
        )
        register(
            "training:liaison",
            _("Training nominations"),
            {Role.LIAISON},
            _("Nominate your organization's people to training programs and follow their enrolment."),
            order=70,
        )
        register_public_service(
            "training:catalogue",
            _("Training programs"),
            _("Courses and online classes of the foreign affairs office: timetable, seats, registration."),
            order=80,
        )
