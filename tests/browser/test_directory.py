"""Ken je partners in a real browser: a desk worker opens the directory from the menu, searches
in plain words, and opens a partner's page; on a 320 px phone the table reads as cards."""

import pytest
from playwright.sync_api import expect

from plein.accounts.tests.factories import UserFactory
from plein.socialmap.search.index import search_index_rebuild
from plein.socialmap.tests.factories import OrganizationFactory, ServiceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_desk_worker_looks_up_a_partner(page, login, assert_accessible):
    wijkteam = OrganizationFactory(
        is_partner=True,
        name="Sociaal Wijkteam",
        description="Eén team voor vragen over geld, zorg en wonen.",
        agreement__response_working_days=3,
        agreement__contact_name="Sanne Verbeek",
    )
    ServiceFactory(organization=wijkteam, name="Schuldhulp", description="Hulp bij schulden.")
    taalhuis = OrganizationFactory(library=wijkteam.library, is_partner=True, name="Taalhuis")
    ServiceFactory(organization=taalhuis, name="Taalcafé", description="Samen Nederlands oefenen.")
    search_index_rebuild(library=wijkteam.library)
    login(page, UserFactory(library=wijkteam.library))

    page.goto("/vandaag/")
    assert_accessible(page)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Partners").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ken je partners")
    expect(page.get_by_role("link", name="Taalhuis")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("textbox", name="Zoeken").fill("schulden")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("status")).to_contain_text("1 partner")
    expect(page.get_by_role("link", name="Taalhuis")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("link", name="Sociaal Wijkteam").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sociaal Wijkteam")
    expect(page.get_by_text("Sanne Verbeek")).to_be_visible()
    expect(page.get_by_role("heading", name="Schuldhulp")).to_be_visible()
    assert_accessible(page)


def test_the_directory_reads_as_cards_on_a_phone(page, login, assert_accessible):
    partner = OrganizationFactory(
        is_partner=True,
        name="Sociaal Wijkteam",
        email="thuisadministratie@woonstichting.beekveld.example",
        website="https://woonstichting-en-thuisadministratie.beekveld.example",
    )
    ServiceFactory(organization=partner, name="Schuldhulp")
    page.set_viewport_size({"width": 320, "height": 640})
    login(page, UserFactory(library=partner.library))
    page.goto("/ken-je-partners/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320
    expect(page.get_by_role("link", name="Sociaal Wijkteam")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Sociaal Wijkteam").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sociaal Wijkteam")
    # A click waits for the new page to arrive, not for its stylesheets: measure once they are
    # in, or a busy machine measures the page unstyled (CI saw 487 px that way).
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page)
