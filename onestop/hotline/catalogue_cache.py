"""The dispatch catalogue, held in each process for a short while.

Every intake looks up its district, category, dispatch rules and deadline policies; these
change a few times a year, so each process keeps them for ``TTL`` seconds instead of
asking the database on every request. A write through the catalogue services clears the
writing process's copy at once; other processes see it within ``TTL`` seconds.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

TTL = 30.0
_LOCK = threading.Lock()
_STATE: dict[str, Any] = {"snapshot": None, "loaded": 0.0}


@dataclass
class Snapshot:
    categories: dict[str, Any] = field(default_factory=dict)  # active categories by code
    districts: dict[str, Any] = field(default_factory=dict)  # by code
    rules: dict[tuple[int, int | None], Any] = field(default_factory=dict)  # (category, district) → department
    policies: list[Any] = field(default_factory=list)


def _load() -> Snapshot:
    from .models import Category, DeadlinePolicy, DispatchRule, District

    snapshot = Snapshot()
    snapshot.categories = {c.code: c for c in Category.objects.filter(is_active=True)}
    snapshot.districts = {d.code: d for d in District.objects.all()}
    for rule in DispatchRule.objects.select_related("department"):
        snapshot.rules[(rule.category_id, rule.district_id)] = rule.department
    snapshot.policies = list(DeadlinePolicy.objects.all())
    return snapshot


def snapshot() -> Snapshot:
    now = time.monotonic()
    current = _STATE["snapshot"]
    if current is not None and now - _STATE["loaded"] < TTL:
        return current
    with _LOCK:
        if _STATE["snapshot"] is None or now - _STATE["loaded"] >= TTL:
            _STATE["snapshot"] = _load()
            _STATE["loaded"] = time.monotonic()
        return _STATE["snapshot"]


def forget() -> None:
    with _LOCK:
        _STATE["snapshot"] = None
        _STATE["loaded"] = 0.0
