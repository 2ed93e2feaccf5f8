from django.core.management.base import BaseCommand

from onestop.hotline.services import api_key_create


class Command(BaseCommand):
    help = "Issue an Open311 API key for a client application; the key is printed once."

    def add_arguments(self, parser):
        parser.add_argument("name", help="the client's name")

    def handle(self, *args, **options):
        key, raw = api_key_create(name=options["name"])
        self.stdout.write(f"{key.name}: {raw}")
