"""The option services: names, archive and restore, order, outcome kinds, tiles, settings."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from plein.accounts.tests.factories import UserFactory
from plein.core.models import AuditEvent
from plein.core.tests.factories import BranchFactory, LibraryFactory
from plein.questions.models import Channel, Desk, Outcome, OutcomeKind, Topic, TopicTile
from plein.questions.services import options as services
from plein.questions.tests.factories import (
    ChannelFactory,
    DeskFactory,
    OutcomeFactory,
    RegistrationFactory,
    TopicFactory,
    TopicTileFactory,
)
from plein.socialmap.models import TaxonomyTerm

pytestmark = pytest.mark.django_db


@pytest.fixture
def library():
    return LibraryFactory()


@pytest.fixture
def user(library):
    return UserFactory(coordinator=True, library=library)


def _messages(error: Any) -> list[str]:
    return [message for messages in error.value.message_dict.values() for message in messages]


def test_names_are_unique_per_library_ignoring_case_and_spaces(library, user):
    ChannelFactory(library=library, name="Telefoon")
    ChannelFactory(name="Chat")  # another library's name is free

    with pytest.raises(ValidationError) as error:
        services.option_create(model=Channel, library=library, user=user, name=" telefoon ")
    services.option_create(model=Channel, library=library, user=user, name="Chat")

    assert _messages(error) == ["Er is al een optie “Telefoon” in deze lijst."]


def test_a_name_taken_by_an_archived_option_points_to_restoring(library, user):
    ChannelFactory(library=library, name="Fax", archived=True)

    with pytest.raises(ValidationError) as error:
        services.option_create(model=Channel, library=library, user=user, name="Fax")

    assert "Zet die terug" in _messages(error)[0]


def test_renaming_onto_another_options_name_is_refused(library, user):
    ChannelFactory(library=library, name="Telefoon")
    chat = ChannelFactory(library=library, name="Chat")

    with pytest.raises(ValidationError):
        services.option_update(option=chat, user=user, name="TELEFOON")
    chat.refresh_from_db()
    assert chat.name == "Chat"


def test_desks_share_a_name_across_branches_but_not_within_one(library, user):
    dalfsen, nieuwleusen = BranchFactory(library=library), BranchFactory(library=library)
    DeskFactory(branch=dalfsen, name="Informatiepunt")

    services.option_create(
        model=Desk, library=library, user=user, name="Informatiepunt", branch=nieuwleusen
    )
    with pytest.raises(ValidationError):
        services.option_create(
            model=Desk, library=library, user=user, name="informatiepunt", branch=dalfsen
        )


def test_a_desk_in_another_librarys_branch_is_refused(library, user):
    with pytest.raises(ValidationError) as error:
        services.option_create(
            model=Desk, library=library, user=user, name="Balie", branch=BranchFactory()
        )

    assert _messages(error) == [str(services.BRANCH_OTHER_LIBRARY)]


def test_a_topic_term_must_be_a_topic_term(library, user):
    life_domain_term = TaxonomyTerm.objects.filter(taxonomy_detail__kind="life_domain").first()

    with pytest.raises(ValidationError) as error:
        services.option_create(
            model=Topic, library=library, user=user, name="X", term=life_domain_term
        )

    assert _messages(error) == [str(services.TERM_WRONG_KIND)]


def test_archiving_keeps_the_option_and_its_registrations(library, user):
    branch = BranchFactory(library=library)
    topic = TopicFactory(library=library, name="DigiD")
    registration = RegistrationFactory(visit__branch=branch, topics=[topic])

    services.option_archive(option=topic, user=user)

    topic.refresh_from_db()
    assert topic.is_archived
    assert list(registration.topics.all()) == [topic]
    event = AuditEvent.objects.get(action="questions.topic.archived")
    assert event.actor == user
    assert event.library == library


def test_archiving_a_topic_removes_its_tiles_and_restoring_does_not_bring_them_back(library, user):
    tile = TopicTileFactory(branch=BranchFactory(library=library, name="Dalfsen"))

    services.option_archive(option=tile.topic, user=user)
    assert not TopicTile.objects.filter(pk=tile.pk).exists()
    assert AuditEvent.objects.get(action="questions.topic.archived").changes == {
        "tiles_removed": ["Dalfsen"]
    }

    services.option_restore(option=tile.topic, user=user)
    assert not TopicTile.objects.filter(topic=tile.topic).exists()


def test_archive_twice_or_restore_an_active_option_is_refused(library, user):
    channel = ChannelFactory(library=library)

    with pytest.raises(ValidationError):
        services.option_restore(option=channel, user=user)
    services.option_archive(option=channel, user=user)
    with pytest.raises(ValidationError):
        services.option_archive(option=channel, user=user)


def test_a_restored_option_returns_at_the_end_of_the_list(library, user):
    first = ChannelFactory(library=library, name="A", position=0)
    ChannelFactory(library=library, name="B", position=1)
    services.option_archive(option=first, user=user)

    services.option_restore(option=first, user=user)

    names = Channel.objects.filter(library=library).order_by("position")
    assert [channel.name for channel in names] == ["B", "A"]


def test_moving_swaps_with_the_neighbour_and_stops_at_the_ends(library, user):
    a, b, c = (ChannelFactory(library=library, name=n, position=0) for n in "ABC")

    services.option_move(option=c, user=user, step=-1)
    services.option_move(option=a, user=user, step=-1)  # already first: nothing changes

    order = list(Channel.objects.filter(library=library).order_by("position"))
    assert order == [a, c, b]
    assert AuditEvent.objects.filter(action="questions.channel.moved").count() == 1


def test_moving_an_archived_option_is_refused(library, user):
    channel = ChannelFactory(library=library, archived=True)

    with pytest.raises(ValidationError):
        services.option_move(option=channel, user=user, step=1)


def test_an_unused_outcome_may_change_kind(library, user):
    outcome = OutcomeFactory(library=library, name="Verwezen")

    services.option_update(option=outcome, user=user, name="Verwezen", kind=OutcomeKind.REFERRED)

    outcome.refresh_from_db()
    assert outcome.kind == OutcomeKind.REFERRED
    event = AuditEvent.objects.get(action="questions.outcome.updated")
    assert event.changes == {"kind": ["answered", "referred"]}


def test_an_outcome_in_use_keeps_its_kind(library, user):
    outcome = OutcomeFactory(library=library, name="Beantwoord")
    RegistrationFactory(visit__branch=BranchFactory(library=library), outcome=outcome)

    with pytest.raises(ValidationError) as error:
        services.option_update(option=outcome, user=user, name="Beantwoord", kind="referred")

    assert "Archiveer deze uitkomst" in _messages(error)[0]
    assert Outcome.objects.get(pk=outcome.pk).kind == OutcomeKind.ANSWERED


def test_an_update_without_changes_writes_no_audit_entry(library, user):
    channel = ChannelFactory(library=library, name="Chat")

    services.option_update(option=channel, user=user, name="Chat")

    assert not AuditEvent.objects.filter(action="questions.channel.updated").exists()


def test_tiles_take_only_active_topics_of_the_library_and_at_most_nine(library, user):
    branch = BranchFactory(library=library)
    with pytest.raises(ValidationError):
        services.tile_add(branch=branch, topic=TopicFactory(), user=user)
    with pytest.raises(ValidationError):
        services.tile_add(
            branch=branch, topic=TopicFactory(library=library, archived=True), user=user
        )
    topics = [TopicFactory(library=library) for _ in range(services.MAX_TILES + 1)]
    for topic in topics[:-1]:
        services.tile_add(branch=branch, topic=topic, user=user)
    with pytest.raises(ValidationError) as error:
        services.tile_add(branch=branch, topic=topics[-1], user=user)
    with pytest.raises(ValidationError):
        services.tile_add(branch=branch, topic=topics[0], user=user)

    assert "hoogstens 9" in _messages(error)[0]
    positions = list(TopicTile.objects.filter(branch=branch).values_list("position", flat=True))
    assert positions == list(range(services.MAX_TILES))


def test_moving_a_tile_changes_the_desk_order(library, user):
    branch = BranchFactory(library=library)
    first, second = (
        services.tile_add(branch=branch, topic=TopicFactory(library=library), user=user)
        for _ in range(2)
    )

    services.tile_move(tile=second, user=user, step=-1)

    assert list(TopicTile.objects.filter(branch=branch)) == [second, first]
    assert AuditEvent.objects.filter(action="questions.topictile.moved", library=library).exists()


def test_settings_refuse_a_threshold_below_five(library, user):
    with pytest.raises(ValidationError) as error:
        services.registration_settings_update(library=library, user=user, small_cell_threshold=4)

    assert _messages(error) == ["De grens is minstens 5: kleinere aantallen zijn te herleiden."]


def test_settings_changes_are_audited_once(library, user):
    services.registration_settings_update(library=library, user=user, allow_note=True)
    services.registration_settings_update(library=library, user=user, allow_note=True)

    events = AuditEvent.objects.filter(action="questions.registrationsettings.updated")
    assert [event.changes for event in events] == [{"allow_note": [False, True]}]
