"""The supervisor's figures, computed on known data."""

from datetime import timedelta

import pytest
from django.utils import timezone

from onestop.cases.models import Case
from onestop.hotline import selectors
from onestop.hotline.models import HotlineRequest
from onestop.hotline.services import request_reject


def _set(request, *, contacted=None, replied=None, satisfaction="", resolved=None, due=None):
    created = request.created_at
    HotlineRequest.objects.filter(pk=request.pk).update(
        contacted_at=created + contacted if contacted is not None else None,
        replied_at=created + replied if replied is not None else None,
        satisfaction=satisfaction,
        resolved=resolved,
    )
    if due is not None:
        Case.objects.filter(pk=request.case_id).update(due_at=created + due)


@pytest.fixture
def known(world, submit):
    hours = lambda n: timedelta(hours=n)  # noqa: E731
    a = submit(category="water_supply")
    b = submit(category="water_supply")
    c = submit(category="water_supply")
    d = submit(category="water_supply")
    e = submit("Karaoke every night.", category="noise", district="west")
    f = submit(district="west")
    _set(a, contacted=hours(1), replied=hours(5), satisfaction="satisfied", resolved=True)
    _set(b, contacted=hours(30), replied=hours(40), satisfaction="basic", resolved=False)
    _set(c, due=-hours(1) - (timezone.now() - c.created_at))  # open and past its deadline
    _set(d, contacted=hours(2), replied=hours(3), satisfaction="unsatisfied", resolved=False)
    _set(e, contacted=hours(1))
    request_reject(request=f, by=world.users["dispatcher"], reason="Spam.")
    return world


def test_rates_per_department_category_and_overall(known):
    today = timezone.localdate()
    stats = selectors.dashboard_stats(start=today - timedelta(days=6), end=today)
    overall = stats.overall
    assert overall.total == 5  # the rejected request is left out
    assert overall.response_rate == 0.6
    assert overall.resolution_rate == pytest.approx(1 / 3, abs=1e-4)
    assert overall.satisfaction_rate == pytest.approx(2 / 3, abs=1e-4)
    assert overall.on_time_rate == pytest.approx(2 / 3, abs=1e-4)
    assert overall.overdue == 1
    water = next(r for r in stats.by_department if r.key == known.departments["water"].pk)
    assert (water.total, water.responded, water.rated, water.resolved, water.satisfied, water.overdue) == (
        4,
        2,
        3,
        1,
        2,
        1,
    )
    ecology = next(r for r in stats.by_department if r.key == known.departments["ecology"].pk)
    assert ecology.response_rate == 1.0
    assert ecology.satisfaction_rate is None  # nobody rated: no rate rather than 0%
    by_category = {r.key: r.total for r in stats.by_category}
    assert by_category == {known.categories["water_supply"].pk: 4, known.categories["noise"].pk: 1}
    assert stats.daily[-1] == (today, 5)
    assert len(stats.daily) == 7


def test_overdue_list(known):
    overdue = selectors.overdue_requests()
    assert len(overdue) == 1
    assert overdue[0].case.due_at < timezone.now()


def test_a_period_without_requests(known):
    today = timezone.localdate()
    stats = selectors.dashboard_stats(start=today - timedelta(days=60), end=today - timedelta(days=30))
    assert stats.overall.total == 0
    assert stats.overall.response_rate is None
    assert stats.by_department == []


def test_the_dashboard_page_shows_the_rates_and_charts(known, login):
    client = login(known.users["supervisor"])
    response = client.get("/hotline/dashboard/?lang=en")
    assert response.status_code == 200
    html = response.content.decode()
    assert "60.0%" in html  # overall response rate
    assert "<svg" in html and "<rect" in html
    assert "Water Authority" in html


def test_the_dashboard_api(known, api):
    response = api(known.users["supervisor"]).get("/api/v1/hotline/dashboard/?days=7")
    assert response.status_code == 200
    assert response.json()["overall"]["response_rate"] == 0.6
    assert api(known.users["water_handler"]).get("/api/v1/hotline/dashboard/").status_code == 404


@pytest.mark.parametrize("lang", ["ar", "fr", "de", "ru"])
def test_chart_coordinates_are_numbers_in_languages_with_a_decimal_comma(known, login, lang):
    import re

    html = login(known.users["supervisor"]).get(f"/hotline/dashboard/?lang={lang}").content.decode()
    rects = re.findall(r'<rect x="([^"]*)" y="([^"]*)" width="([^"]*)" height="([^"]*)"', html)
    assert rects
    for values in rects:
        assert all(float(v) >= 0 for v in values), values
