import os
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from plein.core.models import Library
from plein.demo import data
from plein.demo.directory import demo_directory_changes_install
from plein.demo.load import DemoError, demo_load, demo_logins
from plein.demo.registrations import registrations_generate, registrations_generated_exist
from plein.reports.services import month_counts_fill_all

PRODUCTION_REFUSED = _(
    "Dit lijkt een productie-installatie (PLEIN_DEV en PLEIN_DEBUG staan uit). De demo maakt "
    "gebruikers met een bekend wachtwoord, ook een beheerder. Gebruik --ook-in-productie als u "
    "dat echt wilt."
)

VOLUME_OPTIONS_INVALID = _(
    "--registrations moet 0 of meer zijn, --branches minstens 1 en --years tussen 1 en 10."
)
VOLUME_DONE = _(
    "%(registrations)s vragen in %(visits)s bezoeken gemaakt in %(seconds)s s "
    "(%(branches)s vestigingen, waarvan %(branches_created)s nieuw); "
    "een eerder gemaakte set van %(replaced)s vragen is vervangen."
)
REPORTS_PREPARED = _(
    "De maanden van de rapportage zijn vooraf geteld in %(seconds)s s, zodat ook lange "
    "periodes meteen openen."
)

# `plein demo` without --registrations: a year of example questions for the reports, made once
# (a later run keeps them) and the same for the same day (a fixed seed).
TRIAL_REGISTRATIONS = 4000
TRIAL_SEED = 16
TRIAL_REGISTRATIONS_NOTE = _(
    "Een jaar voorbeeldregistraties voor Bibliotheek Beekveld, zodat de rapportage iets toont "
    "(--registrations 0 verwijdert ze)."
)

DIRECTORY_CHANGES_NOTE = _(
    "Voor Ken je partners: een nieuwe, een gewijzigde en een gestopte dienst; het maandoverzicht "
    "verstuurt de coördinator met ‘Verstuur nu’ op /ken-je-partners/maandoverzicht/."
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
            "--registrations",
            type=int,
            metavar="N",
            help=_(
                "Maak daarna N geanonimiseerde voorbeeldregistraties voor Bibliotheek Beekveld "
                "(vervangt een eerder gemaakte set; 0 verwijdert die)."
            ),
        )
        parser.add_argument(
            "--branches",
            type=int,
            default=30,
            help=_("Aantal vestigingen voor de voorbeeldregistraties (standaard 30)."),
        )
        parser.add_argument(
            "--years",
            type=int,
            default=3,
            help=_("Aantal jaren tot en met vandaag (standaard 3)."),
        )
        parser.add_argument(
            "--seed", type=int, help=_("Startwaarde van het toeval, voor herhaalbare gegevens.")
        )
        parser.add_argument(
            "--ook-in-productie",
            action="store_true",
            dest="allow_production",
            help=_("Laad de demo ook als PLEIN_DEV en PLEIN_DEBUG uit staan."),
        )

    def handle(self, *args, reset: bool, allow_production: bool, **options) -> None:
        if options["registrations"] is not None:
            self.check_volume_options(**options)
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
        if options["registrations"] is not None:
            self.generate_registrations(**options)
        elif not registrations_generated_exist(library=self.demo_library()):
            # A trial shows full reports: a year of example questions, the same on every run.
            self.stdout.write("")
            self.stdout.write(TRIAL_REGISTRATIONS_NOTE)
            self.generate_registrations(
                registrations=TRIAL_REGISTRATIONS, branches=1, years=1, seed=TRIAL_SEED
            )
        # News for "Ken je partners" and its monthly digest: a new, a changed and an ended service.
        if demo_directory_changes_install(library=self.demo_library()):
            self.stdout.write(DIRECTORY_CHANGES_NOTE)

    def check_volume_options(self, *, registrations: int, branches: int, years: int, **_options):
        if registrations < 0 or branches < 1 or not 1 <= years <= 10:
            raise CommandError(VOLUME_OPTIONS_INVALID)

    def demo_library(self) -> Library:
        return Library.objects.get(slug=data.LIBRARIES[0].slug)

    def generate_registrations(self, *, registrations: int, branches, years, seed, **_options):
        library = self.demo_library()
        self.stdout.write("")
        self.stdout.write(
            _(
                "Voorbeeldregistraties maken: %(n)s vragen, %(years)s jaar, "
                "minstens %(branches)s vestigingen."
            )
            % {"n": registrations, "years": years, "branches": branches}
        )
        step = max(registrations // 10, 1)

        def progress(done: int, total: int) -> None:
            if done // step != (done - 1) // step or done == total:
                self.stdout.write(f"  {done:>10,} / {total:,}".replace(",", "."))

        result = registrations_generate(
            library=library,
            count=registrations,
            branches=branches,
            years=years,
            seed=seed,
            progress=progress,
        )
        self.stdout.write(VOLUME_DONE % (vars(result) | {"seconds": f"{result.seconds:.1f}"}))
        # Every month loaded changed: count its roll-ups now, not in the first viewer's request.
        started = time.perf_counter()
        month_counts_fill_all(library_ids=[library.pk])
        self.stdout.write(REPORTS_PREPARED % {"seconds": f"{time.perf_counter() - started:.1f}"})
