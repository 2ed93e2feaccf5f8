"""Domain events the dossier emits, and the apps that subscribe to them (ADR 0125).

``PersonMoved``: a person's organization or public-service flag changed through
``services.person_update`` (the dossier's page and API, the admin, and every other app that
moves a person through it). Other apps react without the dossier knowing them: passports
raise a handover of the passports the person holds. An app subscribes once, from its
``AppConfig.ready``, with ``on_person_moved``.

Subscribers run synchronously, inside the transaction that changed the person, after the row
and its audit entry are written and in the order they subscribed. An exception a subscriber
raises propagates to the caller and rolls the change back: a person is never moved without
what the subscribers must do about it. Work that must wait for the commit (mail) belongs in
``transaction.on_commit``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from onestop.accounts.models import Organization

    from .models import Person


@dataclass(frozen=True)
class PersonMoved:
    """``person`` (as saved) moved from ``old_organization`` to ``new_organization``, or its
    public-service flag went from ``was_in_public_service`` to ``in_public_service``; ``by``
    made the change (None for the system)."""

    person: Person
    old_organization: Organization | None
    new_organization: Organization | None
    was_in_public_service: bool
    in_public_service: bool
    by: Any = None

    @property
    def old_organization_id(self) -> int | None:
        return getattr(self.old_organization, "pk", None)

    @property
    def new_organization_id(self) -> int | None:
        return getattr(self.new_organization, "pk", None)

    @property
    def organization_changed(self) -> bool:
        return self.old_organization_id != self.new_organization_id

    @property
    def left_public_service(self) -> bool:
        return self.was_in_public_service and not self.in_public_service


PersonMovedSubscriber = Callable[[PersonMoved], Any]

_PERSON_MOVED: list[PersonMovedSubscriber] = []


def on_person_moved(subscriber: PersonMovedSubscriber) -> None:
    """Call ``subscriber(event)`` for each ``PersonMoved``; subscribing twice is one subscription."""
    if subscriber not in _PERSON_MOVED:
        _PERSON_MOVED.append(subscriber)


def person_moved_subscribers() -> list[PersonMovedSubscriber]:
    return list(_PERSON_MOVED)


def person_moved_emit(event: PersonMoved) -> None:
    """Run every subscriber with ``event``. The caller holds the transaction that changed the
    person; an exception stops the remaining subscribers and propagates."""
    for subscriber in person_moved_subscribers():
        subscriber(event)
