"""The demo seeder puts visa applications in every state through the services, with a
submitted batch and its outcomes, and is idempotent."""

from datetime import date

import pytest

from onestop.visas.models import VisaApplication, VisaBatch
from onestop.visas.workflow import VisaState

from .conftest import ensure_material_catalogue

pytestmark = pytest.mark.django_db


def test_demo_has_every_state_and_runs_twice_without_adding(django_capture_on_commit_callbacks):
    from onestop.accounts import demo as accounts_demo
    from onestop.dossier.models import Person
    from onestop.visas import demo

    ensure_material_catalogue()
    world = {"logins": []}
    accounts_demo.seed(world)
    organization = world["orgs"]["univ-tech"]
    persons = [
        Person.objects.create(
            full_name=f"演示旅客{n}",
            latin_name=f"Demo Traveller {n}",
            organization=organization,
            birth_date=date(1975 + n, 3, 1),
            sex="M",
        )  # fmt: skip
        for n in range(6)
    ]
    world["persons_by_org"] = {"univ-tech": persons}
    demo.seed(world)
    states = set(VisaApplication.objects.values_list("case__state", flat=True))
    assert states == set(VisaState.values)
    batch = VisaBatch.objects.get()
    assert batch.country == "GB" and batch.created_by == world["users"]["visa"]
    assert {a.case.state for a in VisaApplication.objects.filter(batch=batch)} == {
        "issued", "refused", "submitted", "withdrawn"
    }  # fmt: skip
    assert VisaApplication.objects.filter(batch__isnull=True, case__state="prepared").exists()
    assert "visas:" in world["logins"][-1]
    count = VisaApplication.objects.count()
    demo.seed(world)
    assert VisaApplication.objects.count() == count and VisaBatch.objects.count() == 1
