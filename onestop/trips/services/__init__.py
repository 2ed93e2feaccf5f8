"""Writes on trips. Views, API views, admin, demo data and tasks call these and nothing else.

``drafting`` holds what the liaison officer does while preparing a trip; ``decisions`` the
moves along the workflow (submit, review, decide, withdraw); ``collection`` readiness,
the collection appointment and the collection itself; ``after`` the return, the report,
its reminders, closing and cancelling.
"""

from .after import (
    report_due_date,
    trip_cancel,
    trip_close,
    trip_report_return,
    trip_report_submit,
    trip_return_record,
    trips_report_reminders,
)
from .collection import (
    trip_collect,
    trip_collection_book,
    trip_readiness_refresh,
    trip_readiness_refresh_case,
    trips_readiness_scan,
)
from .decisions import (
    trip_approve,
    trip_assign,
    trip_rate,
    trip_reject,
    trip_request_correction,
    trip_resubmit,
    trip_submit,
    trip_withdraw,
)
from .drafting import (
    trip_create,
    trip_destination_add,
    trip_destination_remove,
    trip_material_provide,
    trip_materials_prepare,
    trip_member_add,
    trip_member_remove,
    trip_update,
)

__all__ = [
    "report_due_date",
    "trip_approve",
    "trip_assign",
    "trip_cancel",
    "trip_close",
    "trip_collect",
    "trip_collection_book",
    "trip_create",
    "trip_destination_add",
    "trip_destination_remove",
    "trip_material_provide",
    "trip_materials_prepare",
    "trip_member_add",
    "trip_member_remove",
    "trip_rate",
    "trip_readiness_refresh",
    "trip_readiness_refresh_case",
    "trip_reject",
    "trip_report_return",
    "trip_report_submit",
    "trip_request_correction",
    "trip_resubmit",
    "trip_return_record",
    "trip_submit",
    "trip_update",
    "trip_withdraw",
    "trips_readiness_scan",
    "trips_report_reminders",
]
