import pytest

from onestop.calendar import demo
from onestop.calendar.models import CalendarYear
from onestop.calendar.seeding import package_years

pytestmark = pytest.mark.django_db


def test_demo_seed_covers_the_package_years_and_is_idempotent():
    CalendarYear.objects.all().delete()
    world: dict = {}
    demo.seed(world)
    assert sorted(world["calendar_years"]) == list(package_years())
    count = CalendarYear.objects.count()
    demo.seed(world)
    assert CalendarYear.objects.count() == count == len(package_years())
