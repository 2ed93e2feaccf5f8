from .cases import (
    application_detail,
    application_index,
    dashboard,
    officer_queue,
    review_decide,
    review_detail,
    review_start,
)
from .employer import (
    application_biometrics,
    application_corrections,
    application_edit,
    application_materials,
    application_start,
    application_submit,
)

__all__ = [
    "application_biometrics",
    "application_corrections",
    "application_detail",
    "application_edit",
    "application_index",
    "application_materials",
    "application_start",
    "application_submit",
    "dashboard",
    "officer_queue",
    "review_decide",
    "review_detail",
    "review_start",
]
