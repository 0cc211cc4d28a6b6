"""Agreements with network partners: recorded by the coordinator (audited, per library), used
by the desk's picker and by the reminder and escalation timers; "Bel mij terug" by either."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.test import TestCase
from django.urls import reverse

from plein.accounts.tests.factories import UserFactory
from plein.core.models import AuditEvent
from plein.core.workdays import AMSTERDAM
from plein.questions.tests.factories import RegistrationFactory, TopicFactory
from plein.referrals.models import PartnerAgreement, Referral, ReferralSettings
from plein.referrals.selectors.desk import referral_picker
from plein.referrals.services import agreements, timers
from plein.referrals.services.lifecycle import ORGANIZATION_NO_AGREEMENT
from plein.referrals.tests.factories import ReferralFactory
from plein.socialmap.tests.factories import (
    AttributeFactory,
    OrganizationFactory,
    ServiceFactory,
    TaxonomyTermFactory,
)

pytestmark = pytest.mark.django_db
NEW_URL = reverse("referrals:desk_new")


@pytest.fixture
def coordinator():
    return UserFactory(coordinator=True)


@pytest.fixture
def partner(coordinator):
    return OrganizationFactory(
        library=coordinator.library, is_partner=True, name="Welzijn Oost", agreement=False
    )


def _data(**changes):
    data = {
        "takes_referrals": "on",
        "referral_email": "doorverwijzen@welzijn.test",
        "response_working_days": "3",
        "contact_name": "Sanne Verbeek",
        "contact_phone": "0570-123456",
        "contact_email": "sanne@welzijn.test",
        "offers_callback": "on",
    }
    return data | changes


def test_a_coordinator_records_an_agreement_and_every_change_is_audited(
    client, coordinator, partner
):
    client.force_login(coordinator)
    url = reverse("referrals:agreement_edit", args=[partner.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _data())
    assert response.status_code == 302
    agreement = PartnerAgreement.objects.get(organization=partner)
    assert (agreement.takes_referrals, agreement.response_working_days) == (True, 3)
    assert (agreement.contact_name, agreement.contact_phone) == ("Sanne Verbeek", "0570-123456")
    partner.refresh_from_db()
    assert partner.offers_callback and partner.referral_email == "doorverwijzen@welzijn.test"
    assert AuditEvent.objects.filter(action="referrals.agreement.created").count() == 1
    assert AuditEvent.objects.filter(action="socialmap.organization.updated").count() == 1
    client.post(url, _data(response_working_days="5"))
    event = AuditEvent.objects.get(action="referrals.agreement.updated")
    assert event.changes == {"response_working_days": [3, 5]}
    listing = client.get(reverse("referrals:agreements")).content.decode()
    assert "Welzijn Oost" in listing and "Sanne Verbeek" in listing


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"response_working_days": "drie"}, "response_working_days", "1 tot en met 30"),
        ({"response_working_days": "0"}, "response_working_days", "1 tot en met 30"),
        ({"response_working_days": "31"}, "response_working_days", "1 tot en met 30"),
        ({"contact_phone": "bel Sanne"}, "contact_phone", "alleen cijfers"),
        ({"contact_email": "sanne@"}, "contact_email", "geldig e-mailadres"),
        ({"referral_email": "geen"}, "referral_email", "geldig e-mailadres"),
    ],
)
def test_bad_input_is_refused_in_dutch_and_nothing_typed_is_lost(
    client, coordinator, partner, changes, field, message
):
    client.force_login(coordinator)
    response = client.post(reverse("referrals:agreement_edit", args=[partner.pk]), _data(**changes))
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    html = response.content.decode()
    assert "Sanne Verbeek" in html and "sanne@welzijn.test" in html or field == "contact_email"
    assert not PartnerAgreement.objects.exists()


def test_an_organisation_that_is_no_partner_gets_no_agreement(client, coordinator):
    organization = OrganizationFactory(library=coordinator.library, is_partner=False)
    client.force_login(coordinator)
    response = client.post(reverse("referrals:agreement_edit", args=[organization.pk]), _data())
    assert response.status_code == 400
    assert str(agreements.NOT_A_PARTNER) in response.content.decode()
    assert not PartnerAgreement.objects.exists()


def test_another_librarys_coordinator_never_sees_or_changes_an_agreement(client, partner):
    PartnerAgreement.objects.create(
        organization=partner, library=partner.library, contact_name="Sanne"
    )
    other = UserFactory(coordinator=True)
    client.force_login(other)
    url = reverse("referrals:agreement_edit", args=[partner.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, _data(contact_name="Iemand anders")).status_code == 404
    assert "Welzijn Oost" not in client.get(reverse("referrals:agreements")).content.decode()
    assert PartnerAgreement.objects.get().contact_name == "Sanne"


def test_the_partner_switches_bel_mij_terug_and_sees_its_agreement(client, partner):
    PartnerAgreement.objects.create(
        organization=partner, library=partner.library, response_working_days=4
    )
    user = UserFactory(partner=True, organization=partner)
    client.force_login(user)
    url = reverse("referrals:partner_agreement")
    page = client.get(url).content.decode()
    assert "4 werkdagen" in page
    refused = client.post(url, {})
    assert refused.status_code == 400
    assert refused.context["form"].errors["offers_callback"] == ["Kies ja of nee."]
    assert client.post(url, {"offers_callback": "1"}).status_code == 302
    partner.refresh_from_db()
    assert partner.offers_callback
    event = AuditEvent.objects.get(action="socialmap.organization.updated")
    assert event.actor == user and event.changes == {"offers_callback": [False, True]}


def test_bel_mij_terug_needs_an_agreement():
    from plein.referrals.services.callback import callback_offered

    organization = OrganizationFactory(is_partner=True, offers_callback=True, agreement=False)
    service = ServiceFactory(organization=organization)
    assert not callback_offered(service=service)
    PartnerAgreement.objects.create(organization=organization, library=organization.library)
    assert callback_offered(service=service)


# --- The desk's picker ----------------------------------------------------------------------------


def test_the_picker_shows_only_partners_with_an_active_agreement(client):
    desk = UserFactory()
    library = desk.library
    agreed = ServiceFactory(
        organization__library=library, organization__is_partner=True, name="Thuisadministratie"
    )
    without = ServiceFactory(
        organization__library=library,
        organization__is_partner=True,
        organization__agreement=False,
        name="Taalcafé",
    )
    paused = ServiceFactory(
        organization__library=library,
        organization__is_partner=True,
        organization__agreement__takes_referrals=False,
        name="Schuldhulp",
    )
    client.force_login(desk)
    html = client.get(NEW_URL).content.decode()
    select = html.split('id="id_service"')[1].split("</select>")[0]
    assert "Thuisadministratie" in select
    assert "Taalcafé" not in select and "Schuldhulp" not in select
    for service in (without, paused):
        response = client.get(NEW_URL, {"service": service.pk})
        message = str(ORGANIZATION_NO_AGREEMENT % {"organization": service.organization.name})
        assert message in response.content.decode()
    assert client.get(NEW_URL, {"service": agreed.pk}).context["service"] == agreed


def test_the_picker_is_searchable_without_javascript(client):
    desk = UserFactory()
    library = desk.library
    ServiceFactory(
        organization__library=library,
        organization__is_partner=True,
        organization__name="Welzijn Oost",
        name="Thuisadministratie",
    )
    ServiceFactory(
        organization__library=library,
        organization__is_partner=True,
        organization__name="Taalhuis",
        name="Taalcafé",
    )
    client.force_login(desk)
    html = client.get(NEW_URL, {"q": "welzijn"}).content.decode()
    select = html.split('id="id_service"')[1].split("</select>")[0]
    assert "Thuisadministratie" in select and "Taalcafé" not in select
    assert 'value="welzijn"' in html
    nothing = client.get(NEW_URL, {"q": "zwembad"}).content.decode()
    assert "Geen netwerkpartner gevonden" in nothing


def test_choosing_nothing_says_what_to_do(client):
    desk = UserFactory()
    ServiceFactory(organization__library=desk.library, organization__is_partner=True)
    client.force_login(desk)
    html = client.get(NEW_URL, {"kies": "1"}).content.decode()
    assert "Kies eerst de dienst waarnaar u wilt doorverwijzen." in html


def test_services_that_fit_the_questions_topics_come_first():
    desk = UserFactory()
    library = desk.library
    money = TaxonomyTermFactory(library=library, name="Geld")
    debts = TaxonomyTermFactory(
        library=library, name="Schulden", parent=money, taxonomy_detail=money.taxonomy_detail
    )
    first_org = OrganizationFactory(library=library, is_partner=True, name="Aa Welzijn")
    second_org = OrganizationFactory(library=library, is_partner=True, name="Zz Schuldhulp")
    ServiceFactory(organization=first_org, name="Koffie-uur")
    fits = ServiceFactory(organization=second_org, name="Zz Budgetcoach")
    other = ServiceFactory(organization=second_org, name="Aa Wandelclub")
    AttributeFactory(service=fits, taxonomy_term=debts)
    registration = RegistrationFactory(
        visit__branch__library=library, topics=[TopicFactory(library=library, term=money)]
    )
    groups, _unreachable = referral_picker(library=library, registration=registration)
    assert [g.organization for g in groups] == [second_org, first_org]
    assert groups[0].services == [(fits, True), (other, False)]
    plain, _unreachable = referral_picker(library=library)
    assert [g.organization for g in plain] == [first_org, second_org]


# --- Timers ---------------------------------------------------------------------------------------


def at(month, day, hour=10):
    return datetime.datetime(2026, month, day, hour, tzinfo=AMSTERDAM)


def run(step, moment):
    with time_machine.travel(moment, tick=False):
        return step()


def test_the_promised_response_time_drives_reminder_and_escalation():
    organization = OrganizationFactory(is_partner=True, agreement__response_working_days=4)
    UserFactory(partner=True, organization=organization, email="p@welzijn.test")
    UserFactory(coordinator=True, library=organization.library, email="c@bieb.test")
    ReferralSettings.objects.create(
        library=organization.library, reminder_working_days=1, escalation_working_days=3
    )
    with time_machine.travel(at(3, 2), tick=False):  # Monday
        ReferralFactory(organization=organization)
    # The library says one working day; the partner promised four (Friday).
    assert run(timers.referral_reminders_send, at(3, 5, 11)) == 0
    assert run(timers.referral_reminders_send, at(3, 6, 10)) == 1
    # Escalation: four days plus the library's gap of two (the Tuesday after).
    assert run(timers.referral_escalations_send, at(3, 9, 10)) == 0
    assert run(timers.referral_escalations_send, at(3, 10, 9)) == 0
    assert run(timers.referral_escalations_send, at(3, 10, 10)) == 1
    assert {m.to[0] for m in mail.outbox} == {"p@welzijn.test", "c@bieb.test"}


def test_without_a_promise_the_librarys_timers_apply():
    settings_row = ReferralSettings(reminder_working_days=2, escalation_working_days=5)
    empty = PartnerAgreement(response_working_days=None)
    assert (
        timers.timer_working_days(
            days_field="reminder_working_days", library_settings=settings_row, agreement=empty
        )
        == 2
    )
    assert (
        timers.timer_working_days(
            days_field="escalation_working_days", library_settings=settings_row, agreement=None
        )
        == 5
    )
    promised = PartnerAgreement(response_working_days=1)
    same = ReferralSettings(reminder_working_days=3, escalation_working_days=3)
    assert (
        timers.timer_working_days(
            days_field="escalation_working_days", library_settings=same, agreement=promised
        )
        == 2
    )


# --- Transfer when the last partner account leaves ---------------------------------------------


def test_open_referrals_move_to_the_partner_that_takes_over(client, coordinator):
    library = coordinator.library
    leaving = OrganizationFactory(library=library, is_partner=True, name="Oud Welzijn")
    taking_over = OrganizationFactory(library=library, is_partner=True, name="Nieuw Welzijn")
    person = UserFactory(partner=True, organization=leaving)
    open_referral = ReferralFactory(organization=leaving)
    closed = ReferralFactory(organization=leaving, completed=True)
    client.force_login(coordinator)
    # Switching off the last partner account leads to the transfer page.
    response = client.post(reverse("accounts:person_active", args=[person.pk]))
    assert response.url == reverse("referrals:transfer", args=[leaving.pk])
    page = client.get(response.url)
    assert "1 open doorverwijzing" in page.content.decode()
    url = reverse("referrals:transfer", args=[leaving.pk])
    refused = client.post(url, {"target": taking_over.pk})
    assert refused.status_code == 400
    assert refused.context["form"].errors["confirm"] == [str(agreements.TRANSFER_NOT_CONFIRMED)]
    with TestCase.captureOnCommitCallbacks(execute=True):
        done = client.post(url, {"target": taking_over.pk, "confirm": "on"})
    assert done.status_code == 302
    open_referral.refresh_from_db()
    closed.refresh_from_db()
    assert (open_referral.organization, open_referral.service) == (taking_over, None)
    assert closed.organization == leaving
    event = AuditEvent.objects.get(action="referrals.referral.transferred")
    assert event.changes["organization"] == ["Oud Welzijn", "Nieuw Welzijn"]
    # The partner that takes over gets the usual notice (no personal data).
    assert [m.to for m in mail.outbox] == [[taking_over.referral_email]]
    assert "Fatima" not in mail.outbox[0].body


def test_transfer_refuses_a_partner_without_agreement_and_another_library(client, coordinator):
    library = coordinator.library
    leaving = OrganizationFactory(library=library, is_partner=True)
    no_agreement = OrganizationFactory(
        library=library, is_partner=True, agreement=False, name="Zonder"
    )
    elsewhere = OrganizationFactory(is_partner=True)
    ReferralFactory(organization=leaving)
    client.force_login(coordinator)
    url = reverse("referrals:transfer", args=[leaving.pk])
    response = client.post(url, {"target": no_agreement.pk, "confirm": "on"})
    assert response.status_code == 400
    assert "geen afspraak" in " ".join(response.context["form"].errors["target"])
    response = client.post(url, {"target": elsewhere.pk, "confirm": "on"})
    assert response.status_code == 400
    assert Referral.objects.filter(organization=leaving).count() == 1
    other = UserFactory(coordinator=True)
    client.force_login(other)
    assert client.post(url, {"target": elsewhere.pk, "confirm": "on"}).status_code == 404


def test_the_demo_gives_every_partner_an_agreement_once():
    from plein.core.models import Library
    from plein.demo.load import demo_load
    from plein.referrals.demo_agreements import demo_agreements_install
    from plein.socialmap.models import Organization

    demo_load()
    partners = Organization.objects.filter(is_partner=True)
    assert partners.exists()
    assert PartnerAgreement.objects.count() == partners.count()
    assert all(a.takes_referrals and a.contact_name for a in PartnerAgreement.objects.all())
    for library in Library.objects.all():
        assert demo_agreements_install(library=library) == 0
