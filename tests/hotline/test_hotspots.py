"""Early warning: the detectors on plain data, and the scan over stored requests."""

from datetime import datetime, time, timedelta
from unittest import mock

import pytest
from django.utils import timezone

from onestop.core.errors import Conflict
from onestop.hotline import detection, services
from onestop.hotline.models import HotlineRequest, HotspotAlert


def test_a_burst_over_a_quiet_baseline_alarms():
    series = [1, 0, 2, 1, 1, 0, 1, 2, 1, 1, 9, 1]
    alarms = detection.ewma_poisson(series)
    assert [a.index for a in alarms] == [10]
    assert alarms[0].count == 9
    assert alarms[0].p_value < detection.P_VALUE


def test_no_alarm_during_warm_up_or_below_the_minimum():
    assert detection.ewma_poisson([0, 0, 9, 0, 0]) == []  # still warming up
    assert detection.ewma_poisson([0] * 10 + [3]) == []  # below MIN_COUNT


def test_a_busy_pair_needs_a_bigger_jump():
    busy = [40, 42, 38, 41, 39, 40, 43, 40, 41, 39]
    assert detection.ewma_poisson([*busy, 50]) == []
    assert [a.index for a in detection.ewma_poisson([*busy, 80])] == [10]


def test_alarm_days_do_not_raise_the_baseline():
    alarms = detection.ewma_poisson([1] * 10 + [10, 10, 10])
    assert [a.index for a in alarms] == [10, 11, 12]


def test_working_days_after_a_long_holiday_are_compared_with_working_days():
    kinds = []
    for _week in range(3):
        kinds += [True] * 5 + [False] * 2
    kinds += [False] * 9 + [True]  # a nine-day holiday, then back to work
    counts = [20 if working else 0 for working in kinds]
    assert [a.index for a in detection.ewma_poisson(counts)] == [len(counts) - 1]
    assert detection.ewma_poisson(counts, kinds=kinds) == []


def test_poisson_tail():
    assert detection.poisson_tail(0, 3.0) == 1.0
    assert detection.poisson_tail(1, 2.0) == pytest.approx(1 - 2.718281828**-2, rel=1e-6)


def test_near_duplicates_cluster_across_scripts_without_word_lists():
    items = [
        (1, "建国路口的红绿灯坏了，一直不变，很危险"),
        (2, "建国路口红绿灯坏了一直不变，很危险！"),
        (3, "建国路口的红绿灯坏了，一直不变，太危险了"),
        (4, "The traffic light at the Jianguo crossroads is broken"),
        (5, "The traffic light at Jianguo crossroads is broken!"),
        (6, "the traffic light at the jianguo crossroads is broken."),
        (7, "My neighbour's dog barks all night"),
    ]
    clusters = detection.duplicate_clusters(items)
    assert sorted(sorted(c) for c in clusters) == [[1, 2, 3], [4, 5, 6]]


def test_many_identical_texts_form_one_cluster_quickly():
    items = [(i, "Water pipe burst on Jianguo Road, the street is flooding") for i in range(2000)]
    clusters = detection.duplicate_clusters(items)
    assert len(clusters) == 1 and len(clusters[0]) == 2000


def _at_day(request, day, hour=10):
    moment = datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())
    HotlineRequest.objects.filter(pk=request.pk).update(created_at=moment)


@pytest.fixture
def burst(world, submit):
    today = timezone.localdate()
    for back in range(1, 15):
        if back % 3 == 0:
            _at_day(
                submit("Music from a bar at night.", category="noise", district="west"), today - timedelta(days=back)
            )
    made = []
    texts = [
        "Loud drilling at night near the school.",
        "Karaoke until late again.",
        "Square dancing music too loud.",
        "Construction noise after midnight.",
        "A bar plays music all night.",
        "Drilling again at 2 am.",
    ]
    for text in texts:
        request = submit(text, category="noise", district="west")
        _at_day(request, today)
        made.append(request)
    return today, made


def test_the_scan_raises_a_volume_alert_once_with_the_requests_behind_it(
    world, burst, django_capture_on_commit_callbacks
):
    today, made = burst
    with (
        mock.patch("onestop.hotline.services.notifications.alert_hotspot") as notify,
        django_capture_on_commit_callbacks(execute=True),
    ):
        first = services.hotspot_scan(day=today)
        second = services.hotspot_scan(day=today)
    assert first["volume"] == 1 and second["volume"] == 0
    alert = HotspotAlert.objects.get(kind="volume")
    assert alert.count == 6
    assert alert.category == world.categories["noise"]
    assert alert.department == world.departments["ecology"]
    assert set(alert.requests.values_list("pk", flat=True)) == {r.pk for r in made}
    assert notify.call_count == 1


def test_hotspot_alerts_reach_the_department_and_the_supervisors(world, burst):
    from onestop.hotline.services.notifications import alert_hotspot

    today, _made = burst
    services.hotspot_scan(day=today)
    alert = HotspotAlert.objects.get(kind="volume")
    with mock.patch("onestop.notify.services.notify_user") as notify:
        alert_hotspot(alert=alert, title="Noise in West", link="http://x/")
    assert {c.kwargs["user"] for c in notify.call_args_list} == {
        world.users["ecology_handler"],
        world.users["supervisor"],
    }


def test_the_scan_finds_near_identical_requests(world, submit):
    text = "The traffic light at the Jianguo crossroads has been broken since this morning."
    for suffix in ("", "!", " Please fix it."):
        submit(text + suffix, district="west")
    result = services.hotspot_scan()
    assert result["duplicates"] == 1
    alert = HotspotAlert.objects.get(kind="duplicates")
    assert alert.count == 3


def test_alerts_are_acknowledged_then_closed(world, burst):
    today, _made = burst
    services.hotspot_scan(day=today)
    alert = HotspotAlert.objects.get(kind="volume")
    alert = services.alert_acknowledge(alert=alert, by=world.users["supervisor"])
    assert alert.status == "acknowledged"
    alert = services.alert_acknowledge(alert=alert, by=world.users["supervisor"], close=True)
    assert alert.status == "closed"
    with pytest.raises(Conflict):
        services.alert_acknowledge(alert=alert, by=world.users["supervisor"])


def test_alert_pages_scope_handlers_to_their_department(world, burst, login):
    today, made = burst
    services.hotspot_scan(day=today)
    alert = HotspotAlert.objects.get(kind="volume")
    supervisor = login(world.users["supervisor"])
    page = supervisor.get("/hotline/alerts/?lang=en")
    assert page.status_code == 200 and b"<svg" in page.content
    detail = supervisor.get(f"/hotline/alerts/{alert.pk}/")
    assert made[0].number.encode() in detail.content
    assert login(world.users["ecology_handler"]).get(f"/hotline/alerts/{alert.pk}/").status_code == 200
    assert login(world.users["water_handler"]).get(f"/hotline/alerts/{alert.pk}/").status_code == 404
    response = supervisor.post(f"/hotline/alerts/{alert.pk}/status/", {"close": "1"})
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.status == "closed"
