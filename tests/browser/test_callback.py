""" "Bel mij terug" in a real browser: a resident asks to be called back from the social map."""

import pytest
from playwright.sync_api import expect

from plein.referrals.models import Referral, Source
from plein.socialmap.tests.factories import OrganizationFactory, ServiceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_resident_asks_to_be_called_back_and_withdraws_consent(page, assert_accessible):
    organization = OrganizationFactory(
        is_partner=True, offers_callback=True, name="Schuldhulp Oost"
    )
    service = ServiceFactory(organization=organization, name="Geldzorgen")

    page.goto(f"/sociale-kaart/{service.library.slug}/diensten/{service.pk}/")
    expect(page.get_by_role("heading", name="Bel mij terug")).to_be_visible()
    assert_accessible(page)
    page.get_by_text("Ja, ik wil teruggebeld worden").click()
    assert_accessible(page)

    # The honeypot stays invisible and out of the keyboard order.
    expect(page.locator("input[name=website]")).to_be_hidden()
    page.get_by_label("Uw voornaam (of een naam die u kiest)").fill("Kees")
    page.get_by_role("button", name="Bel mij terug").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bel mij terug")
    expect(page.get_by_text("Vul een telefoonnummer of een e-mailadres in.")).to_be_visible()
    expect(page.get_by_label("Uw voornaam (of een naam die u kiest)")).to_have_value("Kees")
    assert_accessible(page)

    page.get_by_label("Uw telefoonnummer").fill("06-98765432")
    page.get_by_label("Ja, ik geef toestemming").check()
    page.get_by_role("button", name="Bel mij terug").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw vraag is doorgegeven")
    expect(page.get_by_role("heading", level=2).first).to_have_text("Schuldhulp Oost belt u")
    assert_accessible(page)
    referral = Referral.objects.get()
    assert referral.source == Source.CALLBACK

    page.get_by_role("link", name="Toestemming intrekken").click()
    assert_accessible(page)
    page.get_by_role("button", name="Ja, trek mijn toestemming in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Toestemming ingetrokken")
    assert_accessible(page)
    referral.refresh_from_db()
    assert referral.is_purged
