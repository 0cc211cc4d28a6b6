"""The public search on a 390 px phone: results first, filters behind one button, suggestions
while typing, the question kept on the way back, and an honest empty result. Axe on every page."""

import re

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from plein.core.tests.factories import BranchFactory, LibraryFactory
from plein.socialmap.search.index import search_index_rebuild
from plein.socialmap.tests.factories import (
    LocationFactory,
    OrganizationFactory,
    PhoneFactory,
    ServiceFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE: ViewportSize = {"width": 390, "height": 844}


@pytest.fixture
def social_map():
    library = LibraryFactory(slug="beekveld", name="Bibliotheek Beekveld")
    own = OrganizationFactory(
        library=library, name="Bibliotheek Beekveld", is_partner=True, offers_callback=True
    )
    building = LocationFactory(organization=own, name="Bibliotheek Centrum")
    BranchFactory(library=library, name="Centrum", location=building)
    PhoneFactory(service=None, organization=own, number="099 123 45 67")
    ServiceFactory(organization=own, name="Informatiepunt", description="Stel uw vraag.")
    welfare = OrganizationFactory(library=library, name="Welzijn Beekveld")
    ServiceFactory(
        organization=welfare,
        name="Schuldhulpverlening",
        description="Hulp als u rekeningen niet kunt betalen.",
    )
    ServiceFactory(
        organization=welfare, name="SchuldMaatje", description="Een maatje bij schulden."
    )
    search_index_rebuild(library=library)
    return library


@pytest.fixture
def phone(page: Page) -> Page:
    page.set_viewport_size(PHONE)
    return page


def test_on_a_phone_the_first_result_shows_without_scrolling(phone, assert_accessible, social_map):
    phone.goto("/sociale-kaart/beekveld/?q=ik+kan+mijn+rekeningen+niet+betalen")
    first = phone.locator(".plein-result").first
    expect(first).to_be_visible()
    box = first.bounding_box()
    assert box is not None and box["y"] < PHONE["height"], box
    # The filters wait behind one button that works without JavaScript.
    expect(phone.get_by_label("Onderwerp")).to_be_hidden()
    assert_accessible(phone)
    phone.locator("summary", has_text="Filters").click()
    expect(phone.get_by_label("Onderwerp")).to_be_visible()
    assert_accessible(phone)


def test_the_question_is_kept_when_going_back_from_a_service(phone, assert_accessible, social_map):
    phone.goto("/sociale-kaart/beekveld/?q=schulden")
    assert_accessible(phone)
    phone.locator("#resultaten").get_by_role("link", name="Schuldhulpverlening").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Schuldhulpverlening")
    assert_accessible(phone)
    phone.get_by_role("link", name="Terug naar de resultaten").click()
    expect(phone).to_have_url(re.compile(r"q=schulden"))
    expect(phone.get_by_label("Waar zoekt u hulp bij?")).to_have_value("schulden")
    assert_accessible(phone)


def test_no_answer_offers_the_desk_and_call_back(phone, assert_accessible, social_map):
    phone.goto("/sociale-kaart/beekveld/?q=parkeervergunning+aanvragen")
    results = phone.locator("#resultaten")
    expect(results.get_by_role("heading", name="Niets gevonden")).to_be_visible()
    expect(results.get_by_role("link", name="099 123 45 67")).to_be_visible()
    expect(results.get_by_role("link", name="Bel mij terug")).to_be_visible()
    expect(results.get_by_text("Schuldhulpverlening")).to_have_count(0)
    assert_accessible(phone)


def test_a_typo_and_another_language_are_understood(phone, assert_accessible, social_map):
    phone.goto("/sociale-kaart/beekveld/?q=schuldhlup")
    assert_accessible(phone)
    phone.get_by_role("link", name="schuldhulp", exact=True).click()
    expect(phone.get_by_label("Waar zoekt u hulp bij?")).to_have_value("schuldhulp")
    assert_accessible(phone)
    phone.goto("/sociale-kaart/beekveld/?q=لدي+ديون")
    expect(phone.locator('p[lang="ar"][dir="rtl"]')).to_be_visible()
    expect(phone.locator(".plein-result").first).to_be_visible()
    assert_accessible(phone)


def test_suggestions_appear_while_typing(phone, assert_accessible, social_map):
    phone.goto("/sociale-kaart/beekveld/")
    assert_accessible(phone)
    phone.get_by_label("Waar zoekt u hulp bij?").press_sequentially("schuldh", delay=30)
    expect(phone.locator("#zoeksuggesties option").first).to_have_attribute(
        "value", re.compile("^schuldh")
    )
    assert_accessible(phone)


def test_without_javascript_the_search_box_is_a_plain_search(
    browser: Browser, live_server, social_map
):
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport=PHONE
    )
    page = context.new_page()
    page.goto("/sociale-kaart/beekveld/")
    page.get_by_label("Waar zoekt u hulp bij?").fill("schulden")
    page.get_by_role("button", name="Zoeken", exact=True).click()
    expect(page).to_have_url(re.compile(r"q=schulden"))
    expect(page.locator(".plein-result").first).to_be_visible()
    page.locator("summary", has_text="Filters").click()
    expect(page.get_by_label("Onderwerp")).to_be_visible()
    context.close()
