import json

from django.core.management.base import BaseCommand, CommandError

from onestop.core.errors import DomainError
from onestop.hotline import classifier, policies


class Command(BaseCommand):
    help = (
        "Cross-validate the hotline router on a CSV file and print one JSON object: accuracy, macro_f1, n, "
        "classes, ms_per_request."
    )

    def add_arguments(self, parser):
        parser.add_argument("--csv", required=True)
        parser.add_argument("--text-column", required=True)
        parser.add_argument("--label-column", required=True)
        parser.add_argument("--folds", type=int, default=5)
        parser.add_argument("--group-column", help="also report accuracy per value of this column (e.g. language)")
        parser.add_argument(
            "--baseline",
            action="store_true",
            help="evaluate the plain word TF-IDF + logistic regression baseline instead",
        )

    def handle(self, *args, **options):
        if options["folds"] < 2:
            raise CommandError("--folds must be at least 2")
        try:
            rows = classifier.read_csv(
                options["csv"],
                text_column=options["text_column"],
                label_column=options["label_column"],
                group_column=options.get("group_column"),
            )
            texts, labels = rows[0], rows[1]
            result = classifier.evaluate(
                texts,
                labels,
                folds=options["folds"],
                kind="word" if options["baseline"] else "char",
                languages=rows[2] if len(rows) == 3 else None,
                threshold=policies.router_threshold(),
            )
        except FileNotFoundError:
            raise CommandError(f"No such file: {options['csv']}")
        except DomainError as exc:
            raise CommandError(str(exc.message))
        self.stdout.write(json.dumps(result))
