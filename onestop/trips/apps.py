from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TripsConfig(AppConfig):
    name = "onestop.trips"
    label = "trips"
    verbose_name = _("Official trips")

    def ready(self) -> None:
        from onestop.accounts.roles import Role
        from onestop.core.navigation import register

        from . import workflow  # noqa: F401  (registers the workflow)

        register(
            "trips:dashboard",
            _("Official trips"),
            {Role.LIAISON},
            _("File and follow your organization's official trips abroad."),
            order=20,
        )
        register(
            "trips:queue",
            _("Trip approvals"),
            {Role.FAO_REVIEWER},
            _("Review, assign and decide official trips waiting for the Foreign Affairs Office."),
            order=20,
        )
        register(
            "trips:inspection",
            _("Trip inspection"),
            {Role.FAO_REVIEWER, Role.ADMIN, Role.SUPERVISOR},
            _("Findings after the trips: overstays, countries not approved, late passports and reports, limits."),
            order=21,
        )
        from onestop.documents.kinds import register_essential_labels

        register_essential_labels({"approval_number": _("Approval number")})
        _register_messages()
        _register_timeline()
        _listen()


def _listen() -> None:
    """A passport application or visa of the trip moved: check the trip's readiness after
    the commit (ADR 0541). A listener for a kind that is not installed never runs."""
    from onestop.cases.workflow import on_transition

    from .services.collection import on_child_case_moved

    for kind, name in (
        ("passport_application", "issue"),
        ("passport_application", "reject"),
        ("passport_application", "withdraw"),
        ("visa", "issue"),
        ("visa", "refuse"),
        ("visa", "withdraw"),
    ):
        on_transition(kind, name, on_child_case_moved)


def _register_timeline() -> None:
    from onestop.cases.references import register_param_reference, register_resolver, register_visit_purpose
    from onestop.cases.workflow import register_timeline_messages

    from .countries import COUNTRY_REFERENCE, country_reference_name
    from .services.collection import DEFAULT_PLACE_REFERENCE, VISIT_PURPOSE

    register_visit_purpose(VISIT_PURPOSE, _("Collection of the passports and visas of the trip"))
    # Lines that name a destination refer to it by its ISO code (the visa notes, for one).
    register_resolver(COUNTRY_REFERENCE, country_reference_name)
    # The collection line refers to the hall by its code; the place typed by the officer is
    # shown as typed. Lines written before the reference stored the hall's name as it read
    # then: those are matched by name.
    register_param_reference("trip.collect", "place", "halls.hall_name")
    register_resolver(DEFAULT_PLACE_REFERENCE, lambda key: _("the foreign-affairs office's counter"))

    register_timeline_messages(
        {
            "trips.collection_booked": _("The collection visit was booked for %(start)s (booking %(code)s)."),
            "trips.passports_reserved": _(
                "Passports reserved in custody for the trip: %(count)s of %(total)s travellers."
            ),
            "trips.passports_checked_out": _("Passports handed out with the collection: %(count)s."),
            "trips.passports_returned": _("Passports handed back to the passport office: %(count)s."),
            "trips.report_overdue": _("The trip report was due on %(due)s and has not been submitted."),
        }
    )


def _register_messages() -> None:
    """What the liaison officer (and, on resubmission, the reviewer) is told; the kernel
    sends ``trip.<transition>`` after each move."""
    from onestop.notify.messages import register_message

    messages = {
        "trip.submit": (
            _("Trip %(number)s submitted"),
            _("Trip %(number)s (%(title)s) was sent to the Foreign Affairs Office for approval."),
        ),
        "trip.assign": (
            _("Trip %(number)s is being reviewed"),
            _("A reviewer of the Foreign Affairs Office started reviewing trip %(number)s."),
        ),
        "trip.request_correction": (
            _("Trip %(number)s needs a correction"),
            _("The Foreign Affairs Office asked for a correction to trip %(number)s. Open it to see what to change."),
        ),
        "trip.resubmit": (
            _("Trip %(number)s resubmitted"),
            _("The corrected trip %(number)s was sent back to the Foreign Affairs Office."),
        ),
        "trip.approve": (
            _("Trip %(number)s approved"),
            _("Trip %(number)s was approved. The signed approval document is on the trip's page."),
        ),
        "trip.reject": (
            _("Trip %(number)s not approved"),
            _("Trip %(number)s was not approved. The reason is on the trip's page."),
        ),
        "trip.withdraw": (
            _("Trip %(number)s withdrawn"),
            _("Trip %(number)s was withdrawn."),
        ),
        "trip.mark_ready": (
            _("Trip %(number)s is ready for collection"),
            _(
                "Every passport and visa of trip %(number)s is ready. Book the one collection visit at the Foreign "
                "Affairs Office on the trip's page."
            ),
        ),
        "trip.readiness_lost": (
            _("Trip %(number)s is waiting again"),
            _("A passport or visa of trip %(number)s is no longer ready. The trip's page shows what is missing."),
        ),
        "trip.collect": (
            _("Trip %(number)s collected"),
            _("The passports and visas of trip %(number)s were collected. Have a good trip."),
        ),
        "trip.record_return": (
            _("Trip %(number)s: report due"),
            _("The return of trip %(number)s was recorded. Submit the trip report on the trip's page."),
        ),
        "trip.submit_report": (
            _("Trip %(number)s: report submitted"),
            _("The report of trip %(number)s was sent to the Foreign Affairs Office."),
        ),
        "trip.return_report": (
            _("Trip %(number)s: report to complete"),
            _("The Foreign Affairs Office asked for the report of trip %(number)s to be completed."),
        ),
        "trip.close": (
            _("Trip %(number)s closed"),
            _("The Foreign Affairs Office accepted the report of trip %(number)s. The trip is closed."),
        ),
        "trip.cancel": (
            _("Trip %(number)s cancelled"),
            _("Trip %(number)s was cancelled. Passports already handed out are due back at the passport office."),
        ),
        "trips.report_before": (
            _("Trip %(number)s: report due on %(due)s"),
            _("The report of trip %(number)s is due on %(due)s. Submit it on the trip's page."),
        ),
        "trips.report_due": (
            _("Trip %(number)s: report due today"),
            _("The report of trip %(number)s is due today (%(due)s). Submit it on the trip's page."),
        ),
        "trips.report_overdue": (
            _("Trip %(number)s: report overdue"),
            _("The report of trip %(number)s was due on %(due)s. Submit it now on the trip's page."),
        ),
        "trips.report_overdue_office": (
            _("Trip %(number)s: report overdue"),
            _("The report of trip %(number)s was due on %(due)s and has not been submitted."),
        ),
        "trips.resubmitted": (
            _("Trip %(number)s is back in your queue"),
            _("The liaison officer corrected trip %(number)s and submitted it again."),
        ),
    }
    for code, (subject, body) in messages.items():
        register_message(code, subject=subject, body=body)
