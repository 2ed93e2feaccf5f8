"""Workspaces shown on the home page and in the menu, registered by each app for the roles
that use it (``register(...)`` from ``AppConfig.ready``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Workspace:
    url_name: str
    label: Any
    roles: frozenset[str]
    description: Any = ""
    order: int = 100


_WORKSPACES: list[Workspace] = []


def register(
    url_name: str, label: Any, roles: set[str] | frozenset[str], description: Any = "", order: int = 100
) -> None:
    if any(w.url_name == url_name for w in _WORKSPACES):
        return
    _WORKSPACES.append(Workspace(url_name, label, frozenset(str(r) for r in roles), description, order))


def workspaces_for(user: Any) -> list[Workspace]:
    if not getattr(user, "is_authenticated", False):
        return []
    held = user.role_names
    return sorted((w for w in _WORKSPACES if w.roles & held), key=lambda w: (w.order, str(w.label)))
