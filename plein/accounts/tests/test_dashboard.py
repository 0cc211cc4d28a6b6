import pytest

from plein.accounts.tests.factories import UserFactory
from plein.core.tests.factories import LibraryFactory

pytestmark = pytest.mark.django_db


def test_dashboard_requires_login(client):
    response = client.get("/overzicht/")
    assert response.status_code == 302
    assert response.url.startswith("/account/inloggen/")


def test_dashboard_shows_only_the_users_own_library(client):
    own = LibraryFactory(name="Bibliotheek Beekveld", slug="beekveld")
    LibraryFactory(name="Bibliotheek Zandhoven", slug="zandhoven")
    client.force_login(UserFactory(library=own, first_name="Noor", last_name=""))
    html = client.get("/overzicht/").content.decode()
    assert "Ingelogd als Noor (Baliemedewerker)." in html
    assert "Bibliotheek: Bibliotheek Beekveld." in html
    assert "Zandhoven" not in html
    assert 'href="/sociale-kaart/beekveld/"' in html


def test_funder_dashboard_lists_only_the_funded_libraries(client):
    funded = LibraryFactory(name="Bibliotheek Beekveld", municipality="Beekveld")
    LibraryFactory(name="Bibliotheek Zandhoven")
    funder = UserFactory(funder=True)
    funder.funded_libraries.add(funded)
    client.force_login(funder)
    html = client.get("/overzicht/").content.decode()
    assert "Bibliotheken die u financiert" in html
    assert "Bibliotheek Beekveld (gemeente Beekveld)" in html
    assert "Zandhoven" not in html


def test_desk_worker_dashboard_lists_no_funded_libraries(client):
    client.force_login(UserFactory())
    assert "Bibliotheken die u financiert" not in client.get("/overzicht/").content.decode()
