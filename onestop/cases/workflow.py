"""Declared workflows: states, transitions, guards and their effects on the SLA clock.

An app declares its workflow once (``register(Workflow(...))`` in its ``workflow.py``,
imported from ``AppConfig.ready``). ``case_transition`` is the only code that moves a case
from one state to another, and only along a declared transition.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured
from django.db import models

if TYPE_CHECKING:  # pragma: no cover
    from .models import Case

# A guard returns None when the transition may go ahead, otherwise the reason it may not.
Guard = Callable[["Case", Any], Any]
# An effect runs inside the transition's transaction, after the state changed.
Effect = Callable[["Case", Any, dict], None]


class Clock(models.TextChoices):
    START = "start"
    PAUSE = "pause"
    RESUME = "resume"
    STOP = "stop"


@dataclass(frozen=True)
class Transition:
    name: str
    source: tuple[str, ...]
    target: str
    label: Any  # button text (lazy translation)
    timeline: Any  # what the timeline says happened (lazy translation)
    roles: frozenset[str] = frozenset()  # who may trigger it; empty means the system only
    guards: tuple[Guard, ...] = ()
    effects: tuple[Effect, ...] = ()
    clock: str | None = None
    queue: str | None = None  # work queue after the move; "" empties it
    requires_note: bool = False
    notify_applicant: bool = True
    style: str = "primary"  # how a page draws its button: primary | secondary | danger


@dataclass
class Workflow:
    kind: str
    prefix: str
    states: type[models.TextChoices]
    initial: str
    transitions: Iterable[Transition]
    final_states: frozenset[str] = frozenset()
    sla_unit: str = "working_days"
    sla_budget: int | None = None  # default budget; may be overridden per case
    verbose_name: Any = ""
    # A case's organization is, for most kinds, the organization that asks (its liaison
    # officers hear of each move). False where it is the organization that handles the case
    # (a hotline department): its people work the queue and are not told as applicants.
    notify_organization: bool = True
    by_name: dict[str, Transition] = field(init=False)

    def __post_init__(self) -> None:
        values = set(self.states.values)
        self.by_name = {}
        for t in self.transitions:
            if t.name in self.by_name:
                raise ImproperlyConfigured(f"{self.kind}: transition {t.name} declared twice")
            unknown = (set(t.source) | {t.target}) - values
            if unknown:
                raise ImproperlyConfigured(f"{self.kind}.{t.name}: unknown states {sorted(unknown)}")
            self.by_name[t.name] = t
        if self.initial not in values:
            raise ImproperlyConfigured(f"{self.kind}: unknown initial state {self.initial}")
        self.transitions = tuple(self.by_name.values())

    def state_label(self, state: str) -> str:
        try:
            return str(self.states(state).label)
        except ValueError:
            return state

    def available(self, state: str) -> list[Transition]:
        return [t for t in self.transitions if state in t.source]


_REGISTRY: dict[str, Workflow] = {}


def register(workflow: Workflow) -> Workflow:
    existing = _REGISTRY.get(workflow.kind)
    if existing is not None and existing is not workflow:
        raise ImproperlyConfigured(f"workflow {workflow.kind} registered twice")
    _REGISTRY[workflow.kind] = workflow
    return workflow


def get_workflow(kind: str) -> Workflow:
    try:
        return _REGISTRY[kind]
    except KeyError as exc:
        raise ImproperlyConfigured(f"no workflow registered for case kind {kind!r}") from exc


def all_workflows() -> list[Workflow]:
    return list(_REGISTRY.values())


# Other apps react to a transition without the owning app knowing them (passports reserve
# a traveller's passport when a trip is approved). Listeners run inside the transition's
# transaction, after its own effects, with the same (case, by, data) arguments.
_LISTENERS: dict[tuple[str, str], list[Effect]] = {}


def on_transition(kind: str, name: str, listener: Effect) -> None:
    bucket = _LISTENERS.setdefault((kind, name), [])
    if listener not in bucket:
        bucket.append(listener)


def listeners_for(kind: str, name: str) -> list[Effect]:
    return list(_LISTENERS.get((kind, name), ()))


# Timeline codes that are not transitions (documents issued, visits, notes...). Apps add theirs.
TIMELINE_MESSAGES: dict[str, Any] = {}


def register_timeline_messages(messages: dict[str, Any]) -> None:
    TIMELINE_MESSAGES.update(messages)


def own_organization_guard(message: Any, *, system_may: bool = False) -> Guard:
    """A guard for moves made on behalf of an organization: it passes when the case's
    organization is the user's own or lies below it (a liaison officer acts for their
    organization's subtree), and otherwise returns ``message``. With ``system_may`` a move
    the system makes (``by`` None, e.g. when a parent case is withdrawn) passes as well."""

    def guard(case: Case, by: Any) -> Any:
        if by is None and system_may:
            return None
        own = getattr(by, "organization", None) if getattr(by, "is_authenticated", False) else None
        organization = case.organization
        if own is None or not own.path or organization is None or not organization.path.startswith(own.path):
            return message
        return None

    return guard
