"""The referral card: for the resident, in plain Dutch or English, without personal data."""

import pytest
from django.urls import reverse

from plein.accounts.tests.factories import UserFactory
from plein.core.tests.factories import BranchFactory, LibraryFactory
from plein.referrals.models import ReferralSettings
from plein.referrals.tests.factories import ReferralFactory
from plein.socialmap.models import Phone, Service
from plein.socialmap.tests.factories import OrganizationFactory, ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral():
    library = LibraryFactory(contact_email="info@bieb.example")
    organization = OrganizationFactory(library=library, is_partner=True, name="Welzijn Oost")
    Phone.objects.create(organization=organization, number="0570 123 456")
    referral = ReferralFactory(
        organization=organization,
        service=ServiceFactory(organization=organization, name="Formulierenhulp"),
        branch=BranchFactory(library=library, name="Vestiging Centrum"),
    )
    ReferralSettings.objects.create(library=library, reminder_working_days=3)
    return referral


def card(client, referral, **query):
    client.force_login(UserFactory(library=referral.library))
    return client.get(reverse("referrals:card", args=[referral.pk]), query)


def test_the_card_says_who_calls_when_and_what_to_do_if_nobody_calls(client, referral):
    html = card(client, referral).content.decode()
    assert "Welzijn Oost belt u" in html
    assert "Formulierenhulp" in html
    assert "binnen 3 werkdagen" in html
    assert "Belt er niemand?" in html and "0570 123 456" in html
    assert "Vestiging Centrum" in html and "info@bieb.example" in html
    assert str(referral.pk)[:8] in html


def test_the_card_holds_no_personal_data(client, referral):
    html = card(client, referral).content.decode()
    for secret in [referral.first_name, referral.phone, referral.email, referral.preferred_time]:
        assert secret not in html


def test_the_card_prints_with_its_own_stylesheet(client, referral):
    html = card(client, referral).content.decode()
    assert 'referrals/print.css" media="print"' in html


def test_the_card_can_be_asked_for_in_english(client, referral):
    html = card(client, referral, taal="en").content.decode()
    assert '<html lang="en"' in html
    assert f'{reverse("referrals:card", args=[referral.pk])}" lang="nl"' in html


def test_the_card_for_a_referral_without_branch_or_phones_still_renders(client):
    referral = ReferralFactory()
    response = card(client, referral)
    assert response.status_code == 200
    assert "U kunt ook terugkomen naar de bibliotheek" in response.content.decode()


@pytest.mark.parametrize("role", ["partner", "funder"])
def test_only_the_librarys_staff_print_cards(client, referral, role):
    user = UserFactory(**{role: True})
    client.force_login(user)
    url = reverse("referrals:card", args=[referral.pk])
    assert client.get(url).status_code in {403, 404}


def test_no_card_of_the_demo_prints_a_number_meant_for_professionals(client):
    from plein.demo.load import demo_load
    from plein.referrals.models import Referral

    demo_load()
    hidden = set(Phone.objects.filter(professionals_only=True).values_list("number", flat=True))
    hidden |= set(
        Phone.objects.filter(contact__professionals_only=True).values_list("number", flat=True)
    )
    assert hidden, "the demo has no professionals-only number, so this test proves nothing"
    # The demo's own referrals, and one to every service of the demo a desk could refer to.
    for service in Service.objects.select_related("organization"):
        ReferralFactory(organization=service.organization, service=service)
    referrals = Referral.objects.select_related("library", "organization")
    for referral in referrals:
        client.force_login(UserFactory(library=referral.library))
        html = card(client, referral).content.decode()
        assert [number for number in hidden if number in html] == [], referral.organization
