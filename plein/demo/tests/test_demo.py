import datetime
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db.models import Count, Q

from plein.accounts.models import User
from plein.core.models import AuditEvent, Library
from plein.demo import data
from plein.demo.load import demo_load, demo_logins
from plein.socialmap.models import (
    Service,
    TaxonomyTerm,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)


def model_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for app in ("core", "accounts", "socialmap")
        for model in apps.get_app_config(app).get_models()
        if model._meta.label != "core.AuditEvent"
    }


@pytest.fixture
def demo():
    return demo_load(today=TODAY)


def test_loading_twice_adds_nothing(demo):
    assert demo.created_total > 700
    before = model_counts()
    again = demo_load(today=TODAY)
    assert again.created_total == 0
    assert model_counts() == before
    assert AuditEvent.objects.filter(action="core.demo.loaded").count() == 2
    duplicates = Service.objects.values("library", "name").annotate(n=Count("id")).filter(n__gt=1)
    assert not duplicates.exists()


def test_loading_again_keeps_changes_made_while_trying_the_demo(demo):
    service = Service.objects.get(name="Schuldhulpverlening")
    service.description = "Door een partner aangepast."
    service.save(update_fields=["description"])
    user = User.objects.get(username="balie")
    user.set_password("mijn-eigen-wachtwoord")
    user.save()
    demo_load(today=TODAY)
    service.refresh_from_db()
    user.refresh_from_db()
    assert service.description == "Door een partner aangepast."
    assert user.check_password("mijn-eigen-wachtwoord")


def test_reset_puts_the_demo_values_back(demo):
    Service.objects.filter(name="Schuldhulpverlening").update(description="Weg ermee")
    User.objects.filter(username="balie").update(password="!")
    result = demo_load(reset=True, today=TODAY)
    assert result.created_total == 0
    assert Service.objects.get(name="Schuldhulpverlening").description.startswith("Heeft u")
    assert User.objects.get(username="balie").check_password(data.PASSWORD)


def test_reloading_restores_deleted_demo_objects(demo):
    Service.objects.filter(name="Huiswerkklas").delete()
    result = demo_load(today=TODAY)
    assert result.created["service"] == 1
    assert Service.objects.filter(name="Huiswerkklas").exists()


def test_demo_command_prints_every_login(settings, monkeypatch):
    monkeypatch.setenv("PLEIN_DEV", "1")
    out = StringIO()
    call_command("demo", stdout=out)
    output = out.getvalue()
    assert "Demo geladen:" in output
    for username, _password, _role, _works_for in demo_logins():
        assert username in output
    assert data.PASSWORD in output
    assert "Stichting Welzijn Beekveld" in output

    out = StringIO()
    call_command("demo", stdout=out)
    assert "Demo was al geladen; er is niets toegevoegd." in out.getvalue()


def test_demo_command_refuses_production_without_explicit_consent(settings, monkeypatch):
    monkeypatch.delenv("PLEIN_DEV", raising=False)
    settings.DEBUG = False
    with pytest.raises(CommandError, match="productie-installatie"):
        call_command("demo", stdout=StringIO())
    assert not User.objects.exists()
    call_command("demo", "--ook-in-productie", stdout=StringIO())
    assert User.objects.filter(username="beheerder").exists()


def test_demo_command_names_a_missing_taxonomy_term_and_loads_nothing(monkeypatch):
    monkeypatch.setenv("PLEIN_DEV", "1")
    TaxonomyTerm.objects.filter(code="geld.schulden", library__isnull=True).delete()
    with pytest.raises(CommandError, match="'geld.schulden'"):
        call_command("demo", stdout=StringIO())
    assert not Service.objects.exists()
    assert not Library.objects.filter(Q(slug="beekveld") | Q(slug="zandhoven")).exists()


def test_demo_command_rejects_unknown_options():
    with pytest.raises(CommandError):
        call_command("demo", "--onbekend", stdout=StringIO())
