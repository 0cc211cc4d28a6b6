"""The coordinator's list pages: who may use them, what they change, and bad input."""

import pytest
from django.urls import reverse

from plein.accounts.tests.factories import UserFactory
from plein.core.models import AuditEvent
from plein.core.tests.factories import BranchFactory, LibraryFactory
from plein.questions.models import Channel, Desk, Outcome, RegistrationSettings, Topic, TopicTile
from plein.questions.services import options as services
from plein.questions.tests.factories import (
    ChannelFactory,
    RegistrationFactory,
    TopicFactory,
    TopicTileFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def library():
    library = LibraryFactory()
    BranchFactory(library=library, name="Dalfsen")
    services.options_install_defaults(library=library)
    return library


@pytest.fixture
def coordinator(client, library):
    user = UserFactory(coordinator=True, library=library)
    client.force_login(user)
    return user


def _url(name, *args):
    return reverse(f"questions:{name}", args=args)


PAGES = [
    ("manage_home", ()),
    ("manage_list", ("onderwerpen",)),
    ("manage_tiles", ()),
    ("manage_settings", ()),
]


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    for name, args in PAGES:
        response = client.get(_url(name, *args))
        assert response.status_code == 302
        assert "/inloggen" in response.url or "login" in response.url


@pytest.mark.parametrize(
    "user_kwargs",
    [{}, {"partner": True}, {"funder": True}],
    ids=["desk worker", "partner", "funder"],
)
def test_other_roles_are_refused(client, library, user_kwargs):
    if not user_kwargs:
        user_kwargs = {"library": library}
    client.force_login(UserFactory(**user_kwargs))
    for name, args in PAGES:
        assert client.get(_url(name, *args)).status_code == 403
    channel = Channel.objects.filter(library=library).first()
    response = client.post(_url("manage_option_archive", "kanalen", channel.pk))
    assert response.status_code == 403
    channel.refresh_from_db()
    assert not channel.is_archived


def test_another_librarys_coordinator_cannot_touch_our_options(client, library):
    client.force_login(UserFactory(coordinator=True))
    channel = Channel.objects.filter(library=library).first()
    tile = TopicTile.objects.filter(branch__library=library).first()

    assert client.get(_url("manage_option_edit", "kanalen", channel.pk)).status_code == 404
    assert client.post(_url("manage_option_archive", "kanalen", channel.pk)).status_code == 404
    assert client.post(_url("manage_tile_remove", tile.pk)).status_code == 404
    branch = library.branches.first()
    assert client.get(_url("manage_tiles") + f"?vestiging={branch.pk}").status_code == 404
    channel.refresh_from_db()
    assert not channel.is_archived
    assert TopicTile.objects.filter(pk=tile.pk).exists()


def test_the_overview_lists_every_list_with_counts(client, coordinator):
    response = client.get(_url("manage_home"))

    assert response.status_code == 200
    for title in ["Onderwerpen", "Leefgebieden", "Balies", "Kanalen", "Uitkomsten"]:
        assert title in response.content.decode()


@pytest.mark.parametrize(
    "slug", ["onderwerpen", "leefgebieden", "balies", "kanalen", "uitkomsten", "leeftijdsgroepen"]
)
def test_every_list_page_shows_its_options_and_the_archive_note(client, coordinator, slug):
    response = client.get(_url("manage_list", slug))

    assert response.status_code == 200
    assert "nooit verwijderd" in response.content.decode()


def test_an_unknown_list_is_not_found(client, coordinator):
    assert client.get(_url("manage_list", "geheim")).status_code == 404


def test_the_topic_list_runs_a_fixed_number_of_queries(
    client, coordinator, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        client.get(_url("manage_list", "onderwerpen"))


def test_adding_an_option_puts_it_at_the_end_and_audits(client, coordinator, library):
    response = client.post(_url("manage_list", "kanalen"), {"name": "  Video  bellen "})

    assert response.status_code == 302
    channel = Channel.objects.get(library=library, name="Video bellen")
    assert channel.position == Channel.objects.filter(library=library).count() - 1
    assert AuditEvent.objects.filter(action="questions.channel.created", actor=coordinator).exists()


def test_a_duplicate_name_is_refused_and_the_input_kept(client, coordinator, library):
    response = client.post(_url("manage_list", "kanalen"), {"name": "telefoon"})

    assert response.status_code == 400
    content = response.content.decode()
    assert "Er is al een optie “Telefoon” in deze lijst." in content
    assert 'value="telefoon"' in content


def test_a_duplicate_of_an_archived_option_suggests_restoring_it(client, coordinator, library):
    ChannelFactory(library=library, name="Fax", archived=True)

    response = client.post(_url("manage_list", "kanalen"), {"name": "Fax"})

    assert response.status_code == 400
    assert "gearchiveerde optie “Fax”" in response.content.decode()


def test_an_empty_name_is_refused(client, coordinator):
    response = client.post(_url("manage_list", "kanalen"), {"name": "  "})

    assert response.status_code == 400
    assert str(services.NAME_REQUIRED) in response.content.decode()


def test_a_topic_is_added_with_its_term_and_ido_category(client, coordinator, library):
    term = Topic.objects.filter(library=library, term__isnull=False).first().term

    response = client.post(
        _url("manage_list", "onderwerpen"),
        {"name": "Paspoort", "term": term.pk, "ido_category": "digital_government"},
    )

    assert response.status_code == 302
    topic = Topic.objects.get(library=library, name="Paspoort")
    assert (topic.term, topic.ido_category) == (term, "digital_government")


def test_a_topic_with_an_unknown_term_or_category_is_refused(client, coordinator):
    response = client.post(
        _url("manage_list", "onderwerpen"),
        {"name": "Paspoort", "term": "not-a-uuid", "ido_category": "secret"},
    )

    assert response.status_code == 400
    assert "Deze keuze bestaat niet (meer)" in response.content.decode()
    assert 'value="Paspoort"' in response.content.decode()


def test_a_desk_is_added_to_a_branch_of_the_library_only(client, coordinator, library):
    other_branch = BranchFactory()
    branch = library.branches.get()

    refused = client.post(
        _url("manage_list", "balies"), {"name": "Ontwikkelplein", "branch": other_branch.pk}
    )
    added = client.post(
        _url("manage_list", "balies"), {"name": "Ontwikkelplein", "branch": branch.pk}
    )

    assert refused.status_code == 400
    assert added.status_code == 302
    assert Desk.objects.get(name="Ontwikkelplein").branch == branch


def test_renaming_keeps_the_option_and_audits_the_change(client, coordinator, library):
    channel = Channel.objects.get(library=library, name="Chat")

    response = client.post(_url("manage_option_edit", "kanalen", channel.pk), {"name": "Chatten"})

    assert response.status_code == 302
    channel.refresh_from_db()
    assert channel.name == "Chatten"
    event = AuditEvent.objects.get(action="questions.channel.updated")
    assert event.changes == {"name": ["Chat", "Chatten"]}


def test_the_edit_form_shows_the_current_values(client, coordinator, library):
    outcome = Outcome.objects.get(library=library, name="Doorverwezen")

    response = client.get(_url("manage_option_edit", "uitkomsten", outcome.pk))

    content = response.content.decode()
    assert 'value="Doorverwezen"' in content
    assert '<option value="referred" selected>' in content


def test_an_outcome_in_use_keeps_its_kind(client, coordinator, library):
    outcome = Outcome.objects.get(library=library, name="Doorverwezen")
    RegistrationFactory(visit__branch=library.branches.get(), outcome=outcome)

    response = client.post(
        _url("manage_option_edit", "uitkomsten", outcome.pk),
        {"name": "Doorverwezen!", "kind": "answered"},
    )

    assert response.status_code == 400
    assert "Archiveer deze uitkomst en maak een nieuwe." in response.content.decode()
    assert 'value="Doorverwezen!"' in response.content.decode()
    outcome.refresh_from_db()
    assert (outcome.name, outcome.kind) == ("Doorverwezen", "referred")


def test_archive_and_restore_keep_the_option(client, coordinator, library):
    topic = Topic.objects.get(library=library, name="DigiD")

    archived = client.post(_url("manage_option_archive", "onderwerpen", topic.pk))
    topic.refresh_from_db()
    assert archived.status_code == 302
    assert topic.is_archived
    assert not TopicTile.objects.filter(topic=topic).exists()
    listing = client.get(_url("manage_list", "onderwerpen")).content.decode()
    assert 'aria-label="Terugzetten: DigiD"' in listing

    client.post(_url("manage_option_restore", "onderwerpen", topic.pk))
    topic.refresh_from_db()
    assert not topic.is_archived
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"questions.topic.archived", "questions.topic.restored"} <= actions


def test_archiving_twice_says_so(client, coordinator, library):
    channel = ChannelFactory(library=library, name="Fax", archived=True)

    response = client.post(_url("manage_option_archive", "kanalen", channel.pk), follow=True)

    assert "“Fax” is al gearchiveerd." in response.content.decode()


def test_there_is_no_way_to_delete_an_option(client, coordinator, library):
    channel = Channel.objects.filter(library=library).first()

    assert client.delete(_url("manage_option_edit", "kanalen", channel.pk)).status_code == 405
    assert client.get(_url("manage_option_archive", "kanalen", channel.pk)).status_code == 405
    assert Channel.objects.filter(pk=channel.pk).exists()


def test_moving_an_option_down_and_up(client, coordinator, library):
    names = lambda: list(  # noqa: E731
        Channel.objects.filter(library=library).order_by("position").values_list("name", flat=True)
    )
    first = Channel.objects.get(library=library, name="Balie")

    client.post(_url("manage_option_move", "kanalen", first.pk), {"richting": "omlaag"})
    assert names()[:2] == ["Telefoon", "Balie"]
    client.post(_url("manage_option_move", "kanalen", first.pk), {"richting": "omhoog"})
    assert names()[:2] == ["Balie", "Telefoon"]
    assert AuditEvent.objects.filter(action="questions.channel.moved").count() == 2


def test_a_move_without_a_direction_is_not_found(client, coordinator, library):
    channel = Channel.objects.filter(library=library).first()

    response = client.post(_url("manage_option_move", "kanalen", channel.pk), {"richting": "x"})

    assert response.status_code == 404


def test_tiles_page_shows_the_branchs_tiles_numbered(client, coordinator, library):
    response = client.get(_url("manage_tiles"))

    content = response.content.decode()
    assert response.status_code == 200
    assert content.index("Toeslagen") < content.index("DigiD")


def test_adding_a_tile_and_refusals(client, coordinator, library):
    branch = library.branches.get()
    topic = Topic.objects.get(library=library, name="Huisarts en eerste lijn")
    archived = TopicFactory(library=library, name="Oud", archived=True)

    added = client.post(_url("manage_tiles"), {"vestiging": branch.pk, "topic": topic.pk})
    refused = client.post(_url("manage_tiles"), {"vestiging": branch.pk, "topic": archived.pk})
    unknown = client.post(_url("manage_tiles"), {"vestiging": branch.pk, "topic": 999999})

    assert added.status_code == 302
    assert TopicTile.objects.filter(branch=branch, topic=topic).exists()
    assert "“Oud” is gearchiveerd en kan geen tegel zijn." in refused.content.decode()
    assert "Deze keuze bestaat niet (meer)" in unknown.content.decode()


def test_a_tenth_tile_is_refused(client, coordinator, library):
    branch = library.branches.get()
    TopicTileFactory(branch=branch)
    topic = TopicFactory(library=library)

    response = client.post(_url("manage_tiles"), {"vestiging": branch.pk, "topic": topic.pk})

    assert response.status_code == 400
    assert "hoogstens 9 onderwerpen" in response.content.decode()


def test_moving_and_removing_a_tile(client, coordinator, library):
    branch = library.branches.get()
    first, second = TopicTile.objects.filter(branch=branch).order_by("position")[:2]

    client.post(_url("manage_tile_move", first.pk), {"richting": "omlaag"})
    order = list(TopicTile.objects.filter(branch=branch).order_by("position"))
    assert order[:2] == [second, first]

    client.post(_url("manage_tile_remove", first.pk))
    assert not TopicTile.objects.filter(pk=first.pk).exists()
    assert AuditEvent.objects.filter(action="questions.topictile.removed").exists()


def test_settings_are_saved_and_audited(client, coordinator, library):
    response = client.post(
        _url("manage_settings"),
        {"record_age_band": "on", "small_cell_threshold": "10", "monthly_report": "on"},
    )

    assert response.status_code == 302
    row = RegistrationSettings.objects.get(library=library)
    assert (row.record_age_band, row.record_gender, row.small_cell_threshold) == (True, False, 10)
    event = AuditEvent.objects.get(action="questions.registrationsettings.updated")
    assert event.changes == {"record_age_band": [False, True], "small_cell_threshold": [5, 10]}


@pytest.mark.parametrize("threshold", ["4", "0", "-3"])
def test_a_threshold_below_five_is_refused_and_the_rest_kept(client, coordinator, threshold):
    response = client.post(
        _url("manage_settings"),
        {"record_gender": "on", "small_cell_threshold": threshold},
    )

    content = response.content.decode()
    assert response.status_code == 400
    assert "De grens is minstens 5" in content
    assert f'value="{threshold}"' in content
    assert 'name="record_gender" class="utrecht-checkbox utrecht-checkbox--html-input"' in content
    assert "checked" in content


def test_a_threshold_that_is_not_a_number_is_refused(client, coordinator):
    response = client.post(_url("manage_settings"), {"small_cell_threshold": "vijf"})

    assert response.status_code == 400
    assert "Vul een getal in, 5 of hoger." in response.content.decode()


def test_settings_start_with_everything_optional_off(client, coordinator, library):
    content = client.get(_url("manage_settings")).content.decode()

    assert content.count("checked") == 1  # only the monthly report
