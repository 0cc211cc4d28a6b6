"""options_install_defaults: what a new library gets, and that running it again changes nothing."""

import pytest
from django.utils import timezone

from plein.core.tests.factories import BranchFactory, LibraryFactory
from plein.questions.models import (
    AgeBand,
    Channel,
    Desk,
    IdoCategory,
    LifeDomain,
    Outcome,
    OutcomeKind,
    RegistrationSettings,
    Topic,
    TopicTile,
)
from plein.questions.services.options import (
    DEFAULT_TILE_TERMS,
    MAX_TILES,
    options_install_defaults,
)
from plein.questions.tests.factories import DeskFactory, TopicTileFactory
from plein.socialmap.models import TaxonomyTerm

pytestmark = pytest.mark.django_db


@pytest.fixture
def library():
    library = LibraryFactory()
    BranchFactory(library=library, name="Dalfsen")
    BranchFactory(library=library, name="Nieuwleusen")
    return library


def _sub_topic_terms() -> int:
    return TaxonomyTerm.objects.filter(
        library=None, taxonomy_detail__kind="topic", parent__isnull=False
    ).count()


def test_a_new_library_gets_every_default_list(library):
    created = options_install_defaults(library=library)

    topics = (
        _sub_topic_terms() + 3
    )  # and "Digitale overheid (overig)", "Bibliotheek", "Overige vraag"
    life_domains = TaxonomyTerm.objects.filter(
        library=None, taxonomy_detail__kind="life_domain"
    ).count()
    assert Topic.objects.filter(library=library).count() == topics
    assert LifeDomain.objects.filter(library=library).count() == life_domains == 12
    assert list(Channel.objects.filter(library=library).values_list("name", flat=True)) == [
        "Balie",
        "Telefoon",
        "E-mail",
        "Chat",
        "Afspraak",
    ]
    assert AgeBand.objects.filter(library=library).count() == 6
    assert Desk.objects.filter(library=library, name="Informatiepunt").count() == 2
    assert TopicTile.objects.filter(branch__library=library).count() == 2 * len(DEFAULT_TILE_TERMS)
    assert RegistrationSettings.objects.filter(library=library).exists()
    assert created == topics + life_domains + 5 + 4 + 6 + 2 + 2 * len(DEFAULT_TILE_TERMS) + 1


def test_outcomes_get_their_kind(library):
    options_install_defaults(library=library)

    kinds = dict(Outcome.objects.filter(library=library).values_list("name", "kind"))
    assert kinds == {
        "Beantwoord aan de balie": OutcomeKind.ANSWERED,
        "Op weg geholpen": OutcomeKind.HELPED_ALONG,
        "Doorverwezen": OutcomeKind.REFERRED,
        "Komt terug": OutcomeKind.COME_BACK,
    }


def test_topics_are_linked_to_sub_terms_and_get_an_ido_category(library):
    options_install_defaults(library=library)

    topics = {t.name: t for t in Topic.objects.filter(library=library).select_related("term")}
    assert topics["Toeslagen"].term.code == "geld.toeslagen"
    assert topics["Toeslagen"].ido_category == IdoCategory.DIGITAL_GOVERNMENT
    assert topics["DigiD"].ido_category == IdoCategory.DIGITAL_GOVERNMENT
    assert topics["Schulden"].ido_category == IdoCategory.OTHER
    assert topics["Bibliotheek"].ido_category == IdoCategory.LIBRARY
    assert topics["Bibliotheek"].term is None
    assert topics["Overige vraag"].ido_category == IdoCategory.OTHER
    assert "Geld" not in topics


def test_default_tiles_are_frequent_topics_in_order(library):
    options_install_defaults(library=library)

    branch = library.branches.first()
    codes = list(
        TopicTile.objects.filter(branch=branch).values_list("topic__term__code", flat=True)
    )
    assert codes == DEFAULT_TILE_TERMS
    assert len(codes) <= MAX_TILES


def test_running_twice_adds_nothing(library):
    options_install_defaults(library=library)

    assert options_install_defaults(library=library) == 0


def test_a_renamed_or_archived_option_is_not_restored(library):
    options_install_defaults(library=library)
    Channel.objects.filter(library=library, name="Balie").update(name="Aan de balie")
    Topic.objects.filter(library=library, name="DigiD").update(archived_at=timezone.now())
    AgeBand.objects.filter(library=library).update(archived_at=timezone.now())

    assert options_install_defaults(library=library) == 0
    assert not Channel.objects.filter(library=library, name="Balie").exists()
    assert Topic.objects.get(library=library, name="DigiD").is_archived
    assert not AgeBand.objects.filter(library=library).active().exists()


def test_a_branch_with_a_desk_or_tiles_keeps_them(library):
    dalfsen = library.branches.get(name="Dalfsen")
    DeskFactory(branch=dalfsen, name="Ontwikkelplein", archived=True)
    own_tile = TopicTileFactory(branch=dalfsen)

    options_install_defaults(library=library)

    assert list(Desk.objects.filter(branch=dalfsen).values_list("name", flat=True)) == [
        "Ontwikkelplein"
    ]
    assert list(TopicTile.objects.filter(branch=dalfsen)) == [own_tile]


def test_a_new_branch_gets_a_desk_and_tiles_on_the_next_run(library):
    options_install_defaults(library=library)
    BranchFactory(library=library, name="Lemelerveld")

    assert options_install_defaults(library=library) == 1 + len(DEFAULT_TILE_TERMS)


def test_inactive_branches_get_no_desk(library):
    BranchFactory(library=library, name="Gesloten", is_active=False)

    options_install_defaults(library=library)

    assert not Desk.objects.filter(branch__name="Gesloten").exists()


def test_another_librarys_lists_are_untouched(library):
    other = LibraryFactory()
    options_install_defaults(library=library)

    assert not Topic.objects.filter(library=other).exists()
