"""Activities in a real browser, on the demo: a resident signs up online, the desk signs
someone up in four interactions, a cancellation moves the waiting list up, and attendance is
taken at the door."""

import re

import pytest
from playwright.sync_api import Page, expect

from plein.accounts.models import User
from plein.activities.models import SignUp, Source, Status
from plein.demo.load import demo_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _named(action: str, name: str) -> re.Pattern:
    """A button's name: its visible text and, for screen readers, whom it is about."""
    return re.compile(rf"^{action}\s*:\s*{name}$")


def _signup(name: str) -> SignUp:
    # Names are encrypted at rest: found in Python, not by a query.
    return next(signup for signup in SignUp.objects.all() if signup.name == name)


def test_a_resident_signs_up_online_without_an_account(page: Page, assert_accessible):
    demo_load()
    page.goto("/activiteit/beekveld/")
    assert_accessible(page)
    page.get_by_role("link", name="Klik & Tik").first.click()
    expect(page.get_by_text("Nog 5 plaatsen vrij.")).to_be_visible()
    assert_accessible(page)
    # The honeypot of public forms is there for bots, hidden from people and the keyboard.
    expect(page.locator("input[name=website]")).to_be_hidden()
    page.get_by_label("Naam (een zelfgekozen naam mag ook)").fill("Yara")
    page.get_by_label("Telefoonnummer").fill("bel me")
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_text("Dit is geen telefoonnummer.")).to_be_visible()
    expect(page.get_by_text("Zonder uw toestemming kunnen we u niet aanmelden.")).to_be_visible()
    expect(page.get_by_label("Naam (een zelfgekozen naam mag ook)")).to_have_value("Yara")
    assert_accessible(page)
    page.get_by_label("Telefoonnummer").fill("06 2222 3333")
    page.get_by_label("Ja, ik geef toestemming").check()
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("heading", name="U bent aangemeld")).to_be_visible()
    assert_accessible(page)
    signup = _signup("Yara")
    assert (signup.status, signup.source, signup.recorded_by) == (Status.BOOKED, "online", None)


def test_the_desk_signs_someone_up_in_four_interactions(page: Page, login, assert_accessible):
    demo_load()
    login(page, User.objects.get(username="balie"))
    page.goto("/activiteiten/")
    assert_accessible(page)
    interactions = 0
    page.get_by_role("link", name="Digisterker").first.click()  # open the activity
    interactions += 1
    page.get_by_label("Naam (een zelfgekozen naam mag ook)").fill("Henk")  # name and phone,
    page.keyboard.press("Tab")  # typed in one go
    page.keyboard.type("06 4444 5555")
    interactions += 1
    page.get_by_label("Ja, ik geef toestemming").check()  # the consent read out and given
    interactions += 1
    page.get_by_role("button", name="Aanmelden").click()
    interactions += 1
    expect(page.get_by_text("Henk is aangemeld.")).to_be_visible()
    assert_accessible(page)
    assert interactions <= 4
    signup = _signup("Henk")
    assert (signup.phone, signup.source) == ("06 4444 5555", Source.DESK)


def test_a_cancellation_moves_the_waiting_list_up_and_the_door_list_counts(
    page: Page, login, assert_accessible
):
    demo_load()
    login(page, User.objects.get(username="balie"))
    page.goto("/activiteiten/")
    assert_accessible(page)
    page.get_by_role("link", name="Informatiebijeenkomst toeslagen").click()
    assert_accessible(page)
    page.get_by_role("button", name=_named("Afmelden", "Karim")).click()
    expect(page.get_by_text("De aanmelding is afgemeld.")).to_be_visible()
    expect(page.get_by_text("Piet – Plaats aangeboden")).to_be_visible()
    page.goto("/activiteiten/")
    page.get_by_role("link", name="Bel 1 persoon over een vrijgekomen plaats").click()
    expect(page.get_by_text("Piet, 06 1100 0007")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name=_named("Wil de plaats", "Piet")).click()
    expect(page.get_by_text("De plaats is bevestigd.")).to_be_visible()
    assert _signup("Piet").status == Status.BOOKED

    page.goto("/activiteiten/")
    page.get_by_role("link", name="Informatiebijeenkomst toeslagen").click()
    page.get_by_role("link", name="Aanwezigheid bijhouden").click()
    assert_accessible(page)
    page.get_by_role("button", name=_named("Aanwezig", "Els")).click()
    page.get_by_role("button", name=_named("Niet gekomen", "Sevda")).click()
    expect(page.get_by_text("1 aanwezig, 1 niet gekomen")).to_be_visible()
    expect(page.get_by_role("button", name=_named("Aanwezig", "Els"))).to_have_attribute(
        "aria-pressed", "true"
    )
    assert_accessible(page)


def test_a_coordinator_moves_one_date_of_a_series(page: Page, login, assert_accessible):
    demo_load()
    login(page, User.objects.get(username="coordinator"))
    page.goto("/activiteiten/")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(r"^Wijzigen\s*:\s*Digisterker")).first.click()
    expect(page.get_by_role("heading", name="Data")).to_be_visible()
    assert_accessible(page)
    cancel_buttons = page.get_by_role("button", name=re.compile(r"^Deze datum annuleren"))
    before = cancel_buttons.count()
    assert before >= 2

    page.get_by_label("Datum", exact=True).fill("2099-03-05")
    page.get_by_label("Begintijd").last.fill("14:00")
    page.get_by_label("Eindtijd").last.fill("13:00")
    page.get_by_role("button", name="Datum toevoegen").click()
    expect(page.get_by_text("De eindtijd moet na de begintijd liggen.")).to_be_visible()
    expect(page.get_by_label("Datum", exact=True)).to_have_value("2099-03-05")
    assert_accessible(page)
    page.get_by_label("Eindtijd").last.fill("15:30")
    page.get_by_role("button", name="Datum toevoegen").click()
    expect(page.get_by_text("De datum is toegevoegd.")).to_be_visible()
    expect(cancel_buttons).to_have_count(before + 1)

    cancel_buttons.first.click()
    expect(page.get_by_text("De datum is geannuleerd")).to_be_visible()
    expect(cancel_buttons).to_have_count(before)
    assert_accessible(page)
