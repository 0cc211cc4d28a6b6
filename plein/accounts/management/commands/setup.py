import getpass
import os
from dataclasses import asdict, replace

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plein.accounts import services
from plein.accounts.services import SetupInput

PASSWORD_ENV = "PLEIN_ADMIN_PASSWORD"
PASSWORDS_DIFFER = gettext_lazy("De wachtwoorden zijn niet gelijk; probeer het opnieuw.")
PASSWORD_MISSING = gettext_lazy(
    "Zet het wachtwoord van de beheerder in de omgevingsvariabele PLEIN_ADMIN_PASSWORD "
    "(met --no-input wordt er niets gevraagd)."
)
OPTIONS = {
    "library_name": "--library",
    "library_slug": "--slug",
    "municipality": "--municipality",
    "branch_name": "--branch",
    "username": "--username",
    "email": "--email",
    "password": PASSWORD_ENV,
}


class Command(BaseCommand):
    help = _(
        "Richt een nieuwe installatie in: de eerste bibliotheek, haar eerste vestiging en de "
        "beheerder. Vraagt wat ontbreekt; met --no-input komt alles uit de opties (en het "
        "wachtwoord uit PLEIN_ADMIN_PASSWORD)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--library", dest="library_name", help=_("naam van de bibliotheek"))
        parser.add_argument("--slug", dest="library_slug", help=_("korte naam, bijv. bieb-beek"))
        parser.add_argument("--municipality", help=_("gemeente"))
        parser.add_argument("--branch", dest="branch_name", help=_("naam van de eerste vestiging"))
        parser.add_argument("--username", help=_("gebruikersnaam van de beheerder"))
        parser.add_argument("--email", help=_("e-mailadres van de beheerder"))
        parser.add_argument(
            "--no-input", action="store_false", dest="interactive", help=_("vraag niets")
        )

    def handle(self, *args, interactive: bool, **options) -> None:
        if not services.installation_is_new():
            raise CommandError(str(services.ALREADY_SET_UP))
        name = options.get("library_name") or ""
        data = SetupInput(
            library_name=name,
            library_slug=options.get("library_slug") or slugify(name),
            municipality=options.get("municipality") or "",
            branch_name=options.get("branch_name") or "",
            username=options.get("username") or "",
            email=options.get("email") or "",
            password=os.environ.get(PASSWORD_ENV, ""),
        )
        data = self.ask(data, options) if interactive else self.checked(data)
        try:
            library, administrator = services.installation_setup(data=data)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            _(
                "Klaar: bibliotheek “%(library)s” met vestiging “%(branch)s”, en beheerder "
                "“%(username)s”. Log in en vul de sociale kaart (plein import-hsds --library "
                "%(slug)s) of begin in het beheer."
            )
            % {
                "library": library.name,
                "branch": data.branch_name,
                "username": administrator.username,
                "slug": library.slug,
            }
        )

    def checked(self, data: SetupInput) -> SetupInput:
        if not data.password:
            raise CommandError(str(PASSWORD_MISSING))
        errors = services.installation_setup_errors(data)
        if errors:
            lines = [f"{OPTIONS[name]}: {m}" for name, messages in errors.items() for m in messages]
            raise CommandError("\n".join(lines))
        return data

    def ask(self, data: SetupInput, options: dict) -> SetupInput:
        """Ask for each missing or wrong value until it is right; nothing given is lost."""
        questions = [
            ("library_name", _("Naam van de bibliotheek")),
            ("library_slug", _("Korte naam (in adressen)")),
            ("municipality", _("Gemeente (mag leeg)")),
            ("branch_name", _("Naam van de eerste vestiging")),
            ("username", _("Gebruikersnaam van de beheerder")),
            ("email", _("E-mailadres van de beheerder")),
        ]
        for field, prompt in questions:
            if field == "library_slug" and not options.get("library_slug"):
                data = replace(data, library_slug=slugify(data.library_name))
            # Asked when no option gave it, or when what the option gave is wrong.
            needed = not options.get(field) or bool(self.errors(data, field))
            while needed:
                value = self.prompt(prompt, default=asdict(data)[field])
                data = replace(data, **{field: value})
                errors = self.errors(data, field)
                for message in errors:
                    self.stderr.write(message)
                needed = bool(errors)
        while not data.password or self.errors(data, "password"):
            for message in self.errors(data, "password") if data.password else []:
                self.stderr.write(message)
            first = getpass.getpass(_("Wachtwoord van de beheerder: "))
            second = getpass.getpass(_("Nog een keer: "))
            if first != second:
                self.stderr.write(str(PASSWORDS_DIFFER))
                data = replace(data, password="")
                continue
            data = replace(data, password=first)
        return data

    def errors(self, data: SetupInput, field: str) -> list[str]:
        return services.installation_setup_errors(data, fields=(field,)).get(field, [])

    def prompt(self, text: str, *, default: str) -> str:
        suffix = f" [{default}]" if default else ""
        answer = input(f"{text}{suffix}: ").strip()
        return answer or default
