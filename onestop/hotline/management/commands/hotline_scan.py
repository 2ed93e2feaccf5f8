import json
from datetime import date

from django.core.management.base import BaseCommand

from onestop.hotline.services import hotspot_scan, requests_deadline_scan


class Command(BaseCommand):
    help = "Run the hotline's periodic jobs once: deadline scan and early-warning scan."

    def add_arguments(self, parser):
        parser.add_argument("--day", help="early-warning day (YYYY-MM-DD); today when absent")

    def handle(self, *args, **options):
        day = date.fromisoformat(options["day"]) if options["day"] else None
        result = {"deadlines": requests_deadline_scan(), "hotspots": hotspot_scan(day=day)}
        self.stdout.write(json.dumps(result))
