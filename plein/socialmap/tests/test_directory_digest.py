"""The monthly "Ken je partners" digest: new, changed and ended services to the desk, once a
month, without personal data."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from plein.accounts.tests.factories import UserFactory, login_verified
from plein.core.models import AuditEvent
from plein.core.periodic import periodic_registry
from plein.core.tests.factories import LibraryFactory
from plein.socialmap import audit_actions, services
from plein.socialmap.directory import services as digest
from plein.socialmap.models import DirectoryDigest, ServiceStatus
from plein.socialmap.tasks import directory_digests_send
from plein.socialmap.tests.factories import ContactFactory, OrganizationFactory, ServiceFactory

pytestmark = pytest.mark.django_db

PREVIEW = reverse("socialmap:directory_digest")
SEND = reverse("socialmap:directory_digest_send")
NOVEMBER = datetime.datetime(2026, 11, 10, 9, 0, tzinfo=datetime.UTC)
DECEMBER_1ST = datetime.datetime(2026, 12, 1, 6, 0, tzinfo=datetime.UTC)


@pytest.fixture
def library():
    return LibraryFactory()


@pytest.fixture
def staff(library):
    return {
        "desk": UserFactory(library=library, email="balie@bieb.example"),
        "coordinator": UserFactory(coordinator=True, library=library, email="coord@bieb.example"),
        "no_email": UserFactory(library=library, email=""),
        "gone": UserFactory(library=library, email="weg@bieb.example", is_active=False),
        "partner": UserFactory(partner=True, email="partner@wijkteam.example"),
        "elsewhere": UserFactory(email="balie@elders.example"),
    }


@pytest.fixture
def changes(library, staff):
    """In November: a new service, a changed one and an ended one at a network partner."""
    partner = OrganizationFactory(library=library, name="Sociaal Wijkteam", is_partner=True)
    ContactFactory(organization=partner, name="Sanne Verbeek", professionals_only=True)
    kept = ServiceFactory(organization=partner, name="Schuldhulp")
    ending = ServiceFactory(organization=partner, name="Zomerspreekuur")
    other = OrganizationFactory(library=library, name="Kapsalon", is_partner=False)
    user = staff["coordinator"]
    with time_machine.travel(NOVEMBER, tick=False):
        services.service_create(organization=partner, data={"name": "Formulierenhulp"}, user=user)
        services.service_update(service=kept, data={"wait_time": "Een week"}, user=user)
        services.service_update(service=ending, data={"status": ServiceStatus.DEFUNCT}, user=user)
        services.service_create(organization=other, data={"name": "Knippen"}, user=user)
    return partner


def _run(moment: datetime.datetime) -> int:
    with time_machine.travel(moment, tick=False):
        return directory_digests_send.call()


def test_the_task_is_registered_to_run_daily():
    assert periodic_registry()["socialmap.directory_digest"].every == datetime.timedelta(days=1)


def test_active_desk_staff_get_one_email_each_with_the_partners_changes(
    library, staff, changes, settings
):
    settings.SITE_URL = "https://plein.example"
    assert _run(DECEMBER_1ST) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["balie@bieb.example", "coord@bieb.example"]
    message = mail.outbox[0]
    assert message.subject.startswith("Ken je partners: wat er veranderde")
    body = message.body
    assert "Nieuw\n- Formulierenhulp (Sociaal Wijkteam)" in body
    assert "Gewijzigd\n- Schuldhulp (Sociaal Wijkteam): wachttijd" in body
    assert "Gestopt\n- Zomerspreekuur (Sociaal Wijkteam)" in body
    assert "https://plein.example/ken-je-partners/" in body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f"https://plein.example/ken-je-partners/{changes.pk}/" in str(html)
    # Only network partners; no staff names or personal data of anyone.
    for text in (body, str(html)):
        assert "Knippen" not in text
        assert "Sanne Verbeek" not in text
        assert staff["coordinator"].username not in text


def test_a_month_is_sent_once_however_often_the_task_runs(library, staff, changes):
    assert _run(DECEMBER_1ST) == 2
    assert _run(DECEMBER_1ST) == 0
    assert _run(DECEMBER_1ST + datetime.timedelta(days=12)) == 0
    assert len(mail.outbox) == 2
    row = DirectoryDigest.objects.get(library=library)
    assert (row.recipients, row.changes) == (2, 3)
    event = AuditEvent.objects.get(action=audit_actions.DIRECTORY_DIGEST_SENT, library=library)
    assert event.actor is None and event.actor_label == digest.TASK_ACTOR


def test_the_next_digest_tells_only_what_changed_after_the_last(library, staff, changes):
    _run(DECEMBER_1ST)
    service = changes.services.get(name="Schuldhulp")
    with time_machine.travel(DECEMBER_1ST + datetime.timedelta(days=3), tick=False):
        services.service_update(service=service, data={"fees_description": "Gratis"}, user=None)
    assert _run(datetime.datetime(2027, 1, 1, 6, 0, tzinfo=datetime.UTC)) == 2
    body = mail.outbox[-1].body
    assert "Schuldhulp (Sociaal Wijkteam): kosten" in body
    assert "Formulierenhulp" not in body and "Zomerspreekuur" not in body


def test_a_month_without_changes_sends_nothing_but_counts_as_done(library, staff):
    assert _run(DECEMBER_1ST) == 0
    assert mail.outbox == []
    row = DirectoryDigest.objects.get(library=library)
    assert (row.recipients, row.changes) == (0, 0)
    # A change later in December waits for January's digest.
    partner = OrganizationFactory(library=library, is_partner=True)
    with time_machine.travel(DECEMBER_1ST + datetime.timedelta(days=5), tick=False):
        services.service_create(organization=partner, data={"name": "Taalcafé"}, user=None)
    assert _run(DECEMBER_1ST + datetime.timedelta(days=6)) == 0
    assert _run(datetime.datetime(2027, 1, 1, 6, 0, tzinfo=datetime.UTC)) == 2
    assert "Taalcafé" in mail.outbox[-1].body


def test_a_library_without_anyone_to_tell_is_tried_again_later(changes):
    other = LibraryFactory()
    partner = OrganizationFactory(library=other, is_partner=True)
    services.service_create(organization=partner, data={"name": "Taalcafé"}, user=None)
    assert digest.digest_send(library=other, now=DECEMBER_1ST) == 0
    assert not DirectoryDigest.objects.filter(library=other).exists()


def test_desk_staff_see_the_preview_without_a_send_button(client, library, staff, changes):
    login_verified(client, staff["desk"])
    page = client.get(PREVIEW).content.decode()
    assert "Formulierenhulp" in page and "Zomerspreekuur" in page
    assert "Verstuur nu" not in page
    assert client.post(SEND).status_code == 403
    assert mail.outbox == []


@pytest.mark.parametrize("who", ["partner", "elsewhere"])
def test_others_do_not_see_this_librarys_preview(client, staff, changes, who):
    login_verified(client, staff[who])
    response = client.get(PREVIEW)
    if who == "partner":
        assert response.status_code == 403
    else:
        assert "Formulierenhulp" not in response.content.decode()


def test_a_coordinator_sends_now_once_and_it_is_audited(client, library, staff, changes):
    login_verified(client, staff["coordinator"])
    assert "Verstuur nu" in client.get(PREVIEW).content.decode()
    page = client.post(SEND, follow=True).content.decode()
    assert "Het partneroverzicht is naar 2 collega&#x27;s verstuurd." in page
    assert len(mail.outbox) == 2
    event = AuditEvent.objects.get(action=audit_actions.DIRECTORY_DIGEST_SENT)
    assert event.actor == staff["coordinator"]
    assert event.changes == {"recipients": 2, "services": 3}
    again = client.post(SEND, follow=True).content.decode()
    assert "Het partneroverzicht van deze maand is al verstuurd." in again
    assert len(mail.outbox) == 2
    # The monthly task does not send this month again.
    assert digest.digests_send() == 0


def test_sending_an_empty_digest_is_refused_with_a_message(client, library, staff):
    login_verified(client, staff["coordinator"])
    page = client.post(SEND, follow=True).content.decode()
    assert "Er is niets veranderd sinds het vorige overzicht" in page
    assert not DirectoryDigest.objects.exists()


def test_send_takes_only_a_post(client, staff):
    login_verified(client, staff["coordinator"])
    assert client.get(SEND).status_code == 405
