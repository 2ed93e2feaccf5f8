"""Writes on the dossier (and, for convenience of the apps that need materials, the two
case-material reads from ``selectors``)."""

from ..selectors import case_materials_for, case_materials_missing
from .case_materials import case_material_provide, case_materials_require, usable_materials
from .identity import identity_add, identity_find, identity_reveal
from .materials import material_reject, material_type_get, material_upload, material_verify
from .persons import EDITABLE_FIELDS, person_create, person_link_user, person_update

__all__ = [
    "EDITABLE_FIELDS",
    "case_material_provide",
    "case_materials_for",
    "case_materials_missing",
    "case_materials_require",
    "identity_add",
    "identity_find",
    "identity_reveal",
    "material_reject",
    "material_type_get",
    "material_upload",
    "material_verify",
    "person_create",
    "person_link_user",
    "person_update",
    "usable_materials",
]
