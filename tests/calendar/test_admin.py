from datetime import date

import pytest
from django.urls import reverse

from onestop.calendar.models import CalendarDay, CalendarYear
from onestop.calendar.services import is_working_day, year_has_data
from onestop.cases.models import AuditEvent

pytestmark = pytest.mark.usefixtures("calendar_data")


def test_editing_a_day_in_the_admin_takes_effect_and_is_audited(admin_user, login):
    client = login(admin_user)
    day = CalendarDay.objects.get(date=date(2026, 2, 28))
    assert is_working_day(day.date) is True
    url = reverse("admin:calendar_calendarday_change", args=[day.pk])
    response = client.post(url, {"date": "2026-02-28", "kind": "holiday", "name": "changed", "names": "{}"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert is_working_day(day.date) is False
    event = AuditEvent.objects.filter(action="calendar.day.saved").latest("seq")
    assert event.old["kind"] == "workday" and event.new["kind"] == "holiday"


def test_admin_refuses_a_make_up_day_on_a_weekday(admin_user, login, settings):
    client = login(admin_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(
        reverse("admin:calendar_calendarday_add"), {"date": "2027-03-03", "kind": "workday", "name": "x", "names": "{}"}
    )
    assert response.status_code == 200
    assert "must fall on a Saturday or Sunday" in response.content.decode()
    assert not CalendarDay.objects.filter(date=date(2027, 3, 3)).exists()


def test_deleting_a_year_in_the_admin_marks_it_missing(admin_user, login):
    client = login(admin_user)
    record = CalendarYear.objects.get(year=2026)
    assert year_has_data(2026)
    response = client.post(reverse("admin:calendar_calendaryear_delete", args=[record.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert year_has_data(2026) is False
    assert AuditEvent.objects.filter(action="calendar.year.deleted").exists()


def test_adding_a_year_in_the_admin(admin_user, login):
    client = login(admin_user)
    response = client.post(reverse("admin:calendar_calendaryear_add"), {"year": 2027, "source": "State Council notice"})
    assert response.status_code == 302
    assert year_has_data(2027)
    assert AuditEvent.objects.filter(action="calendar.year.created").exists()


def test_admin_changelist_renders(admin_user, login):
    client = login(admin_user)
    assert client.get(reverse("admin:calendar_calendarday_changelist")).status_code == 200
    assert client.get(reverse("admin:calendar_calendaryear_changelist")).status_code == 200
