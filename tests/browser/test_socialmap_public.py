"""A resident searches the social map, filters, and opens a service: every page checked by axe."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from plein.core.tests.factories import LibraryFactory
from plein.socialmap.search import synonyms_install_defaults
from plein.socialmap.search.index import search_index_rebuild
from plein.socialmap.tests.factories import (
    AddressFactory,
    OrganizationFactory,
    PhoneFactory,
    ScheduleFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def social_map():
    library = LibraryFactory(slug="lindendal", name="Bibliotheek Lindendal")
    org = OrganizationFactory(library=library, name="Stichting Geldhulp")
    debt = ServiceFactory(
        organization=org,
        name="Schuldhulpverlening",
        description="Hulp als u rekeningen niet meer kunt betalen en schulden heeft.",
        assured_date=datetime.date(2026, 3, 12),
    )
    ScheduleFactory(
        service=debt, byday="TU", opens_at=datetime.time(10), closes_at=datetime.time(12)
    )
    sal = ServiceAtLocationFactory(
        service=debt, location__library=library, location__name="Wijkhuis"
    )
    AddressFactory(location=sal.location, address_1="Oosterweg 3", postal_code="7733 AB")
    PhoneFactory(service=debt, number="0570-123 456")
    ServiceFactory(organization=org, name="Taalcafé", description="Samen Nederlands oefenen.")
    synonyms_install_defaults()
    search_index_rebuild(library=library)
    return library


def test_resident_searches_and_opens_a_service(page, assert_accessible, social_map):
    page.goto("/sociale-kaart/lindendal/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Zoek hulp in de buurt")
    assert_accessible(page)

    page.get_by_label("Waar zoekt u hulp bij?").fill("geldzorgen")
    page.get_by_role("button", name="Zoeken", exact=True).click()
    expect(page).to_have_url(re.compile(r"q=geldzorgen"))
    results = page.locator("#resultaten")
    expect(results.get_by_role("heading", level=2)).to_have_text("1 resultaat")
    expect(results.get_by_text("Eerstvolgende keer: dinsdag")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Schuldhulpverlening").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Schuldhulpverlening")
    expect(page.get_by_text("dinsdag 10.00–12.00 uur")).to_be_visible()
    expect(page.get_by_role("link", name="0570-123 456")).to_have_attribute(
        "href", "tel:0570123456"
    )
    expect(page.get_by_text("Gecontroleerd op 12 maart 2026.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Stichting Geldhulp").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Stichting Geldhulp")
    assert_accessible(page)


def test_bad_input_and_no_results_are_explained(page, assert_accessible, social_map):
    page.goto("/sociale-kaart/lindendal/?q=xylofoon")
    expect(page.get_by_role("heading", name="Niets gevonden")).to_be_visible()
    assert_accessible(page)

    page.goto("/sociale-kaart/lindendal/?q=taal&age=oud&postcode=77")
    expect(page.get_by_role("alert")).to_contain_text("Niet alles is goed ingevuld")
    expect(page.get_by_label("Leeftijd")).to_have_value("oud")
    expect(page.get_by_label("Waar zoekt u hulp bij?")).to_have_value("taal")
    assert_accessible(page)


def test_results_follow_typing_with_htmx(page, assert_accessible, social_map):
    page.goto("/sociale-kaart/lindendal/")
    assert_accessible(page)
    page.get_by_label("Waar zoekt u hulp bij?").press_sequentially("taalcafe", delay=20)
    results = page.locator("#resultaten")
    expect(results.get_by_role("heading", level=2)).to_have_text("1 resultaat")
    expect(results.get_by_role("link", name="Taalcafé")).to_be_visible()
    expect(page.locator("#zoekstatus")).to_have_text("1 resultaat gevonden")
    expect(page).to_have_url(re.compile(r"q=taalcafe"))
    assert_accessible(page)
