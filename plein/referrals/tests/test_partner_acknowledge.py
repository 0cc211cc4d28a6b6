import datetime

import pytest
import time_machine
from django.urls import reverse

from plein.accounts.tests.factories import UserFactory
from plein.core.models import AuditEvent
from plein.referrals import signing
from plein.referrals.models import Status
from plein.referrals.tests.factories import ReferralFactory
from plein.socialmap.services import reminder_token_make

pytestmark = pytest.mark.django_db
START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
PERSONAL = ["Fatima", "06-12345678", "fatima@voorbeeld.nl", "dinsdagochtend", "toeslagen"]


def ack_path(referral=None, token=None):
    token = token or signing.ack_token_make(referral=referral)
    return reverse("referrals:acknowledge", kwargs={"token": token})


def test_opening_the_link_changes_nothing_and_shows_one_button(client):
    referral = ReferralFactory()
    response = client.get(ack_path(referral))
    assert response.status_code == 200
    assert "Ontvangen bevestigen" in response.content.decode()
    referral.refresh_from_db()
    assert (referral.status, referral.acknowledged_at) == (Status.REQUESTED, None)


def test_the_page_shows_no_personal_data(client):
    referral = ReferralFactory()
    for response in (client.get(ack_path(referral)), client.post(ack_path(referral))):
        content = response.content.decode()
        for value in PERSONAL:
            assert value not in content


def test_the_button_acknowledges_without_logging_in(client):
    referral = ReferralFactory()
    with time_machine.travel(START, tick=False):
        response = client.post(ack_path(referral))
    assert response.status_code == 200
    assert "De bibliotheek ziet nu dat u de doorverwijzing hebt ontvangen" in (
        response.content.decode()
    )
    referral.refresh_from_db()
    assert (referral.status, referral.acknowledged_at) == (Status.RECEIVED, START)
    event = referral.events.get(to_status=Status.RECEIVED)
    assert (event.from_status, event.actor, event.actor_label) == (
        Status.REQUESTED,
        None,
        "ondertekende link",
    )
    assert AuditEvent.objects.filter(action="referrals.referral.received").exists()


def test_the_desk_sees_the_acknowledgement_at_once(client):
    referral = ReferralFactory()
    client.post(ack_path(referral))
    desk = UserFactory(library=referral.library)
    client.force_login(desk)
    page = client.get(reverse("referrals:desk_detail", kwargs={"pk": referral.pk}))
    assert page.context["referral"].status == Status.RECEIVED


def test_a_second_click_says_it_was_already_confirmed(client):
    referral = ReferralFactory()
    client.post(ack_path(referral))
    referral.refresh_from_db()
    first = referral.acknowledged_at
    response = client.post(ack_path(referral))
    assert "is al bevestigd" in response.content.decode()
    referral.refresh_from_db()
    assert referral.acknowledged_at == first
    assert referral.events.filter(to_status=Status.RECEIVED).count() == 1


def test_a_referral_the_partner_already_accepted_is_not_moved_back(client):
    referral = ReferralFactory(accepted=True)
    response = client.post(ack_path(referral))
    assert "is al bevestigd" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == Status.ACCEPTED


def test_a_stopped_referral_needs_no_acknowledgement(client):
    referral = ReferralFactory(withdrawn=True)
    response = client.post(ack_path(referral))
    assert "gestopt" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == Status.CANCELLED


def test_an_expired_link_says_so_and_changes_nothing(client, settings):
    settings.PLEIN_ACK_LINK_HOURS = 24
    referral = ReferralFactory()
    with time_machine.travel(START, tick=False):
        token = signing.ack_token_make(referral=referral)
    with time_machine.travel(START + datetime.timedelta(hours=25), tick=False):
        response = client.post(ack_path(token=token))
    assert response.status_code == 410
    assert "verlopen" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == Status.REQUESTED


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_altered_link_says_so_and_changes_nothing(client, method):
    referral = ReferralFactory()
    token = signing.ack_token_make(referral=referral)
    response = getattr(client, method)(ack_path(token=token[:-3] + "xyz"))
    assert response.status_code == 400
    assert "Deze link klopt niet" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == Status.REQUESTED


def test_a_link_made_for_something_else_is_refused(client):
    referral = ReferralFactory()
    token = reminder_token_make(organization=referral.organization)
    assert client.post(ack_path(token=token)).status_code == 400
    referral.refresh_from_db()
    assert referral.status == Status.REQUESTED


def test_a_link_only_acknowledges_its_own_referral(client):
    mine, other = ReferralFactory(), ReferralFactory()
    client.post(ack_path(mine))
    other.refresh_from_db()
    assert other.status == Status.REQUESTED


def test_other_methods_are_refused(client):
    assert client.put(ack_path(ReferralFactory())).status_code == 405
