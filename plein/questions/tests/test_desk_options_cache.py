"""The desk's options and settings: read once per library, cached, dropped when they change."""

import uuid

import pytest
from django.urls import reverse

from plein.accounts.tests.factories import UserFactory, login_verified
from plein.core.models import Library
from plein.core.tests.factories import BranchFactory, LibraryFactory
from plein.questions.models import Visit
from plein.questions.options_cache import desk_options_changed, options_cached
from plein.questions.selectors.desk import desk_options
from plein.questions.services import options as option_services
from plein.questions.tests.factories import (
    ChannelFactory,
    DeskFactory,
    LifeDomainFactory,
    OutcomeFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def place():
    library = LibraryFactory()
    branch = BranchFactory(library=library)
    return {
        "library": library,
        "branch": branch,
        "desk": DeskFactory(branch=branch),
        "channel": ChannelFactory(library=library),
        "topics": TopicFactory.create_batch(2, library=library),
        "life_domain": LifeDomainFactory(library=library),
        "outcome": OutcomeFactory(library=library),
    }


def _entry(place) -> dict:
    return {
        "idempotency_key": str(uuid.uuid4()),
        "branch": place["branch"].pk,
        "desk": place["desk"].pk,
        "channel": place["channel"].pk,
        "topics": [topic.pk for topic in place["topics"]],
        "life_domains": [place["life_domain"].pk],
        "outcome": place["outcome"].pk,
    }


def test_a_registration_post_runs_at_most_eight_statements(
    client, place, django_assert_max_num_queries
):
    """Session, user with library (and its configuration version); BEGIN, visit, question,
    topic links, life-domain links, COMMIT (SAVEPOINT and RELEASE inside the test's
    transaction). The options come from the worker's memory: no query."""
    client.force_login(UserFactory(library=place["library"]))
    client.post(reverse("questions:desk"), _entry(place), HTTP_ACCEPT="application/json")
    with django_assert_max_num_queries(8):
        response = client.post(
            reverse("questions:desk"), _entry(place), HTTP_ACCEPT="application/json"
        )
    assert response.status_code == 200 and response.json()["created"] is True
    assert Visit.objects.count() == 2


def test_a_registration_without_life_domain_runs_at_most_seven_statements(
    client, place, django_assert_max_num_queries
):
    client.force_login(UserFactory(library=place["library"]))
    entry = _entry(place)
    del entry["life_domains"]
    client.get(reverse("questions:desk"))
    with django_assert_max_num_queries(7):
        response = client.post(reverse("questions:desk"), entry, HTTP_ACCEPT="application/json")
    assert response.json()["created"] is True


def test_the_options_are_read_once_and_then_come_from_memory(place, django_assert_num_queries):
    first = desk_options(library=place["library"])
    with django_assert_num_queries(0):
        again = desk_options(library=place["library"])
    assert [t.pk for t in again.topics] == [t.pk for t in first.topics]
    assert again.desks[0].branch == place["branch"]  # loaded with it, no query


def _as_next_request_loads_it(library: Library) -> Library:
    """The library as the next request's user brings it along (with its current version)."""
    return Library.objects.get(pk=library.pk)


def test_a_change_raises_the_version_the_next_request_brings(place):
    library = place["library"]
    desk_options(library=library)
    extra = TopicFactory(library=library)
    desk_options_changed(library_id=library.pk)
    # A request that loaded the library before the change still sees its own copy ...
    assert extra not in desk_options(library=library).topics
    # ... the next one brings the new version and reads the lists again.
    assert extra in desk_options(library=_as_next_request_loads_it(library)).topics


def test_a_copy_read_before_a_change_committed_is_not_used_after_it(place):
    library = place["library"]

    def read_while_a_coordinator_commits_a_change():
        desk_options_changed(library_id=library.pk)
        return "lists as they were"

    assert options_cached(library=library, read=read_while_a_coordinator_commits_a_change)
    after = _as_next_request_loads_it(library)
    assert options_cached(library=after, read=lambda: "lists now") == "lists now"
    assert options_cached(library=after, read=lambda: "not read") == "lists now"


def test_an_older_copy_of_the_library_saved_later_does_not_put_the_old_version_back(place):
    library = place["library"]
    stale = _as_next_request_loads_it(library)
    desk_options_changed(library_id=library.pk)
    stale.name = "Bibliotheek met nieuwe naam"
    stale.save()
    saved = _as_next_request_loads_it(library)
    assert saved.name == "Bibliotheek met nieuwe naam"
    assert saved.configuration_version == stale.configuration_version + 1


@pytest.mark.parametrize(
    "change",
    [
        lambda place, user: option_services.option_archive(option=place["topics"][0], user=user),
        lambda place, user: option_services.option_update(
            option=place["topics"][0], user=user, name="Nieuwe naam"
        ),
        lambda place, user: option_services.option_create(
            model=type(place["topics"][0]), library=place["library"], user=user, name="Extra"
        ),
    ],
    ids=["archive", "rename", "create"],
)
def test_the_option_services_drop_the_cached_options(
    place, change, django_capture_on_commit_callbacks
):
    user = UserFactory(library=place["library"], coordinator=True)
    before = desk_options(library=place["library"]).topics
    with django_capture_on_commit_callbacks(execute=True):
        change(place, user)
    after = desk_options(library=_as_next_request_loads_it(place["library"])).topics
    assert [(t.pk, t.name) for t in after] != [(t.pk, t.name) for t in before]


def test_changed_settings_reach_the_desk(place, django_capture_on_commit_callbacks):
    library = place["library"]
    user = UserFactory(library=library, coordinator=True)
    assert desk_options(library=library).settings.allow_note is False
    with django_capture_on_commit_callbacks(execute=True):
        option_services.registration_settings_update(library=library, user=user, allow_note=True)
    assert desk_options(library=_as_next_request_loads_it(library)).settings.allow_note is True


def test_a_branch_closed_in_the_admin_leaves_the_desk(
    client, place, django_capture_on_commit_callbacks
):
    library, branch = place["library"], place["branch"]
    assert branch in desk_options(library=library).branches
    login_verified(client, UserFactory(administrator=True))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/core/library/{library.pk}/change/",
            {
                "name": library.name,
                "slug": library.slug,
                "municipality": library.municipality,
                "contact_email": "",
                "branches-TOTAL_FORMS": "1",
                "branches-INITIAL_FORMS": "1",
                "branches-0-id": branch.pk,
                "branches-0-library": library.pk,
                "branches-0-name": branch.name,
                "branches-0-slug": branch.slug,
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert branch not in desk_options(library=_as_next_request_loads_it(library)).branches
