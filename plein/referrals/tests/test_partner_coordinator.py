"""The coordinator's right of access and erasure (lives beside the partner pages it shares)."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from plein.accounts import totp
from plein.accounts.tests.factories import UserFactory
from plein.core.models import AuditEvent
from plein.referrals.forms.partner import (
    CONFIRM_PURGE_REQUIRED,
    CONFIRM_WITHDRAW_REQUIRED,
    REFERENCE_NOT_FOUND,
)
from plein.referrals.models import Status
from plein.referrals.tests.factories import ReferralFactory

pytestmark = pytest.mark.django_db
CONTACT_VALUES = ["Fatima", "06-12345678", "fatima@voorbeeld.nl", "dinsdagochtend", "toeslagen"]


def verify_two_factor(client) -> None:
    session = client.session
    session[totp.SESSION_KEY] = timezone.now().timestamp()
    session.save()


def access_url(referral):
    return reverse("referrals:coordinator_access", kwargs={"pk": referral.pk})


@pytest.fixture
def referral():
    return ReferralFactory(accepted=True)


@pytest.fixture
def coordinator(client, referral):
    user = UserFactory(coordinator=True, library=referral.library)
    client.force_login(user)
    return user


def test_without_two_factor_the_coordinator_is_sent_to_the_second_step(
    client, coordinator, referral
):
    response = client.get(access_url(referral))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:totp_verify"))
    assert not AuditEvent.objects.filter(action="referrals.referral.contact_viewed").exists()


def test_the_coordinator_sees_everything_held_and_the_viewing_is_audited(
    client, coordinator, referral
):
    verify_two_factor(client)
    response = client.get(access_url(referral))
    content = response.content.decode()
    assert response.status_code == 200
    for value in CONTACT_VALUES:
        assert value in content
    assert str(referral.pk) in content
    assert f"versie {referral.consent.text.version}" in content
    assert "Mogen wij" in content or "toestemming" in content.lower()
    assert "Geaccepteerd" in content
    event = AuditEvent.objects.get(action="referrals.referral.contact_viewed")
    assert event.actor == coordinator


def test_the_access_page_needs_few_queries(
    client, coordinator, referral, django_assert_max_num_queries
):
    verify_two_factor(client)
    with django_assert_max_num_queries(16):
        client.get(access_url(referral))


def test_deleting_on_request_needs_the_confirmation(client, coordinator, referral):
    verify_two_factor(client)
    response = client.post(access_url(referral), {"action": "purge"})
    assert response.status_code == 400
    assert str(CONFIRM_PURGE_REQUIRED) in response.content.decode()
    referral.refresh_from_db()
    assert referral.first_name == "Fatima"


def test_deleting_on_request_purges_the_personal_data_and_keeps_the_skeleton(
    client, coordinator, referral
):
    verify_two_factor(client)
    response = client.post(access_url(referral), {"action": "purge", "purge-confirm": "on"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.is_purged
    assert (referral.first_name, referral.phone, referral.email, referral.summary) == ("",) * 4
    assert referral.status == Status.ACCEPTED
    event = AuditEvent.objects.get(action="referrals.referral.purged")
    assert event.changes == {"reason": "verzoek van bewoner"}
    assert event.actor == coordinator
    content = client.get(access_url(referral)).content.decode()
    assert "Verwijderd op" in content
    assert "Fatima" not in content


def test_recording_a_withdrawal_needs_the_confirmation(client, coordinator, referral):
    verify_two_factor(client)
    response = client.post(access_url(referral), {"action": "withdraw"})
    assert response.status_code == 400
    assert str(CONFIRM_WITHDRAW_REQUIRED) in response.content.decode()
    referral.consent.refresh_from_db()
    assert referral.consent.withdrawn_at is None


def test_recording_a_withdrawal_cancels_purges_and_tells_the_partner(
    client, coordinator, referral, django_capture_on_commit_callbacks
):
    UserFactory(partner=True, organization=referral.organization, email="p@partner.nl")
    verify_two_factor(client)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            access_url(referral), {"action": "withdraw", "withdraw-confirm": "on"}
        )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.status, referral.is_purged) == (Status.CANCELLED, True)
    assert referral.consent.withdrawn_at is not None
    assert [m.to for m in mail.outbox if "ingetrokken" in m.subject] == [["p@partner.nl"]]
    # A second withdrawal is reported, not an error page.
    response = client.post(
        access_url(referral), {"action": "withdraw", "withdraw-confirm": "on"}, follow=True
    )
    assert "al ingetrokken" in response.content.decode()


@pytest.mark.parametrize("role", ["desk", "partner", "funder", "administrator"])
def test_only_coordinators_may_use_right_of_access(client, referral, role):
    kwargs = {"library": referral.library} if role == "desk" else {role: True}
    if role == "partner":
        kwargs["organization"] = referral.organization
    client.force_login(UserFactory(**kwargs))
    verify_two_factor(client)
    assert client.get(access_url(referral)).status_code == 403
    assert (
        client.post(access_url(referral), {"action": "purge", "purge-confirm": "on"}).status_code
        == 403
    )
    referral.refresh_from_db()
    assert not referral.is_purged


def test_another_librarys_coordinator_gets_404(client, referral):
    client.force_login(UserFactory(coordinator=True))
    verify_two_factor(client)
    assert client.get(access_url(referral)).status_code == 404
    assert (
        client.post(access_url(referral), {"action": "purge", "purge-confirm": "on"}).status_code
        == 404
    )
    referral.refresh_from_db()
    assert not referral.is_purged


def test_the_coordinator_finds_a_referral_by_its_short_reference(client, coordinator, referral):
    find = reverse("referrals:coordinator_find")
    assert client.get(find).status_code == 200
    response = client.get(find, {"reference": str(referral.pk)[:8].upper()})
    assert response.status_code == 302
    assert response["Location"] == access_url(referral)
    response = client.get(find, {"reference": str(referral.pk)})
    assert response["Location"] == access_url(referral)


@pytest.mark.parametrize("reference", ["", "abc", "zzzzzzzz", "00000000"])
def test_an_unknown_reference_says_so_and_keeps_the_input(client, coordinator, reference):
    response = client.get(reverse("referrals:coordinator_find"), {"reference": reference})
    assert response.status_code == 400
    if reference:
        assert str(REFERENCE_NOT_FOUND) in response.content.decode()
        assert f'value="{reference}"' in response.content.decode()


def test_another_librarys_referral_is_not_found_by_reference(client, referral):
    client.force_login(UserFactory(coordinator=True))
    response = client.get(
        reverse("referrals:coordinator_find"), {"reference": str(referral.pk)[:8]}
    )
    assert response.status_code == 400
