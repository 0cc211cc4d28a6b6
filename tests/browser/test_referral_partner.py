"""The partner's side of a warm referral in a real browser: inbox, two-factor set-up, contact
data, accept, complete; the one-click acknowledgement from the e-mail link; and the
coordinator's right of access."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from plein.accounts import totp
from plein.accounts.models import TOTPDevice
from plein.accounts.tests.factories import PASSWORD, UserFactory
from plein.core.models import AuditEvent
from plein.referrals import signing
from plein.referrals.models import Status
from plein.referrals.tests.factories import ReferralFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_partner_sets_up_two_factor_sees_contact_data_and_completes(page, assert_accessible):
    referral = ReferralFactory(service__name="Budgetcoaching")
    UserFactory(username="partner1", partner=True, organization=referral.organization)

    page.goto("/account/inloggen/?next=/partner/doorverwijzingen/")
    assert_accessible(page)
    page.get_by_label("Gebruikersnaam").fill("partner1")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Doorverwijzingen voor")
    expect(page.get_by_role("row", name=re.compile("Budgetcoaching"))).to_contain_text("nieuw")
    expect(page.get_by_text("Fatima")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("row", name=re.compile("Budgetcoaching")).get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Doorverwijzing van")
    expect(page.get_by_text("Fatima")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role(
        "link", name="Inloggen met tweestapsverificatie om contactgegevens te zien"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweestapsverificatie instellen")
    assert_accessible(page)

    # The password again before a secret is shown; then the key and its QR code.
    page.get_by_label("Uw wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Verder").click()
    expect(page.locator(".plein-qr svg")).to_be_visible()
    assert_accessible(page)

    # A wrong code first: a clear message, and the page stays.
    page.get_by_label("Code uit uw authenticator-app").fill("000000")
    page.get_by_role("button", name="Code controleren en instellen").click()
    expect(page.get_by_text("Deze code klopt niet")).to_be_visible()
    assert_accessible(page)

    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    page.get_by_label("Code uit uw authenticator-app").fill(totp.code_at(secret))
    page.get_by_role("button", name="Code controleren en instellen").click()

    # The backup codes, shown once, then on to the referral.
    expect(page.locator("#backup-codes li")).to_have_count(totp.BACKUP_CODE_COUNT)
    assert_accessible(page)
    page.get_by_role("link", name="Ik heb de codes bewaard: verder").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Doorverwijzing van")
    expect(page.get_by_text("Fatima", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="06-12345678")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Accepteren").check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("De status is nu: Geaccepteerd.")
    assert_accessible(page)

    # Completing without an outcome is refused, with the error beside the field.
    page.get_by_label("Afronden").check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text("Niet alles is goed ingevuld")
    expect(page.get_by_text("Kies de uitkomst.")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Afronden").check()
    page.get_by_label(re.compile(r"^Uitkomst")).select_option(label="Geholpen")
    page.get_by_label("Toelichting op de uitkomst").fill("Samen de aanvraag ingediend")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("De status is nu: Afgerond.")
    expect(page.get_by_text("Deze doorverwijzing is afgesloten.")).to_be_visible()
    assert_accessible(page)

    referral.refresh_from_db()
    assert (referral.status, referral.outcome_code, referral.outcome) == (
        Status.COMPLETED,
        "helped",
        "Samen de aanvraag ingediend",
    )
    assert AuditEvent.objects.filter(action="referrals.referral.contact_viewed").count() >= 3


def test_the_email_link_acknowledges_without_logging_in(page, assert_accessible):
    referral = ReferralFactory()
    path = f"/ontvangen/{signing.ack_token_make(referral=referral)}/"

    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Doorverwijzing ontvangen")
    expect(page.get_by_text("Fatima")).to_have_count(0)
    assert_accessible(page)
    referral.refresh_from_db()
    assert referral.status == Status.REQUESTED

    page.get_by_role("button", name="Ontvangen bevestigen").click()
    expect(page.get_by_role("status")).to_contain_text("De bibliotheek ziet nu dat u")
    assert_accessible(page)
    referral.refresh_from_db()
    assert referral.status == Status.RECEIVED

    page.goto(path)
    expect(page.get_by_role("status")).to_contain_text("is al bevestigd")
    assert_accessible(page)

    page.goto(path[:-4] + "xyz/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Link werkt niet")
    assert_accessible(page)


def test_coordinator_shows_a_resident_everything_and_deletes_it(page, login, assert_accessible):
    referral = ReferralFactory(accepted=True)
    coordinator = UserFactory(coordinator=True, library=referral.library)
    device = TOTPDevice.objects.create(
        user=coordinator, secret=totp.secret_generate(), confirmed_at="2026-01-01T00:00Z"
    )
    login(page, coordinator)

    page.goto("/beheer/doorverwijzingen/inzage/")
    assert_accessible(page)
    page.get_by_label("Kenmerk van de doorverwijzing").fill(str(referral.pk)[:8])
    page.get_by_role("button", name="Zoeken").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Tweestapsverificatie")
    assert_accessible(page)
    page.get_by_label("Code uit uw authenticator-app").fill(totp.code_at(device.secret))
    page.get_by_role("button", name="Bevestigen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Inzage: alles over één doorverwijzing"
    )
    expect(page.get_by_text("Fatima", exact=True)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Contactgegevens verwijderen").click()
    expect(page.get_by_text("Vink aan dat de bewoner vraagt")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("De bewoner vraagt de contactgegevens").check()
    page.get_by_role("button", name="Contactgegevens verwijderen").click()
    expect(page.get_by_role("status")).to_contain_text("zijn verwijderd")
    expect(page.get_by_text("Fatima")).to_have_count(0)
    assert_accessible(page)
    referral.refresh_from_db()
    assert referral.is_purged


def test_an_organisation_without_an_account_claims_its_inbox(page, assert_accessible):
    referral = ReferralFactory(organization__referral_email="verwijzingen@raad.example")
    token = signing.claim_token_make(organization=referral.organization)

    page.goto(f"/partner/account-aanmaken/{token}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Account aanmaken voor")
    assert_accessible(page)
    page.get_by_label(re.compile("^Uw voornaam")).fill("Sanne")
    page.get_by_label(re.compile("^Kies een wachtwoord")).fill("kort")
    page.get_by_label(re.compile("^Hetzelfde wachtwoord")).fill("kort")
    page.get_by_role("button", name="Account aanmaken").click()
    expect(page.get_by_text("te kort")).to_be_visible()
    expect(page.get_by_label(re.compile("^Uw voornaam"))).to_have_value("Sanne")
    assert_accessible(page)

    password = "een-lang-en-sterk-wachtwoord-9"
    page.get_by_label(re.compile("^Kies een wachtwoord")).fill(password)
    page.get_by_label(re.compile("^Hetzelfde wachtwoord")).fill(password)
    page.get_by_role("button", name="Account aanmaken").click()
    # Logged in, and on to two-factor before any contact data.
    expect(page.get_by_label("Uw wachtwoord")).to_be_visible()
    assert_accessible(page)
    assert referral.organization.partner_users.get().email == "verwijzingen@raad.example"


def test_a_partner_makes_new_backup_codes_and_turns_two_factor_off(page, login, assert_accessible):
    partner = UserFactory(partner=True)
    device = TOTPDevice.objects.create(
        user=partner, secret=totp.secret_generate(), confirmed_at="2026-01-01T00:00Z"
    )
    old = totp.backup_codes_make(user=partner)
    login(page, partner)

    page.goto(reverse("accounts:dashboard"))
    expect(page.get_by_text("nog 10 reservecodes")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Nieuwe reservecodes maken").click()
    assert_accessible(page)
    page.get_by_label("Uw wachtwoord").fill(PASSWORD)
    page.get_by_label(re.compile("^Code uit uw authenticator-app")).fill(old[0])
    page.get_by_role("button", name="Nieuwe codes maken").click()
    expect(page.locator("#backup-codes li")).to_have_count(totp.BACKUP_CODE_COUNT)
    assert_accessible(page)

    page.goto(reverse("accounts:totp_remove"))
    page.get_by_label("Uw wachtwoord").fill("niet-mijn-wachtwoord")
    page.get_by_label(re.compile("^Code uit uw authenticator-app")).fill(
        totp.code_at(device.secret)
    )
    page.get_by_role("button", name="Uitzetten").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Uw wachtwoord").fill(PASSWORD)
    page.get_by_label(re.compile("^Code uit uw authenticator-app")).fill(
        totp.code_at(device.secret)
    )
    page.get_by_role("button", name="Uitzetten").click()
    expect(page.get_by_role("status")).to_contain_text("Tweestapsverificatie is uitgezet.")
    assert_accessible(page)
    assert not totp.has_device(partner)
