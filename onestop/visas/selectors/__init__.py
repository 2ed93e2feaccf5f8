"""Reads on visas. ``visa_requirement_for``, ``visa_status_for_trip`` and
``visas_ready_for_trip`` are what other apps (the trip pages, the one-visit collection) use."""

from .applications import (
    access_application,
    access_batch,
    applications_for,
    applications_visible_to,
    batch_applications,
    batch_candidates,
    batches_for,
    is_officer,
    missions_accepting,
    prepared_applications,
    queue_groups,
    sees_all,
    state_counts,
)
from .readiness import application_materials, application_problems, readiness_for
from .requirements import (
    RequirementAnswer,
    RequirementTable,
    mission_accepts,
    missions_for,
    requirement_label,
    requirements_for,
    visa_requirement_for,
)
from .status import (
    VisaStatusLine,
    access_trip_case,
    trip_summaries,
    trips_with_visas,
    visa_status_for_trip,
    visas_ready_for_trip,
)

__all__ = [
    "RequirementAnswer",
    "RequirementTable",
    "VisaStatusLine",
    "access_application",
    "access_batch",
    "access_trip_case",
    "application_materials",
    "application_problems",
    "applications_for",
    "applications_visible_to",
    "batch_applications",
    "batch_candidates",
    "batches_for",
    "is_officer",
    "mission_accepts",
    "missions_accepting",
    "missions_for",
    "prepared_applications",
    "queue_groups",
    "readiness_for",
    "requirement_label",
    "requirements_for",
    "sees_all",
    "state_counts",
    "trip_summaries",
    "trips_with_visas",
    "visa_requirement_for",
    "visa_status_for_trip",
    "visas_ready_for_trip",
]
