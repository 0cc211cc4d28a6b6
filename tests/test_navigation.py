import re

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from plein import navigation
from plein.accounts.tests.factories import UserFactory, login_verified
from plein.core.tests.factories import LibraryFactory

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_has_no_menu():
    assert navigation.navigation_for(AnonymousUser()) == []


def test_navigation_shows_each_role_only_its_own_menu_items():
    def paths(user) -> list[str]:
        return [url for _label, url in navigation.navigation_for(user)]

    assert paths(UserFactory()) == [
        "/vandaag/",
        "/balie/",
        "/rooster/",
        "/doorverwijzingen/",
        "/ken-je-partners/",
        "/afspraken/agenda/",
        "/activiteiten/",
    ]
    coordinator_paths = paths(UserFactory(coordinator=True))
    for path in [
        "/balie/",
        "/rapportage/",
        "/beheer/lijsten/",
        "/beheer/actualiteit/",
        "/doorverwijzingen/",
        "/beheer/doorverwijzingen/inzage/",
        "/samenwerking/",
    ]:
        assert path in coordinator_paths
    partner_paths = paths(UserFactory(partner=True))
    assert "/partner/" in partner_paths
    assert "/partner/doorverwijzingen/" in partner_paths
    assert "/partner/samenwerking/" in partner_paths
    assert "/afspraken/agenda/" in partner_paths
    assert "/balie/" not in partner_paths
    assert "/doorverwijzingen/" not in partner_paths
    assert "/activiteiten/" not in partner_paths
    assert "/partner/activiteiten/" in partner_paths
    assert "/admin/" in paths(UserFactory(administrator=True))
    funder = UserFactory(funder=True)
    assert paths(funder) == ["/overzicht/"]
    funder.funded_libraries.add(LibraryFactory())
    assert paths(funder) == ["/overzicht/", "/rapportage/"]


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


@pytest.mark.parametrize("language", ["nl", "en"])
def test_each_menu_item_leads_to_a_page_whose_heading_says_the_same(client, language):
    """The menu's words come back in the heading of the page they open, in both languages
    ("Register questions" in the menu, "Register questions" above the page)."""
    library = LibraryFactory()
    funder = UserFactory(funder=True)
    funder.funded_libraries.add(library)
    users = [
        UserFactory(library=library),
        UserFactory(coordinator=True, library=library),
        UserFactory(partner=True),
        funder,
        UserFactory(administrator=True),
    ]
    # The requests switch the thread's language (LocaleMiddleware); put it back afterwards.
    with translation.override(settings.LANGUAGE_CODE):
        mismatches = _menu_heading_mismatches(client, users, language)
    assert not mismatches, "\n".join(mismatches)


def _menu_heading_mismatches(client, users, language: str) -> list[str]:
    mismatches = []
    for user in users:
        login_verified(client, user)
        with translation.override(language):
            items = [(str(label), url) for label, url in navigation.navigation_for(user)]
        for label, url in items:
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
            page = client.get(url)
            assert page.status_code == 200, (user.role, url, page.status_code)
            match = re.search(r"<h1[^>]*>(.*?)</h1>", page.content.decode(), re.S)
            assert match, (user.role, url)
            heading = re.sub(r"<[^>]+>", "", match.group(1))
            if not _words(label) <= _words(heading):
                mismatches.append(f"{user.role}: menu {label!r} opens {url} headed {heading!r}")
    return mismatches
