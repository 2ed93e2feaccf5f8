"""A small hotline world: categories with deadline classes, two districts, departments
with a handler each, a dispatcher, an agent, a supervisor, the catalogue, and a router
trained on a small generated set."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from onestop.accounts.roles import Role


@dataclass
class World:
    categories: dict[str, Any]
    districts: dict[str, Any]
    departments: dict[str, Any]
    users: dict[str, Any]


@pytest.fixture(autouse=True)
def _fresh_router_cache():
    from onestop.hotline import catalogue_cache
    from onestop.hotline.services.routing import router_forget

    router_forget()
    catalogue_cache.forget()
    yield
    router_forget()
    catalogue_cache.forget()


@pytest.fixture
def world(db, make_org, make_user) -> World:
    from onestop.hotline import services

    departments = {
        "water": make_org("Water Authority", kind="department", code="t-water"),
        "transport": make_org("Transport Commission", kind="department", code="t-transport"),
        "ecology": make_org("Ecology Bureau", kind="department", code="t-ecology"),
        "immigration": make_org("Exit-Entry Bureau", kind="government", code="t-eeb"),
        "east": make_org("East District", kind="district", code="t-east"),
    }
    categories = {
        "water_supply": services.category_upsert(
            code="water_supply",
            name="Water supply",
            names={"en": "Water supply", "zh-hans": "供水"},
            deadline_class="utilities",
        ),
        "noise": services.category_upsert(code="noise", name="Noise", names={"en": "Noise", "zh-hans": "噪音"}),
        "public_transport": services.category_upsert(code="public_transport", name="Public transport"),
        "visa_residence": services.category_upsert(
            code="visa_residence", name="Visas and residence", deadline_class="complex"
        ),
    }
    districts = {
        "east": services.district_upsert(
            code="east", name="East", names={"en": "East", "zh-hans": "东区"}, organization=departments["east"]
        ),
        "west": services.district_upsert(code="west", name="West"),
    }
    services.dispatch_rule_set(category=categories["water_supply"], department=departments["water"])
    services.dispatch_rule_set(category=categories["noise"], department=departments["ecology"])
    services.dispatch_rule_set(category=categories["noise"], district=districts["east"], department=departments["east"])
    services.dispatch_rule_set(category=categories["public_transport"], department=departments["transport"])
    services.dispatch_rule_set(category=categories["visa_residence"], department=departments["immigration"])
    users = {
        "agent": make_user(Role.HOTLINE_AGENT),
        "dispatcher": make_user(Role.DISPATCHER),
        "supervisor": make_user(Role.SUPERVISOR),
        "water_handler": make_user(Role.DEPARTMENT_HANDLER, org=departments["water"]),
        "transport_handler": make_user(Role.DEPARTMENT_HANDLER, org=departments["transport"]),
        "ecology_handler": make_user(Role.DEPARTMENT_HANDLER, org=departments["ecology"]),
        "citizen": make_user(Role.APPLICANT, language="fr"),
        "other_citizen": make_user(Role.APPLICANT),
    }
    return World(categories, districts, departments, users)


def training_rows(rows: int = 360, seed: int = 3) -> list[dict[str, str]]:
    from onestop.hotline import dataset

    wanted = {"water_supply", "noise", "public_transport", "visa_residence"}
    return [r for r in dataset.generate(rows=rows * 3, seed=seed) if r["category"] in wanted][:rows]


@pytest.fixture
def trained_router(world):
    from onestop.hotline.services import router_train

    rows = training_rows()
    return router_train(texts=[r["text"] for r in rows], labels=[r["category"] for r in rows], source="fixture")


@pytest.fixture
def submit(world):
    """Send a request with sensible defaults (a phone call taken by the agent)."""
    from onestop.hotline.services import request_submit

    def _submit(description: str = "There is no tap water in our building since this morning.", **kwargs):
        kwargs.setdefault("by", world.users["agent"])
        kwargs.setdefault("channel", "phone")
        return request_submit(description=description, **kwargs)

    return _submit
