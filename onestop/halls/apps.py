from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HallsConfig(AppConfig):
    name = "onestop.halls"
    label = "halls"
    verbose_name = _("Service halls")

    def ready(self) -> None:
        from onestop.accounts.roles import Role
        from onestop.core.navigation import register
        from onestop.core.services_catalogue import register_public_service

        register_public_service(
            "halls:book",
            _("Book a hall visit"),
            _("Pick a service: we propose the hall and time with the shortest wait, in one click."),
            order=20,
        )
        register_public_service(
            "halls:waits",
            _("Waiting times now"),
            _("How long the queue is at each service hall at this moment, and quieter alternatives."),
            order=21,
        )
        from django.db.models.signals import post_delete, post_save

        from .messages import register_messages
        from .models import BookingPolicy
        from .selectors.reference import policies_changed

        post_save.connect(policies_changed, sender=BookingPolicy, dispatch_uid="halls-policies-saved")
        post_delete.connect(policies_changed, sender=BookingPolicy, dispatch_uid="halls-policies-deleted")

        register_messages()
        visitors = {Role.APPLICANT, Role.TRAVELLER, Role.PARTICIPANT, Role.EMPLOYER, Role.LIAISON}
        register(
            "halls:appointment-list",
            _("My hall visits"),
            visitors,
            _("Book, move or cancel a visit to a service hall."),
            order=40,
        )
        register(
            "halls:counter-select",
            _("Counter"),
            {Role.COUNTER_CLERK, Role.HALL_MANAGER},
            _("Call the next visitor, transfer, complete."),
            order=30,
        )
        register(
            "halls:manage",
            _("Service halls"),
            {Role.HALL_MANAGER, Role.ADMIN},
            _("Capacity, staffing, closures and the load dashboard."),
            order=31,
        )
