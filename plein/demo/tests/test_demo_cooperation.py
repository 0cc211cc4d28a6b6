import pytest

from plein.cooperation.models import Assessment
from plein.cooperation.selectors import assessment_open, assessment_results
from plein.core.tests.factories import LibraryFactory
from plein.demo.cooperation import ROUNDS, demo_cooperation_install
from plein.socialmap.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_the_demo_has_closed_rounds_with_a_chart_and_trend_and_one_open_round():
    library = LibraryFactory()
    for _ in range(6):
        OrganizationFactory(library=library, is_partner=True)
    assert demo_cooperation_install(library=library) == len(ROUNDS)
    rounds = list(Assessment.objects.for_library(library).order_by("-started_at"))
    assert assessment_open(library=library) == rounds[0]
    assert rounds[0].responses.filter(submitted_at__isnull=False).count() == 2
    results = assessment_results(assessment=rounds[1])
    assert results.shown and results.responses == 6
    assert all(m.mean is not None and m.previous is not None for m in results.phases)


def test_loading_the_demo_twice_adds_no_rounds():
    library = LibraryFactory()
    OrganizationFactory(library=library, is_partner=True)
    demo_cooperation_install(library=library)
    assert demo_cooperation_install(library=library) == 0
    assert Assessment.objects.for_library(library).count() == len(ROUNDS)


def test_a_library_without_partners_gets_no_rounds():
    assert demo_cooperation_install(library=LibraryFactory()) == 0
