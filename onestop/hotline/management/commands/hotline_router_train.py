import json

from django.core.management.base import BaseCommand, CommandError

from onestop.core.errors import DomainError
from onestop.hotline import classifier, selectors
from onestop.hotline.services import router_train


class Command(BaseCommand):
    help = (
        "Train the hotline router on past requests in a CSV file and make it the active model. "
        "With --include-corrections, the routing corrections people made since then are added."
    )

    def add_arguments(self, parser):
        parser.add_argument("--csv", required=True, help="CSV file with a header row (UTF-8)")
        parser.add_argument("--text-column", required=True)
        parser.add_argument("--label-column", required=True)
        parser.add_argument(
            "--include-corrections",
            action="store_true",
            help="add the dispatchers' corrections recorded in the database",
        )
        parser.add_argument("--no-activate", action="store_true", help="store the model without using it")

    def handle(self, *args, **options):
        try:
            texts, labels = classifier.read_csv(
                options["csv"], text_column=options["text_column"], label_column=options["label_column"]
            )
        except FileNotFoundError:
            raise CommandError(f"No such file: {options['csv']}")
        except DomainError as exc:
            raise CommandError(str(exc.message))
        added = 0
        if options["include_corrections"]:
            for event in selectors.corrections():
                texts.append(event.request.description)
                labels.append(event.category.code)
                added += 1
        try:
            model = router_train(texts=texts, labels=labels, source=options["csv"], activate=not options["no_activate"])
        except DomainError as exc:
            raise CommandError(str(exc.message))
        self.stdout.write(
            json.dumps(
                {
                    "model": model.pk,
                    "n": model.n,
                    "classes": len(model.labels),
                    "corrections_added": added,
                    "active": model.is_active,
                    "bytes": len(model.blob),
                }
            )
        )
