"""The desk's fast path (forms/quick.py, services/quick.py) against the full path.

The fast path may only ever decline: it must never store what RegistrationForm and the
services refuse, and it should store what they accept. The random test below holds it to both.
"""

import datetime
import random
import uuid

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from plein.accounts.tests.factories import UserFactory
from plein.core.tests.factories import BranchFactory, LibraryFactory
from plein.questions.forms.desk import RegistrationForm
from plein.questions.forms.quick import QuickEntry, quick_entry_from_post
from plein.questions.models import (
    Registration,
    RegistrationLifeDomain,
    RegistrationSettings,
    RegistrationTopic,
    Visit,
    VisitMode,
)
from plein.questions.services import quick
from plein.questions.services import registration as services
from plein.questions.tests.factories import (
    AgeBandFactory,
    ChannelFactory,
    DeskFactory,
    LifeDomainFactory,
    OutcomeFactory,
    TopicFactory,
)
from plein.socialmap.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the fast path runs on PostgreSQL only"
)


def _query_dict(data: dict) -> QueryDict:
    query = QueryDict(mutable=True)
    for name, value in data.items():
        if isinstance(value, list):
            query.setlist(name, [str(v) for v in value])
        else:
            query[name] = str(value)
    return query


@pytest.fixture
def world():
    library, other = LibraryFactory(), LibraryFactory()
    branch = BranchFactory(library=library)
    closed = BranchFactory(library=library, is_active=False)
    return {
        "library": library,
        "user": UserFactory(library=library),
        "branches": [branch, closed, BranchFactory(library=other)],
        "desks": [
            DeskFactory(branch=branch, library=library),
            DeskFactory(branch=branch, library=library, archived=True),
            DeskFactory(branch=closed, library=library),
        ],
        "channels": [ChannelFactory(library=library), ChannelFactory(library=other)],
        "topics": [
            TopicFactory(library=library),
            TopicFactory(library=library),
            TopicFactory(library=library, archived=True),
            TopicFactory(library=other),
        ],
        "life_domains": [
            LifeDomainFactory(library=library),
            LifeDomainFactory(library=library),
            LifeDomainFactory(library=library, archived=True),
        ],
        "outcomes": [
            OutcomeFactory(library=library),
            OutcomeFactory(library=library, referred=True),
            OutcomeFactory(library=library, referred=True, archived=True),
            OutcomeFactory(library=other, referred=True),
        ],
        "age_bands": [AgeBandFactory(library=library), AgeBandFactory(library=other)],
        "organizations": [OrganizationFactory(library=library), OrganizationFactory(library=other)],
    }


def _valid_post(world, **extra) -> dict:
    data = {
        "branch": world["branches"][0].pk,
        "desk": world["desks"][0].pk,
        "channel": world["channels"][0].pk,
        "topics": [world["topics"][0].pk],
        "outcome": world["outcomes"][1].pk,
        "referred_organization": world["organizations"][0].pk,
        "effort": "2",
        "idempotency_key": str(uuid.uuid4()),
    }
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


def _full_path_accepts(data: dict, *, library, mode=VisitMode.FULL) -> bool:
    form = RegistrationForm(_query_dict(data))
    if not form.is_valid():
        return False
    visit = form.visit_input()
    visit.mode = mode
    try:
        services.visit_validate(visit, library=library)
    except services.ValidationError:
        return False
    return True


# --- reading the POST ----------------------------------------------------------------------------


def test_a_desk_post_is_read_as_the_form_reads_it(world):
    key = uuid.uuid4()
    data = _valid_post(
        world,
        idempotency_key=str(key),
        topics=[world["topics"][0].pk, world["topics"][1].pk, world["topics"][0].pk],
        other_topic=f" {world['topics'][1].pk} ",
        started_at="2026-11-20T09:15:00.000Z",
        is_complex="0",
        note="  kort  ",
    )
    entry = quick_entry_from_post(_query_dict(data))
    assert entry == QuickEntry(
        branch=world["branches"][0].pk,
        channel=world["channels"][0].pk,
        topics=(world["topics"][0].pk, world["topics"][1].pk),
        idempotency_key=key,
        desk=world["desks"][0].pk,
        started_at=datetime.datetime(2026, 11, 20, 9, 15, tzinfo=datetime.UTC),
        is_complex=True,  # a ticked checkbox is anything but "", "false" or absent
        outcome=world["outcomes"][1].pk,
        organization=world["organizations"][0].pk,
        effort=2,
        note="kort",
    )


@pytest.mark.parametrize(
    "change",
    [
        {"branch": None},
        {"channel": ""},
        {"desk": " "},
        {"desk": "+3"},
        {"desk": "3a"},
        {"topics": ["07"]},
        {"topics": [" 7"]},
        {"topics": [""]},
        {"mode": "rush"},
        {"referred_service": str(uuid.uuid4())},
        {"other_organization": str(uuid.uuid4())},
        {"referred_organization": "not-a-uuid"},
        {"idempotency_key": "123"},
        {"started_at": "gisteren"},
        {"duration_band": "eeuwig"},
        {"gender": "x"},
        {"effort": "5"},
        {"effort": "2.0"},
        {"effort": " "},
        {"note": "x" * 201},
        {"note": "nul\x00byte"},
        {"note": "mail jan@example.org"},
    ],
)
def test_anything_odd_is_left_to_the_full_path(world, change):
    data = _valid_post(world)
    data.update({k: v for k, v in change.items() if v is not None})
    for name in [k for k, v in change.items() if v is None]:
        data.pop(name)
    assert quick_entry_from_post(_query_dict(data)) is None


def test_the_typical_entry_is_taken(world):
    assert quick_entry_from_post(_query_dict(_valid_post(world))) is not None


# --- never more than the full path -------------------------------------------------------------


BOGUS = 987654321


def _random_post(rng: random.Random, world, used_keys: list) -> dict:
    """Mostly good choices, so that both sides of the property are exercised."""

    def pick(good, bad, *, empty=True):
        if empty and rng.random() < 0.3:
            return None
        return rng.choice(good if rng.random() < 0.85 else [*bad, BOGUS])

    w = world
    good_topics, bad_topics = [t.pk for t in w["topics"][:2]], [t.pk for t in w["topics"][2:]]
    topics = [pick(good_topics, bad_topics, empty=False) for _ in range(rng.randint(0, 2))]
    domains = [pick([d.pk for d in w["life_domains"][:2]], [w["life_domains"][2].pk], empty=False)]
    data = {
        "branch": pick([w["branches"][0].pk], [b.pk for b in w["branches"][1:]], empty=False),
        "desk": pick([w["desks"][0].pk], [d.pk for d in w["desks"][1:]]),
        "channel": pick([w["channels"][0].pk], [w["channels"][1].pk], empty=False),
        "topics": topics,
        "life_domains": domains[: rng.randint(0, 1)],
        "outcome": pick([o.pk for o in w["outcomes"][:2]], [o.pk for o in w["outcomes"][2:]]),
        "referred_organization": rng.choice([o.pk for o in w["organizations"]] + [None] * 3),
        "age_band": rng.choice([a.pk for a in w["age_bands"]] + [None] * 4),
        "gender": rng.choice(["", "", "", "woman"]),
        "note": rng.choice(["", "", "", "ging over toeslagen"]),
        "effort": rng.choice(["", "1", "4"]),
        "duration_band": rng.choice(["", "5_15"]),
    }
    if used_keys and rng.random() < 0.1:
        data["idempotency_key"] = rng.choice(used_keys)
    else:
        data["idempotency_key"] = str(uuid.uuid4())
    if rng.random() < 0.1:
        data["started_at"] = (timezone.now() + datetime.timedelta(hours=1)).isoformat()
    return {k: v for k, v in data.items() if v is not None}


@postgresql_only
def test_the_fast_path_stores_exactly_what_the_full_path_accepts(world):
    library, user = world["library"], world["user"]
    rules = RegistrationSettings.objects.get_or_create(library=library)[0]
    rng = random.Random(20261124)
    used_keys: list[str] = []
    stored = 0
    for round_number in range(400):
        if round_number % 50 == 0:  # the library switches its optional fields on and off
            rules.record_age_band, rules.record_gender, rules.allow_note = (
                rng.random() < 0.5 for _ in range(3)
            )
            rules.save()
        data = _random_post(rng, world, used_keys)
        key_used = data["idempotency_key"] in used_keys
        accepts = _full_path_accepts(data, library=library) and not key_used
        entry = quick_entry_from_post(_query_dict(data))
        visit_id = None
        if entry is not None:
            visit_id = quick.visit_register_quick(
                entry, user=user, library=library, mode=VisitMode.FULL
            )
        assert visit_id is None or accepts, f"stored what the full path refuses: {data}"
        assert visit_id is not None or not (accepts and entry), f"declined a good entry: {data}"
        if visit_id is not None:
            used_keys.append(data["idempotency_key"])
            stored += 1
    assert 20 < stored < 380  # the mix has both sides


@postgresql_only
def test_the_fast_path_stores_the_same_rows_as_the_services(world):
    library, user = world["library"], world["user"]
    RegistrationSettings.objects.update_or_create(
        library=library,
        defaults={"record_age_band": True, "record_gender": True, "allow_note": True},
    )
    data = _valid_post(
        world,
        topics=[world["topics"][0].pk, world["topics"][1].pk],
        life_domains=[world["life_domains"][0].pk, world["life_domains"][1].pk],
        age_band=world["age_bands"][0].pk,
        gender="woman",
        note="  over de huurtoeslag  ",
        duration_band="15_30",
        started_at=(timezone.now() - datetime.timedelta(hours=2)).isoformat(),
    )
    fast_id = quick.visit_register_quick(
        quick_entry_from_post(_query_dict(data)), user=user, library=library, mode="tally"
    )
    form = RegistrationForm(_query_dict(data | {"idempotency_key": str(uuid.uuid4())}))
    assert form.is_valid(), form.errors
    visit_input = form.visit_input()
    visit_input.mode = "tally"
    full, _created = services.visit_register(
        data=visit_input, user=user, idempotency_key=form.cleaned_data["idempotency_key"]
    )
    assert fast_id is not None and fast_id != full.pk
    assert _rows(Visit.objects.get(pk=fast_id)) == _rows(full)
    fast_registration = Registration.objects.get(visit_id=fast_id)
    assert fast_registration.is_complex  # two life domains
    assert fast_registration.referred_name == world["organizations"][0].name
    assert fast_registration.note == "over de huurtoeslag"


def _rows(visit: Visit) -> dict:
    skip = {"id", "visit", "registration", "idempotency_key", "created_at", "updated_at"}

    def values(instance) -> dict:
        return {
            f.attname: getattr(instance, f.attname)
            for f in instance._meta.concrete_fields
            if f.name not in skip
        }

    registrations = list(visit.registrations.order_by("id"))
    return {
        "visit": values(visit),
        "registrations": [values(r) for r in registrations],
        "topics": sorted(
            (link.topic_id, link.library_id, link.date)
            for link in RegistrationTopic.objects.filter(registration__in=registrations)
        ),
        "life_domains": sorted(
            (link.life_domain_id, link.library_id, link.date)
            for link in RegistrationLifeDomain.objects.filter(registration__in=registrations)
        ),
    }


@postgresql_only
def test_a_key_sent_before_is_declined_and_the_transaction_goes_on(world):
    entry = quick_entry_from_post(_query_dict(_valid_post(world)))
    arguments = {"user": world["user"], "library": world["library"], "mode": VisitMode.FULL}
    assert quick.visit_register_quick(entry, **arguments) is not None
    assert quick.visit_register_quick(entry, **arguments) is None
    assert Visit.objects.filter(idempotency_key=entry.idempotency_key).count() == 1


def test_a_new_column_without_a_value_stops_the_statement(monkeypatch):
    values = dict(quick._VISIT_VALUES)
    del values["gender"]
    monkeypatch.setattr(quick, "_VISIT_VALUES", values)
    quick._statement.cache_clear()
    try:
        with pytest.raises(LookupError, match="gender"):
            quick._statement()
    finally:
        quick._statement.cache_clear()


# --- the view ----------------------------------------------------------------------------------


@postgresql_only
def test_a_registration_costs_two_statements(client, world):
    client.force_login(world["user"])
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            reverse("questions:desk"), _valid_post(world), HTTP_ACCEPT="application/json"
        )
    assert response.status_code == 200 and response.json()["created"] is True
    statements = [
        q["sql"]
        for q in queries
        if not q["sql"].lstrip().upper().startswith(("SAVEPOINT", "RELEASE"))
    ]
    assert len(statements) == 2, statements  # session with user and library; the insert
    assert "questions_visit" in statements[1]


@postgresql_only
def test_a_replayed_entry_answers_with_the_first_visit(client, world):
    client.force_login(world["user"])
    data = _valid_post(world)
    first = client.post(reverse("questions:desk"), data, HTTP_ACCEPT="application/json").json()
    again = client.post(reverse("questions:desk"), data, HTTP_ACCEPT="application/json").json()
    assert again["visit"] == first["visit"] and again["created"] is False
    assert Visit.objects.count() == 1


def test_bad_input_still_gets_the_services_message(client, world):
    client.force_login(world["user"])
    archived = world["topics"][2]
    response = client.post(
        reverse("questions:desk"),
        _valid_post(world, topics=[archived.pk]),
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400
    assert response.json()["errors"]["topics"] == [
        str(services.OPTION_ARCHIVED) % {"name": archived.name}
    ]
    assert not Visit.objects.exists()


def test_tally_mode_is_stored(client, world):
    client.force_login(world["user"])
    response = client.post(
        reverse("questions:desk_tally"), _valid_post(world), HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 200
    assert Visit.objects.get().mode == VisitMode.TALLY


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite takes the full path")
def test_sqlite_always_takes_the_full_path(world):
    entry = quick_entry_from_post(_query_dict(_valid_post(world)))
    arguments = {"user": world["user"], "library": world["library"], "mode": VisitMode.FULL}
    assert quick.visit_register_quick(entry, **arguments) is None
