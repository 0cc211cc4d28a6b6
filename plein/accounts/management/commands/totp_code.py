"""Development only: print the current two-factor code of a (demo) user.

So that whoever tries Plein locally can pass the second step without a phone. Refused unless
PLEIN_DEV or PLEIN_DEBUG is set: in production it would defeat the second factor.
"""

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from plein.accounts import totp
from plein.accounts.models import TOTPDevice, User


def development() -> bool:
    return os.environ.get("PLEIN_DEV", "").strip().lower() in {"1", "true", "yes", "on"}


class Command(BaseCommand):
    help = (
        "Toont de huidige code voor tweestapsverificatie van een gebruiker (alleen ontwikkeling)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        if not (settings.DEBUG or development()):
            raise CommandError("Only for development: set PLEIN_DEV=1 or PLEIN_DEBUG=1.")
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        device = TOTPDevice.objects.filter(user=user).first()
        if device is None:
            device = totp.device_for_development(user=user)
            self.stderr.write(f"New secret for {username}: {totp.secret_grouped(device.secret)}")
        self.stdout.write(totp.code_at(device.secret))
