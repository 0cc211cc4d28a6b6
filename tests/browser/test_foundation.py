"""The foundation's journeys in a real browser: home, login, logout, password reset, language."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from plein.accounts.tests.factories import PASSWORD, UserFactory
from plein.core.tests.factories import LibraryFactory
from plein.demo import data
from plein.demo.load import demo_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_is_dutch_and_accessible(page, assert_accessible):
    LibraryFactory(name="Bibliotheek Beekveld", slug="beekveld")
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom bij Plein")
    expect(page.get_by_role("main")).to_be_visible()
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Bibliotheek Beekveld"))).to_be_visible()
    assert_accessible(page)


def test_wrong_password_shows_dutch_error_and_keeps_username(page, assert_accessible):
    UserFactory(username="baliemedewerker")
    page.goto("/account/inloggen/")
    assert_accessible(page)
    page.get_by_label("Gebruikersnaam").fill("baliemedewerker")
    page.get_by_label("Wachtwoord").fill("niet-het-goede-wachtwoord")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("alert")).to_contain_text("Niet alles is goed ingevuld")
    expect(page.get_by_role("alert")).to_contain_text("gebruikersnaam")
    expect(page.get_by_label("Gebruikersnaam")).to_have_value("baliemedewerker")
    assert_accessible(page)


def test_login_and_logout(page, assert_accessible):
    UserFactory(username="coordinator1", first_name="Noor", coordinator=True)
    page.goto("/account/inloggen/")
    assert_accessible(page)
    page.get_by_label("Gebruikersnaam").fill("coordinator1")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page).to_have_url(re.compile("/vandaag/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Vandaag")
    assert_accessible(page)
    page.get_by_role("link", name="Uw account").click()
    expect(page.get_by_text("Ingelogd als Noor (Coördinator).")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name=re.compile("Uitloggen")).click()
    expect(page.get_by_role("link", name="Inloggen")).to_be_visible()
    assert_accessible(page)
    page.goto("/overzicht/")
    expect(page).to_have_url(re.compile("/account/inloggen/"))
    assert_accessible(page)


def test_login_helper_signs_the_user_in(page, login, assert_accessible):
    UserFactory(username="partner1", partner=True)
    login(page, UserFactory(username="balie1"))
    page.goto("/overzicht/")
    expect(page.get_by_role("button", name="Uitloggen (balie1)")).to_be_visible()
    assert_accessible(page)


def test_password_reset_by_email(page, assert_accessible):
    UserFactory(username="vergeetachtig", email="vergeetachtig@example.org")
    page.goto("/account/inloggen/")
    assert_accessible(page)
    page.get_by_role("link", name="Wachtwoord vergeten?").click()
    assert_accessible(page)
    page.get_by_label("E-mailadres").fill("vergeetachtig@example.org")
    page.get_by_role("button", name="Stuur de link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kijk in uw e-mail")
    assert_accessible(page)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["vergeetachtig@example.org"]
    assert message.subject == "Nieuw wachtwoord voor Plein"
    link = re.search(r"https?://\S+/account/wachtwoord-instellen/\S+", message.body).group(0)

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuw wachtwoord kiezen")
    assert_accessible(page)
    page.get_by_label("Nieuw wachtwoord", exact=True).fill("kort")
    page.get_by_label("Nieuw wachtwoord bevestigen").fill("kort")
    page.get_by_role("button", name="Wachtwoord opslaan").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.locator(".utrecht-form-field-error-message").first).to_contain_text(
        "Dit wachtwoord is te kort. Het moet minstens 10 tekens lang zijn."
    )
    assert_accessible(page)

    page.get_by_label("Nieuw wachtwoord", exact=True).fill("lange-nieuwe-zin-42")
    page.get_by_label("Nieuw wachtwoord bevestigen").fill("lange-nieuwe-zin-42")
    page.get_by_role("button", name="Wachtwoord opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wachtwoord opgeslagen")
    assert_accessible(page)

    page.get_by_role("link", name="Inloggen met uw nieuwe wachtwoord").click()
    page.get_by_label("Gebruikersnaam").fill("vergeetachtig")
    page.get_by_label("Wachtwoord").fill("lange-nieuwe-zin-42")
    page.get_by_role("button", name="Inloggen").click()
    expect(page).to_have_url(re.compile("/vandaag/$"))
    assert_accessible(page)


def test_password_reset_for_unknown_address_sends_nothing(page, assert_accessible):
    page.goto("/account/wachtwoord-vergeten/")
    assert_accessible(page)
    page.get_by_label("E-mailadres").fill("onbekend@example.org")
    page.get_by_role("button", name="Stuur de link").click()
    # The same answer as for a known address, so nobody can probe which addresses exist.
    expect(page.get_by_role("heading", level=1)).to_have_text("Kijk in uw e-mail")
    assert_accessible(page)
    assert mail.outbox == []


def test_language_switch_to_english_and_back(page, assert_accessible):
    page.goto("/account/inloggen/")
    # One action, in the header: a button named in the other language.
    page.get_by_role("banner").get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile("/account/inloggen/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    assert_accessible(page)

    page.get_by_role("banner").get_by_role("button", name="Nederlands").click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    assert_accessible(page)


def test_skip_link_moves_focus_to_main_content(page, assert_accessible):
    page.goto("/")
    assert_accessible(page)
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Direct naar de inhoud")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main#inhoud")).to_be_focused()


def test_page_fixture_blocks_requests_to_third_parties(page, page_watch):
    page.set_content('<img src="https://cdn.example.com/logo.png" alt="">')
    page.wait_for_load_state("load")
    watch = page_watch
    assert watch.foreign_requests == ["https://cdn.example.com/logo.png"]
    # This test made the request on purpose; keep the fixture from failing it afterwards.
    watch.foreign_requests.clear()


def test_page_fixture_notices_content_security_policy_violations(
    page, page_watch, assert_accessible
):
    page.goto("/")
    assert_accessible(page)
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.inlineRan = true'; document.body.append(s); }"
    )
    expect(page.locator("body")).to_be_visible()
    assert page.evaluate("window.inlineRan") is None
    watch = page_watch
    assert any("Content Security Policy" in text for text in watch.csp_violations)
    watch.csp_violations.clear()


def test_missing_page_is_dutch_and_accessible(page, assert_accessible):
    response = page.goto("/bestaat-niet/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Pagina niet gevonden")
    assert_accessible(page)
    page.get_by_role("link", name="Naar de startpagina").click()
    expect(page).to_have_url(re.compile("/$"))
    assert_accessible(page)


def test_demo_desk_worker_logs_in_and_finds_help_in_own_library(page, assert_accessible):
    demo_load()
    page.goto("/account/inloggen/")
    assert_accessible(page)
    page.get_by_label("Gebruikersnaam").fill("balie-zandhoven")
    page.get_by_label("Wachtwoord").fill(data.PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Vandaag in Zandhoven"))
    assert_accessible(page)
    page.get_by_role("link", name="Uw account").click()
    expect(page.get_by_text("Bibliotheek: Bibliotheek Zandhoven.")).to_be_visible()
    expect(page.get_by_text("Beekveld")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name="Sociale kaart doorzoeken").click()
    expect(page).to_have_url(re.compile("/sociale-kaart/zandhoven/"))
    assert_accessible(page)


def test_demo_social_map_pages_are_accessible(page, assert_accessible):
    demo_load()
    page.goto("/")
    assert_accessible(page)
    page.get_by_role("link", name="Zoek hulp in de buurt – Bibliotheek Beekveld").click()
    assert_accessible(page)
    page.get_by_label("Waar zoekt u hulp bij?").fill("geldzorgen")
    page.get_by_role("button", name="Zoeken", exact=True).click()
    expect(page.get_by_role("link", name="Voedselpakket")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Voedselpakket").click()
    expect(page.get_by_text("tot 1 maart gesloten")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Voedselbank Beekveld").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Voedselbank Beekveld")
    assert_accessible(page)
