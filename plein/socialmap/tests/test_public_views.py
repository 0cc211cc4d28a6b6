import datetime

import pytest
from django.urls import reverse

from plein.accounts.tests.factories import UserFactory
from plein.core.tests.factories import LibraryFactory
from plein.socialmap.models import PostcodeArea, ServiceStatus, TaxonomyKind
from plein.socialmap.search.forms import (
    BAD_AGE,
    BAD_POSTCODE,
    UNKNOWN_DAY,
    UNKNOWN_NEIGHBOURHOOD,
    UNKNOWN_TOPIC,
)
from plein.socialmap.search.index import search_index_rebuild
from plein.socialmap.tests.factories import (
    AddressFactory,
    AttributeFactory,
    ContactFactory,
    NeighbourhoodFactory,
    OrganizationFactory,
    PhoneFactory,
    ScheduleFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
    TaxonomyFactory,
    TaxonomyTermFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def library():
    return LibraryFactory(slug="lindendal", name="Bibliotheek Lindendal")


@pytest.fixture
def data(library):
    org = OrganizationFactory(library=library, name="Stichting Geldhulp")
    topics = TaxonomyFactory(library=library, kind=TaxonomyKind.TOPIC, name="Onderwerpen")
    money = TaxonomyTermFactory(taxonomy_detail=topics, name="Geld")
    debts = TaxonomyTermFactory(taxonomy_detail=topics, name="Schulden", parent=money)
    domains = TaxonomyFactory(library=library, kind=TaxonomyKind.LIFE_DOMAIN, name="Leefgebieden")
    finances = TaxonomyTermFactory(taxonomy_detail=domains, name="Financiën")
    oost = NeighbourhoodFactory(library=library, name="Oost")
    PostcodeArea.objects.create(library=library, postcode="7733", neighbourhood=oost)
    debt = ServiceFactory(
        organization=org,
        name="Schuldhulp",
        description="Hulp bij schulden en rekeningen.",
        minimum_age=18,
        assured_date=datetime.date(2026, 3, 12),
    )
    AttributeFactory(service=debt, taxonomy_term=debts)
    AttributeFactory(service=debt, taxonomy_term=finances)
    ScheduleFactory(
        service=debt, byday="TU", opens_at=datetime.time(10), closes_at=datetime.time(12)
    )
    sal = ServiceAtLocationFactory(
        service=debt,
        location__library=library,
        location__name="Wijkhuis Oost",
        location__latitude="52.4521200",
        location__longitude="6.2508700",
        location__neighbourhood=oost,
    )
    AddressFactory(location=sal.location, address_1="Oosterweg 3", postal_code="7733 AB")
    PhoneFactory(service=debt, number="0570-123 456")
    PhoneFactory(service=debt, number="06-99 88 77 66", professionals_only=True)
    ContactFactory(
        service=debt, name="Ria Vos", email="ria@geldhulp.example", professionals_only=True
    )
    youth = ServiceFactory(
        organization=org, name="Jongerenloket", description="Werk en school.", maximum_age=27
    )
    ScheduleFactory(
        service=youth, byday="FR", opens_at=datetime.time(14), closes_at=datetime.time(16)
    )
    closed = ServiceFactory(
        organization=org,
        name="Schuldenwinkel",
        status=ServiceStatus.TEMPORARILY_CLOSED,
        description="Schulden? Loop binnen.",
    )
    gone = ServiceFactory(
        organization=org,
        name="Schuldenlijn",
        status=ServiceStatus.DEFUNCT,
        description="Schulden aan de telefoon.",
    )
    search_index_rebuild(library=library)
    return {
        "org": org,
        "debt": debt,
        "youth": youth,
        "closed": closed,
        "gone": gone,
        "money": money,
        "finances": finances,
        "oost": oost,
    }


def _search(client, library, **params):
    return client.get(reverse("socialmap:search", args=[library.slug]), params)


def _names(response):
    return [s.name for s in response.context["page"].object_list]


def test_search_page_lists_listed_services_without_a_query(client, library, data):
    response = _search(client, library)
    assert response.status_code == 200
    assert _names(response) == ["Jongerenloket", "Schuldenwinkel", "Schuldhulp"]


def test_search_finds_services_and_skips_defunct_ones(client, library, data):
    response = _search(client, library, q="schulden")
    assert set(_names(response)) == {"Schuldhulp", "Schuldenwinkel"}
    assert "Tijdelijk gesloten" in response.content.decode()
    assert "Stichting Geldhulp" in response.content.decode()
    assert "Eerstvolgende keer: dinsdag" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"topic": "money"}, ["Schuldhulp"]),  # a parent topic includes its child terms
        ({"life_domain": "finances"}, ["Schuldhulp"]),
        ({"neighbourhood": "oost"}, ["Schuldhulp"]),
        ({"postcode": "7733 XY"}, ["Schuldhulp"]),
        ({"age": "16"}, ["Jongerenloket", "Schuldenwinkel"]),
        ({"age": "40"}, ["Schuldenwinkel", "Schuldhulp"]),
        ({"day": "FR"}, ["Jongerenloket"]),
        ({"day": "TU", "q": "schulden"}, ["Schuldhulp"]),
    ],
)
def test_filters(client, library, data, params, expected):
    resolved = {
        key: str(data[value].pk) if key in {"topic", "life_domain", "neighbourhood"} else value
        for key, value in params.items()
    }
    assert _names(_search(client, library, **resolved)) == expected


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "x" * 201}, "Uw zoekvraag is te lang. Gebruik hoogstens 200 tekens."),
        ({"postcode": "77AB"}, str(BAD_POSTCODE)),
        ({"postcode": "1011 AB"}, "Postcode 1011 AB ligt niet in ons werkgebied."),
        ({"age": "twaalf"}, str(BAD_AGE)),
        ({"age": "-1"}, str(BAD_AGE)),
        ({"age": "200"}, str(BAD_AGE)),
        ({"topic": "00000000-0000-0000-0000-000000000000"}, str(UNKNOWN_TOPIC)),
        ({"topic": "onzin"}, str(UNKNOWN_TOPIC)),
        ({"neighbourhood": "99999"}, str(UNKNOWN_NEIGHBOURHOOD)),
        ({"day": "XX"}, str(UNKNOWN_DAY)),
    ],
)
def test_bad_input_gives_a_dutch_message_and_keeps_what_was_typed(
    client, library, data, params, message
):
    response = _search(client, library, **{"q": "schulden", **params})
    content = response.content.decode()
    assert response.status_code == 200
    assert message in content
    assert response.context["page"] is None
    # Typed values come back in their fields; a list cannot show a value it does not offer.
    for name in {"q", "postcode", "age"} & params.keys():
        assert f'value="{params[name]}"' in content
    if "q" not in params:
        assert 'value="schulden"' in content


def test_topic_of_another_library_is_refused(client, library, data):
    foreign = TaxonomyTermFactory(
        taxonomy_detail__library=LibraryFactory(), taxonomy_detail__kind=TaxonomyKind.TOPIC
    )
    response = _search(client, library, topic=str(foreign.pk))
    assert str(UNKNOWN_TOPIC) in response.content.decode()


def test_no_results_gives_suggestions(client, library, data):
    response = _search(client, library, q="xylofoon", age="40")
    content = response.content.decode()
    assert "Niets gevonden" in content
    assert "Zoek zonder filters" in content
    assert "Bibliotheek Lindendal" in content


def test_htmx_request_gets_only_the_results(client, library, data):
    response = client.get(
        reverse("socialmap:search", args=[library.slug]), {"q": "schulden"}, HTTP_HX_REQUEST="true"
    )
    content = response.content.decode()
    assert 'id="resultaten"' in content
    assert "<html" not in content
    assert 'id="zoekstatus"' in content and 'hx-swap-oob="true"' in content
    assert "2 resultaten gevonden" in content


def test_pagination_keeps_the_query(client, library, data):
    for number in range(25):
        ServiceFactory(
            organization=data["org"], name=f"Schuldhulp extra {number:02d}", description="Schulden."
        )
    search_index_rebuild(library=library)
    first = _search(client, library, q="schulden")
    assert first.context["page"].paginator.count == 27
    assert "q=schulden&amp;pagina=2" in first.content.decode()
    second = _search(client, library, q="schulden", pagina="2")
    assert len(second.context["page"].object_list) == 7


def test_unknown_library_is_404(client, data):
    assert _search(client, LibraryFactory.build(slug="bestaat-niet")).status_code == 404


def test_search_page_query_count_does_not_grow_with_results(
    client, library, data, django_assert_max_num_queries
):
    with django_assert_max_num_queries(14):
        _search(client, library, q="schulden", age="40")
    for number in range(10):
        service = ServiceFactory(organization=data["org"], name=f"Schulden {number}")
        ScheduleFactory(service=service)
        ServiceAtLocationFactory(service=service)
    search_index_rebuild(library=library)
    with django_assert_max_num_queries(14):
        response = _search(client, library, q="schulden", age="40")
    assert len(response.context["page"].object_list) == 12


def _detail(client, library, service):
    return client.get(reverse("socialmap:service_detail", args=[library.slug, service.pk]))


def test_service_page_shows_what_a_resident_needs(client, library, data):
    content = _detail(client, library, data["debt"]).content.decode()
    assert "dinsdag 10.00–12.00 uur" in content
    assert 'href="tel:0570123456"' in content
    assert "Oosterweg 3" in content
    assert "https://www.openstreetmap.org/directions?to=52.4521200%2C6.2508700" in content
    assert "Gecontroleerd op 12 maart 2026." in content
    assert "vanaf 18 jaar" in content


def test_residents_never_see_professionals_only_contacts(client, library, data):
    content = _detail(client, library, data["debt"]).content.decode()
    assert "06-99 88 77 66" not in content
    assert "Ria Vos" not in content
    assert "alleen voor professionals" not in content


@pytest.mark.parametrize("traits", [{}, {"coordinator": True}, {"administrator": True}])
def test_library_staff_see_professionals_only_contacts_marked(client, library, data, traits):
    user = (
        UserFactory(library=library, **traits)
        if not traits.get("administrator")
        else UserFactory(**traits)
    )
    client.force_login(user)
    content = _detail(client, library, data["debt"]).content.decode()
    assert "06-99 88 77 66" in content
    assert "Ria Vos" in content
    assert "alleen voor professionals" in content


def test_partner_of_the_library_sees_professionals_only_contacts(client, library, data):
    client.force_login(UserFactory(partner=True, organization=OrganizationFactory(library=library)))
    assert "Ria Vos" in _detail(client, library, data["debt"]).content.decode()


@pytest.mark.parametrize("who", ["funder", "other_library_desk"])
def test_others_do_not_see_professionals_only_contacts(client, library, data, who):
    user = UserFactory(funder=True) if who == "funder" else UserFactory(library=LibraryFactory())
    client.force_login(user)
    assert "Ria Vos" not in _detail(client, library, data["debt"]).content.decode()


def test_service_under_another_librarys_slug_is_404(client, library, data):
    other = LibraryFactory(slug="elders")
    assert _detail(client, other, data["debt"]).status_code == 404
    response = client.get(
        reverse("socialmap:organization_detail", args=[other.slug, data["org"].pk])
    )
    assert response.status_code == 404


def test_closed_and_defunct_services_say_so(client, library, data):
    assert "Tijdelijk gesloten." in _detail(client, library, data["closed"]).content.decode()
    assert "niet meer aangeboden" in _detail(client, library, data["gone"]).content.decode()


def test_service_page_query_count(client, library, data, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        response = _detail(client, library, data["debt"])
    assert response.status_code == 200


def test_organization_page_lists_listed_services_and_contacts(
    client, library, data, django_assert_max_num_queries
):
    PhoneFactory(service=None, organization=data["org"], number="0570-555 000")
    with django_assert_max_num_queries(20):
        response = client.get(
            reverse("socialmap:organization_detail", args=[library.slug, data["org"].pk])
        )
    content = response.content.decode()
    assert "Schuldhulp" in content and "Jongerenloket" in content
    assert "Schuldenlijn" not in content
    assert 'href="tel:0570555000"' in content


def test_a_stored_link_with_another_scheme_is_shown_without_a_link(client, library):
    organization = OrganizationFactory(library=library, website="javascript:alert(2)")
    service = ServiceFactory(organization=organization, url="javascript:alert(1)")
    for name, pk in (("service_detail", service.pk), ("organization_detail", organization.pk)):
        url = reverse(f"socialmap:{name}", kwargs={"library_slug": library.slug, "pk": pk})
        html = client.get(url).content.decode()
        assert 'href="javascript' not in html
