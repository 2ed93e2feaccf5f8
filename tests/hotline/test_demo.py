"""The demo hotline seeds every resting state, trains the router and is idempotent."""

from collections import Counter

import pytest

pytestmark = pytest.mark.django_db


def test_demo_seeds_every_state_once():
    from onestop.accounts import demo as accounts_demo
    from onestop.hotline import demo
    from onestop.hotline.models import HotlineRequest, HotspotAlert, ReturnVisit, RouterModel
    from onestop.hotline.workflow import State
    from onestop.knowledge import demo as knowledge_demo

    world: dict = {"logins": []}
    accounts_demo.seed(world)
    knowledge_demo.seed(world)
    demo.seed(world)
    states = Counter(HotlineRequest.objects.values_list("case__state", flat=True))
    assert set(states) == set(State.values) - {State.RECEIVED}
    assert RouterModel.objects.filter(is_active=True).count() == 1
    assert HotspotAlert.objects.filter(kind="volume").exists()
    assert HotspotAlert.objects.filter(kind="duplicates").exists()
    assert ReturnVisit.objects.filter(status="open").exists()
    assert HotlineRequest.objects.filter(reopened_count__gt=0).exists()
    assert HotlineRequest.objects.filter(returned_count=1).exists()
    total = HotlineRequest.objects.count()
    demo.seed(world)
    assert HotlineRequest.objects.count() == total
    # every demo category describes itself to Open311 clients, in the reader's language
    from django.utils import translation

    from onestop.hotline.models import Category
    from onestop.hotline.open311 import _service

    for category in Category.objects.all():
        with translation.override("en"):
            english = _service(category)
        with translation.override("ar"):
            arabic = _service(category)
        assert english["description"] and english["keywords"], category.code
        assert arabic["description"] and arabic["description"] != english["description"], category.code
