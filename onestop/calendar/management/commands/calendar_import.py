"""Import one year's official holidays and make-up working days from a CSV or JSON file."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from onestop.calendar import services
from onestop.core.errors import ValidationFailed


class Command(BaseCommand):
    help = (
        "Import a year's holidays and make-up working days (columns: date, kind holiday|workday, name). "
        "The whole file is checked first; on any error nothing changes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--file", required=True, help="a .csv or .json file")
        parser.add_argument("--format", choices=["csv", "json"], default="", help="when the file name does not say")
        parser.add_argument("--language", default="en", help="language of the error messages (default: en)")

    def handle(self, *args, **options):
        with translation.override(options["language"]):
            self._import(options)

    def _import(self, options) -> None:
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror or exc}")
        try:
            result = services.calendar_import_file(
                year=options["year"], content=content, filename=path.name, fmt=options["format"], by=None
            )
        except services.ImportRejected as exc:
            lines = [str(exc.message)] + [f"  {p}" for p in exc.problems]
            raise CommandError("\n".join(lines))
        except ValidationFailed as exc:
            raise CommandError(str(exc.message))
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {result.year.year}: {result.holidays} holidays, {result.workdays} make-up working days."
            )
        )
