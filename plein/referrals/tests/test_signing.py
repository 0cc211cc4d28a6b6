import datetime

import pytest
import time_machine
from django.core import signing as django_signing

from plein.referrals import signing
from plein.referrals.tests.factories import ReferralFactory
from plein.socialmap.services import reminder_token_make

pytestmark = pytest.mark.django_db
START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def test_a_token_reads_back_as_its_referral():
    referral = ReferralFactory()
    assert signing.ack_token_read(token=signing.ack_token_make(referral=referral)) == referral


def test_the_token_carries_no_personal_data():
    referral = ReferralFactory(first_name="Fatima", phone="06-12345678")
    token = signing.ack_token_make(referral=referral)
    payload = django_signing.loads(token, salt=signing.ACK_SALT)
    assert payload == {"r": str(referral.pk)}


def test_a_token_expires_after_the_configured_hours(settings):
    settings.PLEIN_ACK_LINK_HOURS = 48
    referral = ReferralFactory()
    with time_machine.travel(START, tick=False):
        token = signing.ack_token_make(referral=referral)
    with time_machine.travel(START + datetime.timedelta(hours=47), tick=False):
        assert signing.ack_token_read(token=token) == referral
    later = START + datetime.timedelta(hours=48, seconds=1)
    with time_machine.travel(later, tick=False), pytest.raises(django_signing.SignatureExpired):
        signing.ack_token_read(token=token)


def test_an_altered_token_is_refused():
    token = signing.ack_token_make(referral=ReferralFactory())
    with pytest.raises(django_signing.BadSignature):
        signing.ack_token_read(token=token[:-2] + ("AA" if token[-2:] != "AA" else "BB"))


def test_a_token_made_for_another_purpose_is_refused():
    referral = ReferralFactory()
    with pytest.raises(django_signing.BadSignature):
        signing.ack_token_read(token=reminder_token_make(organization=referral.organization))


def test_a_token_of_a_deleted_referral_is_refused():
    referral = ReferralFactory()
    token = signing.ack_token_make(referral=referral)
    referral.delete()
    with pytest.raises(django_signing.BadSignature):
        signing.ack_token_read(token=token)


def test_links_are_absolute_on_the_site_url(settings):
    settings.SITE_URL = "https://plein.example.nl"
    referral = ReferralFactory()
    assert signing.ack_url(referral=referral).startswith("https://plein.example.nl/ontvangen/")
    assert signing.partner_detail_url(referral=referral) == (
        f"https://plein.example.nl/partner/doorverwijzingen/{referral.pk}/"
    )
