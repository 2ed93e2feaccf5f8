"""Roles, as DESIGN.md lists them. Staff roles log in with a second factor."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    TRAVELLER = "traveller", _("Traveller")
    LIAISON = "liaison", _("Liaison officer")
    EMPLOYER = "employer", _("Employer's agent")
    FAO_REVIEWER = "fao_reviewer", _("FAO reviewer")
    PASSPORT_OFFICER = "passport_officer", _("Passport officer")
    VISA_OFFICER = "visa_officer", _("Visa officer")
    PERMIT_OFFICER = "permit_officer", _("Work permit officer")
    EXIT_ENTRY_OFFICER = "exit_entry_officer", _("Exit-entry officer")
    HALL_MANAGER = "hall_manager", _("Hall manager")
    COUNTER_CLERK = "counter_clerk", _("Counter clerk")
    HOTLINE_AGENT = "hotline_agent", _("Hotline agent")
    DISPATCHER = "dispatcher", _("Dispatcher")
    DEPARTMENT_HANDLER = "department_handler", _("Department handler")
    SUPERVISOR = "supervisor", _("Supervisor")
    TRAINING_ORGANIZER = "training_organizer", _("Training organizer")
    FACILITATOR = "facilitator", _("Facilitator")
    PARTICIPANT = "participant", _("Participant")
    ADMIN = "admin", _("Administrator")


PUBLIC_ROLES = frozenset({Role.APPLICANT, Role.TRAVELLER, Role.PARTICIPANT})
# Organization-side roles log in with a password only, unless they opt in to TOTP.
ORGANIZATION_ROLES = frozenset({Role.LIAISON, Role.EMPLOYER})
STAFF_ROLES = frozenset(str(r) for r in Role if r not in PUBLIC_ROLES | ORGANIZATION_ROLES)
