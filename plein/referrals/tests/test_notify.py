import pytest
from django.core import mail

from plein.accounts.tests.factories import UserFactory
from plein.referrals.models import ContactLanguage, Status
from plein.referrals.services import lifecycle, notify
from plein.referrals.tests.factories import ReferralFactory
from plein.socialmap.tests.factories import OrganizationFactory, ServiceFactory

pytestmark = pytest.mark.django_db

CONTACT = lifecycle.ContactInput(
    first_name="Marieke",
    phone="06-98765432",
    email="marieke.b@voorbeeld.nl",
    preferred_time="donderdag na drie uur",
    contact_language=ContactLanguage.DUTCH,
    summary="Hulp bij het invullen van de aanvraag kwijtschelding",
)
PERSONAL = [
    "Marieke",
    "06-98765432",
    "98765432",
    "marieke.b@voorbeeld.nl",
    "donderdag na drie uur",
    "kwijtschelding",
]


def assert_no_personal_data(messages):
    assert messages
    for message in messages:
        text = message.subject + "\n" + message.body
        for value in PERSONAL:
            assert value not in text


@pytest.fixture
def organization():
    return OrganizationFactory(is_partner=True, name="Schuldhulp Lindendal")


@pytest.fixture
def partners(organization):
    return [
        UserFactory(partner=True, organization=organization, email="a@partner.nl"),
        UserFactory(partner=True, organization=organization, email="b@partner.nl"),
    ]


def create_referral(organization, *, desk, django_capture_on_commit_callbacks):
    service = ServiceFactory(organization=organization, name="Budgetcoaching")
    with django_capture_on_commit_callbacks(execute=True):
        return lifecycle.referral_create(
            library=organization.library,
            organization=organization,
            service=service,
            contact=CONTACT,
            consent_given=True,
            consent_text=lifecycle.consent_text_current(library=organization.library),
            recorded_by=desk,
        )


def test_a_new_referral_mails_each_partner_user_a_link_and_no_personal_data(
    organization, partners, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://plein.example.nl"
    desk = UserFactory(library=organization.library, email="balie@bieb.nl")
    UserFactory(partner=True, organization=organization, email="")
    UserFactory(partner=True, organization=organization, email="gone@partner.nl", is_active=False)
    UserFactory(partner=True, email="other@elsewhere.nl")
    referral = create_referral(
        organization,
        desk=desk,
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )
    assert sorted(m.to[0] for m in mail.outbox) == ["a@partner.nl", "b@partner.nl"]
    assert all(len(m.to) == 1 for m in mail.outbox)
    message = mail.outbox[0]
    assert "Schuldhulp Lindendal" in message.subject
    assert "https://plein.example.nl/ontvangen/" in message.body
    assert f"https://plein.example.nl/partner/doorverwijzingen/{referral.pk}/" in message.body
    assert "7 dagen" in message.body
    assert_no_personal_data(mail.outbox)


def test_a_rejection_tells_the_desk_worker_who_referred_without_the_reason(
    organization, partners, django_capture_on_commit_callbacks
):
    desk = UserFactory(library=organization.library, email="balie@bieb.nl")
    UserFactory(coordinator=True, library=organization.library, email="coord@bieb.nl")
    referral = create_referral(
        organization,
        desk=desk,
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.referral_transition(
            referral=referral,
            to=Status.REJECTED,
            as_partner=True,
            user=partners[0],
            reason="Marieke woont buiten ons werkgebied",
        )
    assert [m.to for m in mail.outbox] == [["balie@bieb.nl"]]
    assert "afgewezen" in mail.outbox[0].subject
    assert f"/doorverwijzingen/{referral.pk}/" in mail.outbox[0].body
    assert "werkgebied" not in mail.outbox[0].body
    assert_no_personal_data(mail.outbox)


def test_not_reached_goes_to_the_coordinators_when_the_desk_worker_has_left(
    organization, partners, django_capture_on_commit_callbacks
):
    desk = UserFactory(library=organization.library, email="balie@bieb.nl")
    UserFactory(coordinator=True, library=organization.library, email="coord@bieb.nl")
    UserFactory(coordinator=True, email="coord@andere-bieb.nl")
    referral = ReferralFactory(organization=organization, accepted=True, created_by=desk)
    desk.is_active = False
    desk.save()
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.referral_transition(
            referral=referral, to=Status.FAILED, as_partner=True, reason="Geen gehoor"
        )
    assert [m.to for m in mail.outbox] == [["coord@bieb.nl"]]
    assert "niet bereikt" in mail.outbox[0].subject


@pytest.mark.parametrize(
    "to", [Status.RECEIVED, Status.ACCEPTED, Status.IN_PROGRESS, Status.COMPLETED]
)
def test_other_status_changes_send_nothing(organization, to):
    referral = ReferralFactory(organization=organization, status=to, created_by=UserFactory())
    assert notify.referral_status_changed(referral=referral, from_status=Status.REQUESTED) == 0
    assert mail.outbox == []


def test_a_withdrawal_tells_the_partner_users_that_the_data_is_deleted(
    organization, partners, django_capture_on_commit_callbacks
):
    referral = create_referral(
        organization,
        desk=None,
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.consent_withdraw(referral=referral)
    withdrawn = [m for m in mail.outbox if "ingetrokken" in m.subject]
    assert sorted(m.to[0] for m in withdrawn) == ["a@partner.nl", "b@partner.nl"]
    assert "verwijderd" in withdrawn[0].body
    assert_no_personal_data(mail.outbox)


def test_an_organisation_without_partner_addresses_gets_no_mail(organization):
    organization.referral_email = ""
    organization.save()
    referral = ReferralFactory(organization=organization)
    assert notify.referral_created(referral=referral) == 0
    assert mail.outbox == []


def test_without_a_partner_account_the_referral_address_gets_the_notice_and_an_invitation(
    organization,
):
    organization.referral_email = "doorverwijzen@schuldhulp.test"
    organization.save()
    referral = ReferralFactory(organization=organization, first_name="Wendelmoed")
    assert notify.referral_created(referral=referral) == 1
    (message,) = mail.outbox
    assert message.to == ["doorverwijzen@schuldhulp.test"]
    assert "Maak met deze link een account" in message.body
    assert "/partner/account-aanmaken/" in message.body
    assert "Wendelmoed" not in message.body


def test_a_mail_server_failure_does_not_break_the_change(organization, partners, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr(notify, "send_mass_mail", broken)
    assert notify.referral_created(referral=ReferralFactory(organization=organization)) == 0
