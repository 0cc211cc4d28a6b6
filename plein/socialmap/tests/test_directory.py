"""Ken je partners: the directory of a library's network partners for its desk."""

import datetime
import uuid

import pytest
import time_machine
from django.urls import reverse
from django.utils import formats, timezone

from plein.accounts.tests.factories import UserFactory, login_verified
from plein.core.tests.factories import LibraryFactory
from plein.socialmap import services
from plein.socialmap.directory.selectors import ChangeKind, service_changes
from plein.socialmap.models import ServiceStatus, TaxonomyKind
from plein.socialmap.search.index import search_index_rebuild
from plein.socialmap.tests.factories import (
    AttributeFactory,
    ConsultationHourFactory,
    ContactFactory,
    OrganizationFactory,
    RoomFactory,
    ServiceFactory,
    TaxonomyTermFactory,
)

pytestmark = pytest.mark.django_db

LIST = reverse("directory:list")


def _partner_url(organization) -> str:
    return reverse("directory:partner", args=[organization.pk])


@pytest.fixture
def library():
    return LibraryFactory()


@pytest.fixture
def desk(client, library):
    user = UserFactory(library=library)
    login_verified(client, user)
    return user


@pytest.fixture
def wijkteam(library):
    organization = OrganizationFactory(
        library=library,
        name="Sociaal Wijkteam",
        description="Eén team voor vragen over geld, zorg en wonen.",
        is_partner=True,
        offers_callback=True,
        agreement__response_working_days=3,
        agreement__contact_name="Sanne Verbeek",
        agreement__contact_phone="0570-000101",
    )
    ServiceFactory(
        organization=organization,
        name="Schuldhulp",
        description="Hulp bij schulden en betalingsachterstanden.",
    )
    return organization


def test_a_desk_worker_sees_the_network_partners_of_her_own_library_only(client, desk, wijkteam):
    OrganizationFactory(library=desk.library, name="Kapsalon Knip")  # on the map, no partner
    OrganizationFactory(
        library=desk.library,
        name="Oud Netwerk",
        is_partner=True,
        archived_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
    )
    OrganizationFactory(name="Wijkteam Elders", is_partner=True)  # another library
    page = client.get(LIST).content.decode()
    assert "Sociaal Wijkteam" in page
    assert "ja, reageert binnen 3 werkdagen" in page
    for hidden in ("Kapsalon Knip", "Oud Netwerk", "Wijkteam Elders"):
        assert hidden not in page


@pytest.mark.parametrize("who", ["anonymous", "partner", "funder"])
def test_only_library_staff_open_the_directory(client, wijkteam, who):
    if who != "anonymous":
        trait = {"partner": {"partner": True}, "funder": {"funder": True}}[who]
        login_verified(client, UserFactory(**trait))
    for url in (LIST, _partner_url(wijkteam)):
        response = client.get(url)
        assert response.status_code == (302 if who == "anonymous" else 403)


def test_a_coordinator_also_opens_the_directory(client, library, wijkteam):
    login_verified(client, UserFactory(coordinator=True, library=library))
    assert client.get(_partner_url(wijkteam)).status_code == 200


def test_another_librarys_partner_and_a_non_partner_do_not_exist_for_the_desk(client, desk):
    elsewhere = OrganizationFactory(is_partner=True)
    no_partner = OrganizationFactory(library=desk.library)
    assert client.get(_partner_url(elsewhere)).status_code == 404
    assert client.get(_partner_url(no_partner)).status_code == 404
    assert client.get(reverse("directory:partner", args=[uuid.uuid4()])).status_code == 404


def test_plain_words_find_a_partner_by_what_it_offers_or_by_its_name(client, desk, wijkteam):
    OrganizationFactory(library=desk.library, name="Taalhuis", is_partner=True)
    search_index_rebuild(library=desk.library)
    by_offer = client.get(LIST, {"q": "schulden"}).content.decode()
    assert "Sociaal Wijkteam" in by_offer and "Taalhuis" not in by_offer
    by_name = client.get(LIST, {"q": "taalhuis"}).content.decode()
    assert "Taalhuis" in by_name and "Sociaal Wijkteam" not in by_name
    nothing = client.get(LIST, {"q": "parkeervergunning"}).content.decode()
    assert "Geen partners gevonden" in nothing


def test_the_topic_filter_keeps_the_partners_with_a_service_on_that_topic(client, desk, wijkteam):
    money = TaxonomyTermFactory(
        library=desk.library,
        name="Geldzaken",
        taxonomy_detail__kind=TaxonomyKind.TOPIC,
        taxonomy_detail__library=desk.library,
    )
    AttributeFactory(
        library=desk.library,
        link_entity="service",
        link_id=wijkteam.services.get().pk,
        taxonomy_term=money,
    )
    OrganizationFactory(library=desk.library, name="Taalhuis", is_partner=True)
    page = client.get(LIST, {"topic": str(money.pk)}).content.decode()
    assert "Sociaal Wijkteam" in page and "Taalhuis" not in page
    assert "Geldzaken" in page  # what the partner helps with


def test_only_partners_that_take_warm_referrals_when_asked(client, desk, wijkteam):
    OrganizationFactory(
        library=desk.library, name="Zonder Afspraak", is_partner=True, agreement=False
    )
    OrganizationFactory(
        library=desk.library,
        name="Geen Doorverwijzing",
        is_partner=True,
        agreement__takes_referrals=False,
    )
    everyone = client.get(LIST).content.decode()
    assert "Zonder Afspraak" in everyone and "geen afspraak" in everyone
    page = client.get(LIST, {"referrals": "on"}).content.decode()
    assert "Sociaal Wijkteam" in page
    assert "Zonder Afspraak" not in page and "Geen Doorverwijzing" not in page


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"topic": str(uuid.uuid4())}, "Selecteer een geldige keuze"),
        ({"topic": "'; drop table"}, "Selecteer een geldige keuze"),
        ({"weeks": "999"}, "Selecteer een geldige keuze"),
        ({"weeks": "abc"}, "Selecteer een geldige keuze"),
        ({"q": "x" * 201}, "niet meer dan 200 tekens"),
    ],
)
def test_bad_filters_get_a_dutch_message_and_keep_what_was_typed(
    client, desk, wijkteam, params, message
):
    search_index_rebuild(library=desk.library)
    response = client.get(LIST, {"q": "schulden", **params})
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    if "q" not in params:
        assert 'value="schulden"' in page
        assert "Sociaal Wijkteam" in page  # the valid words still search


def test_bad_weeks_on_a_partner_page_fall_back_to_eight_weeks(client, desk, wijkteam):
    response = client.get(_partner_url(wijkteam), {"weeks": "-1"})
    assert response.status_code == 200
    assert "Wat er veranderde in de afgelopen 8 weken" in response.content.decode()


def test_the_partner_page_shows_agreement_contacts_and_hours_in_the_library(client, desk, wijkteam):
    service = wijkteam.services.get()
    ContactFactory(
        service=service,
        name="Team Doorverwijzen",
        email="balie@wijkteam.example",
        professionals_only=True,
    )
    room = RoomFactory(branch__library=desk.library, name="Spreekkamer 2")
    ConsultationHourFactory(
        service=service, branch=room.branch, room=room, description="Inloop zonder afspraak"
    )
    page = client.get(_partner_url(wijkteam)).content.decode()
    assert "Eén team voor vragen over geld" in page
    assert "Sanne Verbeek" in page and "0570-000101" in page
    assert "3 werkdagen" in page
    assert "inwoners kunnen op de sociale kaart vragen om teruggebeld te worden" in page
    assert "Team Doorverwijzen" in page and "alleen voor professionals" in page
    assert "dinsdag 10.00–12.00 uur (Inloop zonder afspraak)" in page
    assert "Spreekkamer 2" in page
    now = timezone.localtime()
    tuesday = now.date() + datetime.timedelta(days=(1 - now.weekday()) % 7)
    if tuesday == now.date() and now.time() >= datetime.time(12, 0):
        tuesday += datetime.timedelta(days=7)
    assert formats.date_format(tuesday, "l j F") + ", 10.00–12.00" in page  # next in the library


def test_a_partner_without_agreement_says_so(client, desk):
    organization = OrganizationFactory(library=desk.library, is_partner=True, agreement=False)
    page = client.get(_partner_url(organization)).content.decode()
    assert "niets afgesproken over warm doorverwijzen" in page


def test_the_library_reminder_time_stands_in_for_a_partner_without_a_promise(client, desk):
    organization = OrganizationFactory(library=desk.library, is_partner=True)
    page = client.get(_partner_url(organization)).content.decode()
    assert "2 werkdagen" in page and "de termijn van de bibliotheek" in page


def test_changes_are_read_from_the_audit_log(library, wijkteam):
    coordinator = UserFactory(coordinator=True, library=library)
    old = wijkteam.services.get()
    start = datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC)
    with time_machine.travel(start - datetime.timedelta(days=3)):
        services.service_update(service=old, data={"fees_description": "Gratis"}, user=coordinator)
    with time_machine.travel(start + datetime.timedelta(days=2)):
        services.service_update(
            service=old, data={"wait_time": "Twee weken", "description": "Nieuw."}, user=coordinator
        )
        services.service_confirm(service=old, user=coordinator)
        new = services.service_create(
            organization=wijkteam, data={"name": "Formulierenhulp"}, user=coordinator
        )
        closing = ServiceFactory(organization=wijkteam, name="Zomerspreekuur")
        services.service_update(
            service=closing, data={"status": ServiceStatus.DEFUNCT}, user=coordinator
        )
        elsewhere = ServiceFactory(organization__is_partner=True)
        services.service_update(service=elsewhere, data={"wait_time": "nu"}, user=None)
    changes = service_changes(
        library=library, since=start, until=start + datetime.timedelta(days=30)
    )
    found = {(c.service.name, c.kind): c.what for c in changes}
    assert found == {
        ("Formulierenhulp", ChangeKind.NEW): [],
        ("Schuldhulp", ChangeKind.CHANGED): ["wachttijd", "omschrijving"],
        ("Zomerspreekuur", ChangeKind.ENDED): [],
    }
    assert new.pk in {c.service.pk for c in changes}


def test_archiving_a_partner_ends_its_services_in_the_changes(library, wijkteam):
    coordinator = UserFactory(coordinator=True, library=library)
    services.organization_archive(organization=wijkteam, user=coordinator)
    changes = service_changes(
        library=library,
        since=datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=1),
        until=datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=1),
    )
    assert [(c.service.name, c.kind) for c in changes] == [("Schuldhulp", ChangeKind.ENDED)]


def test_the_overview_counts_recent_changes_and_the_partner_page_lists_them(client, desk, wijkteam):
    coordinator = UserFactory(coordinator=True, library=desk.library)
    services.service_update(
        service=wijkteam.services.get(), data={"wait_time": "Een week"}, user=coordinator
    )
    assert "1 dienst" in client.get(LIST).content.decode()
    page = client.get(_partner_url(wijkteam)).content.decode()
    assert "gewijzigd" in page and "wachttijd" in page


def test_the_overview_runs_the_same_number_of_queries_for_more_partners(
    client, desk, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def partners(count: int) -> None:
        for _index in range(count):
            organization = OrganizationFactory(library=desk.library, is_partner=True)
            ServiceFactory(organization=organization)

    partners(2)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    partners(6)
    with CaptureQueriesContext(connection) as many:
        client.get(LIST)
    assert len(many) == len(few)
    with django_assert_max_num_queries(20):
        client.get(LIST)


def test_the_partner_page_runs_the_same_number_of_queries_for_more_services(client, desk, wijkteam):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def offer(count: int) -> None:
        for _index in range(count):
            service = ServiceFactory(organization=wijkteam)
            ContactFactory(service=service, professionals_only=True)

    offer(1)
    with CaptureQueriesContext(connection) as few:
        client.get(_partner_url(wijkteam))
    offer(5)
    with CaptureQueriesContext(connection) as many:
        client.get(_partner_url(wijkteam))
    assert len(many) == len(few)
