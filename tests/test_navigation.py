import pytest
from django.contrib.auth.models import AnonymousUser

from plein import navigation
from plein.accounts.tests.factories import UserFactory
from plein.core.tests.factories import LibraryFactory

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_has_no_menu():
    assert navigation.navigation_for(AnonymousUser()) == []


def test_navigation_shows_each_role_only_its_own_menu_items():
    def paths(user) -> list[str]:
        return [url for _label, url in navigation.navigation_for(user)]

    assert paths(UserFactory()) == ["/vandaag/", "/balie/", "/rooster/", "/doorverwijzingen/"]
    coordinator_paths = paths(UserFactory(coordinator=True))
    for path in [
        "/balie/",
        "/rapportage/",
        "/beheer/lijsten/",
        "/beheer/actualiteit/",
        "/doorverwijzingen/",
        "/beheer/doorverwijzingen/inzage/",
    ]:
        assert path in coordinator_paths
    partner_paths = paths(UserFactory(partner=True))
    assert "/partner/" in partner_paths
    assert "/partner/doorverwijzingen/" in partner_paths
    assert "/balie/" not in partner_paths
    assert "/doorverwijzingen/" not in partner_paths
    assert "/admin/" in paths(UserFactory(administrator=True))
    funder = UserFactory(funder=True)
    assert paths(funder) == ["/overzicht/"]
    funder.funded_libraries.add(LibraryFactory())
    assert paths(funder) == ["/overzicht/", "/rapportage/"]
