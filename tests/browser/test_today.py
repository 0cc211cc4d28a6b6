"""'Vandaag' in a real browser: a desk worker logs in on a 1280×800 desk screen and lands on the
branch's day, with every part in view without scrolling; on a phone it is one column."""

import re

import pytest
from playwright.sync_api import expect

from plein.demo.data import PASSWORD
from plein.demo.load import demo_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PARTS = [
    "Nu en straks",
    "Wie is er",
    "Vragen vandaag",
    "Zoeken op de sociale kaart",
    "Doorverwijzingen die aandacht vragen",
    "Sinds gisteren",
]


def test_the_desk_starts_the_day_on_vandaag(page, assert_accessible):
    demo_load()
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/account/inloggen/")
    assert_accessible(page)
    page.get_by_label("Gebruikersnaam").fill("balie")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Vandaag in Beekveld Centrum")
    assert_accessible(page)
    page.wait_for_load_state("load")  # measured with its stylesheets in, not unstyled
    for name in PARTS:
        heading = page.get_by_role("heading", name=name, exact=True)
        box = heading.bounding_box()
        assert box is not None and box["y"] + box["height"] <= 800, name
    search = page.get_by_role("searchbox", name="Zoek hulp of een organisatie")
    search.fill("huurtoeslag")
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"/sociale-kaart/beekveld/\?q=huurtoeslag$"))
    assert_accessible(page)

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/vandaag/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page)
