import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.views.defaults import permission_denied, server_error

from plein.core.middleware import CONTENT_SECURITY_POLICY
from plein.core.tests.factories import LibraryFactory

pytestmark = pytest.mark.django_db


def test_home_page_is_dutch_by_default(client):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="nl"' in html
    assert "Welkom bij Plein" in html
    assert 'href="#inhoud"' in html
    assert '<main id="inhoud"' in html


def test_unsupported_browser_language_falls_back_to_dutch(client):
    html = client.get("/", headers={"accept-language": "de-DE,fr;q=0.8"}).content.decode()
    assert '<html lang="nl"' in html


def test_english_browser_still_gets_dutch_until_the_visitor_switches(client):
    response = client.get("/", headers={"accept-language": "en-US,en;q=0.9"})
    assert '<html lang="nl"' in response.content.decode()
    assert response.headers["Content-Language"] == "nl"


def test_language_switch_turns_pages_english_and_back(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/account/inloggen/"})
    assert response.status_code == 302
    assert response.url == "/account/inloggen/"
    html = client.get("/account/inloggen/").content.decode()
    assert '<html lang="en"' in html
    assert "Skip to content" in html
    assert ">Log in</h1>" in html

    client.post("/i18n/setlang/", {"language": "nl", "next": "/"})
    html = client.get("/account/inloggen/").content.decode()
    assert '<html lang="nl"' in html
    assert ">Inloggen</h1>" in html


def test_language_switch_ignores_unknown_languages_and_foreign_next_urls(client):
    response = client.post(
        "/i18n/setlang/", {"language": "xx", "next": "https://elders.example.com/"}
    )
    assert response.status_code == 302
    assert "elders.example.com" not in response.url
    assert '<html lang="nl"' in client.get("/").content.decode()


def test_home_lists_libraries_with_their_social_map(client):
    LibraryFactory(name="Bibliotheek Beekveld", slug="beekveld")
    html = client.get("/").content.decode()
    assert "Bibliotheek Beekveld" in html
    assert 'href="/sociale-kaart/beekveld/"' in html


@pytest.mark.parametrize("path", ["/", "/account/inloggen/", "/account/wachtwoord-vergeten/"])
def test_pages_carry_a_content_security_policy_without_third_parties(client, path):
    response = client.get(path)
    policy = response.headers["Content-Security-Policy"]
    assert policy == CONTENT_SECURITY_POLICY
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "http" not in policy
    assert "unsafe-inline" not in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_signed_in_pages_carry_the_content_security_policy_too(client):
    client.force_login(get_user_model().objects.create_user("noor"))
    response = client.get("/overzicht/")
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


def test_health_check_answers_ok(client):
    response = client.get("/gezond/")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_missing_page_has_a_dutch_page_in_plein_layout(client):
    response = client.get("/bestaat-niet/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Pagina niet gevonden" in html
    assert '<main id="inhoud"' in html


def test_refused_page_has_a_dutch_page(rf):

    request = rf.get("/beheer/")
    request.user = get_user_model().objects.create_user("noor")
    response = permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    assert "Geen toegang" in response.content.decode()


def test_expired_form_gives_a_dutch_explanation():

    csrf_client = Client(enforce_csrf_checks=True)
    response = csrf_client.post("/account/inloggen/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "Formulier verlopen" in response.content.decode()


def test_server_error_page_is_dutch_and_standalone(rf):

    response = server_error(rf.get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="nl"' in html
    assert "Er ging iets mis" in html
