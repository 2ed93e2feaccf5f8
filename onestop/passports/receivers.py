"""A person's record changed: if they moved to another organization or left public service,
their passports need a handover, whichever page, API or admin form made the change (ADR 0167).

``pre_save`` remembers the stored organization and public-service flag; ``post_save`` hands
the comparison to ``services.person_saved`` once the row is written, inside the same
transaction."""

from __future__ import annotations

from typing import Any

_OLD = "_passports_before_save"


def person_pre_save(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw or instance.pk is None:
        return
    stored = sender.objects.filter(pk=instance.pk).values("organization_id", "in_public_service").first()
    if stored is not None:
        instance.__dict__[_OLD] = stored


def person_post_save(sender: Any, instance: Any, created: bool = False, raw: bool = False, **kwargs: Any) -> None:
    stored = instance.__dict__.pop(_OLD, None)
    if raw or created or stored is None:
        return
    from .services import person_saved

    person_saved(
        person=instance,
        old_organization_id=stored["organization_id"],
        was_in_public_service=stored["in_public_service"],
    )
