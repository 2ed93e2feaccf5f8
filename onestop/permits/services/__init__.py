"""Writes for the joint permit application. Views, the API, admin and tasks call these."""

from .applications import (
    application_biometrics_book,
    application_create,
    application_material_provide,
    application_resubmit,
    application_submit,
    application_update,
)
from .documents import permits_issue
from .employees import employee_register
from .policy import permit_policy_save
from .reviews import review_decide, review_start, reviews_open
from .sla import permits_sla_warn

__all__ = [
    "application_biometrics_book",
    "application_create",
    "application_material_provide",
    "application_resubmit",
    "application_submit",
    "application_update",
    "employee_register",
    "permit_policy_save",
    "permits_issue",
    "permits_sla_warn",
    "review_decide",
    "review_start",
    "reviews_open",
]
