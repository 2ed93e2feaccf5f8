import pytest


@pytest.fixture
def articles(db):
    from onestop.knowledge import demo

    world: dict = {}
    demo.seed(world)
    return world["articles"]
