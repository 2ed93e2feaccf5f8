"""Load every year the chinesecalendar package covers (2004 to its last year)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from onestop.calendar import services
from onestop.calendar.seeding import package_version, package_years


class Command(BaseCommand):
    help = "Load holidays and make-up working days from the chinesecalendar package for the years it covers."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, action="append", dest="years", help="only this year (repeatable)")
        parser.add_argument("--replace", action="store_true", help="overwrite years that already have data")

    def handle(self, *args, **options):
        covered = package_years()
        if not covered:
            self.stderr.write("The chinesecalendar package is not installed; nothing to seed.")
            return
        result = services.calendar_seed_from_package(by=None, years=options["years"], replace=options["replace"])
        self.stdout.write(f"chinesecalendar {package_version()} covers {covered.start}-{covered.stop - 1}.")
        if result.seeded:
            self.stdout.write(self.style.SUCCESS(f"Seeded: {_years(result.seeded)}"))
        if result.skipped:
            self.stdout.write(f"Kept (already present; --replace overwrites): {_years(result.skipped)}")
        if result.unavailable:
            self.stdout.write(
                self.style.WARNING(
                    f"Not in the package: {_years(result.unavailable)}. Import them with "
                    "`manage.py calendar_import --year YEAR --file FILE`."
                )
            )


def _years(years: list[int]) -> str:
    return ", ".join(str(y) for y in years)
