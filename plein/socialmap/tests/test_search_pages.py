"""Pages of broad searches: read from the best matches alone, yet equal to the whole ranking."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plein.core.tests.factories import LibraryFactory
from plein.socialmap.models import Organization, Service, ServiceStatus
from plein.socialmap.search import index as search_index
from plein.socialmap.search import (
    service_search,
    service_search_ids,
    synonyms_install_defaults,
)
from plein.socialmap.search.index import search_index_rebuild
from plein.socialmap.tests.factories import (
    AttributeFactory,
    OrganizationFactory,
    ServiceFactory,
    TaxonomyTermFactory,
)

pytestmark = pytest.mark.django_db

PER_TIER = 25


@pytest.fixture
def library():
    return LibraryFactory(slug="lindendal")


@pytest.fixture
def garden(library):
    """25 services with "tuin" in the name, 25 in the alternate name, 25 in the description.

    Descriptions of different lengths give different ranks; every third one is inactive.
    """
    org = OrganizationFactory(library=library, name="Stichting Buurtwerk")
    for i in range(PER_TIER):
        status = ServiceStatus.INACTIVE if i % 3 == 0 else ServiceStatus.ACTIVE
        filler = "Wij werken samen met buren. " * (i % 4)
        ServiceFactory(
            organization=org,
            name=f"Tuinproject {i:02d}",
            description=f"{filler}Samen buiten bezig zijn.",
            status=status,
        )
        ServiceFactory(
            organization=org,
            name=f"Buurtproject {i:02d}",
            alternate_name="Tuin en groen",
            description=f"{filler}Samen groente kweken.",
            status=status,
        )
        ServiceFactory(
            organization=org,
            name=f"Ontmoeting {i:02d}",
            description=f"{filler}Koffie in de tuin, samen met de buren.",
            status=status,
        )
    ServiceFactory(organization=org, name="Fietsenmaker", description="Wij repareren fietsen.")
    search_index_rebuild(library=library)


def _ids(results) -> list:
    return [service.pk for service in results]


def _search(library, query: str, services=None):
    services = Service.objects.filter(library=library) if services is None else services
    return service_search(services, query, library=library)


@pytest.mark.parametrize(
    "query", ["tuin", "samen tuin", "tuin fietsenmaker", "buren", "groen samen"]
)
@pytest.mark.parametrize(
    ("start", "stop"), [(0, 1), (0, 20), (20, 40), (15, 30), (45, 60), (60, 80), (0, 300)]
)
def test_every_slice_equals_that_slice_of_the_whole_ranking(library, garden, query, start, stop):
    whole = _ids(_search(library, query))
    assert whole, query
    assert _ids(_search(library, query)[start:stop]) == whole[start:stop]
    services = Service.objects.filter(library=library)
    sliced = service_search_ids(
        library=library, query=query, services=services, offset=start, limit=stop - start
    )
    assert sliced == whole[start:stop]


@pytest.mark.parametrize("query", ["tuin", "samen tuin", "buren"])
def test_slices_stay_equal_when_filters_drop_most_of_the_best_matches(library, garden, query):
    everything = _ids(_search(library, query))
    listed = Service.objects.filter(library=library)
    active = _search(library, query, listed.filter(status=ServiceStatus.ACTIVE))
    whole = _ids(active)
    assert len(whole) < len(everything)
    assert whole == [pk for pk in everything if pk in set(whole)]
    for start, stop in [(0, 10), (0, 20), (10, 30), (30, 50)]:
        assert _ids(active[start:stop]) == whole[start:stop]
    inactive = _search(library, query, listed.filter(status=ServiceStatus.INACTIVE))
    assert _ids(inactive[:20]) == _ids(inactive)[:20]


def test_name_matches_come_first_then_alternate_names_then_the_rest(library, garden):
    names = [service.name for service in _search(library, "tuin")]
    assert len(names) == 3 * PER_TIER
    assert all(name.startswith("Tuinproject") for name in names[:PER_TIER])
    assert all(name.startswith("Buurtproject") for name in names[PER_TIER : 2 * PER_TIER])
    assert all(name.startswith("Ontmoeting") for name in names[2 * PER_TIER :])


def test_count_and_the_last_pages_see_every_match(library, garden):
    results = _search(library, "tuin")
    assert results.count() == 3 * PER_TIER
    active = Service.objects.filter(library=library, status=ServiceStatus.ACTIVE)
    assert _search(library, "tuin", active).count() == 3 * (PER_TIER - 9)
    names = [service.name for service in results[:5]]
    assert names == [service.name for service in results][:5]
    assert len(_search(library, "tuin")[70:80]) == 5
    assert _search(library, "tuin")[80:90] == []


def test_a_page_loads_what_the_queryset_selects(library, garden, django_assert_num_queries):
    services = Service.objects.filter(library=library).select_related("organization")
    page = _search(library, "tuin", services)[:3]
    with django_assert_num_queries(0):
        assert [service.organization.name for service in page] == ["Stichting Buurtwerk"] * 3


def _ranking_sql(queries) -> list[str]:
    return [query["sql"] for query in queries.captured_queries if "ts_rank" in query["sql"]]


def _ranked_alone(sql: str) -> bool:
    """Whether the statement ranks in the index table alone: the services are read only for
    the candidates, after the cut."""
    ranking, cut, rest = sql.partition("candidates AS")
    return bool(cut) and "socialmap_service" not in ranking


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_a_broad_first_page_ranks_only_the_name_tier(library, garden):
    with CaptureQueriesContext(connection) as queries:
        page = _search(library, "tuin")[:20]
    assert len(page) == 20
    [narrow] = _ranking_sql(queries)
    assert "WHERE socialmap_search_document.name @@" in narrow
    assert _ranked_alone(narrow)


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_a_page_beyond_the_best_tiers_is_ranked_from_all_matches(library, garden):
    with CaptureQueriesContext(connection) as queries:
        page = _ids(_search(library, "buren")[:10])
    assert page == _ids(_search(library, "buren"))[:10]
    narrow = _ranking_sql(queries)
    assert "WHERE socialmap_search_document.document @@" in narrow[-1]
    assert all(_ranked_alone(sql) for sql in narrow)


def test_a_library_search_finds_only_that_librarys_services(library, garden):
    other = LibraryFactory()
    ServiceFactory(organization=OrganizationFactory(library=other), name="Tuinproject elders")
    search_index_rebuild(library=other)
    everywhere = Service.objects.all()
    assert "Tuinproject elders" not in [
        s.name for s in service_search(everywhere, "tuin", library=library)
    ]
    assert [s.name for s in service_search(everywhere, "tuinproject", library=other)] == [
        "Tuinproject elders"
    ]


def test_term_descriptions_are_not_searched_but_term_names_are(library, garden):
    term = TaxonomyTermFactory(
        taxonomy_detail__library=library, name="Vervoer", description="Rolstoelbus en taxi."
    )
    fietsen = Service.objects.get(name="Fietsenmaker")
    AttributeFactory(taxonomy_term=term, service=fietsen)
    search_index_rebuild(library=library)
    assert _ids(_search(library, "rolstoelbus")) == []
    assert _ids(_search(library, "vervoer")) == [fietsen.pk]


def test_the_mantelzorg_synonym_does_not_find_all_care(library):
    synonyms_install_defaults()
    org = OrganizationFactory(library=library)
    ServiceFactory(organization=org, name="Zorgtoeslag aanvragen", description="Geld voor zorg.")
    ServiceFactory(organization=org, name="Steunpunt", description="Voor mantelzorgers.")
    search_index_rebuild(library=library)
    assert [s.name for s in _search(library, "mantelzorg")] == ["Steunpunt"]


def test_a_bulk_rebuild_keeps_the_other_librarys_index(library, garden, monkeypatch):
    other = LibraryFactory()
    ServiceFactory(organization=OrganizationFactory(library=other), name="Tuinproject elders")
    search_index_rebuild(library=other)
    monkeypatch.setattr(search_index, "BULK_THRESHOLD", 1)
    assert search_index_rebuild(library=library) == 3 * PER_TIER + 1
    assert [s.name for s in _search(other, "tuin")] == ["Tuinproject elders"]
    assert len(_ids(_search(library, "tuin"))) == 3 * PER_TIER
    # The only library left: its rebuild empties the table instead of deleting row by row.
    Service.objects.filter(library=other).delete()
    search_index_rebuild(library=other)
    assert search_index_rebuild(library=library) == 3 * PER_TIER + 1
    assert len(_ids(_search(library, "tuin"))) == 3 * PER_TIER


def test_a_search_can_be_used_inside_a_subquery(library, garden):
    other = OrganizationFactory(library=library, name="Fietsclub")
    ServiceFactory(organization=other, name="Fietsles")
    search_index_rebuild(library=library)
    cycling = _search(library, "fiets").matches()
    organizations = Organization.objects.filter(pk__in=cycling.values("organization_id"))
    assert sorted(organizations.values_list("name", flat=True)) == [
        "Fietsclub",
        "Stichting Buurtwerk",
    ]
    rest = Service.objects.filter(library=library).exclude(pk__in=cycling.values("pk"))
    assert rest.count() == 3 * PER_TIER
