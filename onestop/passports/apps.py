from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PassportsConfig(AppConfig):
    name = "onestop.passports"
    label = "passports"
    verbose_name = _("Public-affairs passports")

    def ready(self) -> None:
        from onestop.accounts.roles import Role
        from onestop.cases.workflow import on_transition
        from onestop.core.navigation import register
        from onestop.dossier.events import on_person_moved

        from . import services, workflow  # noqa: F401  (registers the application workflow)

        # A person moved by the dossier's services (any page, API, the admin or the job-change
        # page) raises the handovers of their passports (ADR 0125).
        on_person_moved(services.on_person_moved)

        # Reactions to trip moves (ADR 0503). "cancel" is listened to in case the trips
        # workflow declares it; a listener for an undeclared transition never runs.
        on_transition("trip", "approve", services.on_trip_approved)
        on_transition("trip", "withdraw", services.on_trip_closed)
        on_transition("trip", "reject", services.on_trip_closed)
        on_transition("trip", "cancel", services.on_trip_cancelled)
        on_transition("trip", "submit", services.on_trip_submitted)
        on_transition("trip", "resubmit", services.on_trip_submitted)

        register(
            "passports:desk",
            _("Passport desk"),
            {Role.PASSPORT_OFFICER},
            _("Check passports out and take them back by scanning the machine-readable zone."),
            order=25,
        )
        register(
            "passports:registry",
            _("Passport registry"),
            {Role.PASSPORT_OFFICER, Role.LIAISON, Role.FAO_REVIEWER, Role.VISA_OFFICER, Role.ADMIN},
            _("Public-affairs passports: custody, reservations, due dates and history."),
            order=26,
        )
        register(
            "passports:applications",
            _("Passport applications"),
            {Role.PASSPORT_OFFICER, Role.LIAISON},
            _("New passports and renewals, filed in parallel with the trip approval."),
            order=27,
        )
        register(
            "passports:handovers",
            _("Passport handovers"),
            {Role.PASSPORT_OFFICER, Role.LIAISON},
            _("Passports to transfer or cancel after a job change."),
            order=28,
        )
        _register_messages()


def _register_messages() -> None:
    from onestop.notify.messages import register_message

    messages = {
        "passports.reminder_before": (
            _("Passport %(number)s is due back on %(due)s"),
            _(
                "Passport %(number)s of %(holder)s, taken out for trip %(trip)s, is due back at the passport office "
                "on %(due)s."
            ),
        ),
        "passports.reminder_due": (
            _("Passport %(number)s is due back today"),
            _(
                "Passport %(number)s of %(holder)s, taken out for trip %(trip)s, is due back at the passport office "
                "today (%(due)s)."
            ),
        ),
        "passports.escalated": (
            _("Passport %(number)s is overdue"),
            _("Passport %(number)s of %(holder)s (trip %(trip)s) was due back on %(due)s and has not been returned."),
        ),
        "passports.blocked": (
            _("New trips of %(organization)s are blocked"),
            _(
                "Passport %(number)s of %(holder)s was due back on %(due)s and is more than %(limit)s days overdue. "
                "%(organization)s cannot submit new trips until it is returned."
            ),
        ),
        "passports.lost": (
            _("Passport %(number)s reported lost or stolen"),
            _("Passport %(number)s of %(holder)s was reported: %(kind)s. It is no longer valid for travel."),
        ),
        "passports.application_needed": (
            _("Passport application needed for %(holder)s"),
            _(
                "Trip %(trip)s was approved, but %(holder)s has no passport valid long enough. Passport application "
                "%(number)s was opened: complete it and submit it."
            ),
        ),
        "passports.handover_raised": (
            _("Passport handover for %(holder)s"),
            _(
                "%(holder)s changed jobs: passport %(number)s must be transferred or cancelled. Complete the handover "
                "on the handover page."
            ),
        ),
        "passport_application.issue": (
            _("Passport issued: application %(number)s"),
            _(
                "The passport of application %(number)s was issued. It is kept in custody until it is checked out "
                "for the trip."
            ),
        ),
        "passport_application.request_correction": (
            _("Application %(number)s needs a correction"),
            _("The passport office asked for a correction to application %(number)s. Open it to see what to change."),
        ),
    }
    for code, (subject, body) in messages.items():
        register_message(code, subject=subject, body=body)
