from datetime import date

import pytest
from django.core.management import call_command

from onestop.calendar.models import CalendarDay, CalendarYear
from onestop.calendar.seeding import package_days, package_years
from onestop.calendar.services import calendar_seed_from_package, is_working_day
from onestop.cases.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_package_covers_2004_to_2026_and_has_nothing_for_2027():
    assert package_years().start == 2004
    assert 2026 in package_years()
    assert package_days(2027) is None  # the package itself raises for 2027; we answer "no data"


def test_seed_loads_every_package_year_and_is_audited():
    CalendarDay.objects.all().delete()
    CalendarYear.objects.all().delete()
    result = calendar_seed_from_package(by=None)
    assert result.seeded == list(package_years())
    assert set(CalendarYear.objects.values_list("year", flat=True)) == set(package_years())
    assert CalendarDay.objects.filter(date__year=2015, kind="workday").exists()
    spring = CalendarDay.objects.get(date=date(2026, 2, 17))
    assert spring.kind == "holiday" and spring.name == "Spring Festival"
    assert spring.names == {"en": "Spring Festival", "zh-hans": "春节"}
    assert AuditEvent.objects.filter(action="calendar.year.seeded").count() == len(package_years())
    event = AuditEvent.objects.filter(
        action="calendar.year.seeded", object_id=str(CalendarYear.objects.get(year=2026).pk)
    ).get()
    assert event.new["holidays"] > 0 and event.new["workdays"] > 0


def test_seed_keeps_years_already_present_unless_replace():
    CalendarDay.objects.filter(date=date(2026, 2, 28)).update(kind="holiday", name="edited by an admin")
    before = AuditEvent.objects.count()
    result = calendar_seed_from_package(years=[2026])
    assert result.skipped == [2026] and result.seeded == []
    assert CalendarDay.objects.get(date=date(2026, 2, 28)).name == "edited by an admin"
    assert AuditEvent.objects.count() == before
    result = calendar_seed_from_package(years=[2026], replace=True)
    assert result.seeded == [2026]
    assert CalendarDay.objects.get(date=date(2026, 2, 28)).kind == "workday"
    assert is_working_day(date(2026, 2, 28)) is True


def test_seed_reports_a_year_the_package_lacks_without_failing():
    result = calendar_seed_from_package(years=[2027])
    assert result.unavailable == [2027]
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_seed_command_reports_missing_years(capsys):
    call_command("calendar_seed", "--year", "2026", "--year", "2027")
    out = capsys.readouterr().out
    assert "Kept (already present" in out and "2026" in out
    assert "Not in the package: 2027" in out


def test_day_display_name_in_the_active_language():
    from django.utils import translation

    day = CalendarDay.objects.get(date=date(2026, 10, 1))
    with translation.override("zh-hans"):
        assert day.display_name == "国庆节"
    with translation.override("en"):
        assert day.display_name == "National Day"
    with translation.override("de"):
        assert day.display_name == "Nationalfeiertag"  # from the catalogue, for a known package name
