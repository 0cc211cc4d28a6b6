"""`plein setup`: the first library, branch and administrator of a fresh installation, without
the demo; interactive or with --no-input; clear Dutch errors (issue 16 §4)."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from plein.accounts.models import Role, User
from plein.accounts.tests.factories import UserFactory
from plein.core.models import AuditEvent, Branch, Library
from plein.core.tests.factories import LibraryFactory
from plein.socialmap.hsds.importer import HsdsImportError, library_for_import

pytestmark = pytest.mark.django_db

GOOD = [
    "--library", "Bibliotheek Oosterwold", "--municipality", "Oosterwold",
    "--branch", "Centrale bibliotheek", "--username", "beheer", "--email", "beheer@oost.example",
]  # fmt: skip
PASSWORD = "Rustig-zwemmende-Otter-42"


def _run(*args, **kwargs) -> str:
    out = StringIO()
    call_command("setup", *args, stdout=out, stderr=StringIO(), **kwargs)
    return out.getvalue()


def test_no_input_creates_library_branch_and_administrator(monkeypatch):
    monkeypatch.setenv("PLEIN_ADMIN_PASSWORD", PASSWORD)
    output = _run("--no-input", *GOOD)
    library = Library.objects.get()
    assert (library.name, library.slug, library.municipality) == (
        "Bibliotheek Oosterwold",
        "bibliotheek-oosterwold",
        "Oosterwold",
    )
    assert Branch.objects.get(library=library).name == "Centrale bibliotheek"
    admin = User.objects.get(username="beheer")
    assert admin.role == Role.ADMINISTRATOR and admin.is_superuser and admin.is_staff
    assert admin.check_password(PASSWORD)
    assert AuditEvent.objects.filter(action="accounts.installation.set_up").count() == 1
    assert "Klaar" in output and "import-hsds --library bibliotheek-oosterwold" in output


def test_no_input_lists_every_mistake_in_dutch_and_creates_nothing(monkeypatch):
    monkeypatch.setenv("PLEIN_ADMIN_PASSWORD", "kort")
    args = ["--library", " ", "--slug", "Niet Goed!", "--branch", "", "--username", "met spatie",
            "--email", "geen-adres"]  # fmt: skip
    with pytest.raises(CommandError) as raised:
        _run("--no-input", *args)
    message = str(raised.value)
    assert "--library: Vul de naam van de bibliotheek in." in message
    assert "--slug: De korte naam mag alleen kleine letters" in message
    assert "--branch: Vul de naam van de eerste vestiging in." in message
    assert "--username: Een gebruikersnaam bestaat uit" in message
    assert "--email: Vul een geldig e-mailadres in" in message
    assert "PLEIN_ADMIN_PASSWORD: " in message and "te kort" in message
    assert not Library.objects.exists() and not User.objects.exists()


def test_no_input_without_a_password_says_where_it_goes(monkeypatch):
    monkeypatch.delenv("PLEIN_ADMIN_PASSWORD", raising=False)
    with pytest.raises(CommandError, match="PLEIN_ADMIN_PASSWORD"):
        _run("--no-input", *GOOD)


def test_an_installation_with_a_library_is_refused(monkeypatch):
    monkeypatch.setenv("PLEIN_ADMIN_PASSWORD", PASSWORD)
    LibraryFactory()
    with pytest.raises(CommandError, match="alleen voor een nieuwe installatie"):
        _run("--no-input", *GOOD)
    assert not User.objects.filter(username="beheer").exists()


def test_an_installation_with_an_administrator_is_refused(monkeypatch):
    monkeypatch.setenv("PLEIN_ADMIN_PASSWORD", PASSWORD)
    UserFactory(administrator=True)
    with pytest.raises(CommandError, match="alleen voor een nieuwe installatie"):
        _run("--no-input", *GOOD)


def test_interactive_asks_again_after_a_mistake_and_keeps_the_rest(monkeypatch):
    answers = iter([
        "Bibliotheek Oosterwold",  # name
        "",  # slug: the offered default
        "Oosterwold",  # municipality
        "Centrale bibliotheek",  # branch
        "met spatie",  # username: wrong, asked again
        "beheer",
        "geen-adres",  # e-mail: wrong, asked again
        "beheer@oost.example",
    ])  # fmt: skip
    prompts: list[str] = []

    def fake_input(prompt):
        prompts.append(prompt)
        return next(answers)

    passwords = iter(["kort", "kort", PASSWORD, "anders", PASSWORD, PASSWORD])
    monkeypatch.setattr("builtins.input", fake_input)
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(passwords))
    monkeypatch.delenv("PLEIN_ADMIN_PASSWORD", raising=False)
    err = StringIO()
    call_command("setup", stdout=StringIO(), stderr=err)
    assert prompts[1] == "Korte naam (in adressen) [bibliotheek-oosterwold]: "
    assert sum("Gebruikersnaam" in p for p in prompts) == 2
    errors = err.getvalue()
    assert "Een gebruikersnaam bestaat uit" in errors and "Vul een geldig e-mailadres" in errors
    assert "te kort" in errors and "De wachtwoorden zijn niet gelijk" in errors
    assert Library.objects.get().slug == "bibliotheek-oosterwold"
    assert User.objects.get(username="beheer").check_password(PASSWORD)


def test_hsds_import_points_to_setup_and_then_finds_its_library(monkeypatch):
    with pytest.raises(HsdsImportError) as raised:
        library_for_import(slug=None)
    assert "plein setup" in str(raised.value.errors[0])
    monkeypatch.setenv("PLEIN_ADMIN_PASSWORD", PASSWORD)
    _run("--no-input", *GOOD)
    assert library_for_import(slug=None) == Library.objects.get()
