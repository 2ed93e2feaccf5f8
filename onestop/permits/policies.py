"""The rules in force, as administrators set them in the admin (``PermitPolicy``)."""

from __future__ import annotations

from .models import PermitPolicy

# The seven materials of a joint application, each taken once from the applicant's dossier.
REQUIRED_MATERIALS: tuple[str, ...] = (
    "passport_page",
    "photo",
    "employment_contract",
    "degree",
    "cv",
    "criminal_record",
    "health_certificate",
)

BIOMETRICS_SERVICE = "biometrics"


def permit_policy() -> PermitPolicy:
    """The single policy row; created with the defaults (7 working days) on first use."""
    policy, _created = PermitPolicy.objects.get_or_create(pk=1)
    return policy
