"""The public search page shows what the search understood: "bedoelde u", a note in the
resident's language, why a result matched (staff), the desk when nothing fits, suggestions while
typing, the place read from the question, and the question kept on the way back."""

import pytest
from django.urls import reverse

from plein.accounts.tests.factories import UserFactory
from plein.core.tests.factories import BranchFactory, LibraryFactory
from plein.socialmap.models import PostcodeArea
from plein.socialmap.search.index import search_index_rebuild
from plein.socialmap.tests.factories import (
    AddressFactory,
    LocationFactory,
    NeighbourhoodFactory,
    OrganizationFactory,
    PhoneFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def library():
    return LibraryFactory(slug="beekveld", name="Bibliotheek Beekveld")


@pytest.fixture
def data(library):
    own = OrganizationFactory(
        library=library, name="Bibliotheek Beekveld", is_partner=True, offers_callback=True
    )
    building = LocationFactory(organization=own, name="Bibliotheek Centrum")
    BranchFactory(library=library, name="Centrum", location=building)
    PhoneFactory(service=None, organization=own, number="099 123 45 67")
    desk = ServiceFactory(organization=own, name="Informatiepunt", description="Vragen stellen.")
    welfare = OrganizationFactory(library=library, name="Welzijn")
    debt = ServiceFactory(
        organization=welfare, name="Schuldhulpverlening", description="Hulp bij schulden."
    )
    east = NeighbourhoodFactory(library=library, name="Hoogdonk")
    PostcodeArea.objects.create(library=library, postcode="6961", neighbourhood=east)
    far = LocationFactory(organization=welfare, name="Dorpshuis")
    AddressFactory(location=far, postal_code="6961 AB")
    dutch = ServiceFactory(organization=welfare, name="Taalcafé", description="Nederlands oefenen.")
    ServiceAtLocationFactory(service=dutch, location=far)
    ServiceFactory(organization=welfare, name="Taalles", description="Nederlands leren.")
    from plein.socialmap.neighbourhoods import neighbourhoods_link

    neighbourhoods_link(library=library)
    search_index_rebuild(library=library)
    return {"desk": desk, "debt": debt}


def _get(client, library, **params):
    return client.get(reverse("socialmap:search", args=[library.slug]), params)


def test_nothing_found_offers_the_librarys_own_desk_phone_and_call_back(client, library, data):
    html = _get(client, library, q="parkeervergunning aanvragen").content.decode()
    assert "Niets gevonden" in html
    assert "Schuldhulpverlening" not in html
    assert 'href="tel:0991234567"' in html
    assert reverse("referrals:callback", args=[library.slug, data["desk"].pk]) in html
    assert "bibliotheek Centrum" in html


def test_a_typo_gets_a_did_you_mean_link(client, library, data):
    html = _get(client, library, q="schuldhlup").content.decode()
    assert "Bedoelde u:" in html
    assert "?q=schuldhulp" in html


def test_a_question_in_english_says_in_english_that_the_information_is_dutch(client, library, data):
    html = _get(client, library, q="I have debts").content.decode()
    assert 'lang="en"' in html
    assert "The information about these services is in Dutch" in html
    assert "Schuldhulpverlening" in html
    arabic = _get(client, library, q="لدي ديون").content.decode()
    assert 'lang="ar" dir="rtl"' in arabic
    assert "is in Dutch" not in _get(client, library, q="schulden").content.decode()


def test_desk_workers_see_why_a_result_matched_residents_do_not(client, library, data):
    assert "Gevonden via:" not in _get(client, library, q="deurwaarder").content.decode()
    client.force_login(UserFactory(library=library))
    html = _get(client, library, q="deurwaarder").content.decode()
    assert "Gevonden via: Schulden" in html


def test_a_place_in_the_question_becomes_the_neighbourhood_filter(client, library, data):
    html = _get(client, library, q="nederlands in hoogdonk").content.decode()
    assert "Gezocht in Hoogdonk." in html
    assert "Taalcafé" in html
    assert "Taalles" not in html


def test_the_question_is_kept_on_the_way_back_from_a_service(client, library, data):
    html = _get(client, library, q="schulden").content.decode()
    detail = reverse("socialmap:service_detail", args=[library.slug, data["debt"].pk])
    assert f'{detail}?terug=q%3Dschulden"' in html
    page = client.get(detail, {"terug": "q=schulden"}).content.decode()
    assert "?q=schulden" in page
    assert "Terug naar de resultaten" in page


def test_a_broken_way_back_is_cleaned_not_echoed(client, library, data):
    detail = reverse("socialmap:service_detail", args=[library.slug, data["debt"].pk])
    page = client.get(detail, {"terug": '"><script>alert(1)</script>'}).content.decode()
    assert "<script>alert(1)" not in page
    assert client.get(detail, {"terug": "%ZZ&&=="}).status_code == 200


def test_suggestions_complete_what_is_typed(client, library, data):
    url = reverse("socialmap:search_suggest", args=[library.slug])
    html = client.get(url, {"q": "schuldh"}).content.decode()
    assert '<datalist id="zoeksuggesties">' in html
    assert '<option value="schuldhulpverlening">' in html
    rent = client.get(url, {"q": "huur ni"}).content.decode()
    assert '<option value="huur niet betalen">' in rent


@pytest.mark.parametrize("typed", ["", "a", "x" * 5000, "'; DROP TABLE x; --", "%_%"])
def test_suggestions_for_odd_input_are_an_empty_list(client, library, data, typed):
    response = client.get(reverse("socialmap:search_suggest", args=[library.slug]), {"q": typed})
    assert response.status_code == 200
    assert "<option" not in response.content.decode()


def test_the_filters_wait_behind_one_button_until_used(client, library, data):
    html = _get(client, library, q="schulden").content.decode()
    assert '<details class="plein-search-form__more">' in html
    filtered = _get(client, library, q="schulden", age="40").content.decode()
    assert '<details class="plein-search-form__more" open>' in filtered
    bad = _get(client, library, q="schulden", age="veertig").content.decode()
    assert '<details class="plein-search-form__more" open>' in bad
