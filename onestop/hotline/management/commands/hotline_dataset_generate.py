from django.core.management.base import BaseCommand

from onestop.hotline import dataset


class Command(BaseCommand):
    help = "Write the multilingual demo set of past requests (text, category, language, district) as CSV."

    def add_arguments(self, parser):
        parser.add_argument("--out", default=str(dataset.DEMO_CSV))
        parser.add_argument("--rows", type=int, default=2400)
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args, **options):
        rows = dataset.generate(rows=options["rows"], seed=options["seed"])
        path = dataset.write_csv(rows, options["out"])
        self.stdout.write(f"{len(rows)} rows written to {path}")
