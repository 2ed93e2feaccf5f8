from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisasConfig(AppConfig):
    name = "onestop.visas"
    label = "visas"
    verbose_name = _("Visas")

    def ready(self) -> None:
        from onestop.accounts.roles import Role
        from onestop.cases.workflow import on_transition, register_timeline_messages
        from onestop.core.navigation import register
        from onestop.documents.kinds import register_essential_labels, register_kind

        from . import workflow  # noqa: F401  (registers the visa workflow)
        from .services import letters, preparation
        from .trips_link import CLOSING_TRANSITIONS, TRIP_KIND

        # Reactions to trip moves (ADR 0521). Listeners run in registration order: the
        # passports app (installed before this one) has reserved the passports by then.
        on_transition(TRIP_KIND, "approve", preparation.on_trip_approved)
        for name in CLOSING_TRANSITIONS:
            on_transition(TRIP_KIND, name, preparation.on_trip_closed)

        register(
            "visas:queue",
            _("Visa office"),
            {Role.VISA_OFFICER},
            _("Prepared visa applications by embassy, batches with covering letters, issued and refused visas."),
            order=30,
        )
        register(
            "visas:trip-list",
            _("Visas for our trips"),
            {Role.LIAISON},
            _("Where each traveller's visa stands for your organization's approved trips."),
            order=31,
        )
        register(
            "visas:requirement-list",
            _("Visa requirements"),
            {Role.FAO_REVIEWER, Role.PASSPORT_OFFICER, Role.ADMIN},
            _("Which destinations need a visa for each type of public-affairs passport."),
            order=32,
        )
        register_kind(letters.KIND, _("Covering letter for visa applications"), {Role.VISA_OFFICER})
        register_essential_labels(letters.ESSENTIAL_LABELS)
        register_timeline_messages(
            {
                "visas.not_needed.visa_free": _(
                    "%(country)s: entry is visa-free for %(persons)s; no visa application is needed."
                ),
                "visas.not_needed.on_arrival": _(
                    "%(country)s: %(persons)s get a visa on arrival; no visa application is needed before departure."
                ),
                "visas.requirement_unknown": _(
                    "%(country)s: the visa requirement for %(persons)s is not in the table yet; the visa officer "
                    "checks it."
                ),
                "visas.assembled": _(
                    "Prepared from trip %(trip)s and the dossier; %(reused)s materials reused, nothing typed or "
                    "uploaded again."
                ),
            }
        )
        _register_messages()


def _register_messages() -> None:
    """What the liaison officer is told; the kernel sends ``visa.<transition>`` after each move."""
    from onestop.notify.messages import register_message

    messages = {
        "visas.prepared": (
            _("Visa applications prepared for trip %(number)s"),
            _(
                "Trip %(number)s needs visas. The visa office prepared the applications from the trip's data and the "
                "dossier: nothing has to be typed or uploaded again."
            ),
        ),
        "visa.submit": (
            _("Visa application %(number)s submitted"),
            _("Visa application %(number)s (%(title)s) was handed to the embassy, consulate or e-visa portal."),
        ),
        "visa.issue": (
            _("Visa issued: %(number)s"),
            _("The visa of application %(number)s (%(title)s) was issued. It is kept with the passport."),
        ),
        "visa.refuse": (
            _("Visa refused: %(number)s"),
            _("The visa of application %(number)s (%(title)s) was refused. The reason is on the application's page."),
        ),
        "visa.withdraw": (
            _("Visa application %(number)s withdrawn"),
            _("Visa application %(number)s (%(title)s) was withdrawn."),
        ),
    }
    for code, (subject, body) in messages.items():
        register_message(code, subject=subject, body=body)
