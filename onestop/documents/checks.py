"""System check: in the production profile the signing key and certificate must exist,
belong together, be private to the service account, and not be about to expire."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Warning, register


@register("documents", deploy=True)
def signing_files_check(app_configs=None, **kwargs):
    if not settings.PRODUCTION:
        return []
    from .signing import check_signing_files

    found = []
    for problem in check_signing_files():
        if "expires" in problem or "readable" in problem:
            found.append(Warning(problem, id="documents.W001"))
        else:
            found.append(
                Error(
                    problem,
                    hint="Set ONESTOP_SIGNING_KEY and ONESTOP_SIGNING_CERT (see docs/adr).",
                    id="documents.E001",
                )
            )
    return found
