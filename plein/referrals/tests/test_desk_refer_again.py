"""After a rejection: refer the resident elsewhere in one click, with new consent."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from plein.accounts.tests.factories import UserFactory
from plein.core.tests.factories import LibraryFactory
from plein.referrals.models import Referral, Status
from plein.referrals.services import desk as desk_services
from plein.referrals.services import lifecycle
from plein.referrals.tests.factories import ReferralFactory
from plein.socialmap.tests.factories import OrganizationFactory, ServiceFactory

pytestmark = pytest.mark.django_db

NAME = "Kees"
PHONE = "06-24681357"
EMAIL = "kees@voorbeeld.nl"
SUMMARY = "Hulp bij de belastingaangifte."


@pytest.fixture
def rejected(library, service):
    return ReferralFactory(
        organization=service.organization,
        service=service,
        rejected=True,
        status_reason="Wachtlijst vol",
        first_name=NAME,
        phone=PHONE,
        email=EMAIL,
        summary=SUMMARY,
    )


@pytest.fixture
def library():
    return LibraryFactory()


@pytest.fixture
def desk_worker(library):
    return UserFactory(library=library)


@pytest.fixture
def service(library):
    return ServiceFactory(organization=OrganizationFactory(library=library, is_partner=True))


@pytest.fixture
def elsewhere(library):
    organization = OrganizationFactory(library=library, is_partner=True, name="Raadslieden")
    return ServiceFactory(organization=organization, name="Thuisadministratie")


def consent_data(library, **overrides):
    text = lifecycle.consent_text_current(library=library)
    data = {"consent_text": str(text.pk), "consent_language": "nl", "consent": "on"}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def url(referral, service=None):
    base = reverse("referrals:desk_refer_again", args=[referral.pk])
    return f"{base}?service={service.pk}" if service else base


def test_the_choice_offers_other_services_but_not_the_rejected_one(
    client, desk_worker, rejected, elsewhere
):
    client.force_login(desk_worker)
    html = client.get(url(rejected)).content.decode()
    assert elsewhere.name in html
    assert f'value="{rejected.service.pk}"' not in html
    html = client.get(url(rejected, rejected.service)).content.decode()
    assert str(desk_services.REFER_AGAIN_SAME_SERVICE) in html


def test_consent_is_shown_again_for_the_new_organisation(
    client, library, desk_worker, rejected, elsewhere
):
    client.force_login(desk_worker)
    html = client.get(url(rejected, elsewhere)).content.decode()
    assert "Raadslieden (Thuisadministratie)" in html
    assert 'name="consent"' in html
    for secret in [PHONE, NAME, EMAIL, SUMMARY]:
        assert secret not in html


def test_without_consent_nothing_is_sent(client, library, desk_worker, rejected, elsewhere):
    client.force_login(desk_worker)
    response = client.post(url(rejected, elsewhere), consent_data(library, consent=None))
    assert str(lifecycle.CONSENT_REQUIRED) in response.content.decode()
    assert Referral.objects.count() == 1


def test_referring_again_copies_the_contact_data_server_side(
    client, library, desk_worker, rejected, elsewhere
):
    client.force_login(desk_worker)
    response = client.post(url(rejected, elsewhere), consent_data(library))
    new = Referral.objects.exclude(pk=rejected.pk).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("referrals:desk_detail", args=[new.pk])
    assert new.previous == rejected
    assert (new.organization, new.service) == (elsewhere.organization, elsewhere)
    assert (new.first_name, new.phone, new.email, new.summary) == (NAME, PHONE, EMAIL, SUMMARY)
    assert new.consent.recorded_by == desk_worker
    assert new.consent.pk != rejected.consent.pk
    assert new.status == Status.REQUESTED
    page = client.get(response["Location"]).content.decode()
    assert PHONE not in page and NAME not in page


def test_the_rejected_referral_leaves_the_attention_list_once_referred_again(
    client, library, desk_worker, rejected, elsewhere
):
    client.force_login(desk_worker)
    attention = reverse("referrals:desk_list") + "?filter=aandacht"
    assert str(rejected.pk) in client.get(attention).content.decode()
    client.post(url(rejected, elsewhere), consent_data(library))
    assert str(rejected.pk) not in client.get(attention).content.decode()
    detail = client.get(reverse("referrals:desk_detail", args=[rejected.pk])).content.decode()
    assert "Raadslieden" in detail  # the follow-up is linked


def test_an_open_referral_cannot_be_referred_again(client, desk_worker, service, elsewhere):
    referral = ReferralFactory(organization=service.organization, service=service)
    client.force_login(desk_worker)
    response = client.get(url(referral, elsewhere))
    assert response.status_code == 302
    with pytest.raises(ValidationError) as error:
        desk_services.referral_refer_again(
            previous=referral,
            service=elsewhere,
            consent_given=True,
            consent_text=lifecycle.consent_text_current(library=service.library),
            consent_language="nl",
            user=desk_worker,
        )
    assert str(desk_services.REFER_AGAIN_NOT_ALLOWED) in str(error.value)


def test_a_purged_referral_cannot_be_referred_again(
    client, library, desk_worker, rejected, elsewhere
):
    lifecycle.referral_purge(referral=rejected, reason="test")
    client.force_login(desk_worker)
    response = client.post(url(rejected, elsewhere), consent_data(library))
    assert response.status_code == 302
    assert Referral.objects.count() == 1


def test_a_service_of_another_library_cannot_be_chosen(client, library, desk_worker, rejected):
    foreign = ServiceFactory(organization=OrganizationFactory(is_partner=True))
    client.force_login(desk_worker)
    response = client.post(url(rejected, foreign), consent_data(library))
    assert "niet op de sociale kaart van uw bibliotheek" in response.content.decode()
    assert Referral.objects.count() == 1


def test_another_librarys_desk_worker_cannot_refer_again(client, rejected, elsewhere):
    client.force_login(UserFactory())
    response = client.post(url(rejected, elsewhere), consent_data(rejected.library))
    assert response.status_code == 404
    assert Referral.objects.count() == 1
