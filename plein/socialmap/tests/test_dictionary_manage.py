"""Coordinators keep their library's own entries of the question dictionary."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from plein.accounts.tests.factories import UserFactory
from plein.core.models import AuditEvent
from plein.core.tests.factories import LibraryFactory
from plein.socialmap import audit_actions
from plein.socialmap.forms import (
    SYNONYM_ALTERNATIVES_REQUIRED,
    SYNONYM_TERM_EMPTY,
    SYNONYM_TERM_REQUIRED,
)
from plein.socialmap.models import Service, Synonym
from plein.socialmap.search import service_search
from plein.socialmap.search.index import search_index_rebuild
from plein.socialmap.tests.factories import OrganizationFactory, ServiceFactory

pytestmark = pytest.mark.django_db

URL = reverse("socialmap:dictionary")


@pytest.fixture
def library():
    library = LibraryFactory(slug="beekveld")
    organization = OrganizationFactory(library=library)
    ServiceFactory(organization=organization, name="Fietsenmaker", description="Fietsen maken.")
    search_index_rebuild(library=library)
    return library


@pytest.fixture
def coordinator(client, library):
    user = UserFactory(library=library, coordinator=True)
    client.force_login(user)
    return user


def _names(library, query):
    services = Service.objects.filter(library=library)
    return [service.name for service in service_search(services, query, library=library)]


def test_a_coordinators_word_is_searched_at_once_and_logged(client, library, coordinator):
    assert _names(library, "tweewieler") == []
    response = client.post(URL, {"add": "1", "term": " Tweewieler ", "alternatives": "fietsen,, "})
    assert response.status_code == 302
    synonym = Synonym.objects.get(library=library)
    assert (synonym.term, synonym.alternatives) == ("Tweewieler", "fietsen")
    assert _names(library, "tweewieler") == ["Fietsenmaker"]
    assert AuditEvent.objects.filter(action=audit_actions.SYNONYM_ADDED).count() == 1
    assert "Tweewieler" in client.get(URL).content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"term": "", "alternatives": "fietsen"}, SYNONYM_TERM_REQUIRED),
        ({"term": "de van", "alternatives": "fietsen"}, SYNONYM_TERM_EMPTY),
        ({"term": "tweewieler", "alternatives": " , ,"}, SYNONYM_ALTERNATIVES_REQUIRED),
        ({"term": "x" * 101, "alternatives": "fietsen"}, "Gebruik hoogstens 100 tekens."),
    ],
)
def test_bad_input_is_explained_and_kept(client, library, coordinator, data, message):
    response = client.post(URL, {"add": "1", **data})
    assert response.status_code == 400
    html = response.content.decode()
    assert escape(str(message)) in html
    assert data["alternatives"].strip(" ,") in html
    assert not Synonym.objects.exists()


def test_a_coordinator_removes_only_their_own_words(client, library, coordinator):
    own = Synonym.objects.create(library=library, term="tweewieler", alternatives="fietsen")
    other = Synonym.objects.create(library=LibraryFactory(), term="rijwiel", alternatives="fiets")
    shared = Synonym.objects.create(library=None, term="velo", alternatives="fiets")
    assert client.post(URL, {"remove": other.pk}).status_code == 404
    assert client.post(URL, {"remove": shared.pk}).status_code == 404
    assert client.post(URL, {"remove": "abc"}).status_code == 404
    assert client.post(URL, {"remove": own.pk}).status_code == 302
    assert set(Synonym.objects.values_list("term", flat=True)) == {"rijwiel", "velo"}
    assert AuditEvent.objects.filter(action=audit_actions.SYNONYM_REMOVED).count() == 1


def test_only_coordinators_keep_the_dictionary(client, library):
    client.force_login(UserFactory(library=library))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"add": "1", "term": "a", "alternatives": "b"}).status_code == 403
    assert not Synonym.objects.exists()
