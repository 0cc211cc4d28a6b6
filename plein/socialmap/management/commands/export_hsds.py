"""plein export-hsds --format csv|json OUT [--library SLUG] [--public]: export HSDS 3.0."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from plein.socialmap.hsds.exporter import HsdsExportError, hsds_export_csv, hsds_export_json
from plein.socialmap.hsds.importer import HsdsImportError, library_for_import


class Command(BaseCommand):
    help = (
        "Exporteert de sociale kaart van een bibliotheek als HSDS 3.0: csv schrijft een "
        "datapakket (map met datapackage.json en CSV's), json een lijst van volledige diensten; "
        "zonder --public volgt daarna wat aan geen dienst hangt, zodat er niets verloren gaat."
    )

    def add_arguments(self, parser):
        parser.add_argument("out", help="map (csv) of bestand (json; '-' voor standaarduitvoer)")
        parser.add_argument("--format", choices=["csv", "json"], required=True)
        parser.add_argument("--library", help="korte naam (slug) van de bibliotheek")
        parser.add_argument(
            "--public",
            action="store_true",
            help="laat contactpersonen en nummers die alleen voor professionals zijn weg",
        )

    def handle(self, *args, out: str, format: str, library: str | None, public: bool, **opts):
        try:
            target = library_for_import(slug=library)
            if format == "json":
                count = hsds_export_json(
                    library=target, out=sys.stdout if out == "-" else Path(out), public=public
                )
                summary = _("{count} diensten geëxporteerd.").format(count=count)
            else:
                if out == "-":
                    raise CommandError(_("Voor csv is een map nodig, geen '-'."))
                counts = hsds_export_csv(library=target, out=Path(out), public=public)
                summary = _("{count} diensten geëxporteerd ({rows} regels in {tables} CSV's).")
                summary = summary.format(
                    count=counts["service"], rows=sum(counts.values()), tables=len(counts)
                )
        except (HsdsImportError, HsdsExportError) as error:
            raise CommandError(str(error)) from error
        # With '-' stdout carries the JSON itself; the summary then goes to stderr.
        (self.stderr if out == "-" else self.stdout).write(summary)
