from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Print the current TOTP code of a demo staff account (demo data only)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        device = TOTPDevice.objects.filter(user__username=username, name="demo", confirmed=True).first()
        if device is None:
            raise CommandError(f"{username} has no demo authenticator")
        self.stdout.write(f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}")
