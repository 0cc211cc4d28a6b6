"""An organisation without a Plein account claims its inbox from the referral e-mail."""

import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from plein.accounts.models import Role, User
from plein.accounts.tests.factories import UserFactory
from plein.core.models import AuditEvent
from plein.referrals import signing
from plein.referrals.services import claim, notify
from plein.referrals.tests.factories import ReferralFactory
from plein.socialmap.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

PASSWORD = "een-lang-en-sterk-wachtwoord-9"


@pytest.fixture
def organization():
    return OrganizationFactory(is_partner=True, referral_email="verwijzingen@raad.example")


def claim_path(organization) -> str:
    return reverse(
        "referrals:inbox_claim",
        kwargs={"token": signing.claim_token_make(organization=organization)},
    )


def post(client, organization, **data):
    values = {"first_name": "Sanne", "password1": PASSWORD, "password2": PASSWORD, **data}
    return client.post(claim_path(organization), values)


def test_the_referral_mail_carries_the_claim_link_while_there_is_no_account(organization):
    notify.referral_created(referral=ReferralFactory(organization=organization))
    body = mail.outbox[-1].body
    assert mail.outbox[-1].to == ["verwijzingen@raad.example"]
    link = re.search(r"https?://\S+/partner/account-aanmaken/\S+/", body).group()
    assert signing.claim_token_read(token=link.rstrip("/").rsplit("/", 1)[1]) == organization


def test_claiming_makes_a_partner_account_logs_in_and_asks_for_two_factor(client, organization):
    response = post(client, organization)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:totp_setup"))
    user = User.objects.get(username="verwijzingen@raad.example")
    assert (user.role, user.organization, user.email) == (
        Role.PARTNER,
        organization,
        "verwijzingen@raad.example",
    )
    assert client.session["_auth_user_id"] == str(user.pk)
    assert AuditEvent.objects.filter(action="referrals.inbox.claimed").count() == 1
    # The contact data still waits for the second factor.
    referral = ReferralFactory(organization=organization)
    page = client.get(reverse("referrals:partner_detail", args=[referral.pk])).content.decode()
    assert referral.phone not in page


def test_the_link_works_once(client, organization):
    assert post(client, organization).status_code == 302
    client.logout()
    again = post(client, organization, first_name="Kees")
    assert again.status_code == 400
    assert str(claim.ALREADY_CLAIMED) in again.content.decode()
    assert User.objects.filter(organization=organization).count() == 1


def test_an_organisation_with_an_account_is_told_to_log_in(client, organization):
    UserFactory(partner=True, organization=organization)
    page = client.get(claim_path(organization)).content.decode()
    assert "heeft al een account" in page and 'type="password"' not in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"first_name": " "}, "first_name", "Vul"),
        ({"password2": "iets-anders-dan-dat"}, "password2", "niet gelijk"),
        ({"password1": "kort", "password2": "kort"}, "password1", "te kort"),
        (
            {"password1": "12345678901234", "password2": "12345678901234"},
            "password1",
            "alleen cijfers",
        ),
    ],
)
def test_bad_input_gets_a_dutch_message_and_keeps_the_name(
    client, organization, data, field, message
):
    response = post(client, organization, **data)
    assert response.status_code == 400
    errors = " ".join(str(e) for e in response.context["form"].errors.get(field, []))
    assert message in errors, response.context["form"].errors
    if "first_name" not in data:
        assert 'value="Sanne"' in response.content.decode()
    assert not User.objects.filter(organization=organization).exists()


def test_a_forged_or_old_or_changed_link_is_refused(client, organization):
    forged = reverse("referrals:inbox_claim", kwargs={"token": "abc:def"})
    assert client.get(forged).status_code == 400
    path = claim_path(organization)
    organization.referral_email = "nieuw@raad.example"
    organization.save()
    assert client.get(path).status_code == 400
    path = claim_path(organization)
    with time_machine.travel(timezone.now() + timezone.timedelta(days=15)):
        assert client.get(path).status_code == 410
    assert not User.objects.filter(organization=organization).exists()


def test_an_address_that_already_has_an_account_is_refused(client, organization):
    UserFactory(username="verwijzingen@raad.example")
    response = post(client, organization)
    assert response.status_code == 400
    assert str(claim.ADDRESS_TAKEN) in response.content.decode()
