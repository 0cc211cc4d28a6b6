"""Issue 15 from the demo: a coordinator invites a new partner user, who accepts and sets up
two-factor; the coordinator records the agreement; the desk refers to that partner."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from plein.accounts import totp
from plein.accounts.models import User
from plein.demo.load import demo_load
from plein.referrals.models import PartnerAgreement, Referral

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "rechtswinkel-zomer-2026"


def test_a_new_partner_user_is_invited_and_the_desk_refers_to_the_partner(
    page, login, assert_accessible, live_url
):
    demo_load()
    coordinator = User.objects.get(username="coordinator")
    login(page, coordinator)

    # The coordinator finds the organisation and invites a member of its staff.
    page.goto("/")
    assert_accessible(page)
    page.get_by_role("link", name="Organisaties").first.click()
    assert_accessible(page)
    page.get_by_label("Zoek op naam").fill("Rechtswinkel")
    page.get_by_role("button", name="Zoeken").click()
    assert_accessible(page)
    page.get_by_role("link", name="Rechtswinkel Beekveld").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rechtswinkel Beekveld")
    assert_accessible(page)
    invite = page.locator("form[action$='/uitnodigen/']")
    invite.get_by_label("E-mailadres").fill("geen adres")
    invite.get_by_label("Voornaam").fill("Ruben")
    invite.get_by_role("button", name="Uitnodiging versturen").click()
    expect(page.get_by_text("Vul een geldig e-mailadres in")).to_be_visible()
    invite = page.locator("form[action$='/uitnodigen/']")
    expect(invite.get_by_label("Voornaam")).to_have_value("Ruben")
    assert_accessible(page)
    invite.get_by_label("E-mailadres").fill("ruben@rechtswinkel.example.org")
    invite.get_by_role("button", name="Uitnodiging versturen").click()
    expect(page.get_by_role("status")).to_contain_text("De uitnodiging is verstuurd.")
    assert_accessible(page)

    # The invited person opens the link from the e-mail (signed out), chooses a password …
    found = re.search(r"https?://\S+", mail.outbox[-1].body)
    assert found is not None
    link = found.group(0)
    path = "/" + link.split("/", 3)[3]
    page.context.clear_cookies()
    page.goto(live_url(path))
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw account in Plein")
    expect(page.get_by_label("Voornaam")).to_have_value("Ruben")
    assert_accessible(page)
    page.get_by_label("Kies een wachtwoord").fill(NEW_PASSWORD)
    page.get_by_label("Hetzelfde wachtwoord nog een keer").fill(NEW_PASSWORD + "x")
    page.get_by_role("button", name="Account aanmaken").click()
    expect(page.get_by_text("De twee wachtwoorden zijn niet gelijk.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Kies een wachtwoord").fill(NEW_PASSWORD)
    page.get_by_label("Hetzelfde wachtwoord nog een keer").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Account aanmaken").click()

    # … and sets up two-factor before anything else.
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweestapsverificatie instellen")
    expect(page.locator(".plein-qr svg")).to_be_visible()
    assert_accessible(page)
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    page.get_by_label("Code uit uw authenticator-app").fill(totp.code_at(secret))
    page.get_by_role("button", name="Code controleren en instellen").click()
    expect(page.locator("#backup-codes li")).to_have_count(totp.BACKUP_CODE_COUNT)
    assert_accessible(page)
    partner = User.objects.get(username="ruben@rechtswinkel.example.org")
    assert partner.organization.name == "Rechtswinkel Beekveld"
    assert totp.has_device(partner)
    # The link worked once.
    page.context.clear_cookies()
    page.goto(live_url(path))
    expect(page.get_by_text("al gebruikt of ingetrokken")).to_be_visible()
    assert_accessible(page)

    # The coordinator records the agreement.
    login(page, coordinator)
    page.goto(live_url("/"))
    assert_accessible(page)
    page.get_by_role("link", name="Samenwerkingsafspraken").first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Rechtswinkel Beekveld").click()
    page.get_by_label("Belooft te reageren binnen (werkdagen)").fill("40")
    page.get_by_label("Contactpersoon voor de balie").fill("Mr. Ruben de Jong")
    page.get_by_role("button", name="Afspraak opslaan").click()
    expect(page.get_by_text("1 tot en met 30")).to_be_visible()
    expect(page.get_by_label("Contactpersoon voor de balie")).to_have_value("Mr. Ruben de Jong")
    assert_accessible(page)
    page.get_by_label("Belooft te reageren binnen (werkdagen)").fill("3")
    page.get_by_role("button", name="Afspraak opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("De samenwerkingsafspraak is opgeslagen.")
    expect(page.get_by_role("row", name=re.compile("Rechtswinkel Beekveld"))).to_contain_text(
        "Plein-inbox"
    )
    assert_accessible(page)
    agreement = PartnerAgreement.objects.get(organization=partner.organization)
    assert (agreement.response_working_days, agreement.takes_referrals) == (3, True)

    # The desk refers a resident to that partner, found through the picker's search.
    page.context.clear_cookies()
    login(page, User.objects.get(username="balie"))
    page.goto(live_url("/doorverwijzen/nieuw/"))
    assert_accessible(page)
    page.get_by_label("Zoek een partner of wat die biedt").fill("rechtswinkel")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_text("Mr. Ruben de Jong")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Dienst").select_option(label="Gratis juridisch advies")
    page.get_by_role("button", name="Verder").click()
    assert_accessible(page)
    page.get_by_label("Voornaam of gekozen naam").fill("Mila")
    page.get_by_label("Telefoonnummer").fill("06-11112222")
    page.get_by_label("De bewoner geeft toestemming").check()
    page.get_by_role("button", name="Doorverwijzing versturen").click()
    expect(page.get_by_role("status")).to_contain_text("De doorverwijzing is verstuurd.")
    assert_accessible(page)
    referral = Referral.objects.filter(organization=partner.organization).latest("created_at")
    assert referral.first_name == "Mila"
    assert referral.service.name == "Gratis juridisch advies"
    assert any(m.to == [partner.email] for m in mail.outbox)
