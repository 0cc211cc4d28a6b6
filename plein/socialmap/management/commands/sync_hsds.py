"""plein sync-hsds URL [--library SLUG]: pull another HSDS 3.0 API into a library's social map."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from plein.socialmap.hsds.importer import HsdsImportError, library_for_import
from plein.socialmap.hsds.sync import HsdsSyncError, hsds_sync


class Command(BaseCommand):
    help = (
        "Haalt de diensten van een andere HSDS 3.0-API op (bijvoorbeeld https://…/api/hsds) en "
        "werkt de sociale kaart bij. De eerste keer alles, daarna alleen wat sinds de laatste "
        "geslaagde keer is gewijzigd. Elke pagina gaat er helemaal of niet in; bij een fout "
        "stopt het en begint de volgende keer weer bij dezelfde plek."
    )

    def add_arguments(self, parser):
        parser.add_argument("url", help="adres van de HSDS-API, zonder /services")
        parser.add_argument("--library", help="korte naam (slug) van de bibliotheek")
        parser.add_argument(
            "--full",
            action="store_true",
            help="alles ophalen; diensten die de bron niet meer heeft worden opgeheven",
        )
        parser.add_argument(
            "--ndjson", action="store_true", help="alles in één ndjson-antwoord ophalen"
        )

    def handle(self, *args, url: str, library: str | None, full: bool, ndjson: bool, **options):
        try:
            target = library_for_import(slug=library)
            result = hsds_sync(url=url, library=target, full=full, ndjson=ndjson)
        except (HsdsImportError, HsdsSyncError) as error:
            raise CommandError(str(error)) from error
        if result.full:
            self.stdout.write(_("Alles opgehaald voor {library}:").format(library=target.name))
        else:
            self.stdout.write(
                _("Wijzigingen sinds {since} voor {library}:").format(
                    since=result.since.isoformat(timespec="seconds") if result.since else "-",
                    library=target.name,
                )
            )
        self.stdout.write(
            _("  {services} diensten op {pages} pagina's").format(
                services=result.services, pages=result.pages
            )
        )
        for table, count in result.counts.items():
            self.stdout.write(
                _("  {table}: {created} nieuw, {updated} bijgewerkt").format(
                    table=table, created=count.get("created", 0), updated=count.get("updated", 0)
                )
            )
        if result.deactivated:
            self.stdout.write(
                _("  {count} diensten opgeheven: niet meer bij de bron").format(
                    count=result.deactivated
                )
            )
