"""The public services shown on the landing page; each app adds its entry point."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PublicService:
    url_name: str
    title: Any
    summary: Any
    order: int = 100


_SERVICES: list[PublicService] = []


def register_public_service(url_name: str, title: Any, summary: Any, order: int = 100) -> None:
    if not any(s.url_name == url_name for s in _SERVICES):
        _SERVICES.append(PublicService(url_name, title, summary, order))


def public_services() -> list[PublicService]:
    return sorted(_SERVICES, key=lambda s: s.order)
