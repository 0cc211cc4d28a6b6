"""The desk screen in a real browser: tiles, interaction counts, keyboard, undo, tally, offline."""

import json
import re

import pytest
from playwright.sync_api import expect

from plein.accounts.tests.factories import UserFactory
from plein.core.tests.factories import BranchFactory, LibraryFactory
from plein.questions.models import Registration, Visit, VisitMode
from plein.questions.tests.factories import (
    ChannelFactory,
    DeskFactory,
    OutcomeFactory,
    TopicFactory,
    TopicTileFactory,
)
from plein.socialmap.tests.factories import (
    AttributeFactory,
    ServiceFactory,
    TaxonomyTermFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def desk_setup():
    library = LibraryFactory()
    branch = BranchFactory(library=library, name="Hoogdonk")
    DeskFactory(branch=branch, name="Infopunt")
    ChannelFactory(library=library, name="Balie")
    term = TaxonomyTermFactory(name="Schulden")
    debts = TopicFactory(library=library, name="Schulden", term=term)
    TopicTileFactory(branch=branch, topic=debts, position=1)
    TopicTileFactory(branch=branch, topic=TopicFactory(library=library, name="DigiD"), position=2)
    OutcomeFactory(library=library, name="Beantwoord", position=1)
    OutcomeFactory(library=library, name="Doorverwezen", referred=True, position=2)
    service = ServiceFactory(
        library=library, organization__library=library, organization__name="Schuldhulp Beekveld"
    )
    AttributeFactory(service=service, taxonomy_term=term)
    return {"library": library, "user": UserFactory(library=library), "debts": debts}


class Counter:
    """Counts the user's interactions (clicks and key presses) as the issue's targets do."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def click(self, locator):
        self.count += 1
        locator.click()

    def press(self, key):
        self.count += 1
        self.page.keyboard.press(key)


def test_new_question_with_referral_in_four_taps_and_repeat_in_one(
    page, login, assert_accessible, desk_setup
):
    login(page, desk_setup["user"])
    page.goto("/balie/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Vragen registreren")
    # Referral targets stay folded away until the outcome is "doorverwezen".
    expect(page.get_by_role("group", name="Doorverwezen naar")).to_be_hidden()
    assert_accessible(page)

    taps = Counter(page)
    taps.click(page.get_by_role("checkbox", name="Schulden", exact=True))
    taps.click(page.get_by_role("radio", name="Doorverwezen", exact=True))
    taps.click(page.get_by_role("radio", name="Schuldhulp Beekveld", exact=True))
    taps.click(page.get_by_role("button", name="Opslaan"))
    expect(page.locator("#desk-live")).to_contain_text("Opgeslagen.")
    expect(page.locator("#desk-today")).to_contain_text("Schuldhulp Beekveld")
    assert taps.count <= 5
    assert_accessible(page)
    registration = Registration.objects.get()
    assert registration.referred_name == "Schuldhulp Beekveld"
    assert list(registration.topics.all()) == [desk_setup["debts"]]

    taps = Counter(page)
    taps.click(page.get_by_role("button", name=re.compile("Zelfde als vorige")))
    expect(page.locator("#desk-today")).to_contain_text("(2)")
    assert taps.count == 1
    assert Registration.objects.filter(referred_name="Schuldhulp Beekveld").count() == 2
    assert_accessible(page)


def test_keyboard_only_registration_and_undo(page, login, assert_accessible, desk_setup):
    login(page, desk_setup["user"])
    page.goto("/balie/")
    assert_accessible(page)
    expect(page.get_by_text("Sneltoetsen")).to_be_visible()
    page.keyboard.press("2")  # the second tile: DigiD
    expect(page.get_by_role("checkbox", name="DigiD")).to_be_checked()
    page.get_by_role("radio", name="Beantwoord").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    expect(page.locator("#desk-live")).to_contain_text("Opgeslagen.")
    expect(page.locator("#desk-today")).to_contain_text("DigiD")
    assert Visit.objects.count() == 1
    assert_accessible(page)

    page.locator("#desk-live").get_by_role("button", name="Ongedaan maken").click()
    expect(page.locator("#desk-live")).to_contain_text("Ongedaan gemaakt")
    expect(page.locator("#desk-today")).to_contain_text("nog niets geregistreerd")
    assert not Visit.objects.exists()
    assert_accessible(page)


def test_without_javascript_the_form_posts_and_undo_is_in_the_message(
    browser, live_server, desk_setup
):
    # axe-core needs JavaScript; the same page is checked with it in the other tests.
    from django.conf import settings
    from django.test import Client

    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    context.set_default_timeout(10_000)
    client = Client()
    client.force_login(desk_setup["user"])
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )
    page = context.new_page()
    page.goto("/balie/")
    page.get_by_role("checkbox", name="Schulden", exact=True).click()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status").first).to_contain_text("Opgeslagen.")
    page.get_by_role("button", name="Ongedaan maken").click()
    expect(page.get_by_role("status").first).to_contain_text("Ongedaan gemaakt")
    assert not Visit.objects.exists()
    context.close()


def test_tally_mode_counts_taps(page, login, assert_accessible, desk_setup):
    login(page, desk_setup["user"])
    page.goto("/balie/turven/")
    assert_accessible(page)
    tile = page.get_by_role("button", name=re.compile("Schulden"))
    tile.click()
    tile.click()
    page.keyboard.press("2")
    expect(tile.locator("[data-count]")).to_have_text("2")
    expect(page.locator("#desk-queue")).to_have_text("")
    expect(page.locator("#desk-today")).to_contain_text("(3)")
    assert Visit.objects.filter(mode=VisitMode.TALLY).count() == 3
    assert_accessible(page)


def test_offline_entries_wait_and_arrive_exactly_once(page, login, assert_accessible, desk_setup):
    login(page, desk_setup["user"])
    page.goto("/balie/")
    assert_accessible(page)
    page.context.set_offline(True)
    for name in ("Schulden", "DigiD"):
        page.get_by_role("checkbox", name=name, exact=True).click()
        page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("#desk-queue")).to_have_text("2 wachten op verzending")
    assert_accessible(page)
    user = desk_setup["user"]
    queue_key = f"plein-desk-queue:{user.library_id}:{user.pk}"
    queue = page.evaluate("key => localStorage.getItem(key)", queue_key)
    assert len(json.loads(queue)) == 2 and not Visit.objects.exists()

    page.context.set_offline(False)
    expect(page.locator("#desk-queue")).to_have_text("")
    expect(page.locator("#desk-today")).to_contain_text("(2)")
    assert Visit.objects.count() == 2

    # The same queue replayed (a second tab, a restored backup) adds nothing.
    page.evaluate("([key, q]) => localStorage.setItem(key, q)", [queue_key, queue])
    page.reload()
    expect(page.locator("#desk-queue")).to_have_text("")
    expect(page.locator("#desk-live")).to_contain_text("Was al opgeslagen.")
    assert_accessible(page)
    assert Visit.objects.count() == 2


def test_refused_entry_shows_its_error_and_leaves_the_queue(
    page, login, assert_accessible, desk_setup
):
    login(page, desk_setup["user"])
    page.goto("/balie/")
    page.get_by_role("button", name="Opslaan").click()  # no topic
    expect(page.locator("#desk-live")).to_contain_text("Kies minstens één onderwerp.")
    expect(page.locator("#desk-queue")).to_have_text("")
    # Not gone: it waits under "Niet opgeslagen" with its reason.
    expect(page.locator("#desk-refused")).to_contain_text("Kies minstens één onderwerp.")
    assert_accessible(page)


def test_expired_session_keeps_the_entry_and_says_to_log_in(
    page, login, assert_accessible, desk_setup
):
    login(page, desk_setup["user"])
    page.goto("/balie/")
    assert_accessible(page)
    page.context.clear_cookies()
    page.get_by_role("checkbox", name="Schulden", exact=True).click()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("#desk-live")).to_contain_text("Log opnieuw in")
    expect(page.locator("#desk-queue")).to_have_text("1 wachten op verzending")
    assert not Visit.objects.exists()


def test_author_edits_a_question_from_todays_list(page, login, assert_accessible, desk_setup):
    login(page, desk_setup["user"])
    page.goto("/balie/")
    page.get_by_role("checkbox", name="Schulden", exact=True).click()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("#desk-today")).to_contain_text("Schulden")
    assert_accessible(page)
    page.locator("#desk-today").get_by_role("link", name=re.compile("Wijzigen")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Registratie wijzigen")
    assert_accessible(page)
    page.get_by_role("radio", name="3").check()
    page.get_by_role("button", name="Wijziging opslaan").click()
    expect(page.get_by_role("status").first).to_contain_text("De wijziging is opgeslagen.")
    assert_accessible(page)
    assert Registration.objects.get().effort == 3
