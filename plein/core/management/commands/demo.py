import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from plein.core.demo.load import DemoError, demo_load, demo_logins

PRODUCTION_REFUSED = _(
    "Dit lijkt een productie-installatie (PLEIN_DEV en PLEIN_DEBUG staan uit). De demo maakt "
    "gebruikers met een bekend wachtwoord, ook een beheerder. Gebruik --ook-in-productie als u "
    "dat echt wilt."
)


def _development() -> bool:
    flag = os.environ.get("PLEIN_DEV", "").strip().lower() in {"1", "true", "yes", "on"}
    return settings.DEBUG or flag


class Command(BaseCommand):
    help = _(
        "Laad Plein's eigen demo: gemeente Beekveld met bibliotheken, partners, diensten, "
        "spreekuren en demogebruikers voor elke rol. Twee keer laden voegt niets dubbel toe."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset",
            action="store_true",
            help=_("Zet ook bestaande demogegevens en demowachtwoorden terug."),
        )
        parser.add_argument(
            "--ook-in-productie",
            action="store_true",
            dest="allow_production",
            help=_("Laad de demo ook als PLEIN_DEV en PLEIN_DEBUG uit staan."),
        )

    def handle(self, *args, reset: bool, allow_production: bool, **options) -> None:
        if not (_development() or allow_production):
            raise CommandError(PRODUCTION_REFUSED)
        try:
            result = demo_load(reset=reset)
        except DemoError as error:
            raise CommandError(str(error)) from error
        if result.created_total:
            counts = ", ".join(f"{n} {name}" for name, n in sorted(result.created.items()))
            self.stdout.write(_("Demo geladen: %(counts)s nieuw.") % {"counts": counts})
        else:
            self.stdout.write(_("Demo was al geladen; er is niets toegevoegd."))
        for hook in result.hooks_missing:
            self.stdout.write(_("Overgeslagen (nog niet beschikbaar): %(hook)s") % {"hook": hook})
        self.stdout.write("")
        self.stdout.write(_("Demologins (wachtwoord voor iedereen hetzelfde):"))
        for username, password, role, works_for in demo_logins():
            self.stdout.write(f"  {username:<22} {password:<12} {role:<16} {works_for}")
