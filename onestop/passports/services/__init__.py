"""Writes on passports. Views, API views, admin, demo data, tasks and the trip listeners
call these and nothing else.

``registry``: entering passports, the declared status moves, loss reports, expiry;
``custody``: reservations, check-out and return by MRZ or number;
``trips``: the reactions to trip moves; ``applications``: the passport application case;
``handovers``: job changes and the reaction to a person's move; ``notices``: reminders, escalations and the daily scan.
"""

from .applications import (
    APPLICATION_MATERIALS,
    application_act,
    application_create,
    application_issue,
    application_material_provide,
    application_materials_refresh,
    application_missing_materials,
    application_update,
)
from .custody import (
    passport_check_out,
    passport_lookup,
    passport_reserve,
    passport_return,
    reservation_release,
    reservation_set_due,
)
from .handovers import handover_complete, handovers_raise, on_person_moved, person_change_job
from .notices import passports_due_scan
from .registry import (
    move_allowed,
    passport_move,
    passport_register,
    passport_report_lost,
    passports_expire,
    scan_parse,
)
from .trips import on_trip_approved, on_trip_cancelled, on_trip_closed, on_trip_submitted, reserve_traveller

__all__ = [
    "APPLICATION_MATERIALS",
    "application_act",
    "application_create",
    "application_issue",
    "application_material_provide",
    "application_materials_refresh",
    "application_missing_materials",
    "application_update",
    "handover_complete",
    "handovers_raise",
    "move_allowed",
    "on_person_moved",
    "on_trip_approved",
    "on_trip_cancelled",
    "on_trip_closed",
    "on_trip_submitted",
    "passport_check_out",
    "passport_lookup",
    "passport_move",
    "passport_register",
    "passport_report_lost",
    "passport_reserve",
    "passport_return",
    "passports_due_scan",
    "passports_expire",
    "person_change_job",
    "reservation_release",
    "reservation_set_due",
    "reserve_traveller",
    "scan_parse",
]
