from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Timeline lines of other apps refer to a hall by its code with this reference kind
# (``onestop.cases.references.with_reference("place", HALL_REFERENCE, hall.code)``).
HALL_REFERENCE = "halls.hall"


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
        _register_timeline_names()
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


def _register_timeline_names() -> None:
    """Case timelines name halls and hall services in the reader's language: a visit
    recorded at check-in has the purpose ``halls.<service code>``; a line that stored a
    hall's name as it read then refers to the hall by that name (``halls.hall_name``)."""
    from onestop.cases.references import register_resolver, register_visit_purpose_prefix

    register_visit_purpose_prefix("halls.", _service_name)
    register_resolver("halls.hall_name", _hall_name_from_stored)
    register_resolver(HALL_REFERENCE, _hall_name_by_code)


def _service_name(code: str) -> str | None:
    from .models import Service

    service = Service.objects.filter(code=code).only("name", "names").first()
    return service.display_name if service is not None else None


def _hall_name_by_code(code: str) -> str | None:
    """The name, in the active language, of the hall with this code (closed halls included);
    None for a code no hall has."""
    from .models import Hall

    hall = Hall.objects.filter(code=code).only("name", "names").first() if code else None
    return hall.display_name if hall is not None else None


def _hall_name_from_stored(text: str) -> str | None:
    """The hall whose name, in any language, is ``text``; None when no hall has that name
    (a place typed by hand is shown as typed)."""
    from .models import Hall

    text = (text or "").strip()
    if not text:
        return None
    for hall in Hall.objects.only("name", "names"):
        if text == hall.name or text in (hall.names or {}).values():
            return hall.display_name
    return None
