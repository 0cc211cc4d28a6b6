"""The desk screen's views: permissions, HTML and JSON answers, bad input, concurrency."""

import json
import re
import uuid

import pytest
from django.urls import reverse

from plein.accounts.tests.factories import UserFactory
from plein.core import audit
from plein.core.models import AuditEvent
from plein.core.tests.factories import BranchFactory, LibraryFactory
from plein.questions import audit_actions as actions
from plein.questions.models import Registration, Visit, VisitMode
from plein.questions.services import registration as services
from plein.questions.tests.factories import (
    ChannelFactory,
    DeskFactory,
    OutcomeFactory,
    RegistrationSettingsFactory,
    TopicFactory,
    TopicTileFactory,
)
from plein.questions.views.desk import DEVICE_COOKIE, TODAY_LIST_LENGTH
from plein.socialmap.tests.factories import (
    AttributeFactory,
    OrganizationFactory,
    ServiceFactory,
    TaxonomyTermFactory,
)

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def place():
    library = LibraryFactory()
    branch = BranchFactory(library=library, name="Hoogdonk")
    return {
        "library": library,
        "branch": branch,
        "desk": DeskFactory(branch=branch, name="Infopunt"),
        "channel": ChannelFactory(library=library, name="Balie"),
        "topic": TopicFactory(library=library, name="Toeslagen"),
        "outcome": OutcomeFactory(library=library, name="Beantwoord"),
        "referred": OutcomeFactory(library=library, name="Doorverwezen", referred=True),
    }


@pytest.fixture
def worker(place):
    return UserFactory(library=place["library"])


def _post(place, **extra):
    data = {
        "branch": place["branch"].pk,
        "desk": place["desk"].pk,
        "channel": place["channel"].pk,
        "topics": [place["topic"].pk],
        "outcome": place["outcome"].pk,
    }
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


def test_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get(reverse("questions:desk"))
    assert response.status_code == 302
    assert "/inloggen/" in response.url


def test_anonymous_json_request_gets_401_not_a_login_page(client, place):
    response = client.post(reverse("questions:desk"), _post(place), **JSON)
    assert response.status_code == 401
    assert response.json()["ok"] is False


@pytest.mark.parametrize("role", ["partner", "funder", "administrator"])
def test_users_who_are_not_library_staff_are_refused(client, role):
    client.force_login(UserFactory(**{role: True}))
    assert client.get(reverse("questions:desk")).status_code == 403
    assert client.post(reverse("questions:desk"), {}, **JSON).status_code == 403


def test_coordinator_may_register_too(client, place):
    client.force_login(UserFactory(library=place["library"], coordinator=True))
    assert client.get(reverse("questions:desk")).status_code == 200


def test_desk_screen_shows_tiles_numbered_for_shortcuts(client, place, worker):
    TopicTileFactory(branch=place["branch"], topic=place["topic"])
    client.force_login(worker)
    response = client.get(reverse("questions:desk"))
    html = response.content.decode()
    assert 'data-shortcut="1"' in html and "Toeslagen" in html
    assert "Hoogdonk" in html and "Infopunt" in html


def test_desk_screen_runs_a_fixed_number_of_queries(
    client, place, worker, django_assert_max_num_queries
):
    for _ in range(3):
        TopicTileFactory(branch=place["branch"])
    client.force_login(worker)
    for _ in range(5):
        client.post(reverse("questions:desk"), _post(place))
    with django_assert_max_num_queries(27):
        response = client.get(reverse("questions:desk"))
    assert response.status_code == 200
    for _ in range(10):
        client.post(reverse("questions:desk"), _post(place))
    with django_assert_max_num_queries(27):
        client.get(reverse("questions:desk"))


def test_todays_list_shows_the_latest_and_counts_them_all(client, place, worker):
    """A rush hour in tally mode makes hundreds of visits; the page stays small."""
    client.force_login(worker)
    for _ in range(TODAY_LIST_LENGTH + 3):
        client.post(reverse("questions:desk"), _post(place))
    page = client.get(reverse("questions:desk")).content.decode()
    assert f"({TODAY_LIST_LENGTH + 3})" in page
    assert f"Hieronder de laatste {TODAY_LIST_LENGTH}." in page
    edit_link = re.escape(reverse("questions:desk_edit", args=[0])).replace("0", r"\d+", 1)
    assert len(re.findall(edit_link, page)) == TODAY_LIST_LENGTH
    latest = Registration.objects.latest("id")
    assert reverse("questions:desk_edit", args=[latest.pk]) in page


def test_posting_the_form_registers_and_offers_undo(client, place, worker):
    client.force_login(worker)
    response = client.post(reverse("questions:desk"), _post(place), follow=True)
    visit = Visit.objects.get()
    assert visit.registered_by == worker and visit.mode == VisitMode.FULL
    assert list(visit.registrations.get().topics.all()) == [place["topic"]]
    html = response.content.decode()
    assert "Opgeslagen." in html
    assert reverse("questions:desk_undo", args=[visit.pk]) in html


def test_json_post_answers_with_visit_and_undo_url(client, place, worker):
    client.force_login(worker)
    key = uuid.uuid4()
    response = client.post(reverse("questions:desk"), _post(place, idempotency_key=key), **JSON)
    answer = response.json()
    assert answer["ok"] is True and answer["created"] is True
    assert answer["undo_url"] == reverse("questions:desk_undo", args=[answer["visit"]])


def test_a_double_submitted_form_is_stored_once(client, place, worker):
    client.force_login(worker)
    data = _post(place, idempotency_key=uuid.uuid4())
    client.post(reverse("questions:desk"), data)
    client.post(reverse("questions:desk"), data)
    assert Visit.objects.count() == 1


def test_a_replayed_offline_queue_adds_nothing(client, place, worker):
    client.force_login(worker)
    queue = [_post(place, idempotency_key=uuid.uuid4()) for _ in range(3)]
    for entry in queue + queue:
        assert client.post(reverse("questions:desk"), entry, **JSON).status_code == 200
    assert Visit.objects.count() == 3


def test_a_key_reused_by_another_user_is_refused(client, place, worker):
    key = uuid.uuid4()
    client.force_login(worker)
    client.post(reverse("questions:desk"), _post(place, idempotency_key=key), **JSON)
    client.force_login(UserFactory(library=place["library"]))
    response = client.post(reverse("questions:desk"), _post(place, idempotency_key=key), **JSON)
    assert response.status_code == 400
    assert response.json()["errors"]["idempotency_key"] == [str(services.IDEMPOTENCY_KEY_REUSED)]


def test_two_desks_registering_at_the_same_moment_are_both_stored(client, place, worker):
    other = UserFactory(library=place["library"])
    moment = "2026-01-05T10:00:00+01:00"
    for user in (worker, other):
        client.force_login(user)
        response = client.post(reverse("questions:desk"), _post(place, started_at=moment), **JSON)
        assert response.status_code == 200
    assert Visit.objects.count() == 2


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"topics": []}, "topics", services.TOPIC_REQUIRED),
        ({"started_at": "2999-01-01T10:00"}, "started_at", services.STARTED_IN_FUTURE),
        ({"effort": "7"}, "effort", services.EFFORT_OUT_OF_RANGE),
        ({"duration_band": "forever"}, "duration_band", services.DURATION_UNKNOWN),
        ({"gender": "woman"}, "gender", services.GENDER_DISABLED),
        ({"note": "hallo"}, "note", services.NOTE_DISABLED),
    ],
)
def test_bad_input_is_refused_with_the_services_message(
    client, place, worker, extra, field, message
):
    client.force_login(worker)
    response = client.post(reverse("questions:desk"), _post(place, **extra), **JSON)
    assert response.status_code == 400
    assert str(message) in response.json()["errors"][field]
    assert not Visit.objects.exists()


def test_options_of_another_library_are_refused_next_to_their_field(client, place, worker):
    stranger = LibraryFactory()
    foreign_branch = BranchFactory(library=stranger)
    client.force_login(worker)
    data = _post(
        place,
        branch=foreign_branch.pk,
        desk=None,
        topics=[TopicFactory(library=stranger).pk],
        outcome=OutcomeFactory(library=stranger, referred=True).pk,
        referred_organization=OrganizationFactory(library=stranger).pk,
    )
    errors = client.post(reverse("questions:desk"), data, **JSON).json()["errors"]
    assert errors["branch"] == [str(services.BRANCH_OTHER_LIBRARY)]
    assert "hoort niet bij de lijsten" in errors["topics"][0]
    assert "hoort niet bij de lijsten" in errors["outcome"][0]
    assert errors["referred_organization"] == [str(services.REFERRAL_OTHER_LIBRARY)]


def test_archived_and_unknown_options_are_refused(client, place, worker):
    archived = TopicFactory(library=place["library"], archived=True, name="Oud")
    client.force_login(worker)
    data = _post(place, topics=[archived.pk])
    errors = client.post(reverse("questions:desk"), data, **JSON).json()["errors"]
    assert errors["topics"] == ["“Oud” is gearchiveerd en kan niet meer gekozen worden."]
    data = _post(place, outcome=999999)
    errors = client.post(reverse("questions:desk"), data, **JSON).json()["errors"]
    assert errors["outcome"] == ["Deze keuze bestaat niet (meer). Kies opnieuw."]
    assert not Visit.objects.exists()


def test_bad_input_without_script_keeps_what_was_chosen(client, place, worker):
    TopicTileFactory(branch=place["branch"], topic=place["topic"])
    client.force_login(worker)
    data = _post(place, started_at="2999-01-01T10:00", effort="2")
    response = client.post(reverse("questions:desk"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert str(services.STARTED_IN_FUTURE) in html
    assert (
        f'value="{place["topic"].pk}" id="desk-topic-{place["topic"].pk}" data-shortcut="1" checked'
        in html
    )
    assert 'value="2" id="desk-effort-2" checked' in html
    assert 'aria-describedby="desk-started_at-error"' in html


def test_tally_stores_one_topic_in_tally_mode(client, place, worker):
    client.force_login(worker)
    data = {
        "branch": place["branch"].pk,
        "channel": place["channel"].pk,
        "topics": place["topic"].pk,
        "idempotency_key": uuid.uuid4(),
    }
    response = client.post(reverse("questions:desk_tally"), data, follow=True)
    visit = Visit.objects.get()
    assert visit.mode == VisitMode.TALLY
    assert visit.registrations.get().outcome is None
    assert response.redirect_chain[-1][0] == reverse("questions:desk_tally")
    assert '<span class="desk-tile__count" data-count>1</span>' in response.content.decode()


def test_repeat_copies_the_previous_visit_in_one_post(client, place, worker):
    client.force_login(worker)
    client.post(reverse("questions:desk"), _post(place))
    response = client.post(
        reverse("questions:desk_repeat"), {"idempotency_key": uuid.uuid4()}, **JSON
    )
    assert response.json()["created"] is True
    assert Registration.objects.filter(topics=place["topic"]).count() == 2


def test_repeat_without_a_previous_visit_says_so(client, place, worker):
    client.force_login(worker)
    response = client.post(reverse("questions:desk_repeat"), {}, follow=True)
    assert str(services.NOTHING_TO_REPEAT) in response.content.decode()


def test_undo_removes_the_visit_and_only_for_its_author(client, place, worker):
    client.force_login(worker)
    visit_id = client.post(reverse("questions:desk"), _post(place), **JSON).json()["visit"]
    client.force_login(UserFactory(library=place["library"]))
    response = client.post(reverse("questions:desk_undo", args=[visit_id]), **JSON)
    assert response.status_code == 400
    client.force_login(UserFactory())  # another library: not even visible
    assert client.post(reverse("questions:desk_undo", args=[visit_id])).status_code == 404
    client.force_login(worker)
    assert client.post(reverse("questions:desk_undo", args=[visit_id]), **JSON).json()["ok"]
    assert not Visit.objects.exists()


def test_device_choice_is_remembered_in_a_cookie(client, place, worker):
    second = BranchFactory(library=place["library"], name="Ravenstede")
    channel = ChannelFactory(library=place["library"], name="Telefoon")
    client.force_login(worker)
    response = client.post(
        reverse("questions:desk_device"), {"branch": second.pk, "channel": channel.pk}
    )
    assert DEVICE_COOKIE in response.cookies
    html = client.get(reverse("questions:desk")).content.decode()
    assert f'name="branch" value="{second.pk}"' in html
    assert f'name="channel" value="{channel.pk}"' in html


def test_device_form_refuses_another_librarys_branch_and_a_desk_elsewhere(client, place, worker):
    other_branch = BranchFactory(library=place["library"])
    client.force_login(worker)
    data = {"branch": BranchFactory().pk, "channel": place["channel"].pk}
    assert client.post(reverse("questions:desk_device"), data).status_code == 400
    data = {"branch": other_branch.pk, "desk": place["desk"].pk, "channel": place["channel"].pk}
    response = client.post(reverse("questions:desk_device"), data)
    assert response.status_code == 400
    assert str(services.DESK_OTHER_BRANCH) in response.content.decode()
    assert DEVICE_COOKIE not in response.cookies


def test_author_edits_a_registration_the_same_day(client, place, worker):
    client.force_login(worker)
    client.post(reverse("questions:desk"), _post(place))
    registration = Registration.objects.get()
    url = reverse("questions:desk_edit", args=[registration.pk])
    assert client.get(url).status_code == 200
    other_channel = ChannelFactory(library=place["library"])
    data = _post(place, channel=other_channel.pk, effort="3")
    response = client.post(url, data)
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.effort == 3 and registration.channel == other_channel


def test_an_edit_is_one_audit_entry_that_records_the_note_changed_not_its_text(
    client, place, worker
):
    RegistrationSettingsFactory(library=place["library"], allow_note=True)
    client.force_login(worker)
    client.post(reverse("questions:desk"), _post(place, note="eerste versie"))
    registration = Registration.objects.get()
    other_channel = ChannelFactory(library=place["library"])
    url = reverse("questions:desk_edit", args=[registration.pk])
    before = AuditEvent.objects.count()
    data = _post(place, channel=other_channel.pk, effort="3", note="tweede versie van de notitie")
    assert client.post(url, data).status_code == 302
    entries = AuditEvent.objects.order_by("pk")[before:]
    assert [entry.action for entry in entries] == [actions.REGISTRATION_UPDATED]
    changes = entries[0].changes
    assert changes["note"] == audit.FIELD_CHANGED
    assert changes["channel"][1] == other_channel.name and changes["effort"] == [None, 3]
    assert "versie" not in json.dumps(list(AuditEvent.objects.values_list("changes", flat=True)))


def test_edit_with_bad_input_keeps_the_values(client, place, worker):
    client.force_login(worker)
    client.post(reverse("questions:desk"), _post(place))
    registration = Registration.objects.get()
    url = reverse("questions:desk_edit", args=[registration.pk])
    response = client.post(url, _post(place, effort="9", started_at="2999-01-01T10:00"))
    assert response.status_code == 400
    html = response.content.decode()
    assert str(services.EFFORT_OUT_OF_RANGE) in html and str(services.STARTED_IN_FUTURE) in html
    assert 'value="2999-01-01T10:00"' in html


def test_others_may_not_edit_or_delete(client, place, worker):
    client.force_login(worker)
    client.post(reverse("questions:desk"), _post(place))
    registration = Registration.objects.get()
    client.force_login(UserFactory(library=place["library"]))
    assert client.get(reverse("questions:desk_edit", args=[registration.pk])).status_code == 403
    assert client.post(reverse("questions:desk_delete", args=[registration.pk])).status_code == 403
    client.force_login(UserFactory())
    assert client.get(reverse("questions:desk_edit", args=[registration.pk])).status_code == 404
    assert Registration.objects.exists()


def test_author_deletes_a_registration(client, place, worker):
    client.force_login(worker)
    client.post(reverse("questions:desk"), _post(place))
    registration = Registration.objects.get()
    client.post(reverse("questions:desk_delete", args=[registration.pk]))
    assert not Visit.objects.exists()


def test_referral_suggestions_follow_the_topics_term(client, place, worker):
    term = TaxonomyTermFactory(name="Schulden")
    place["topic"].term = term
    place["topic"].save()
    service = ServiceFactory(library=place["library"], organization__library=place["library"])
    AttributeFactory(service=service, taxonomy_term=term)
    client.force_login(worker)
    html = client.get(reverse("questions:desk")).content.decode()
    assert f'data-topics="{place["topic"].pk}"' in html
    assert service.organization.name in html


def test_today_fragment_lists_own_registrations_only(client, place, worker):
    client.force_login(worker)
    client.post(reverse("questions:desk"), _post(place))
    mine = client.get(reverse("questions:desk_today")).content.decode()
    client.force_login(UserFactory(library=place["library"]))
    theirs = client.get(reverse("questions:desk_today")).content.decode()
    assert "Toeslagen" in mine and "Toeslagen" not in theirs


def test_a_referred_question_offers_a_warm_referral_and_an_answered_one_does_not(
    client, place, worker
):
    client.force_login(worker)
    client.post(reverse("questions:desk"), _post(place))
    client.post(reverse("questions:desk"), _post(place, outcome=place["referred"].pk))
    referred = Registration.objects.get(outcome=place["referred"])
    html = client.get(reverse("questions:desk_today")).content.decode()
    link = f"{reverse('referrals:desk_new')}?registration={referred.pk}"
    assert html.count(reverse("referrals:desk_new")) == 1
    assert link in html
