"""A partner keeps its entries current in a real browser: log in, edit a service, "klopt nog"."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from plein.accounts.tests.factories import PASSWORD, UserFactory
from plein.core.models import AuditEvent
from plein.socialmap.tests.factories import ServiceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_partner_edits_a_service_and_confirms_it(page, assert_accessible):
    service = ServiceFactory(name="Thuisadministratie", stale=True)
    UserFactory(username="partner1", partner=True, organization=service.organization)

    page.goto("/account/inloggen/?next=/partner/")
    assert_accessible(page)
    page.get_by_label("Gebruikersnaam").fill("partner1")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Onze gegevens")
    expect(page.get_by_role("row", name=re.compile("Thuisadministratie"))).to_contain_text(
        "verouderd"
    )
    assert_accessible(page)

    page.get_by_role("link", name=re.compile("Wijzigen.*Thuisadministratie")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thuisadministratie wijzigen")
    assert_accessible(page)

    # A mistake first: the message is clear and what was typed stays.
    page.get_by_label("Omschrijving").fill("Hulp bij post en rekeningen.")
    page.get_by_label("Minimumleeftijd").fill("65")
    page.get_by_label("Maximumleeftijd").fill("18")
    page.get_by_role("button", name="Wijzigingen opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text("Niet alles is goed ingevuld")
    expect(page.get_by_text("De maximumleeftijd mag niet lager zijn")).to_be_visible()
    expect(page.get_by_label("Omschrijving")).to_have_value("Hulp bij post en rekeningen.")
    assert_accessible(page)

    page.get_by_label("Maximumleeftijd").fill("")
    page.get_by_role("button", name="Wijzigingen opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("De wijzigingen zijn opgeslagen.")
    expect(page.locator("#geschiedenis + ol")).to_contain_text("gegevens gewijzigd")
    assert_accessible(page)

    page.get_by_role("button", name=re.compile("Klopt nog.*Thuisadministratie")).click()
    expect(page.get_by_role("status")).to_contain_text("is bevestigd als actueel")
    expect(page.locator("#geschiedenis + ol")).to_contain_text("bevestigd: klopt nog")
    assert_accessible(page)

    service.refresh_from_db()
    assert service.description == "Hulp bij post en rekeningen."
    assert service.minimum_age == 65 and service.maximum_age is None
    assert service.assured_date == datetime.date.today()
    assert AuditEvent.objects.filter(object_id=str(service.pk)).count() == 2


def test_partner_adds_hours_and_edits_a_location(page, login, assert_accessible):
    from plein.socialmap.tests.factories import LocationFactory

    service = ServiceFactory(name="Formulierenhulp")
    location = LocationFactory(organization=service.organization, name="Wijkcentrum De Linde")
    login(page, UserFactory(partner=True, organization=service.organization))

    page.goto(f"/partner/diensten/{service.pk}/tijden/nieuw/")
    assert_accessible(page)
    page.get_by_label("dinsdag").check()
    page.get_by_label("Van", exact=True).fill("14:00")
    page.get_by_label("Tot", exact=True).fill("12:00")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De eindtijd moet later zijn dan de begintijd.")).to_be_visible()
    expect(page.get_by_label("dinsdag")).to_be_checked()
    assert_accessible(page)
    page.get_by_label("Tot", exact=True).fill("16:00")
    page.get_by_role("button", name="Opslaan").click()
    # In the list of hours, and in the history in the same words (not WEEKLY, TU, 14:00:00).
    expect(page.get_by_text("dinsdag 14.00–16.00 uur").first).to_be_visible()
    history = 'tijden: was "(leeg)", is nu "dinsdag 14.00–16.00 uur"'
    expect(page.get_by_text(history)).to_be_visible()
    assert_accessible(page)

    page.goto(f"/partner/locaties/{location.pk}/")
    assert_accessible(page)
    page.get_by_label("Bereikbaarheid").fill("Bus 161, halte Brink")
    page.get_by_label("Postcode").fill("77")
    page.get_by_role("button", name="Wijzigingen opslaan").click()
    expect(page.get_by_text("Vul een postcode in als 1234 AB.")).to_be_visible()
    expect(page.get_by_label("Bereikbaarheid")).to_have_value("Bus 161, halte Brink")
    assert_accessible(page)
