import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from plein.accounts.tests.factories import UserFactory
from plein.core.models import AuditEvent
from plein.core.periodic import periodic_enqueue_due
from plein.socialmap import audit_actions, services
from plein.socialmap.tests.factories import ContactFactory, OrganizationFactory, ServiceFactory

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 1, 5, 9, tzinfo=datetime.UTC)


def link_in(message) -> str:
    found = re.search(r"https?://\S+", message.body)
    assert found, message.body
    return found.group(0)


def path_of(url: str) -> str:
    return url.split("//", 1)[1].split("/", 1)[1].join(["/", ""])


@pytest.fixture
def stale_org():
    with time_machine.travel(START, tick=False):
        org = OrganizationFactory(name="Schuldhulpmaatje Lindendal", email="info@shm.example")
        ServiceFactory(organization=org, name="Thuisadministratie", stale=True)
        ServiceFactory(organization=org, name="Budgetcursus")
        ContactFactory(service=org.services.first(), name="Koen Bouali")
    return org


def test_stale_organisation_gets_one_email_per_partner_user(stale_org):
    UserFactory(partner=True, organization=stale_org, email="a@shm.example", first_name="Ans")
    UserFactory(partner=True, organization=stale_org, email="b@shm.example", first_name="Bas")
    with time_machine.travel(START, tick=False):
        assert services.freshness_reminders_send() == 1
    assert sorted(m.to[0] for m in mail.outbox) == ["a@shm.example", "b@shm.example"]
    assert all(len(m.to) == 1 and not m.cc and not m.bcc for m in mail.outbox)
    assert AuditEvent.objects.filter(action=audit_actions.REMINDER_SENT).count() == 1


def test_email_holds_nothing_beyond_the_organisations_name(stale_org):
    UserFactory(partner=True, organization=stale_org, email="a@shm.example", first_name="Ans")
    with time_machine.travel(START, tick=False):
        services.freshness_reminders_send()
    (message,) = mail.outbox
    text = message.subject + message.body
    assert "Schuldhulpmaatje Lindendal" in text
    for private in ["Thuisadministratie", "Budgetcursus", "Koen", "Ans", "a@shm.example", "info@"]:
        assert private not in text
    assert link_in(message).startswith("http")


def test_without_partner_users_the_organisation_address_is_used(stale_org):
    with time_machine.travel(START, tick=False):
        services.freshness_reminders_send()
    assert [m.to for m in mail.outbox] == [["info@shm.example"]]


def test_fresh_organisations_and_those_without_address_get_nothing(stale_org):
    fresh = OrganizationFactory(email="vers@example.org")
    ServiceFactory(organization=fresh)
    silent = OrganizationFactory(email="")
    ServiceFactory(organization=silent, assured_date=None)
    with time_machine.travel(START, tick=False):
        assert services.freshness_reminders_send() == 1
    assert [m.to for m in mail.outbox] == [["info@shm.example"]]


def test_monthly_schedule_sends_once_a_month_and_never_twice(stale_org):
    with time_machine.travel(START, tick=False):
        assert "socialmap.freshness_reminders" in periodic_enqueue_due()
    assert len(mail.outbox) == 1
    # Running the scheduler again the same day, week or month sends nothing more.
    for days in (0, 1, 7, 27):
        with time_machine.travel(START + datetime.timedelta(days=days, hours=1), tick=False):
            assert "socialmap.freshness_reminders" not in periodic_enqueue_due()
    assert len(mail.outbox) == 1
    # Even when the task itself runs again within the month, the organisation is skipped.
    with time_machine.travel(START + datetime.timedelta(days=10), tick=False):
        assert services.freshness_reminders_send() == 0
    assert len(mail.outbox) == 1
    with time_machine.travel(START + datetime.timedelta(days=31), tick=False):
        assert "socialmap.freshness_reminders" in periodic_enqueue_due()
    assert len(mail.outbox) == 2


def test_confirmed_organisation_gets_no_next_reminder(stale_org, client):
    with time_machine.travel(START, tick=False):
        services.freshness_reminders_send()
        url = path_of(link_in(mail.outbox[0]))
        client.post(url, {"services": [s.pk for s in stale_org.services.all()]})
    with time_machine.travel(START + datetime.timedelta(days=31), tick=False):
        assert services.freshness_reminders_send() == 0
    assert len(mail.outbox) == 1


# --- The page behind the link -----------------------------------------------------------------


@pytest.fixture
def link(stale_org):
    with time_machine.travel(START, tick=False):
        services.freshness_reminders_send()
    return path_of(link_in(mail.outbox[0]))


def test_link_confirms_chosen_services_without_login(client, stale_org, link):
    stale = stale_org.services.get(name="Thuisadministratie")
    other = stale_org.services.get(name="Budgetcursus")
    with time_machine.travel(START + datetime.timedelta(days=2), tick=False):
        page = client.get(link)
        assert page.status_code == 200
        assert "Thuisadministratie" in page.content.decode()
        assert "next=%2Fpartner%2F" in page.content.decode()
        response = client.post(link, {"services": [stale.pk]})
    assert response.status_code == 200
    stale.refresh_from_db()
    other.refresh_from_db()
    assert stale.assured_date == datetime.date(2026, 1, 7)
    assert other.assured_date == datetime.date(2026, 1, 5)
    event = AuditEvent.objects.get(action=audit_actions.SERVICE_CONFIRMED)
    assert event.actor is None
    assert event.actor_label == "link in herinneringsmail"
    assert event.object_id == str(stale.pk)


def test_link_without_a_choice_is_explained(client, stale_org, link):
    with time_machine.travel(START, tick=False):
        response = client.post(link, {})
    assert response.status_code == 200
    assert "Kies minstens één dienst." in response.content.decode()
    assert not AuditEvent.objects.filter(action=audit_actions.SERVICE_CONFIRMED).exists()


def test_link_cannot_confirm_another_organisations_service(client, stale_org, link):
    foreign = ServiceFactory(assured_date=None)
    with time_machine.travel(START, tick=False):
        response = client.post(link, {"services": [foreign.pk]})
    assert response.status_code == 200
    foreign.refresh_from_db()
    assert foreign.assured_date is None


def test_expired_link_gets_a_clear_message(client, settings, stale_org, link):
    settings.PLEIN_CONFIRM_LINK_HOURS = 48
    with time_machine.travel(START + datetime.timedelta(hours=49), tick=False):
        response = client.get(link)
        assert client.post(link, {"services": []}).status_code == 410
    assert response.status_code == 410
    assert "Deze link is verlopen" in response.content.decode()


def test_tampered_link_gets_a_clear_message(client, link):
    token = link.rstrip("/").rsplit("/", 1)[1]
    other_org = OrganizationFactory()
    forged = token.replace(
        token.split(":")[0], services.reminder_token_make(organization=other_org).split(":")[0]
    )
    for bad in [token[:-2] + "xx", forged, "zomaar-iets"]:
        response = client.get(reverse("socialmap:confirm_link", kwargs={"token": bad}))
        assert response.status_code == 400
        assert "Deze link klopt niet" in response.content.decode()


@pytest.mark.parametrize(("hours", "text"), [(336, "14 dagen"), (24, "1 dag"), (36, "36 uur")])
def test_email_says_how_long_the_link_is_valid(stale_org, settings, hours, text):
    settings.PLEIN_CONFIRM_LINK_HOURS = hours
    services.freshness_reminders_send()
    assert f"De link is {text} geldig." in mail.outbox[0].body
