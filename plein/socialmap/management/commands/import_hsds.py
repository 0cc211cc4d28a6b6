"""plein import-hsds PATH [--library SLUG]: import HSDS 3.0 data into a library's social map."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from plein.socialmap.hsds.importer import HsdsImportError, hsds_import, library_for_import


class Command(BaseCommand):
    help = (
        "Importeert HSDS 3.0: een datapakket (map of .zip met datapackage.json en CSV's) of "
        "HSDS JSON (een dienst, een lijst of een pagina). Alles of niets; opnieuw importeren "
        "werkt bij op id."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="map, .zip of .json")
        parser.add_argument("--library", help="korte naam (slug) van de bibliotheek")

    def handle(self, *args, path: Path, library: str | None, **options):
        try:
            target = library_for_import(slug=library)
            result = hsds_import(path=path, library=target)
        except HsdsImportError as error:
            raise CommandError(str(error)) from error
        for warning in result.warnings:
            self.stderr.write(self.style.WARNING(_("Let op: {warning}").format(warning=warning)))
        for hook in result.hooks_missing:
            message = _("{hook} is nog niet beschikbaar en is overgeslagen.").format(hook=hook)
            self.stderr.write(message)
        self.stdout.write(_("Geïmporteerd in {library}:").format(library=target.name))
        for line in result.lines():
            self.stdout.write(f"  {line}")
