import csv

from django.core.management.base import BaseCommand

from onestop.hotline import selectors


class Command(BaseCommand):
    help = "Export the routing corrections people made (text, label, previous label, department) as training CSV."

    def add_arguments(self, parser):
        parser.add_argument("--csv", required=True, help="output file")

    def handle(self, *args, **options):
        count = 0
        with open(options["csv"], "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["text", "label", "previous_label", "department", "kind", "at"])
            for event in selectors.corrections().iterator():
                writer.writerow(
                    [
                        event.request.description,
                        event.category.code,
                        event.previous_category.code if event.previous_category_id else "",
                        event.department.code if event.department_id else "",
                        event.kind,
                        event.at.isoformat(),
                    ]
                )
                count += 1
        self.stdout.write(f"{count} corrections written to {options['csv']}")
