from django.core.management.base import BaseCommand

from plein.core.crypto import generate_key


class Command(BaseCommand):
    help = (
        "Print a new Fernet key for PLEIN_ENCRYPTION_KEYS (put it first in the list, then run "
        "`plein rotate-encryption-keys`)."
    )

    def handle(self, *args, **options) -> None:
        self.stdout.write(generate_key())
