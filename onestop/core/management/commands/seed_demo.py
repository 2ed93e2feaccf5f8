"""Build the demo city. Idempotent: running it again changes nothing that exists.

Each app contributes ``onestop/<app>/demo.py`` with ``ORDER`` (int) and ``seed(world)``;
``world`` is a dict the earlier seeders fill (organizations, users, persons...) and the later
ones read. The command prints the demo logins at the end.
"""

from __future__ import annotations

from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


def seeders():
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("onestop."):
            continue
        try:
            module = import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise
            continue
        found.append(module)
    return sorted(found, key=lambda m: getattr(m, "ORDER", 100))


class Command(BaseCommand):
    help = "Create (or complete) the demo city: organizations, persons, one user per role, cases in every state."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="do not print the logins")

    def handle(self, *args, **options):
        world: dict = {"logins": []}
        for module in seeders():
            with transaction.atomic():
                module.seed(world)
            self.stdout.write(f"  seeded {module.__name__.rsplit('.', 2)[-2]}")
        # a second round for demo data that needs what later apps seeded (trips after approval
        # need the passports and visas that those apps create)
        for module in seeders():
            late = getattr(module, "seed_late", None)
            if late is not None:
                with transaction.atomic():
                    late(world)
        if options["quiet"]:
            return
        self.stdout.write(self.style.SUCCESS(f"\nDemo logins (password for all: {world.get('password', '')})"))
        for line in world["logins"]:
            self.stdout.write("  " + line)
        self.stdout.write(
            "\nStaff accounts ask for a TOTP code after the password. Each demo staff account uses the"
            "\nsecret printed above; `python manage.py demo_totp <username>` prints the current code."
        )
        self.stdout.write("\nOpen http://127.0.0.1:8000/")
