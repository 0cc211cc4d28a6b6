import os
import sys

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext_lazy as _

from plein.core.launcher import run_together

ADDRESS_INVALID = _("Geef het adres als host:poort, bijvoorbeeld 127.0.0.1:8000.")

STARTED = _("Plein draait op %(url)s, met de achtergrondtaken en de planner. Stoppen met Ctrl+C.")
CHILD_FAILED = _("Een onderdeel stopte met code %(code)s; de andere zijn ook gestopt.")


def site_url_for(address: str) -> str:
    """The address links in e-mails point to: where this server answers."""
    host, _sep, port = address.rpartition(":")
    if not host or not port.isdigit():
        raise CommandError(str(ADDRESS_INVALID))
    # Listening on every interface: this machine itself is where a browser reaches it.
    if host in ("0.0.0.0", "[::]"):
        host = "127.0.0.1"
    return f"http://{host}:{port}"


def plein_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "plein", *args]


class Command(BaseCommand):
    help = (
        "Development: run the web server, the background worker (e-mails, reminders) and the "
        "scheduler of periodic tasks together; Ctrl+C stops all three."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("address", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args, address: str, **options) -> None:
        env = dict(os.environ)
        # Links in e-mails use the address this server runs on, unless one is configured.
        env.setdefault("PLEIN_SITE_URL", site_url_for(address))
        commands = [
            plein_command("runserver", address),
            plein_command("db_worker"),
            plein_command("scheduler"),
        ]
        self.stdout.write(STARTED % {"url": env["PLEIN_SITE_URL"]})
        code = run_together(commands, env=env)
        if code:
            raise CommandError(CHILD_FAILED % {"code": code})
