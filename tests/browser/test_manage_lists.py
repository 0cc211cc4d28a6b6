"""A coordinator manages the registration lists in a real browser: archive and restore a
topic, reorder the desk tiles, switch on the age band; every page is checked with axe."""

import pytest
from playwright.sync_api import expect

from plein.accounts.tests.factories import UserFactory
from plein.core.tests.factories import BranchFactory, LibraryFactory
from plein.questions.models import RegistrationSettings, Topic, TopicTile
from plein.questions.services.options import options_install_defaults

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def coordinator():
    library = LibraryFactory(name="Bibliotheek Beek", slug="beek")
    BranchFactory(library=library, name="Noord")
    options_install_defaults(library=library)
    return UserFactory(coordinator=True, library=library)


def _tile_names(branch) -> list[str]:
    return list(TopicTile.objects.filter(branch=branch).values_list("topic__name", flat=True))


def test_coordinator_archives_and_restores_a_topic(page, login, assert_accessible, coordinator):
    login(page, coordinator)
    page.goto("/beheer/lijsten/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Lijsten voor de registratie")
    assert_accessible(page)

    page.get_by_role("link", name="Onderwerpen").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Onderwerpen")
    assert_accessible(page)

    page.get_by_role("button", name="Archiveren: DigiD").click()
    expect(page.get_by_role("status")).to_contain_text("“DigiD” is gearchiveerd")
    expect(page.get_by_role("button", name="Terugzetten: DigiD")).to_be_visible()
    assert Topic.objects.get(library=coordinator.library, name="DigiD").is_archived
    assert_accessible(page)

    page.get_by_role("button", name="Terugzetten: DigiD").click()
    expect(page.get_by_role("button", name="Archiveren: DigiD")).to_be_visible()
    assert not Topic.objects.get(library=coordinator.library, name="DigiD").is_archived

    # A duplicate name is refused next to the field, and what was typed stays.
    page.get_by_label("Naam").fill("toeslagen")
    page.get_by_role("button", name="Toevoegen", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Niet alles is goed ingevuld")
    expect(page.get_by_text("Er is al een optie “Toeslagen” in deze lijst.")).to_be_visible()
    expect(page.get_by_label("Naam")).to_have_value("toeslagen")
    assert_accessible(page)


def test_coordinator_reorders_tiles_without_javascript(
    browser, live_server, login, assert_accessible, coordinator
):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    try:
        login(page, coordinator)
        branch = coordinator.library.branches.get()
        first, second = _tile_names(branch)[:2]

        page.goto("/beheer/lijsten/tegels/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Tegels op het baliescherm")
        page.get_by_role("button", name=f"Omlaag: {first}").click()

        expect(page.get_by_role("row").nth(1)).to_contain_text(second)
        assert _tile_names(branch)[:2] == [second, first]
    finally:
        context.close()


def test_coordinator_moves_a_tile_up(page, login, assert_accessible, coordinator):
    login(page, coordinator)
    branch = coordinator.library.branches.get()
    first, second = _tile_names(branch)[:2]

    page.goto("/beheer/lijsten/tegels/")
    assert_accessible(page)
    page.get_by_role("button", name=f"Omhoog: {second}").click()

    expect(page.get_by_role("row").nth(1)).to_contain_text(second)
    assert _tile_names(branch)[:2] == [second, first]
    assert_accessible(page)


def test_coordinator_turns_on_the_age_band(page, login, assert_accessible, coordinator):
    login(page, coordinator)
    page.goto("/beheer/lijsten/instellingen/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Instellingen van de registratie")
    assert_accessible(page)

    page.get_by_label("Leeftijdsgroep vastleggen").check()
    page.get_by_label("Kleinste getoonde aantal").fill("3")
    page.get_by_role("button", name="Instellingen opslaan").click()
    expect(page.get_by_text("De grens is minstens 5")).to_be_visible()
    expect(page.get_by_label("Leeftijdsgroep vastleggen")).to_be_checked()
    assert_accessible(page)

    page.get_by_label("Kleinste getoonde aantal").fill("5")
    page.get_by_role("button", name="Instellingen opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("De instellingen zijn opgeslagen.")
    assert RegistrationSettings.objects.get(library=coordinator.library).record_age_band
    assert_accessible(page)
