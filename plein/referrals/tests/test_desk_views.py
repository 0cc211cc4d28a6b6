"""The desk: a new referral with consent, the overview, the detail page and desk actions."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from plein.accounts.tests.factories import UserFactory
from plein.core.tests.factories import BranchFactory, LibraryFactory
from plein.questions.tests.factories import RegistrationFactory
from plein.referrals.forms.desk import CONSENT_TEXT_CHANGED, EMAIL_INVALID, PHONE_INVALID
from plein.referrals.models import (
    Consent,
    ConsentText,
    Referral,
    ReferralSettings,
    Source,
    Status,
)
from plein.referrals.selectors.desk import SERVICE_NOT_OFFERED, SERVICE_UNKNOWN
from plein.referrals.services import lifecycle
from plein.referrals.tests.factories import ReferralFactory
from plein.socialmap.models import ServiceStatus
from plein.socialmap.tests.factories import OrganizationFactory, ServiceFactory

pytestmark = pytest.mark.django_db

PHONE = "06-12345678"
NAME = "Fatima"
EMAIL = "fatima@voorbeeld.nl"
SUMMARY = "Vraag over toeslagen en een brief van de gemeente."
NEW_URL = reverse("referrals:desk_new")


@pytest.fixture
def library():
    return LibraryFactory()


@pytest.fixture
def desk_worker(library):
    return UserFactory(library=library)


@pytest.fixture
def service(library):
    organization = OrganizationFactory(library=library, is_partner=True, name="Welzijn Oost")
    return ServiceFactory(organization=organization, name="Formulierenhulp")


def make_referral(service, **traits):
    return ReferralFactory(organization=service.organization, service=service, **traits)


def form_data(service, **overrides):
    text = lifecycle.consent_text_current(library=service.library)
    data = {
        "service": str(service.pk),
        "first_name": NAME,
        "phone": PHONE,
        "email": "",
        "preferred_time": "dinsdagochtend",
        "contact_language": "nl",
        "summary": SUMMARY,
        "consent_text": str(text.pk),
        "consent_language": "nl",
        "consent": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_anonymous_visitor_is_sent_to_the_login_page(service):
    referral = make_referral(service)
    for url in [
        NEW_URL,
        reverse("referrals:desk_list"),
        reverse("referrals:desk_detail", args=[referral.pk]),
        reverse("referrals:card", args=[referral.pk]),
    ]:
        response = Client().get(url)
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("role", ["partner", "funder", "administrator"])
def test_only_library_staff_may_use_the_desk_pages(client, service, role):
    referral = make_referral(service)
    user = UserFactory(**{role: True})
    if role == "partner":
        user.organization = service.organization
        user.save()
    client.force_login(user)
    assert client.get(NEW_URL).status_code == 403
    assert client.get(reverse("referrals:desk_list")).status_code == 403
    detail = client.get(reverse("referrals:desk_detail", args=[referral.pk]))
    assert detail.status_code in {403, 404}
    assert client.get(reverse("referrals:card", args=[referral.pk])).status_code in {403, 404}
    assert client.post(NEW_URL, form_data(service)).status_code == 403
    assert Referral.objects.count() == 1


def test_another_librarys_desk_worker_cannot_see_or_act_on_a_referral(client, service):
    referral = make_referral(service)
    client.force_login(UserFactory())
    for name in ["desk_detail", "card", "desk_refer_again"]:
        assert client.get(reverse(f"referrals:{name}", args=[referral.pk])).status_code == 404
    url = reverse("referrals:desk_transition", args=[referral.pk])
    assert client.post(url, {"to": Status.CANCELLED, "reason": "x"}).status_code == 404
    referral.refresh_from_db()
    assert referral.status == Status.REQUESTED


def test_another_librarys_service_is_reported_as_unknown(client, desk_worker):
    other = ServiceFactory(organization=OrganizationFactory(is_partner=True))
    client.force_login(desk_worker)
    response = client.get(NEW_URL, {"service": other.pk})
    assert str(SERVICE_UNKNOWN) in response.content.decode()
    assert other.name not in response.content.decode()
    response = client.post(NEW_URL, form_data(other))
    assert str(SERVICE_UNKNOWN) in response.content.decode()
    assert not Referral.objects.exists()


@pytest.mark.parametrize("raw", ["0b6c4d6e-1f0a-4a43-9c55-5d2f3e1a7b90", "not-a-uuid"])
def test_an_unknown_service_gets_a_clear_message_and_a_choice(client, desk_worker, service, raw):
    client.force_login(desk_worker)
    html = client.get(NEW_URL, {"service": raw}).content.decode()
    assert str(SERVICE_UNKNOWN) in html
    assert service.name in html  # the picker offers the library's partner services


def test_an_organisation_that_is_not_a_partner_cannot_receive_referrals(
    client, library, desk_worker
):
    service = ServiceFactory(organization=OrganizationFactory(library=library, is_partner=False))
    client.force_login(desk_worker)
    html = client.get(NEW_URL, {"service": service.pk}).content.decode()
    assert str(lifecycle.ORGANIZATION_NOT_PARTNER) in html
    client.post(NEW_URL, form_data(service))
    assert not Referral.objects.exists()


def test_a_service_no_longer_offered_cannot_receive_referrals(client, desk_worker, service):
    service.status = ServiceStatus.DEFUNCT
    service.save()
    client.force_login(desk_worker)
    html = client.get(NEW_URL, {"service": service.pk}).content.decode()
    assert str(SERVICE_NOT_OFFERED) in html


def test_the_picker_lists_only_partner_services_of_the_own_library(
    client, library, desk_worker, service
):
    outsider = ServiceFactory(
        organization=OrganizationFactory(library=library), name="Geen partner"
    )
    elsewhere = ServiceFactory(organization=OrganizationFactory(is_partner=True), name="Elders")
    client.force_login(desk_worker)
    html = client.get(NEW_URL).content.decode()
    assert service.name in html
    assert outsider.name not in html and elsewhere.name not in html


def test_the_form_shows_the_consent_text_with_organisation_service_and_retention(
    client, library, desk_worker, service
):
    ReferralSettings.objects.create(library=library, retention_days=45)
    client.force_login(desk_worker)
    html = client.get(NEW_URL, {"service": service.pk}).content.decode()
    assert "Mogen wij uw gegevens doorgeven?" in html
    assert "Welzijn Oost (Formulierenhulp)" in html
    assert "nog 45 dagen" in html
    assert "{organization}" not in html
    # Consent is never pre-ticked.
    assert 'name="consent" class' in html and "checked" not in html


def test_the_consent_text_can_be_shown_in_english_without_losing_what_was_typed(
    client, desk_worker, service
):
    client.force_login(desk_worker)
    data = form_data(service, show_language="en", consent="on")
    response = client.post(NEW_URL, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "May we pass on your details?" in html
    assert f'value="{PHONE}"' in html and f'value="{NAME}"' in html
    assert 'name="consent_language" value="en"' in html
    assert "checked" not in html  # consent is asked again in the other language
    assert "utrecht-form-field--invalid" not in html
    assert not Referral.objects.exists()


def test_a_desk_worker_refers_with_consent_and_the_consent_version_is_recorded(
    client, desk_worker, service
):
    client.force_login(desk_worker)
    response = client.post(NEW_URL, form_data(service, consent_language="en"))
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("referrals:desk_detail", args=[referral.pk])
    assert (referral.organization, referral.service) == (service.organization, service)
    assert (referral.first_name, referral.phone) == (NAME, PHONE)
    assert referral.source == Source.DESK and referral.created_by == desk_worker
    consent = Consent.objects.get(referral=referral)
    assert consent.text == lifecycle.consent_text_current(library=service.library)
    assert consent.text.version == 1
    assert consent.language == "en" and consent.recorded_by == desk_worker


def test_a_newer_consent_text_version_is_recorded_when_the_library_has_one(
    client, library, desk_worker, service
):
    newer = ConsentText.objects.create(
        library=library, version=2, body_nl="NL {organization}", body_en="EN"
    )
    client.force_login(desk_worker)
    client.post(NEW_URL, form_data(service))
    assert Referral.objects.get().consent.text == newer


def test_consent_given_for_an_older_text_version_is_asked_again(
    client, library, desk_worker, service
):
    data = form_data(service)
    ConsentText.objects.create(library=library, version=2, body_nl="Nieuw", body_en="New")
    client.force_login(desk_worker)
    html = client.post(NEW_URL, data).content.decode()
    assert str(CONSENT_TEXT_CHANGED) in html
    assert not Referral.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"consent": None}, "consent", lifecycle.CONSENT_REQUIRED),
        ({"phone": "", "email": ""}, "phone", lifecycle.CONTACT_REQUIRED),
        ({"first_name": "  "}, "first_name", lifecycle.NAME_REQUIRED),
        ({"email": "geen-adres"}, "email", EMAIL_INVALID),
        ({"phone": "bel me"}, "phone", PHONE_INVALID),
    ],
)
def test_bad_input_is_shown_beside_the_field_and_nothing_typed_is_lost(
    client, desk_worker, service, overrides, field, message
):
    client.force_login(desk_worker)
    response = client.post(NEW_URL, form_data(service, **overrides))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in html
    assert str(message) in html
    assert SUMMARY in html and "dinsdagochtend" in html
    assert not Referral.objects.exists()


@pytest.mark.parametrize("summary", ["BSN 111222333", "bel 0612345678", "woont Dorpsstraat 12"])
def test_personal_data_in_the_summary_is_refused(client, desk_worker, service, summary):
    client.force_login(desk_worker)
    html = client.post(NEW_URL, form_data(service, summary=summary)).content.decode()
    assert "De samenvatting lijkt persoonsgegevens te bevatten" in html
    assert 'id="id_summary_error"' in html
    assert not Referral.objects.exists()


def test_a_referral_from_a_registration_is_linked_and_takes_its_branch(
    client, library, desk_worker, service
):
    registration = RegistrationFactory(visit__branch=BranchFactory(library=library))
    client.force_login(desk_worker)
    query = {"service": service.pk, "registration": registration.pk}
    html = client.get(NEW_URL, query).content.decode()
    assert f'name="registration" value="{registration.pk}"' in html
    client.post(NEW_URL, form_data(service, registration=str(registration.pk)))
    referral = Referral.objects.get()
    assert referral.registration == registration
    assert referral.branch == registration.branch


def test_another_librarys_registration_is_not_found(client, desk_worker, service):
    registration = RegistrationFactory()
    client.force_login(desk_worker)
    response = client.get(NEW_URL, {"service": service.pk, "registration": registration.pk})
    assert response.status_code == 404
    assert client.get(NEW_URL, {"registration": "abc"}).status_code == 404


def test_the_desk_may_choose_the_branch_but_only_of_its_own_library(
    client, library, desk_worker, service
):
    own, other = BranchFactory(library=library), BranchFactory()
    client.force_login(desk_worker)
    html = client.post(NEW_URL, form_data(service, branch=str(other.pk))).content.decode()
    assert 'id="id_branch_error"' in html
    client.post(NEW_URL, form_data(service, branch=str(own.pk)))
    assert Referral.objects.get().branch == own


def test_desk_pages_never_show_the_contact_details_once_sent(client, desk_worker, service):
    client.force_login(desk_worker)
    response = client.post(NEW_URL, form_data(service, email=EMAIL), follow=True)
    referral = Referral.objects.get()
    pages = [
        response.content.decode(),
        client.get(reverse("referrals:desk_list")).content.decode(),
        client.get(reverse("referrals:desk_list"), {"filter": "alle"}).content.decode(),
        client.get(reverse("referrals:card", args=[referral.pk])).content.decode(),
    ]
    assert "De doorverwijzing is verstuurd." in pages[0]
    for html in pages:
        for secret in [PHONE, "0612345678", EMAIL, NAME, SUMMARY, "dinsdagochtend"]:
            assert secret not in html


def test_the_overview_filters_open_attention_and_closed(client, desk_worker, service):
    open_referral = make_referral(service)
    escalated = make_referral(service, escalated=True)
    rejected = make_referral(service, rejected=True, status_reason="Wachtlijst vol")
    failed = make_referral(service, failed=True)
    referred_again = make_referral(service, rejected=True)
    make_referral(service, previous=referred_again)
    cancelled = make_referral(service, cancelled=True)
    other_library = make_referral(ServiceFactory(organization=OrganizationFactory(is_partner=True)))
    named = [open_referral, escalated, rejected, failed, referred_again, cancelled, other_library]
    client.force_login(desk_worker)

    def listed(state):
        html = client.get(reverse("referrals:desk_list"), {"filter": state}).content.decode()
        return {referral.pk for referral in named if str(referral.pk) in html}

    closed = {rejected.pk, failed.pk, referred_again.pk, cancelled.pk}
    assert listed("open") == {open_referral.pk, escalated.pk}
    assert listed("aandacht") == {escalated.pk, rejected.pk, failed.pk}
    assert listed("afgesloten") == closed
    assert listed("alle") == closed | {open_referral.pk, escalated.pk}
    assert listed("onzin") == listed("open")
    html = client.get(reverse("referrals:desk_list"), {"filter": "aandacht"}).content.decode()
    assert "Wachtlijst vol" in html and "plein-row--attention" in html


def test_the_overview_runs_a_fixed_number_of_queries(
    client, desk_worker, service, django_assert_max_num_queries
):
    for _ in range(15):
        make_referral(service)
    client.force_login(desk_worker)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("referrals:desk_list"), {"filter": "alle"})
    assert response.content.decode().count("plein-status--requested") == 15


def test_a_rejected_referral_shows_its_reason_and_a_way_to_refer_again(
    client, desk_worker, service
):
    rejected = make_referral(service, rejected=True, status_reason="Wachtlijst vol")
    client.force_login(desk_worker)
    html = client.get(reverse("referrals:desk_detail", args=[rejected.pk])).content.decode()
    assert "Wachtlijst vol" in html
    assert reverse("referrals:desk_refer_again", args=[rejected.pk]) in html
    assert "Afgewezen" in html


def test_the_desk_cancels_a_referral_with_a_reason(client, desk_worker, service):
    referral = make_referral(service)
    client.force_login(desk_worker)
    url = reverse("referrals:desk_transition", args=[referral.pk])
    response = client.post(url, {"to": Status.CANCELLED, "reason": ""})
    assert response.status_code == 400
    assert str(lifecycle.REASON_MISSING) in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == Status.REQUESTED
    response = client.post(url, {"to": Status.CANCELLED, "reason": "Bewoner is al geholpen"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Status.CANCELLED
    assert referral.status_reason == "Bewoner is al geholpen"
    assert referral.events.last().actor == desk_worker


def test_the_desk_marks_a_referral_entered_in_error(client, desk_worker, service):
    referral = make_referral(service)
    client.force_login(desk_worker)
    url = reverse("referrals:desk_transition", args=[referral.pk])
    client.post(url, {"to": Status.ENTERED_IN_ERROR, "reason": "Verkeerde partner gekozen"})
    referral.refresh_from_db()
    assert referral.status == Status.ENTERED_IN_ERROR


@pytest.mark.parametrize("to", [Status.ACCEPTED, Status.COMPLETED, "onzin"])
def test_the_desk_cannot_make_partner_transitions(client, desk_worker, service, to):
    referral = make_referral(service)
    client.force_login(desk_worker)
    url = reverse("referrals:desk_transition", args=[referral.pk])
    response = client.post(url, {"to": to, "reason": "x", "outcome": "x"})
    assert response.status_code == 400
    referral.refresh_from_db()
    assert referral.status == Status.REQUESTED


def test_a_closed_referral_cannot_be_cancelled(client, desk_worker, service):
    referral = make_referral(service, rejected=True)
    client.force_login(desk_worker)
    url = reverse("referrals:desk_transition", args=[referral.pk])
    response = client.post(url, {"to": Status.CANCELLED, "reason": "Toch niet"}, follow=True)
    assert str(lifecycle.ALREADY_CLOSED) in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == Status.REJECTED


def test_the_desk_withdraws_consent_on_the_residents_request(client, desk_worker, service):
    referral = make_referral(service)
    client.force_login(desk_worker)
    url = reverse("referrals:desk_withdraw_consent", args=[referral.pk])
    response = client.post(url, {})
    assert response.status_code == 400
    assert "Vink aan dat de bewoner de toestemming intrekt." in response.content.decode()
    referral.refresh_from_db()
    assert referral.phone == PHONE
    assert client.post(url, {"confirm": "on"}).status_code == 302
    referral.refresh_from_db()
    assert referral.is_purged and referral.phone == "" and referral.status == Status.CANCELLED
    assert referral.consent.withdrawn_at is not None
    response = client.post(url, {"confirm": "on"}, follow=True)
    assert str(lifecycle.CONSENT_ALREADY_WITHDRAWN) in response.content.decode()


def test_a_partner_cannot_use_the_desk_actions(client, service):
    referral = make_referral(service)
    partner = UserFactory(partner=True, organization=service.organization)
    client.force_login(partner)
    transition = reverse("referrals:desk_transition", args=[referral.pk])
    withdraw = reverse("referrals:desk_withdraw_consent", args=[referral.pk])
    assert client.post(transition, {"to": Status.CANCELLED, "reason": "x"}).status_code == 403
    assert client.post(withdraw, {"confirm": "on"}).status_code == 403
    referral.refresh_from_db()
    assert referral.status == Status.REQUESTED and not referral.is_purged


def test_a_librarys_own_consent_text_may_contain_stray_braces(
    client, library, desk_worker, service
):
    ConsentText.objects.create(
        library=library, version=3, body_nl="Aan {organization} {onbekend} {", body_en="EN"
    )
    client.force_login(desk_worker)
    html = client.get(NEW_URL, {"service": service.pk}).content.decode()
    assert "Aan Welzijn Oost {onbekend} {" in html


def test_a_partner_nobody_can_receive_is_offered_only_as_a_number_and_refused(client):
    library = LibraryFactory()
    nobody = OrganizationFactory(library=library, is_partner=True, referral_email="")
    service = ServiceFactory(organization=nobody, name="Dienst zonder inbox")
    client.force_login(UserFactory(library=library))
    page = client.get(reverse("referrals:desk_new")).content.decode()
    assert "Geen warme overdracht: geef het nummer mee" in page
    assert f'<option value="{service.pk}"' not in page
    chosen = client.get(reverse("referrals:desk_new"), {"service": service.pk})
    assert "kan niemand deze doorverwijzing ontvangen" in chosen.content.decode()
    with pytest.raises(ValidationError) as error:
        lifecycle.referral_create(
            library=library,
            organization=nobody,
            service=service,
            contact=lifecycle.ContactInput(first_name="Anna", phone="06-12345678"),
            consent_given=True,
            consent_text=lifecycle.consent_text_current(library=library),
        )
    assert "geen partneraccount" in str(error.value)
    assert not Referral.objects.exists()
