""" "Bel mij terug" on the public social map: the form, honeypot, rate limits and withdrawal."""

import datetime
import hashlib
import threading

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from plein.accounts.tests.factories import UserFactory
from plein.core import guard
from plein.core.clients import client_ip
from plein.core.models import PublicFormAttempt
from plein.core.tests.factories import LibraryFactory
from plein.referrals.models import Referral, Source, Status
from plein.referrals.services import callback, lifecycle
from plein.socialmap.models import ServiceStatus
from plein.socialmap.tests.factories import OrganizationFactory, ServiceFactory

pytestmark = pytest.mark.django_db

PHONE = "06-98765432"
NAME = "Kees"
IP = "192.0.2.44"
CLIENT_PER_HOUR = 3  # the default of settings.PLEIN_PUBLIC_FORM_LIMITS["callback"]


@pytest.fixture
def service():
    library = LibraryFactory()
    organization = OrganizationFactory(
        library=library, is_partner=True, offers_callback=True, name="Schuldhulp Oost"
    )
    return ServiceFactory(organization=organization, name="Geldzorgen")


def page_url(service):
    return reverse("socialmap:service_detail", args=[service.library.slug, service.pk])


def form_url(service):
    return reverse("referrals:callback", args=[service.library.slug, service.pk])


def form_data(service, **overrides):
    text = lifecycle.consent_text_current(library=service.library)
    data = {
        "first_name": NAME,
        "phone": PHONE,
        "email": "",
        "preferred_time": "middag",
        "contact_language": "nl",
        "summary": "Ik heb een vraag over betalingsachterstanden.",
        "consent_text": str(text.pk),
        "consent_language": "nl",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def post(client, service, ip=IP, **overrides):
    return client.post(form_url(service), form_data(service, **overrides), REMOTE_ADDR=ip)


def test_the_public_service_page_offers_the_callback_form(client, service):
    html = client.get(page_url(service)).content.decode()
    assert "Bel mij terug" in html
    assert f'action="{form_url(service)}"' in html
    assert "Schuldhulp Oost (Geldzorgen)" in html  # the consent text
    assert 'aria-hidden="true"' in html and 'tabindex="-1"' in html  # the honeypot
    assert 'autocomplete="off"' in html


@pytest.mark.parametrize(
    "organization_flags",
    [
        {"is_partner": True, "offers_callback": False},
        {"is_partner": False, "offers_callback": True},
    ],
)
def test_organisations_that_do_not_opt_in_show_no_form(client, organization_flags):
    service = ServiceFactory(organization=OrganizationFactory(**organization_flags))
    assert "Bel mij terug" not in client.get(page_url(service)).content.decode()
    assert client.get(form_url(service)).status_code == 404
    assert post(client, service).status_code == 404
    assert not Referral.objects.exists()


def test_a_service_no_longer_offered_takes_no_callbacks(client, service):
    service.status = ServiceStatus.DEFUNCT
    service.save()
    assert client.get(form_url(service)).status_code == 404


def test_the_wrong_library_slug_is_not_found(client, service):
    url = reverse("referrals:callback", args=[LibraryFactory().slug, service.pk])
    assert client.get(url).status_code == 404


def test_library_staff_see_warm_referral_instead_of_the_callback_form(client, service):
    client.force_login(UserFactory(library=service.library))
    html = client.get(page_url(service)).content.decode()
    assert f"{reverse('referrals:desk_new')}?service={service.pk}" in html
    assert f'action="{form_url(service)}"' not in html


def test_another_librarys_staff_get_no_warm_referral_link(client, service):
    client.force_login(UserFactory())
    html = client.get(page_url(service)).content.decode()
    assert reverse("referrals:desk_new") not in html


def test_a_resident_asks_to_be_called_back_and_the_same_loop_runs(client, service):
    response = post(client, service)
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response["Location"].startswith("/doorverwijzingen/bedankt/")
    assert referral.source == Source.CALLBACK
    assert referral.created_by is None and referral.branch is None
    assert referral.registration is None
    assert (referral.first_name, referral.phone) == (NAME, PHONE)
    assert referral.status == Status.REQUESTED
    assert referral.consent.recorded_by is None
    assert referral.consent.text == lifecycle.consent_text_current(library=service.library)
    done = client.get(response["Location"]).content.decode()
    assert "Schuldhulp Oost belt u" in done
    assert "/doorverwijzingen/intrekken/" in done


def test_only_a_keyed_hash_of_the_address_is_stored(client, service):
    post(client, service)
    attempt = PublicFormAttempt.objects.get()
    assert attempt.accepted and attempt.kind == callback.GUARD_KIND == "callback"
    assert IP not in attempt.client_hash
    assert attempt.client_hash == guard.fingerprint(ip=IP)
    assert attempt.client_hash != hashlib.sha256(IP.encode()).hexdigest()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"consent": None}, lifecycle.CONSENT_REQUIRED),
        ({"phone": ""}, lifecycle.CONTACT_REQUIRED),
        ({"first_name": ""}, lifecycle.NAME_REQUIRED),
        ({"summary": "mijn BSN is 111222333"}, "persoonsgegevens"),
    ],
)
def test_bad_input_is_refused_and_what_was_typed_stays(client, service, overrides, message):
    response = post(client, service, **overrides)
    html = response.content.decode()
    assert response.status_code == 400
    assert str(message) in html
    assert 'value="middag"' in html
    assert not Referral.objects.exists()
    assert not PublicFormAttempt.objects.exists()


def test_a_filled_honeypot_silently_succeeds_without_storing_anything(client, service):
    response = post(client, service, website="http://spam.example")
    assert response.status_code == 200
    assert "Dank u wel" in response.content.decode()
    assert not Referral.objects.exists()
    assert PublicFormAttempt.objects.get(kind="callback").accepted is False


def test_one_client_may_ask_three_times_an_hour(client, service):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _ in range(CLIENT_PER_HOUR):
            assert post(client, service).status_code == 302
        response = post(client, service)
        assert response.status_code == 400
        assert str(callback.RATE_LIMITED_CLIENT) in response.content.decode()
        assert 'value="middag"' in response.content.decode()
        assert post(client, service, ip="198.51.100.7").status_code == 302  # another client
        clock.shift(datetime.timedelta(minutes=61))
        assert post(client, service).status_code == 302
    assert Referral.objects.count() == CLIENT_PER_HOUR + 2


def test_an_organisation_takes_twenty_callbacks_a_day(client, service):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for number in range(callback.ORGANIZATION_PER_DAY):
            assert post(client, service, ip=f"203.0.113.{number}").status_code == 302
        response = post(client, service, ip="203.0.113.200")
        assert response.status_code == 400
        assert str(callback.RATE_LIMITED_ORGANIZATION) in response.content.decode()
        other = ServiceFactory(
            organization=OrganizationFactory(
                library=service.library, is_partner=True, offers_callback=True
            )
        )
        assert post(client, other, ip="203.0.113.201").status_code == 302
        clock.shift(datetime.timedelta(hours=24, minutes=1))
        assert post(client, service, ip="203.0.113.202").status_code == 302


@pytest.mark.django_db(transaction=True)
def test_parallel_requests_of_one_client_pass_the_limit_only_as_often_as_it_allows(service):
    contact = lifecycle.ContactInput(first_name=NAME, phone=PHONE)
    text = lifecycle.consent_text_current(library=service.library)
    client_hash = guard.fingerprint(ip=IP)
    outcomes: list[str] = []
    start = threading.Barrier(12)

    def submit() -> None:
        try:
            start.wait()
            callback.callback_request(
                service=service,
                contact=contact,
                consent_given=True,
                consent_text=text,
                consent_language="nl",
                client=client_hash,
                honeypot_filled=False,
            )
            outcomes.append("stored")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused"] * 9 + ["stored"] * 3
    assert Referral.objects.filter(source=Source.CALLBACK).count() == CLIENT_PER_HOUR


def test_the_consent_text_switches_to_english_keeping_what_was_typed(client, service):
    response = post(client, service, show_language="en")
    html = response.content.decode()
    assert response.status_code == 200
    assert "May we pass on your details?" in html
    assert f'value="{NAME}"' in html and "checked" not in html
    assert not Referral.objects.exists()


def test_the_form_is_protected_against_cross_site_requests(service):
    csrf_client = Client(enforce_csrf_checks=True)
    response = csrf_client.post(form_url(service), form_data(service))
    assert response.status_code == 403
    assert not Referral.objects.exists()


def withdraw_url(referral):
    token = callback.withdrawal_token_make(referral=referral)
    return reverse("referrals:withdraw", args=[token])


def test_a_resident_withdraws_consent_with_the_link(client, service):
    post(client, service)
    referral = Referral.objects.get()
    url = withdraw_url(referral)
    html = client.get(url).content.decode()
    assert "Ja, trek mijn toestemming in" in html
    referral.refresh_from_db()
    assert referral.consent.withdrawn_at is None  # a GET changes nothing
    assert client.post(url).status_code == 200
    referral.refresh_from_db()
    assert referral.consent.withdrawn_at is not None
    assert referral.is_purged and referral.phone == ""
    assert referral.status == Status.CANCELLED
    assert "al ingetrokken" in client.get(url).content.decode()
    assert client.post(url).status_code == 200  # a second click changes nothing


def test_an_expired_withdrawal_link_is_refused(client, service):
    post(client, service)
    referral = Referral.objects.get()
    url = withdraw_url(referral)
    with time_machine.travel(
        timezone.now() + datetime.timedelta(days=callback.WITHDRAWAL_LINK_DAYS + 1)
    ):
        response = client.post(url)
    assert response.status_code == 400
    assert str(callback.WITHDRAWAL_LINK_EXPIRED) in response.content.decode()
    referral.refresh_from_db()
    assert referral.consent.withdrawn_at is None


@pytest.mark.parametrize("tamper", [lambda t: t[:-2] + "xx", lambda t: "abc", lambda t: t + "0"])
def test_a_tampered_withdrawal_link_is_refused(client, service, tamper):
    post(client, service)
    referral = Referral.objects.get()
    token = tamper(callback.withdrawal_token_make(referral=referral))
    for name in ["withdraw", "callback_done"]:
        response = client.post(reverse(f"referrals:{name}", args=[token]))
        assert response.status_code == 400
        assert str(callback.WITHDRAWAL_LINK_INVALID) in response.content.decode()
    referral.refresh_from_db()
    assert referral.consent.withdrawn_at is None


def test_a_link_for_a_deleted_referral_is_refused(client, service):
    post(client, service)
    referral = Referral.objects.get()
    url = withdraw_url(referral)
    referral.delete()
    assert client.get(url).status_code == 400


def test_the_client_address_behind_trusted_proxies(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.1")
    assert client_ip(request) == "10.0.0.1"  # no trusted proxy: the header is ignored
    settings.PLEIN_TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "192.0.2.1"


def test_the_service_page_with_the_callback_form_stays_within_its_query_budget(
    client, service, django_assert_max_num_queries
):
    client.get(page_url(service))  # the default consent text and settings exist from now on
    with django_assert_max_num_queries(20):
        response = client.get(page_url(service))
    assert "Bel mij terug" in response.content.decode()


def test_a_likely_name_in_the_question_asks_the_resident_to_confirm(client, service):
    summary = "Meneer de Vries van hiernaast zegt dat ik hulp kan krijgen"
    response = post(client, service, summary=summary)
    assert response.status_code == 400
    page = response.content.decode()
    assert "“Meneer de Vries”" in page and 'name="names_confirmed"' in page
    assert summary in page
    assert not Referral.objects.exists()
    response = post(client, service, summary=summary, names_confirmed="on")
    assert response.status_code in (200, 302)
    assert Referral.objects.count() == 1
