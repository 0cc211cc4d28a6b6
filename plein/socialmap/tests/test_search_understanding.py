"""Query understanding: the question dictionary, other languages, question words, typos aimed
at the dictionary, and an honest empty result when the map has no answer."""

import json

import pytest

from plein.core.tests.factories import LibraryFactory
from plein.socialmap.models import Service, Synonym
from plein.socialmap.search import ServiceSearch, dictionary
from plein.socialmap.search.index import search_index_rebuild
from plein.socialmap.tests.factories import (
    AttributeFactory,
    OrganizationFactory,
    ServiceFactory,
    TaxonomyTermFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def library():
    return LibraryFactory(slug="beekveld")


@pytest.fixture
def services(library):
    org = OrganizationFactory(library=library, name="Stichting Welzijn")

    def service(name, description, alternate_name=""):
        return ServiceFactory(
            organization=org, name=name, description=description, alternate_name=alternate_name
        )

    made = {
        "debt": service("Schuldhulpverlening", "Hulp als u schulden heeft. U kunt het aanvragen."),
        # Says nothing of debts in its own words; tagged with the topic "Schulden" below.
        "coach": service("Geldcoach", "Een vrijwilliger kijkt samen met u naar uw papieren."),
        "rent": service("Hulp bij huurachterstand", "Voor huurders met een achterstand."),
        "tax": service("Belastingspreekuur", "Hulp bij de aangifte inkomstenbelasting."),
        "dementia": service("Alzheimer Café", "Ontmoeting voor mensen met dementie."),
        "neighbours": service("Buurtbemiddeling", "Bemiddelaars helpen bij ruzie in de buurt."),
        "dutch": service("Taalcafé", "Nederlands oefenen met anderen."),
        "bikes": service("Fietsenmaker", "Wij repareren fietsen in de buurt."),
    }
    term = TaxonomyTermFactory(taxonomy_detail__library=library, name="Schulden")
    AttributeFactory(taxonomy_term=term, service=made["coach"])
    search_index_rebuild(library=library)
    return made


def _search(library, query):
    return ServiceSearch(query, library=library, services=Service.objects.all())


def _names(library, query):
    return [service.name for service in _search(library, query)]


def test_a_sentence_is_answered_by_the_words_that_carry_the_need(library, services):
    names = _names(library, "ik kan mijn rekeningen niet meer betalen, wat moet ik doen?")
    assert names[0] == "Schuldhulpverlening"
    assert "Fietsenmaker" not in names
    assert _names(library, "mijn moeder wordt vergeetachtig") == ["Alzheimer Café"]
    assert _names(library, "mijn buren maken elke avond herrie")[0] == "Buurtbemiddeling"


def test_a_service_tagged_with_the_concept_is_found_in_other_words(library, services):
    # "deurwaarder" is in neither text; the dictionary knows it as debts.
    assert set(_names(library, "de deurwaarder staat voor de deur")) >= {
        "Schuldhulpverlening",
        "Geldcoach",
    }


def test_a_rent_sentence_finds_rent_arrears_first(library, services):
    assert _names(library, "ik kan mijn huur niet betalen")[0] == "Hulp bij huurachterstand"


def test_question_words_need_not_match_but_alone_still_search(library, services):
    assert _names(library, "waar vind ik hulp bij fietsen") == ["Fietsenmaker"]
    assert "Schuldhulpverlening" in _names(library, "aanvragen")


@pytest.mark.parametrize(
    ("query", "language", "expected"),
    [
        ("help with taxes", "en", "Belastingspreekuur"),
        ("I can't pay my rent", "en", "Hulp bij huurachterstand"),
        ("لدي ديون", "ar", "Schuldhulpverlening"),
        ("borçlarım var", "tr", "Schuldhulpverlening"),
        ("у мене борги", "uk", "Schuldhulpverlening"),
        ("mam dużo długów", "pl", "Schuldhulpverlening"),
        ("hollandaca öğrenmek istiyorum", "tr", "Taalcafé"),
    ],
)
def test_other_languages_reach_the_same_services(library, services, query, language, expected):
    search = _search(library, query)
    assert expected in [service.name for service in search[:3]]
    assert search.languages == {language}


def test_a_dutch_question_is_not_taken_for_another_language(library, services):
    # "is" is also Turkish "iş" (work) once folded; a Dutch sentence must not say so.
    assert _search(library, "mijn energierekening is te hoog").languages == frozenset()


def test_a_typo_is_corrected_to_a_dictionary_word_and_suggested(library, services):
    search = _search(library, "schuldhlup")
    assert [service.name for service in search][:1] == ["Schuldhulpverlening"]
    assert search.suggestion == "schuldhulp"
    assert _search(library, "schuldhulp").suggestion == ""


def test_a_need_the_map_does_not_know_finds_nothing(library, services):
    # "aanvragen" and "buurt" occur in the map, but only as the manner or the place.
    assert _names(library, "parkeervergunning aanvragen") == []
    assert _names(library, "kapper fietsen") == []
    assert _names(library, "xylofoonles in de buurt") == []


def test_a_coordinators_own_entry_works_beside_the_dictionary(library, services):
    assert _names(library, "tweewieler") == []
    Synonym.objects.create(library=library, term="tweewieler", alternatives="fietsen")
    assert _names(library, "tweewieler") == ["Fietsenmaker"]
    # Another library's entry does not apply.
    Synonym.objects.create(library=LibraryFactory(), term="hobbelpaard", alternatives="fietsen")
    assert _names(library, "hobbelpaard") == []


def test_the_search_names_the_concepts_it_understood(library, services):
    search = _search(library, "ik heb schulden en een brief van de belasting")
    assert [concept.label for concept in search.concepts] == [
        "Schulden",
        "Belastingaangifte",
        "Brieven begrijpen",
    ]


def test_phrases_match_in_any_order_with_words_between():
    understood = dictionary.understand("herrie, elke nacht, van de buren")
    assert [concept.key for concept in understood.concepts] == ["buren"]
    assert understood.leftover == ("elke", "nacht")


def test_dutch_phrases_match_by_stem_and_others_by_their_start():
    assert dictionary.understand("rekeningen niet betalen").concepts[0].key == "schulden"
    assert dictionary.understand("długów").concepts[0].key == "schulden"


def test_the_shipped_dictionary_covers_every_language_well():
    data = json.loads(dictionary.DATA_FILE.read_text(encoding="utf-8"))
    assert len(data["concepts"]) >= 60
    for language in dictionary.LANGUAGES:
        phrases = [p for p in dictionary.phrases() if p.language == language]
        assert len(phrases) >= 300, language
        covered = {phrase.concept.key for phrase in phrases}
        assert len(covered) >= 60, language
    for concept in data["concepts"]:
        assert concept["words"].strip(), concept["key"]
    for language in ("en", "ar", "tr", "uk", "pl"):
        assert dictionary.dutch_notice(language)


def test_a_question_word_does_not_name_a_need_by_sharing_its_stem():
    # "weet" (know) and "wet" (the law) share the stem "wet"; only the law is a legal need.
    assert dictionary.understand("ik weet het niet meer").concepts == ()
    assert [c.key for c in dictionary.understand("een nieuwe wet").concepts] == ["juridisch"]
    # In a longer phrase a question word still counts: "weet niet waar ik moet beginnen".
    assert dictionary.understand("ik weet niet waar ik moet beginnen").concepts


def test_typos_are_corrected_together_and_question_words_are_left_alone(
    library, services, django_assert_max_num_queries
):
    search = _search(library, "belastingspreekuir fietsenmakr")
    with django_assert_max_num_queries(3):
        # The synonyms, which words are known, and the near words of every unknown one.
        assert search.suggestion == "belastingspreekuur fietsenmaker"
    # No service has both: each corrected word finds its own.
    assert {service.name for service in search} == {"Belastingspreekuur", "Fietsenmaker"}
    # "niets" only says how someone asks; it is not turned into a word of the map.
    assert _search(library, "fietsenmakr niets").suggestion == "fietsenmaker niets"
