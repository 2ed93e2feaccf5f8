from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PermitsConfig(AppConfig):
    name = "onestop.permits"
    label = "permits"
    verbose_name = _("Joint work and residence permits")

    def ready(self) -> None:
        from onestop.cases.workflow import register_timeline_messages
        from onestop.core.navigation import register as register_workspace
        from onestop.core.services_catalogue import register_public_service
        from onestop.notify.messages import register_message

        from . import workflow  # noqa: F401  (registers the "permit" workflow)

        register_timeline_messages(
            {
                "permits.work_permit.started": _("The work-permit review started."),
                "permits.residence_permit.started": _("The residence-permit review started."),
                "permits.work_permit.approved": _("Work-permit review: approved."),
                "permits.residence_permit.approved": _("Residence-permit review: approved."),
                "permits.work_permit.refused": _("Work-permit review: refused."),
                "permits.residence_permit.refused": _("Residence-permit review: refused."),
                "permits.work_permit.correction_requested": _("Work-permit review: corrections needed."),
                "permits.residence_permit.correction_requested": _("Residence-permit review: corrections needed."),
                "permits.biometrics_booked": _("Biometrics appointment booked at %(place)s."),
            }
        )
        from onestop.cases.references import register_param_reference

        # The line refers to the hall by its code and shows its name in the reader's language.
        # Lines written before the reference stored the hall's name as booked: those are
        # matched by name.
        register_param_reference("permits.biometrics_booked", "place", "halls.hall_name")
        register_workspace(
            "permits:index",
            _("Joint work and residence permits"),
            {"employer"},
            _("File one application for a foreign employee's work permit and residence permit."),
            order=40,
        )
        register_workspace(
            "permits:queue",
            _("Permit reviews"),
            {"permit_officer", "exit_entry_officer"},
            _("Your half of the joint permit reviews, most urgent first."),
            order=40,
        )
        register_workspace(
            "permits:dashboard",
            _("Permit compliance"),
            {"supervisor", "admin"},
            _("Is the promise of seven working days kept? On-time rate, open cases, breaches."),
            order=60,
        )
        register_public_service(
            "permits:index",
            _("Work permit and residence permit in one application"),
            _("Employers file once for a foreign employee; both permits are decided together in seven working days."),
            order=40,
        )
        register_message(
            "permits.correction_requested",
            subject=_("Corrections needed: application %(number)s"),
            body=_(
                "Both reviews of the joint permit application %(number)s are done and need these corrections. "
                "The deadline is paused until you send them:\n%(points)s"
            ),
        )
        register_message(
            "permits.refused",
            subject=_("Application %(number)s refused"),
            body=_("The joint permit application %(number)s was refused for these reasons:\n%(points)s"),
        )
        register_message(
            "permit.approve",
            subject=_("Permits approved: application %(number)s"),
            body=_(
                "The work permit and the residence permit of application %(number)s were approved together. "
                "The signed permits are on the case page."
            ),
        )
        register_message(
            "permits.sla_warning",
            subject=_("Deadline near: permit case %(number)s"),
            body=_("Your %(review)s of case %(number)s is still open; the joint decision is due by %(due)s."),
            channels=("inapp", "email"),
        )
