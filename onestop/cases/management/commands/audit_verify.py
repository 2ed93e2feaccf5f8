from django.core.management.base import BaseCommand, CommandError

from onestop.cases.audit import audit_verify


class Command(BaseCommand):
    help = "Recompute the audit hash chain; exit non-zero naming the first broken row."

    def handle(self, *args, **options):
        result = audit_verify()
        if not result.ok:
            raise CommandError(
                f"audit chain broken at seq {result.first_broken_seq}: {result.reason} "
                f"({result.checked} events checked)"
            )
        self.stdout.write(self.style.SUCCESS(f"audit chain intact: {result.checked} events"))
