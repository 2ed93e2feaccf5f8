"""Writes on visas. Views, API views, admin, demo data and tasks call these and nothing else.

``preparation``: applications made on trip approval, refreshed, withdrawn with the trip;
``batches``: submission to a mission; ``outcomes``: issued, refused, withdrawn;
``letters``: the signed covering letter; ``requirements``: the reference tables.
"""

from .batches import visa_batch_create
from .letters import covering_letter_issue, covering_letter_schedule
from .outcomes import (
    visa_application_issue,
    visa_application_refuse,
    visa_application_withdraw,
    visa_reveal_number,
)
from .preparation import (
    on_trip_approved,
    on_trip_closed,
    submit_by_for,
    visa_application_refresh,
    visas_prepare_for_trip,
    visas_refresh_prepared,
    visas_withdraw_for_trip,
)
from .requirements import mission_save, requirement_save, requirement_set

__all__ = [
    "covering_letter_issue",
    "covering_letter_schedule",
    "mission_save",
    "on_trip_approved",
    "on_trip_closed",
    "requirement_save",
    "requirement_set",
    "submit_by_for",
    "visa_application_issue",
    "visa_application_refresh",
    "visa_application_refuse",
    "visa_application_withdraw",
    "visa_batch_create",
    "visa_reveal_number",
    "visas_prepare_for_trip",
    "visas_refresh_prepared",
    "visas_withdraw_for_trip",
]
