"""The volume generator behind `plein demo --registrations N` (plein/questions/demo.py)."""

import datetime
import zoneinfo
from collections import Counter
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count
from django.test import override_settings

from plein.core.models import AuditEvent, Branch, Library
from plein.demo.load import demo_load
from plein.demo.registrations import GENERATOR_USERNAME, registrations_generate
from plein.questions.models import (
    Channel,
    Desk,
    LifeDomain,
    MonthVersion,
    Outcome,
    OutcomeKind,
    Registration,
    RegistrationLifeDomain,
    RegistrationTopic,
    Topic,
    Visit,
    VisitMode,
)
from plein.questions.services.registration import QuestionInput, VisitInput, visit_register
from plein.socialmap.models import Organization, Service

pytestmark = pytest.mark.django_db

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
# A Monday late morning: today's registrations must stop at the hour now.
NOW = datetime.datetime(2026, 11, 23, 11, 30, tzinfo=AMSTERDAM)
MD5_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"
COUNT = 600


@pytest.fixture(scope="class")
def generated(django_db_setup, django_db_blocker):
    """The demo plus 600 generated questions, once for the class below, rolled back after."""
    fast_hasher = override_settings(PASSWORD_HASHERS=[MD5_HASHER])
    with django_db_blocker.unblock(), fast_hasher, transaction.atomic():
        demo_load(today=NOW.date())
        library = Library.objects.get(slug="beekveld")
        yield registrations_generate(library=library, count=COUNT, seed=7, now=NOW)
        transaction.set_rollback(True)


def _beekveld() -> Library:
    return Library.objects.get(slug="beekveld")


class TestOneGeneratedSet:
    """Read-only checks of one generated set (generating it once keeps the tests quick)."""

    def test_generates_exactly_the_requested_number_of_questions(self, generated):
        assert generated.registrations == COUNT
        assert Registration.objects.filter(
            visit__registered_by__username=GENERATOR_USERNAME
        ).count()
        assert Registration.objects.count() == COUNT
        # 1.0–1.5 questions per visit.
        assert COUNT / 1.5 <= Visit.objects.count() == generated.visits <= COUNT

    def test_every_visit_has_at_least_one_question(self, generated):
        assert not Visit.objects.filter(registrations__isnull=True).exists()

    def test_registrations_repeat_their_visits_facts(self, generated):
        for registration in Registration.objects.select_related("visit"):
            visit = registration.visit
            for name in ("library_id", "branch_id", "desk_id", "channel_id", "date", "hour"):
                assert getattr(registration, name) == getattr(visit, name), name
            assert registration.weekday == visit.weekday

    def test_topic_and_life_domain_links_repeat_the_registrations_library_and_date(self, generated):
        for model in (RegistrationTopic, RegistrationLifeDomain):
            links = model.objects.select_related("registration")
            assert links.exists()
            for link in links:
                assert link.library_id == link.registration.library_id
                assert link.date == link.registration.date

    def test_local_date_hour_and_weekday_match_the_start_time_in_amsterdam(self, generated):
        for visit in Visit.objects.all():
            local = visit.started_at.astimezone(AMSTERDAM)
            assert (visit.date, visit.hour, visit.weekday) == (
                local.date(),
                local.hour,
                local.isoweekday(),
            )

    def test_nothing_is_registered_in_the_future_or_before_the_three_years(self, generated):
        assert not Visit.objects.filter(started_at__gt=NOW).exists()
        assert not Visit.objects.filter(created_at__gt=NOW).exists()
        assert not Visit.objects.filter(date__lte=datetime.date(2023, 11, 23)).exists()
        assert Visit.objects.filter(date__year=2023).exists()

    def test_questions_fall_in_opening_hours_and_peak_late_in_the_morning(self, generated):
        hours = Counter(Registration.objects.values_list("hour", flat=True))
        assert min(hours) >= 9 and max(hours) <= 19
        assert hours[11] > hours[9] and hours[11] > hours[17]

    def test_weekdays_are_busier_than_weekends(self, generated):
        weekdays = Counter(Registration.objects.values_list("weekday", flat=True))
        assert min(weekdays[day] for day in range(1, 6)) > weekdays[6] > weekdays[7]

    def test_tax_returns_peak_in_march_and_april(self, generated):
        months = Counter(
            RegistrationTopic.objects.filter(topic__name="Belastingaangifte").values_list(
                "registration__date__month", flat=True
            )
        )
        spring = months[3] + months[4]
        assert spring > sum(months.values()) - spring

    def test_topics_are_skewed_towards_a_few_frequent_ones(self, generated):
        counts = sorted(
            RegistrationTopic.objects.values("topic")
            .annotate(n=Count("id"))
            .values_list("n", flat=True),
            reverse=True,
        )
        assert sum(counts[:5]) > sum(counts) * 0.4

    def test_shares_of_life_domains_complex_questions_and_referrals_are_realistic(self, generated):
        with_domains = Registration.objects.filter(life_domains__isnull=False).distinct().count()
        complex_questions = Registration.objects.filter(is_complex=True).count()
        referred = Registration.objects.filter(outcome__kind=OutcomeKind.REFERRED).count()
        assert 0.12 * COUNT <= with_domains <= 0.28 * COUNT
        assert 0.04 * COUNT <= complex_questions <= 0.13 * COUNT
        assert 0.13 * COUNT <= referred <= 0.28 * COUNT

    def test_two_or_more_life_domains_make_a_question_complex(self, generated):
        several = (
            RegistrationLifeDomain.objects.values("registration")
            .annotate(n=Count("id"))
            .filter(n__gte=2)
            .values_list("registration", flat=True)
        )
        assert several
        assert not Registration.objects.filter(pk__in=list(several), is_complex=False).exists()

    def test_referrals_name_an_organization_of_the_librarys_social_map(self, generated):
        referred = Registration.objects.filter(outcome__kind=OutcomeKind.REFERRED)
        assert referred.exclude(referred_organization=None).exists()
        for registration in referred.exclude(referred_organization=None).select_related(
            "referred_organization", "referred_service"
        ):
            organization = registration.referred_organization
            assert organization.library == _beekveld()
            assert registration.referred_name == organization.name
            if registration.referred_service is not None:
                assert registration.referred_service.organization == organization
        assert (
            not Registration.objects.exclude(outcome__kind=OutcomeKind.REFERRED)
            .exclude(referred_name="")
            .exists()
        )

    def test_most_questions_come_in_at_the_counter(self, generated):
        channels = Counter(Registration.objects.values_list("channel__name", flat=True))
        assert channels.most_common(1)[0][0] == "Balie"
        assert channels["Balie"] > COUNT / 2

    def test_tally_visits_hold_one_question_with_only_a_topic(self, generated):
        tallies = Visit.objects.filter(mode=VisitMode.TALLY)
        assert tallies.exists()
        for visit in tallies:
            (registration,) = visit.registrations.all()
            assert registration.topics.count() == 1
            assert registration.outcome is None and not registration.life_domains.exists()
            assert visit.duration_band == ""

    def test_another_librarys_ids_are_never_used(self, generated):
        beekveld = _beekveld()
        assert set(Visit.objects.values_list("library", flat=True)) == {beekveld.pk}
        assert set(Registration.objects.values_list("library", flat=True)) == {beekveld.pk}
        used = {
            Branch: Registration.objects.values_list("branch", flat=True),
            Desk: Registration.objects.values_list("desk", flat=True),
            Channel: Registration.objects.values_list("channel", flat=True),
            Outcome: Registration.objects.exclude(outcome=None).values_list("outcome", flat=True),
            Topic: RegistrationTopic.objects.values_list("topic", flat=True),
            LifeDomain: RegistrationLifeDomain.objects.values_list("life_domain", flat=True),
            Organization: Registration.objects.exclude(referred_organization=None).values_list(
                "referred_organization", flat=True
            ),
            Service: Registration.objects.exclude(referred_service=None).values_list(
                "referred_service", flat=True
            ),
        }
        for model, ids in used.items():
            libraries = set(model.objects.filter(pk__in=set(ids)).values_list("library", flat=True))
            assert libraries == {beekveld.pk}, model.__name__

    def test_thirty_branches_each_with_a_desk_and_all_of_them_used(self, generated):
        branches = Branch.objects.filter(library=_beekveld(), is_active=True)
        assert branches.count() == 30 and generated.branches == 30
        assert generated.branches_created == 27
        assert branches.filter(name__startswith="Servicepunt ").count() == 27
        assert not branches.filter(desks__isnull=True).exists()
        assert Registration.objects.values("branch").distinct().count() > 20
        assert not Registration.objects.filter(desk=None).exists()

    def test_the_generated_set_carries_no_personal_data(self, generated):
        assert not Registration.objects.exclude(note="").exists()
        assert not Visit.objects.exclude(gender="").exists()
        assert not Visit.objects.exclude(age_band=None).exists()
        assert not Visit.objects.exclude(idempotency_key=None).exists()

    def test_generated_registrations_belong_to_an_account_that_cannot_log_in(self, generated):
        authors = set(Visit.objects.values_list("registered_by__username", flat=True))
        assert authors == {GENERATOR_USERNAME}
        author = Visit.objects.first().registered_by
        assert not author.is_active and not author.has_usable_password()


# --- running again, the command --------------------------------------------------------------


@pytest.fixture
def demo():
    demo_load(today=NOW.date())
    return _beekveld()


def _register_by_hand(library: Library) -> Visit:
    branch = Branch.objects.get(library=library, slug="centrum")
    visit, _created = visit_register(
        data=VisitInput(
            branch=branch,
            channel=Channel.objects.get(library=library, name="Balie"),
            questions=[QuestionInput(topics=[Topic.objects.filter(library=library)[0]])],
        ),
        user=library.users.get(username="balie"),
    )
    return visit


def test_running_again_replaces_the_generated_set_and_keeps_real_registrations(demo):
    registrations_generate(library=demo, count=200, seed=1)
    by_hand = _register_by_hand(demo)
    second = registrations_generate(library=demo, count=120, seed=2)
    assert second.replaced == 200 and second.registrations == 120
    assert Registration.objects.count() == 121
    assert Visit.objects.filter(pk=by_hand.pk).exists()
    assert Branch.objects.filter(library=demo).count() == 30  # no branches added twice
    assert AuditEvent.objects.filter(action="questions.demo.generated").count() == 2


def test_the_same_seed_generates_the_same_registrations(demo):
    def fingerprint():
        return list(
            Registration.objects.order_by("visit__started_at", "id").values_list(
                "visit__started_at", "branch__name", "outcome__name", "referred_name"
            )
        )

    registrations_generate(library=demo, count=150, seed=5, now=NOW)
    first = fingerprint()
    registrations_generate(library=demo, count=150, seed=5, now=NOW)
    assert fingerprint() == first


def test_every_completed_month_loaded_or_emptied_gets_a_new_version(demo):
    with time_machine.travel(datetime.datetime(2026, 12, 2, 12, tzinfo=AMSTERDAM), tick=False):
        registrations_generate(library=demo, count=100, seed=1, years=2, now=NOW)
        registrations_generate(library=demo, count=100, seed=1, years=1, now=NOW)
    versions = dict(MonthVersion.objects.filter(library=demo).values_list("month", "version"))
    # Two years back from 23 November 2026 start on 24 November 2024: 25 months. The second
    # run loads only the last 13 of them, but empties the first run's older ones.
    assert len(versions) == 25
    assert set(versions.values()) == {2}


def test_zero_removes_the_generated_set(demo):
    registrations_generate(library=demo, count=100, seed=1)
    result = registrations_generate(library=demo, count=0)
    assert result.replaced == 100 and not Registration.objects.exists()


def test_demo_command_generates_registrations_and_says_how_many(monkeypatch, settings):
    monkeypatch.setenv("PLEIN_DEV", "1")
    settings.PASSWORD_HASHERS = [MD5_HASHER]
    out = StringIO()
    call_command("demo", "--registrations", "300", "--branches", "5", "--seed", "3", stdout=out)
    assert "300 vragen in" in out.getvalue() and " s (5 vestigingen" in out.getvalue()
    assert Registration.objects.count() == 300
    assert Branch.objects.filter(library__slug="beekveld").count() == 5
    call_command("demo", "--registrations", "100", stdout=out)
    assert "eerder gemaakte set van 300 vragen is vervangen" in out.getvalue()
    assert Registration.objects.count() == 100


@pytest.mark.parametrize(
    "arguments", [["--registrations", "-1"], ["--registrations", "5", "--years", "0"]]
)
def test_demo_command_refuses_impossible_volume_options(monkeypatch, arguments):
    monkeypatch.setenv("PLEIN_DEV", "1")
    with pytest.raises(CommandError, match="--registrations moet 0 of meer zijn"):
        call_command("demo", *arguments, stdout=StringIO())
    assert not Registration.objects.exists()


def test_demo_command_refuses_to_generate_in_production(monkeypatch, settings):
    monkeypatch.delenv("PLEIN_DEV", raising=False)
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("demo", "--registrations", "10", stdout=StringIO())
    assert not Registration.objects.exists()


def test_right_after_midnight_today_stays_empty(demo):
    # Right after midnight nothing of today is open yet: today stays empty.
    just_after_midnight = datetime.datetime(2026, 11, 24, 0, 5, tzinfo=AMSTERDAM)
    registrations_generate(library=demo, count=200, seed=1, now=just_after_midnight)
    assert not Visit.objects.filter(date=just_after_midnight.date()).exists()
    assert Visit.objects.filter(date=datetime.date(2026, 11, 23)).exists()
