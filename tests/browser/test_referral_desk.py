"""A desk worker refers a resident warmly in a real browser: service page, consent, card."""

import re

import pytest
from playwright.sync_api import expect

from plein.accounts.tests.factories import UserFactory
from plein.referrals.models import Referral, Status
from plein.referrals.services import lifecycle
from plein.socialmap.models import Phone
from plein.socialmap.tests.factories import OrganizationFactory, ServiceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = "06-12345678"


def test_desk_worker_refers_a_resident_with_consent_and_prints_the_card(
    page, login, assert_accessible
):
    organization = OrganizationFactory(is_partner=True, name="Welzijn Oost")
    Phone.objects.create(organization=organization, number="0570 123 456")
    service = ServiceFactory(organization=organization, name="Formulierenhulp")
    login(page, UserFactory(library=service.library))

    page.goto(f"/sociale-kaart/{service.library.slug}/diensten/{service.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name="Warm doorverwijzen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Warm doorverwijzen")
    expect(page.locator(".plein-consent__text")).to_contain_text("Welzijn Oost (Formulierenhulp)")
    assert_accessible(page)

    # The consent text in English: what was typed stays.
    page.get_by_label("Voornaam of gekozen naam").fill("Fatima")
    page.get_by_label("Telefoonnummer").fill(PHONE)
    page.get_by_role("button", name="Show in English").click()
    expect(page.locator(".plein-consent__text")).to_contain_text("May we pass on your details?")
    expect(page.get_by_label("Telefoonnummer")).to_have_value(PHONE)
    assert_accessible(page)

    # Forgetting consent: a clear message beside the checkbox, nothing lost.
    page.get_by_label("Korte samenvatting van de vraag").fill("Hulp bij een formulier")
    page.get_by_role("button", name="Doorverwijzing versturen").click()
    expect(page.get_by_role("alert")).to_contain_text("Niet alles is goed ingevuld")
    expect(page.get_by_text("Zonder toestemming van de bewoner")).to_be_visible()
    expect(page.get_by_label("Voornaam of gekozen naam")).to_have_value("Fatima")
    assert_accessible(page)

    page.get_by_label("De bewoner geeft toestemming").check()
    page.get_by_role("button", name="Doorverwijzing versturen").click()
    expect(page.get_by_role("status")).to_contain_text("De doorverwijzing is verstuurd.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welzijn Oost")
    expect(page.locator(".plein-facts")).to_contain_text("Verstuurd")
    assert PHONE not in page.content() and "Fatima" not in page.content()
    assert_accessible(page)

    page.get_by_role("link", name="Doorverwijskaart (afdrukken)").click()
    expect(page.get_by_role("heading", level=2)).to_have_text("Welzijn Oost belt u")
    expect(page.get_by_text("0570 123 456")).to_be_visible()
    expect(page.get_by_role("button", name="Afdrukken")).to_be_visible()  # shown by print.js
    assert_accessible(page)
    page.emulate_media(media="print")
    expect(page.locator(".plein-header")).to_be_hidden()
    expect(page.get_by_role("button", name="Afdrukken")).to_be_hidden()

    referral = Referral.objects.get()
    # Consent was given on the English text, and that is what is recorded.
    assert referral.consent.language == "en" and referral.phone == PHONE


def test_desk_worker_refers_again_after_a_rejection(page, login, assert_accessible):
    first = ServiceFactory(organization=OrganizationFactory(is_partner=True, name="Welzijn Oost"))
    second = ServiceFactory(
        organization=OrganizationFactory(
            library=first.library, is_partner=True, name="Raadslieden"
        ),
        name="Thuisadministratie",
    )
    referral = lifecycle.referral_create(
        library=first.library,
        organization=first.organization,
        service=first,
        contact=lifecycle.ContactInput(first_name="Kees", phone=PHONE),
        consent_given=True,
        consent_text=lifecycle.consent_text_current(library=first.library),
    )
    lifecycle.referral_transition(
        referral=referral, to=Status.REJECTED, as_partner=True, reason="Wachtlijst vol"
    )
    login(page, UserFactory(library=first.library))

    page.goto("/doorverwijzingen/?filter=aandacht")
    expect(page.get_by_role("row", name=re.compile("Welzijn Oost"))).to_contain_text(
        "Wachtlijst vol"
    )
    assert_accessible(page)
    page.get_by_role("row", name=re.compile("Welzijn Oost")).get_by_role("link").click()
    expect(page.get_by_text("De partner heeft de doorverwijzing afgewezen.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Verwijs opnieuw door").click()
    assert_accessible(page)
    page.get_by_label("Dienst").select_option(label="Thuisadministratie")
    page.get_by_role("button", name="Verder").click()
    expect(page.locator(".plein-consent__text")).to_contain_text("Raadslieden")
    assert_accessible(page)
    page.get_by_label("De bewoner geeft toestemming").check()
    page.get_by_role("button", name="Doorverwijzing versturen").click()
    expect(page.get_by_role("status")).to_contain_text("De nieuwe doorverwijzing is verstuurd.")
    assert PHONE not in page.content()
    assert_accessible(page)

    new = Referral.objects.get(previous=referral)
    assert new.service == second and new.phone == PHONE


def test_the_service_picker_the_overview_and_a_broken_link_are_accessible(
    page, login, assert_accessible
):
    service = ServiceFactory(organization=OrganizationFactory(is_partner=True, name="Welzijn Oost"))
    login(page, UserFactory(library=service.library))

    page.goto("/doorverwijzen/nieuw/?service=onbekend")
    expect(page.get_by_role("alert")).to_contain_text("staat niet op de sociale kaart")
    assert_accessible(page)
    page.get_by_label("Dienst").select_option(label=service.name)
    page.get_by_role("button", name="Verder").click()
    expect(page.locator(".plein-referral-target")).to_contain_text("Welzijn Oost")
    assert_accessible(page)

    page.goto("/doorverwijzingen/")
    expect(page.get_by_text("Geen doorverwijzingen in deze lijst.")).to_be_visible()
    assert_accessible(page)

    page.goto("/doorverwijzingen/intrekken/kapot/")
    expect(page.get_by_role("alert")).to_contain_text("Deze link klopt niet")
    assert_accessible(page)
