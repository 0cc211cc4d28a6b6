"""The registration services: validation, idempotency, undo, editing, repeat."""

import datetime
import uuid
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from plein.accounts.tests.factories import UserFactory
from plein.core.tests.factories import BranchFactory, LibraryFactory
from plein.questions.models import RegistrationSettings, Visit, VisitMode
from plein.questions.services import registration as services
from plein.questions.services.registration import QuestionInput, VisitInput
from plein.questions.tests.factories import (
    AgeBandFactory,
    ChannelFactory,
    DeskFactory,
    LifeDomainFactory,
    OutcomeFactory,
    TopicFactory,
)
from plein.socialmap.tests.factories import OrganizationFactory, ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return UserFactory()


@pytest.fixture
def base(user):
    library = user.library
    branch = BranchFactory(library=library)
    return {
        "branch": branch,
        "desk": DeskFactory(branch=branch),
        "channel": ChannelFactory(library=library),
        "topic": TopicFactory(library=library),
        "referred": OutcomeFactory(library=library, referred=True),
    }


def _visit(base, *, question=None, **changes) -> VisitInput:
    data = VisitInput(
        branch=base["branch"],
        desk=base["desk"],
        channel=base["channel"],
        questions=[question or QuestionInput(topics=[base["topic"]])],
    )
    for name, value in changes.items():
        setattr(data, name, value)
    return data


def _messages(error: Any, field: str) -> list[str]:
    return [str(m) for m in error.value.message_dict[field]]


def test_register_copies_the_visit_facts_onto_every_question(user, base):
    second = QuestionInput(topics=[TopicFactory(library=user.library)])
    visit, created = services.visit_register(
        data=_visit(base, questions=[QuestionInput(topics=[base["topic"]]), second]), user=user
    )
    assert created
    for registration in visit.registrations.all():
        assert registration.branch_id == base["branch"].pk
        assert registration.channel_id == base["channel"].pk
        assert registration.date == timezone.localdate()


def test_two_life_domains_make_a_question_complex(user, base):
    domains = LifeDomainFactory.create_batch(2, library=user.library)
    question = QuestionInput(topics=[base["topic"]], life_domains=domains)
    visit, _ = services.visit_register(data=_visit(base, question=question), user=user)
    assert visit.registrations.get().is_complex


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"started_at": "future"}, "started_at", services.STARTED_IN_FUTURE),
        ({"duration_band": "forever"}, "duration_band", services.DURATION_UNKNOWN),
        ({"gender": "woman"}, "gender", services.GENDER_DISABLED),
        ({"questions": []}, "questions", services.QUESTION_REQUIRED),
    ],
)
def test_bad_visit_fields_are_refused(user, base, changes, field, message):
    if changes.get("started_at") == "future":
        changes["started_at"] = timezone.now() + datetime.timedelta(hours=1)
    with pytest.raises(ValidationError) as error:
        services.visit_register(data=_visit(base, **changes), user=user)
    assert _messages(error, field) == [str(message)]
    assert not Visit.objects.exists()


def test_a_clock_a_few_minutes_ahead_is_not_the_future(user, base):
    ahead = timezone.now() + datetime.timedelta(minutes=2)
    visit, _ = services.visit_register(data=_visit(base, started_at=ahead), user=user)
    assert visit.started_at == ahead


def test_another_librarys_branch_and_a_desk_elsewhere_are_refused(user, base):
    with pytest.raises(ValidationError) as error:
        services.visit_register(data=_visit(base, branch=BranchFactory(), desk=None), user=user)
    assert _messages(error, "branch") == [str(services.BRANCH_OTHER_LIBRARY)]
    other = BranchFactory(library=user.library)
    with pytest.raises(ValidationError) as error:
        services.visit_register(data=_visit(base, branch=other), user=user)
    assert _messages(error, "desk") == [str(services.DESK_OTHER_BRANCH)]


def test_inactive_branch_is_refused(user, base):
    base["branch"].is_active = False
    base["branch"].save()
    with pytest.raises(ValidationError) as error:
        services.visit_register(data=_visit(base), user=user)
    assert _messages(error, "branch") == [str(services.BRANCH_INACTIVE)]


def test_options_of_another_library_and_archived_ones_are_refused(user, base):
    foreign = TopicFactory(name="Vreemd")
    archived = TopicFactory(library=user.library, name="Oud", archived=True)
    question = QuestionInput(topics=[foreign, archived])
    with pytest.raises(ValidationError) as error:
        services.visit_register(data=_visit(base, question=question), user=user)
    assert _messages(error, "topics") == [
        "“Vreemd” hoort niet bij de lijsten van uw bibliotheek.",
        "“Oud” is gearchiveerd en kan niet meer gekozen worden.",
    ]


@pytest.mark.parametrize(
    ("question", "field", "message"),
    [
        ({"topics": []}, "topics", services.TOPIC_REQUIRED),
        ({"effort": 5}, "effort", services.EFFORT_OUT_OF_RANGE),
        ({"note": "iets"}, "note", services.NOTE_DISABLED),
    ],
)
def test_bad_question_fields_are_refused(user, base, question, field, message):
    question = QuestionInput(**{"topics": [base["topic"]], **question})
    with pytest.raises(ValidationError) as error:
        services.visit_register(data=_visit(base, question=question), user=user)
    assert _messages(error, field) == [str(message)]


def test_referral_rules(user, base):
    answered = OutcomeFactory(library=user.library)
    own = OrganizationFactory(library=user.library)
    cases = [
        (
            QuestionInput(outcome=answered, referred_organization=own),
            "outcome",
            services.REFERRAL_NEEDS_REFERRED_OUTCOME,
        ),
        (
            QuestionInput(outcome=base["referred"], referred_organization=OrganizationFactory()),
            "referred_organization",
            services.REFERRAL_OTHER_LIBRARY,
        ),
        (
            QuestionInput(
                outcome=base["referred"],
                referred_organization=own,
                referred_service=ServiceFactory(library=user.library),
            ),
            "referred_service",
            services.SERVICE_OTHER_ORGANIZATION,
        ),
    ]
    for question, field, message in cases:
        question.topics = [base["topic"]]
        with pytest.raises(ValidationError) as error:
            services.visit_register(data=_visit(base, question=question), user=user)
        assert str(message) in _messages(error, field)


def test_referral_keeps_the_organisations_name(user, base):
    own = OrganizationFactory(library=user.library, name="Schuldhulp Beekveld")
    question = QuestionInput(
        topics=[base["topic"]], outcome=base["referred"], referred_organization=own
    )
    visit, _ = services.visit_register(data=_visit(base, question=question), user=user)
    assert visit.registrations.get().referred_name == "Schuldhulp Beekveld"


def test_optional_fields_when_the_library_enables_them(user, base, monkeypatch):
    # The guard itself is tested in plein/core; here: the service asks it and says why.
    monkeypatch.setattr(
        services.pii,
        "personal_data_problems",
        lambda text, **_: ["e-mailadres"] if "@" in text else [],
    )
    RegistrationSettings.objects.update_or_create(
        library=user.library,
        defaults={"record_age_band": True, "record_gender": True, "allow_note": True},
    )
    band = AgeBandFactory(library=user.library)
    question = QuestionInput(topics=[base["topic"]], note="Vraag over formulier")
    visit, _ = services.visit_register(
        data=_visit(base, question=question, age_band=band, gender="woman"), user=user
    )
    assert visit.age_band == band and visit.gender == "woman"
    question = QuestionInput(topics=[base["topic"]], note="mail jan@example.org")
    with pytest.raises(ValidationError) as error:
        services.visit_register(data=_visit(base, question=question), user=user)
    assert "persoonsgegevens" in _messages(error, "note")[0]
    with pytest.raises(ValidationError) as error:
        services.visit_register(data=_visit(base, gender="x"), user=user)
    assert _messages(error, "gender") == [str(services.GENDER_UNKNOWN)]


def test_age_band_is_refused_when_switched_off(user, base):
    with pytest.raises(ValidationError) as error:
        services.visit_register(
            data=_visit(base, age_band=AgeBandFactory(library=user.library)), user=user
        )
    assert _messages(error, "age_band") == [str(services.AGE_BAND_DISABLED)]


def test_same_key_twice_stores_once_and_another_user_may_not_reuse_it(user, base):
    key = uuid.uuid4()
    first, created = services.visit_register(data=_visit(base), user=user, idempotency_key=key)
    again, created_again = services.visit_register(
        data=_visit(base), user=user, idempotency_key=key
    )
    assert created and not created_again and first == again
    colleague = UserFactory(library=user.library)
    with pytest.raises(ValidationError) as error:
        services.visit_register(data=_visit(base), user=colleague, idempotency_key=key)
    assert _messages(error, "idempotency_key") == [str(services.IDEMPOTENCY_KEY_REUSED)]


def test_undo_works_within_the_window_and_not_after(user, base):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        visit, _ = services.visit_register(data=_visit(base), user=user)
        traveller.shift(datetime.timedelta(seconds=services.UNDO_SECONDS + 5))
        services.visit_undo(visit=visit, user=user)
        assert not Visit.objects.exists()
        late, _ = services.visit_register(data=_visit(base), user=user)
        traveller.shift(
            datetime.timedelta(seconds=services.UNDO_SECONDS + services.UNDO_GRACE_SECONDS + 1)
        )
        with pytest.raises(ValidationError) as error:
            services.visit_undo(visit=late, user=user)
    assert error.value.messages == [str(services.UNDO_TOO_LATE)]


def test_only_the_author_undoes(user, base):
    visit, _ = services.visit_register(data=_visit(base), user=user)
    with pytest.raises(ValidationError) as error:
        services.visit_undo(visit=visit, user=UserFactory(library=user.library))
    assert error.value.messages == [str(services.NOT_AUTHOR)]


def test_edit_only_by_the_author_and_only_on_the_same_day(user, base):
    with time_machine.travel(datetime.datetime(2026, 3, 2, 10, tzinfo=datetime.UTC)) as traveller:
        visit, _ = services.visit_register(data=_visit(base), user=user)
        registration = visit.registrations.get()
        question = QuestionInput(topics=[base["topic"]], effort=2)
        with pytest.raises(ValidationError) as error:
            services.registration_update(
                registration=registration, question=question, user=UserFactory()
            )
        assert error.value.messages == [str(services.NOT_AUTHOR)]
        services.registration_update(registration=registration, question=question, user=user)
        traveller.shift(datetime.timedelta(days=1))
        with pytest.raises(ValidationError) as error:
            services.registration_update(registration=registration, question=question, user=user)
    assert error.value.messages == [str(services.NOT_TODAY)]


def test_visit_update_copies_the_facts_onto_registrations(user, base):
    visit, _ = services.visit_register(data=_visit(base), user=user)
    other = ChannelFactory(library=user.library)
    earlier = timezone.now() - datetime.timedelta(hours=2)
    services.visit_update(
        visit=visit, data=_visit(base, channel=other, started_at=earlier), user=user
    )
    registration = visit.registrations.get()
    assert registration.channel == other
    assert registration.hour == timezone.localtime(earlier).hour


def test_visit_question_update_changes_both_or_nothing(user, base):
    visit, _ = services.visit_register(data=_visit(base), user=user)
    registration = visit.registrations.get()
    other = ChannelFactory(library=user.library)
    bad = QuestionInput(topics=[base["topic"]], effort=9)
    with pytest.raises(ValidationError) as error:
        services.visit_question_update(
            registration=registration,
            data=_visit(base, channel=other, question=bad, duration_band="nope"),
            user=user,
        )
    assert set(error.value.message_dict) == {"effort", "duration_band"}
    visit.refresh_from_db()
    assert visit.channel == base["channel"]
    good = QuestionInput(topics=[base["topic"]], effort=3)
    services.visit_question_update(
        registration=registration, data=_visit(base, channel=other, question=good), user=user
    )
    registration.refresh_from_db()
    assert registration.effort == 3 and registration.channel == other


def test_deleting_the_last_question_deletes_the_visit(user, base):
    questions = [QuestionInput(topics=[base["topic"]]), QuestionInput(topics=[base["topic"]])]
    visit, _ = services.visit_register(data=_visit(base, questions=questions), user=user)
    assert visit.registrations.count() == 2
    services.registration_delete(registration=visit.registrations.first(), user=user)
    assert Visit.objects.filter(pk=visit.pk).exists()
    services.registration_delete(registration=visit.registrations.get(), user=user)
    assert not Visit.objects.exists()


def test_repeat_copies_the_previous_visit_once_per_key(user, base):
    domain = LifeDomainFactory(library=user.library)
    question = QuestionInput(topics=[base["topic"]], life_domains=[domain], effort=2)
    services.visit_register(data=_visit(base, question=question, mode=VisitMode.FULL), user=user)
    key = uuid.uuid4()
    copy, created = services.visit_repeat(user=user, idempotency_key=key)
    again, created_again = services.visit_repeat(user=user, idempotency_key=key)
    assert created and not created_again and copy == again
    registration = copy.registrations.get()
    assert list(registration.topics.all()) == [base["topic"]]
    assert list(registration.life_domains.all()) == [domain]
    assert registration.effort == 2
    assert Visit.objects.count() == 2


def test_repeat_uses_the_devices_place_and_needs_a_previous_visit(user, base):
    with pytest.raises(ValidationError) as error:
        services.visit_repeat(user=user)
    assert error.value.messages == [str(services.NOTHING_TO_REPEAT)]
    services.visit_register(data=_visit(base), user=user)
    elsewhere = BranchFactory(library=user.library)
    copy, _ = services.visit_repeat(user=user, branch=elsewhere)
    assert copy.branch == elsewhere and copy.desk is None


def test_repeat_ignores_other_users_visits(user, base):
    services.visit_register(data=_visit(base), user=user)
    with pytest.raises(ValidationError):
        services.visit_repeat(user=UserFactory(library=LibraryFactory()))
