"""Load the years the chinesecalendar package covers (2004 up to its last year), so a fresh
installation counts deadlines with real holidays and make-up working days right after
``migrate``. Years already present are left alone. Later years are imported by the
administrators (``manage.py calendar_import``) or, after a package upgrade,
``manage.py calendar_seed`` (which also writes the audit trail)."""

from django.db import migrations


def seed(apps, schema_editor):
    from onestop.calendar.seeding import package_days, package_version, package_years

    CalendarYear = apps.get_model("calendar", "CalendarYear")
    CalendarDay = apps.get_model("calendar", "CalendarDay")
    present = set(CalendarYear.objects.values_list("year", flat=True))
    source = f"chinesecalendar {package_version()} (migration)"
    for year in package_years():
        if year in present:
            continue
        entries = package_days(year) or []
        CalendarDay.objects.filter(date__year=year).delete()
        CalendarDay.objects.bulk_create(
            [CalendarDay(date=e.date, kind=e.kind, name=e.name, names=dict(e.names)) for e in entries]
        )
        CalendarYear.objects.create(year=year, source=source)


class Migration(migrations.Migration):
    dependencies = [("calendar", "0002_day_names")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
