"""Search on factory data: stemming, accents, typos, synonyms, ranking, scope and index upkeep."""

import pytest
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from plein.core.tests.factories import LibraryFactory
from plein.socialmap.models import Service, Synonym
from plein.socialmap.search import service_search, service_search_ids, synonyms_install_defaults
from plein.socialmap.search.index import search_index_rebuild
from plein.socialmap.search.synonyms import DEFAULT_SYNONYMS
from plein.socialmap.search.text import edit_distance, fold, stem
from plein.socialmap.tests.factories import (
    AttributeFactory,
    OrganizationFactory,
    ServiceFactory,
    TaxonomyTermFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def library():
    return LibraryFactory(slug="lindendal")


@pytest.fixture
def services(library):
    org = OrganizationFactory(library=library, name="Welzijn Lindendal")
    made = {
        "schulden": ServiceFactory(
            organization=org,
            name="Schuldhulpverlening",
            description="Hulp als u rekeningen niet meer kunt betalen en schulden heeft.",
        ),
        "toeslagen": ServiceFactory(
            organization=org,
            name="Hulp bij toeslagen",
            description="Wij helpen met huurtoeslag en zorgtoeslag aanvragen.",
        ),
        "cafe": ServiceFactory(
            organization=org,
            name="Taalcafé",
            alternate_name="Praten in het Nederlands",
            description="Elke week oefenen met de Nederlandse taal.",
        ),
        "fietsen": ServiceFactory(
            organization=org,
            name="Fietsenmaker",
            description="Wij repareren fietsen voor een kleine prijs.",
        ),
        "fietsles": ServiceFactory(
            organization=org,
            name="Buurthuis De Wilg",
            description="Ook fietsles voor volwassenen die nooit leerden fietsen.",
        ),
        "fietsterm": ServiceFactory(
            organization=org,
            name="Mobiliteitspunt",
            alternate_name="Fietsen en vervoer",
            description="Advies over vervoer.",
        ),
    }
    search_index_rebuild(library=library)
    return made


def _names(library, query):
    return [s.name for s in service_search(Service.objects.all(), query, library=library)]


def test_stemmer_and_folding_follow_dutch_rules():
    assert fold("Oekraïne café") == "oekraine cafe"
    assert [stem(word) for word in ["schulden", "belasting", "mogelijkheden", "brood"]] == [
        "schuld",
        "belast",
        "mogelijk",
        "brod",
    ]
    assert edit_distance("huurtoeslg", "huurtoeslag", 2) == 1
    assert edit_distance("abcdef", "zzzzzz", 2) == 3
    assert edit_distance("schuldhlup", "schuldhulp", 2) == 1  # a swap counts once


def _optimal_string_alignment(a: str, b: str) -> int:
    """The textbook table, as the reference for the library's distance."""
    table = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
    return table[-1][-1]


@st.composite
def _typed(draw) -> tuple[str, str]:
    """A word and the word as typed with up to three slips: a swap, a missing, an extra or a
    wrong letter (random pairs of words are too far apart to tell the distances apart)."""
    word = draw(st.text(alphabet="abcdeo", min_size=1, max_size=9))
    typed = list(word)
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        at = draw(st.integers(min_value=0, max_value=max(0, len(typed) - 1)))
        slip = draw(st.sampled_from(["swap", "missing", "extra", "wrong"]))
        if slip == "swap" and at + 1 < len(typed):
            typed[at], typed[at + 1] = typed[at + 1], typed[at]
        elif slip == "missing" and typed:
            del typed[at]
        elif slip in ("extra", "wrong"):
            letter = draw(st.sampled_from("abcdeo"))
            typed[at : at + (slip == "wrong")] = [letter]
    return word, "".join(typed)


@given(_typed(), st.integers(min_value=0, max_value=3))
def test_the_typo_distance_is_the_optimal_string_alignment_capped_at_the_limit(pair, limit):
    a, b = pair
    assert edit_distance(a, b, limit) == min(_optimal_string_alignment(a, b), limit + 1)


def test_plural_finds_singular_through_stemming(library, services):
    assert "Schuldhulpverlening" in _names(library, "schuld")
    assert "Hulp bij toeslagen" in _names(library, "toeslag")


def test_accents_are_folded_both_ways(library, services):
    assert _names(library, "taalcafe") == ["Taalcafé"]
    assert _names(library, "TAALCAFÉ") == ["Taalcafé"]


def test_typo_is_corrected_to_a_known_word(library, services):
    assert _names(library, "huurtoeslg") == ["Hulp bij toeslagen"]
    assert _names(library, "shculden") == ["Schuldhulpverlening"]


def test_unknown_word_without_a_near_word_finds_nothing(library, services):
    assert _names(library, "xylofoon") == []


def test_name_beats_alternate_name_beats_description(library, services):
    assert _names(library, "fietsen") == ["Fietsenmaker", "Mobiliteitspunt", "Buurthuis De Wilg"]


def test_default_synonyms_are_installed_once(library, services):
    assert synonyms_install_defaults() == len(DEFAULT_SYNONYMS)
    assert synonyms_install_defaults() == 0
    assert _names(library, "geldzorgen") == ["Schuldhulpverlening"]


def test_edited_synonym_changes_results_at_once(library, services):
    assert _names(library, "tweewieler") == []
    synonym = Synonym.objects.create(library=library, term="tweewieler", alternatives="fiets")
    assert "Fietsenmaker" in _names(library, "tweewieler")
    synonym.alternatives = "schulden"
    synonym.save()
    assert _names(library, "tweewieler") == ["Schuldhulpverlening"]


def test_another_librarys_synonyms_do_not_apply(library, services):
    Synonym.objects.create(library=LibraryFactory(), term="tweewieler", alternatives="fiets")
    assert _names(library, "tweewieler") == []


def test_all_words_must_match_unless_nothing_does(library, services):
    assert _names(library, "fietsles volwassenen") == ["Buurthuis De Wilg"]
    # No service has both words: the best partial matches come back instead of nothing.
    assert "Schuldhulpverlening" in _names(library, "schulden fietsenmaker")


def test_empty_and_stop_word_queries_leave_the_queryset_alone(library, services):
    everything = Service.objects.all()
    assert service_search(everything, "", library=library) is everything
    assert service_search(everything, "van de het", library=library) is everything


def test_overlong_and_odd_input_does_not_crash(library, services):
    assert _names(library, "schulden " * 500) == ["Schuldhulpverlening"]
    assert _names(library, '"; DROP TABLE x; -- (fiets* OR NEAR") AND') is not None
    assert len(_names(library, "~!@#$%^&*()")) == len(services)


def test_only_the_given_querysets_services_come_back(library, services):
    other = LibraryFactory()
    ServiceFactory(organization=OrganizationFactory(library=other), name="Schuldhulp elders")
    search_index_rebuild(library=other)
    results = service_search(Service.objects.filter(library=library), "schuldhulp", library=library)
    assert [s.name for s in results] == ["Schuldhulpverlening"]


def test_results_can_be_filtered_and_counted(library, services):
    results = service_search(Service.objects.all(), "fietsen", library=library)
    assert results.count() == 3
    assert [s.name for s in results[1:3]] == ["Mobiliteitspunt", "Buurthuis De Wilg"]
    filtered = service_search(
        Service.objects.filter(name__startswith="Fiets"), "fietsen", library=library
    )
    assert filtered.count() == 1
    assert [s.name for s in filtered] == ["Fietsenmaker"]


def test_the_ids_selector_gives_the_same_ranking_in_slices(library, services):
    names = {service.pk: service.name for service in services.values()}
    ranked = service_search_ids(library=library, query="fietsen")
    assert [names[pk] for pk in ranked] == _names(library, "fietsen")
    assert service_search_ids(library=library, query="fietsen", offset=1, limit=1) == ranked[1:2]
    assert service_search_ids(library=library, query="van de") is None


def test_taxonomy_terms_are_searchable(library, services):
    term = TaxonomyTermFactory(taxonomy_detail__library=library, name="Mantelzorg")
    AttributeFactory(taxonomy_term=term, service=services["cafe"])
    assert _names(library, "mantelzorg") == []
    search_index_rebuild(library=library, service_ids=[services["cafe"].pk])
    assert _names(library, "mantelzorg") == ["Taalcafé"]


def test_partial_rebuild_updates_only_the_given_services(library, services):
    service = services["fietsen"]
    service.name = "Rijwielhersteller"
    service.save()
    assert search_index_rebuild(library=library, service_ids=[service.pk]) == 1
    assert _names(library, "rijwielhersteller") == ["Rijwielhersteller"]
    assert _names(library, "fietsenmaker") == []


def test_deleted_services_drop_out(library, services):
    services["fietsen"].delete()
    assert "Fietsenmaker" not in _names(library, "fietsen")
    assert search_index_rebuild(library=library) == 5


def test_bulk_rebuild_gives_the_same_results(library, services, monkeypatch):

    from plein.socialmap.search import index

    before = _names(library, "fietsen")
    monkeypatch.setattr(index, "BULK_THRESHOLD", 1)
    assert search_index_rebuild(library=library) == len(services)
    assert _names(library, "fietsen") == before
    assert _names(library, "huurtoeslg") == ["Hulp bij toeslagen"]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [index.GIN_INDEX])
            assert cursor.fetchone() == (1,)


def test_rows_left_under_another_library_id_do_not_double_or_break_a_rebuild(library, services):

    with connection.cursor() as cursor:
        cursor.execute("UPDATE socialmap_search_document SET library_id = %s", [library.pk + 999])
    assert search_index_rebuild(library=library) == len(services)
    service = services["schulden"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM socialmap_search_document WHERE service_id = %s",
            [service.pk if connection.vendor == "postgresql" else service.pk.hex],
        )
        assert cursor.fetchone() == (1,)
    assert _names(library, "schuldhulpverlening") == ["Schuldhulpverlening"]


def test_search_reads_as_a_sequence_the_way_the_paginator_expects(library, services):
    from plein.socialmap.search.selectors import ServiceSearch

    search = ServiceSearch("fietsen", library=library, services=Service.objects.all())
    best_first = search[0:10]
    assert len(search) == len(best_first) == 3
    assert [search[i] for i in range(len(search))] == best_first
    assert list(search) == best_first
    with pytest.raises(IndexError):
        search[len(search)]
    with pytest.raises(TypeError):
        search[0:3:2]


def test_a_capped_count_stops_at_its_cap_and_keeps_the_callers_filter(library, services):
    search = service_search(Service.objects.all(), "fietsen", library=library)
    assert search.count(at_most=2) == 2
    assert search.count(at_most=10) == search.count() == 3
    filtered = service_search(
        Service.objects.filter(name__startswith="Fiets"), "fietsen", library=library
    )
    assert filtered.count(at_most=10) == 1
    hidden = Service.objects.exclude(pk=services["fietsen"].pk)
    assert service_search(hidden, "fietsenmaker", library=library).count(at_most=10) == 0


def test_deciding_to_relax_takes_two_statements_whatever_the_number_of_words(
    library, services, django_assert_max_num_queries
):
    # No service has all three; each word has one. Asked one by one before: 1 + 3 statements.
    search = service_search(Service.objects.all(), "volwassenen prijs oefenen", library=library)
    with django_assert_max_num_queries(2):
        assert search.relaxed
    names = {service.name for service in search}
    assert names == {"Buurthuis De Wilg", "Fietsenmaker", "Taalcafé"}
    # A word that matches nothing keeps the whole question unanswered.
    assert _names(library, "volwassenen prijs xylofoonles") == []
    # A word that only a service outside the caller's selection has does not count.
    outside = Service.objects.exclude(pk=services["cafe"].pk)
    assert list(service_search(outside, "volwassenen prijs oefenen", library=library)) == []


def test_counting_a_search_first_also_decides_whether_to_relax(
    library, services, django_assert_num_queries
):
    strict = service_search(Service.objects.all(), "fietsles volwassenen", library=library)
    with django_assert_num_queries(2):
        # Two counts, and no statement of their own to decide not to relax.
        assert strict.count() == 1
        assert strict.count(at_most=5) == 1
        assert not strict.relaxed
    relaxed = service_search(Service.objects.all(), "volwassenen prijs oefenen", library=library)
    with django_assert_num_queries(4):
        # Every word (none), each word (yes), then the relaxed count; and capped, once more.
        assert relaxed.count() == 3
        assert relaxed.count(at_most=2) == 2
        assert relaxed.relaxed


@pytest.fixture
def many_bikes(library, services):
    """Services that match "fietsen" in the name, the alternate name or only the description,
    so that a search is ranked level by level; some are closed (left out by the filter below)."""
    org = services["fietsen"].organization
    for n in range(7):
        ServiceFactory(
            organization=org, name=f"Fietsen {n}", status="inactive" if n % 3 else "active"
        )
    for n in range(4):
        ServiceFactory(organization=org, name=f"Vervoer {n}", alternate_name="Fietsen lenen")
    for n in range(5):
        ServiceFactory(organization=org, name=f"Buurthuis {n}", description="Fietsen en koffie.")
    search_index_rebuild(library=library)


@pytest.mark.parametrize("query", ["fietsen", "fietsen koffie", "fietsen prijs oefenen", "lenen"])
@pytest.mark.parametrize("status", [None, "active"])
def test_the_best_matches_and_their_capped_count_agree_with_ranking_and_counting_apart(
    library, many_bikes, query, status
):
    from plein.socialmap.search.selectors import ServiceSearch

    allowed = Service.objects.all() if status is None else Service.objects.filter(status=status)

    def search():
        return ServiceSearch(query, library=library, services=allowed)

    every, total = search().ids(), search().count()
    assert every, "the query should match something"
    for at_most in (1, 3, 8, 40):
        for offset in (0, 2, 7, 39):
            for limit in (1, 3, 10):
                ids, counted = search().best(offset=offset, limit=limit, at_most=at_most)
                end = min(offset + limit, at_most)
                assert (ids, counted) == (every[offset:end], min(total, at_most)), (
                    at_most,
                    offset,
                    limit,
                )


def test_the_statement_that_ranks_the_best_matches_counts_them_too(library, many_bikes):
    from django.test.utils import CaptureQueriesContext

    from plein.socialmap.search.selectors import ServiceSearch

    search = ServiceSearch("fietsen", library=library, services=Service.objects.all())
    with CaptureQueriesContext(connection) as statements:
        ids, total = search.best(offset=0, limit=2, at_most=3)
    assert (len(ids), total) == (2, 3)
    # The name level alone holds three allowed services: no count of its own, no other level.
    assert len(statements) == 1
    everything = ServiceSearch("fietsen", library=library, services=Service.objects.all())
    with CaptureQueriesContext(connection) as statements:
        assert everything.best(offset=0, limit=2, at_most=100)[1] == everything.count()
    counts = [s for s in statements if s["sql"].startswith("SELECT count(*) FROM (SELECT 1")]
    # Only an earlier level that held the page but not the cap needs a count apart.
    assert len(counts) <= 1
    assert len(statements) <= len(everything._match.levels()) + 1


def test_ranking_a_search_first_also_decides_whether_to_relax(library, services):
    from django.test.utils import CaptureQueriesContext

    from plein.socialmap.search.selectors import ServiceSearch

    strict = ServiceSearch("fietsles volwassenen", library=library, services=Service.objects.all())
    with CaptureQueriesContext(connection) as statements:
        assert strict.ids(limit=5) == [services["fietsles"].pk]
        assert not strict.relaxed
    assert not [s for s in statements if s["sql"].startswith("SELECT EXISTS")]
    relaxed = ServiceSearch(
        "volwassenen prijs oefenen", library=library, services=Service.objects.all()
    )
    with CaptureQueriesContext(connection) as statements:
        assert set(relaxed.ids(limit=5)) == {
            services[key].pk for key in ("fietsles", "fietsen", "cafe")
        }
        assert relaxed.relaxed
    # Every word found nothing when ranked, so one statement asks whether each word does.
    assert len([s for s in statements if s["sql"].startswith("SELECT EXISTS")]) == 1


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_a_name_match_stays_first_when_the_title_level_is_ranked(library, services):
    from plein.socialmap.search.selectors import ServiceSearch

    org = services["fietsen"].organization
    plain = ServiceFactory(
        organization=org,
        name="Kringloop met tandems",
        description=" ".join(["Tweedehands meubels, kleding en boeken."] * 40),
    )
    rich = ServiceFactory(
        organization=org,
        name="Vervoerspunt",
        alternate_name="Tandems tandems tandems lenen",
        description="Tandems lenen, tandems huren, tandems repareren.",
    )
    search_index_rebuild(library=library)
    # Two wanted, one in the name level: the title level is ranked too, where the name match
    # ranks lower by words alone but keeps its higher tier.
    ids, total = ServiceSearch("tandems", library=library, services=Service.objects.all()).best(
        offset=0, limit=2, at_most=10
    )
    assert (ids, total) == ([plain.pk, rich.pk], 2)
