"""The coordinator's other pages in a real browser: IDO totals, the referral report and the
referral settings (with a mistake first)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from plein.accounts import totp
from plein.accounts.models import TOTPDevice
from plein.accounts.tests.factories import UserFactory
from plein.referrals.models import ReferralSettings
from plein.referrals.tests.factories import ReferralFactory
from plein.socialmap.tests.factories import OrganizationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_reads_ido_totals_and_the_referral_report(page, login, assert_accessible):
    organization = OrganizationFactory(is_partner=True, name="Schuldhulp Beek")
    for _ in range(6):
        ReferralFactory(organization=organization)
    login(page, UserFactory(coordinator=True, library=organization.library))

    page.goto("/rapportage/ido/")
    expect(page.get_by_role("heading", level=1)).to_have_text("IDO-totalen")
    assert_accessible(page)

    page.goto("/rapportage/doorverwijzingen/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Doorverwijzingen: rapportage")
    expect(page.get_by_role("rowheader", name="Schuldhulp Beek").first).to_be_visible()
    assert_accessible(page)


def test_coordinator_sets_the_referral_timers(page, login, assert_accessible):
    coordinator = UserFactory(coordinator=True)
    login(page, coordinator)
    page.goto("/beheer/doorverwijzen/instellingen/")
    assert_accessible(page)

    page.get_by_label("Herinnering aan de partner na (werkdagen)").fill("3")
    page.get_by_label("Melding aan de coördinator na (werkdagen)").fill("2")
    page.get_by_role("button", name="Instellingen opslaan").click()
    expect(page.get_by_text("De melding aan de coördinator komt na de herinnering")).to_be_visible()
    expect(page.get_by_label("Herinnering aan de partner na (werkdagen)")).to_have_value("3")
    assert_accessible(page)

    page.get_by_label("Melding aan de coördinator na (werkdagen)").fill("6")
    page.get_by_role("button", name="Instellingen opslaan").click()
    expect(page.get_by_text("De instellingen voor doorverwijzen zijn opgeslagen.")).to_be_visible()
    assert_accessible(page)
    row = ReferralSettings.objects.get(library=coordinator.library)
    assert (row.reminder_working_days, row.escalation_working_days) == (3, 6)


def test_coordinator_resets_a_lost_phone_on_the_logins_page(page, login, assert_accessible):
    coordinator = UserFactory(coordinator=True)
    desk = UserFactory(library=coordinator.library, username="balie-anna")
    TOTPDevice.objects.create(
        user=desk, secret=totp.secret_generate(), confirmed_at="2026-01-01T00:00Z"
    )
    login(page, coordinator)

    page.goto(reverse("accounts:lockouts"))
    expect(page.get_by_text("Er is nu geen account geblokkeerd.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("listitem").filter(has_text="balie-anna").get_by_role(
        "button", name="Tweestapsverificatie uitzetten"
    ).click()
    expect(page.get_by_role("status")).to_contain_text("balie-anna is uitgezet")
    assert_accessible(page)
    assert not totp.has_device(desk)
