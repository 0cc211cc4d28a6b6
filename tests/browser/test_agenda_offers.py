"""The demo's activities and bookable hours on the public agenda (a page without scripts) on a
320 px phone: seats or free slots left, and a link to sign up or book."""

import re

import pytest
from playwright.sync_api import expect

from plein.demo.load import demo_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AGENDA = "/sociale-kaart/beekveld/agenda/centrum/"


def test_a_resident_finds_an_activity_on_the_agenda_and_signs_up(page, assert_accessible):
    demo_load()
    phone = page
    phone.set_viewport_size({"width": 320, "height": 640})
    phone.goto(AGENDA)
    expect(phone.get_by_text(re.compile(r"nog \d+ plaats|vol – wachtlijst")).first).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(phone)
    phone.get_by_role("link", name=re.compile("^Aanmelden")).first.click()
    phone.wait_for_load_state("load")
    expect(phone).to_have_url(re.compile(r"/activiteit/beekveld/\d+/$"))
    assert phone.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(phone)
