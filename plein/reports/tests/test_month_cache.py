"""Stored month counts: complete past months are read from MonthAggregate while their version is
the questions app's current one; the rest is counted live. Writers never call reports."""

import datetime
from dataclasses import replace

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plein.accounts.tests.factories import UserFactory
from plein.questions.models import RegistrationSettings
from plein.questions.services.registration import (
    QuestionInput,
    VisitInput,
    registration_delete,
    visit_register,
)
from plein.reports.models import MonthAggregate
from plein.reports.months import stored_months
from plein.reports.selectors import (
    ReportScope,
    dashboard_tallies,
    report_breakdown,
    report_dashboard,
)
from plein.reports.services import (
    month_counts_fill,
    month_counts_fill_all,
    month_counts_store,
)
from plein.reports.tables import breakdown_table

from .conftest import _question, _visit

# "Today" in these tests: the months up to June 2026 are complete.
NOW = datetime.datetime(2026, 7, 10, 12, tzinfo=datetime.UTC)
CROSSES = [("branch", "outcome"), ("topic", "weekday"), ("life_domain", "hour"), None]
WRITES = ("INSERT", "UPDATE", "DELETE")


def _history(world) -> None:
    """Questions in February to April 2026, besides the world's May and June."""
    for month, topics in ((2, [world.digid]), (3, [world.pas, world.toeslagen]), (4, [])):
        day = datetime.date(2026, month, 10)
        visit = _visit(world.south, world.phone, day, 9 + month, duration_band="5_15")
        _question(visit, topics, outcome=world.answered)
        _question(visit, [world.digid], outcome=world.referred, referred_name="Schuldhulp")
    visit = _visit(world.north, world.balie, datetime.date(2026, 3, 31), 16)
    _question(visit, [world.toeslagen], is_complex=True, life_domains=[world.money])


def _scope(world, start=datetime.date(2026, 2, 20), end=datetime.date(2026, 7, 9), **filters):
    libraries = (world.library.pk, world.other_library.pk)
    return ReportScope(libraries=libraries, start=start, end=end, **filters)


def _live(scope, **kwargs):
    """The dashboard counted from the registrations alone, as if nothing were stored."""
    stored = list(MonthAggregate.objects.all())
    MonthAggregate.objects.all().delete()
    try:
        return report_dashboard(scope=scope, **kwargs)
    finally:
        MonthAggregate.objects.bulk_create(stored)


def _viewed(scope, **kwargs):
    """What the report views do: store the missing months, then read."""
    month_counts_fill(scope=scope, **kwargs)
    return report_dashboard(scope=scope, **kwargs)


def _writes(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if q["sql"].lstrip().startswith(WRITES)]


@pytest.fixture
def history(world):
    _history(world)
    RegistrationSettings.objects.create(library=world.library, record_age_band=True)
    return world


@pytest.fixture
def author(history):
    return UserFactory(library=history.library)


def _late_entry(world, author, day=datetime.date(2026, 3, 20)):
    """A desk queue delivers, in July, a visit of a past month."""
    data = VisitInput(
        branch=world.north,
        channel=world.balie,
        started_at=datetime.datetime.combine(day, datetime.time(10), tzinfo=datetime.UTC),
        questions=[QuestionInput(topics=[world.pas], outcome=world.answered)],
    )
    visit, _created = visit_register(data=data, user=author)
    return visit


@pytest.mark.parametrize("cross", CROSSES)
def test_stored_dashboard_equals_the_live_one_cold_and_warm(history, cross):
    scope = _scope(history)
    with time_machine.travel(NOW, tick=False):
        live = report_dashboard(scope=scope, cross=cross)
        assert not MonthAggregate.objects.exists()
        assert month_counts_fill(scope=scope, cross=cross) > 0  # cold: stores the months
        assert report_dashboard(scope=scope, cross=cross) == live  # warm: reads them
        assert month_counts_fill(scope=scope, cross=cross) == 0  # nothing left to store


@pytest.mark.parametrize(
    "filters",
    [
        {"branch_ids": "south"},
        {"topic_ids": "digid"},
        {"complex_only": True},
        {"channel_ids": "phone"},
    ],
)
def test_stored_dashboard_with_filters_equals_the_live_one(history, filters):
    values = {
        name: (getattr(history, value).pk,) if isinstance(value, str) else value
        for name, value in filters.items()
    }
    unfiltered, scope = _scope(history), _scope(history, **values)
    with time_machine.travel(NOW, tick=False):
        _viewed(unfiltered)  # other keys in the store must not leak in
        live = _live(scope)
        for _run in range(2):
            assert _viewed(scope) == live


def test_ranges_on_month_boundaries_and_in_the_current_month_agree(history):
    ranges = [
        (datetime.date(2026, 2, 1), datetime.date(2026, 6, 30)),
        (datetime.date(2026, 3, 1), datetime.date(2026, 4, 30)),
        (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)),
        (datetime.date(2026, 5, 2), datetime.date(2026, 7, 31)),
    ]
    with time_machine.travel(NOW, tick=False):
        for start, end in ranges:
            scope = _scope(history, start=start, end=end)
            assert _viewed(scope) == _live(scope)


def test_a_month_is_stored_from_the_second_day_after_it_ended(history):
    with time_machine.travel(NOW, tick=False):
        assert stored_months(_scope(history)) == [
            datetime.date(2026, month, 1) for month in (3, 4, 5, 6)
        ]
    # On 1 July a registration of 30 June may still be committing: June is not stored yet.
    with time_machine.travel(datetime.datetime(2026, 7, 1, 12, tzinfo=datetime.UTC)):
        assert datetime.date(2026, 6, 1) not in stored_months(_scope(history))
    with time_machine.travel(datetime.datetime(2026, 7, 2, 12, tzinfo=datetime.UTC)):
        assert datetime.date(2026, 6, 1) in stored_months(_scope(history))
    # A single complete month is counted live.
    march = _scope(history, start=datetime.date(2026, 3, 1), end=datetime.date(2026, 3, 31))
    with time_machine.travel(NOW, tick=False):
        assert stored_months(march) == []


def test_a_month_mostly_inside_the_period_is_read_stored_minus_the_days_outside(history):
    # 10 February to 31 March: February's 10th to 28th are most of it (visit of the 10th in).
    # 11 February to 24 March: March's 1st to 24th are most of it (late March visits out).
    with time_machine.travel(NOW, tick=False):
        for start, end in [((2, 10), (3, 31)), ((2, 11), (3, 24))]:
            scope = _scope(
                history, start=datetime.date(2026, *start), end=datetime.date(2026, *end)
            )
            assert stored_months(scope) == [datetime.date(2026, 2, 1), datetime.date(2026, 3, 1)]
            live = _live(scope)
            assert _viewed(scope) == live
        assert live.totals.questions == 2  # 31 March and the February visit are outside
        assert live.breakdowns["referral"] == [("Schuldhulp", 1)]


@pytest.mark.parametrize("table", [("breakdown", ("branch",)), ("totals", ()), ("cross", ())])
def test_a_table_stored_alone_agrees_with_the_live_count(history, table):
    # Alone, a table that shares a scan in a whole dashboard's fill is counted by itself.
    name, args = table
    scope = _scope(history)
    cross = ("outcome", "desk")
    tallies = [
        (scopes, tally)
        for scopes, tally in dashboard_tallies(scope=scope, cross=cross, optional=())
        if tally.name == name and (tally.args == args or name == "cross")
    ]
    with time_machine.travel(NOW, tick=False):
        live = _live(scope, cross=cross)
        assert month_counts_store(tallies=tallies) > 0
        assert report_dashboard(scope=scope, cross=cross) == live
        assert MonthAggregate.objects.values("key").distinct().count() == 1


def test_a_cold_fill_is_a_handful_of_scans(history, django_assert_num_queries):
    # The settings (three times), what is stored, the versions, the stored roll-ups and the
    # referral outcomes; the roll-ups missing: one scan for the one-table breakdowns, totals and
    # the branch × outcome table, one of the visits for their totals and completeness, one for
    # series and heatmap, one each for topics, life domains and referrals, one insert of them
    # all; one scan for the age bands (no roll-up); one insert of every month of every table.
    with time_machine.travel(NOW, tick=False), django_assert_num_queries(16):
        month_counts_fill(scope=_scope(history), optional=("age_band",))


def _scans_of(captured, table: str) -> list[str]:
    return [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].startswith("SELECT") and f'FROM "{table}"' in q["sql"]
    ]


def test_a_cold_fill_scans_the_visits_once(history):
    # The visit totals and the completeness are counted in one scan of the visits.
    with time_machine.travel(NOW, tick=False), CaptureQueriesContext(connection) as captured:
        month_counts_fill(scope=_scope(history))
    assert len(_scans_of(captured, "questions_visit")) == 1
    with time_machine.travel(NOW, tick=False):
        assert report_dashboard(scope=_scope(history)) == _live(_scope(history))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's DATE_TRUNC")
def test_the_fill_groups_by_month_without_a_time_zone(history):
    # DATE_TRUNC of a date casts it to a timestamp with time zone, converted for every row;
    # a plain timestamp is cheaper and gives the same first day of the month.
    with time_machine.travel(NOW, tick=False), CaptureQueriesContext(connection) as captured:
        month_counts_fill(scope=_scope(history))
    by_month = [sql for sql in _scans_of(captured, "questions_registration") if "DATE_TRUNC" in sql]
    assert by_month
    assert all("::timestamp)::date" in sql for sql in by_month)


def test_selectors_write_nothing_cold_or_warm(history):
    scope = _scope(history)
    with time_machine.travel(NOW, tick=False):
        with CaptureQueriesContext(connection) as cold:
            cold_report = report_dashboard(scope=scope)
        month_counts_fill(scope=scope)
        MonthAggregate.objects.filter(month=datetime.date(2026, 4, 1)).delete()  # one missing
        with CaptureQueriesContext(connection) as warm:
            warm_report = report_dashboard(scope=scope)
    assert not MonthAggregate.objects.filter(month=datetime.date(2026, 4, 1)).exists()
    assert _writes(cold) == [] and _writes(warm) == []
    assert cold_report == warm_report


def test_a_late_entry_in_a_past_month_is_counted_at_once(history, author):
    scope = _scope(history)
    with time_machine.travel(NOW, tick=False):
        before = _viewed(scope)
        _late_entry(history, author)
        # The stored March is stale now: the selectors count it live, without a new fill.
        after = report_dashboard(scope=scope)
        assert after.totals.questions == before.totals.questions + 1
        assert after.totals.visits == before.totals.visits + 1
        assert after == _live(scope)
        # The next view stores March again, once.
        assert month_counts_fill(scope=scope) > 0
        assert month_counts_fill(scope=scope) == 0
        assert report_dashboard(scope=scope) == after


def test_deleting_a_question_of_a_past_month_is_counted_at_once(history, author):
    scope = _scope(history)
    with time_machine.travel(NOW, tick=False):
        before = _viewed(scope)
        visit = _late_entry(history, author)
        with_late = _viewed(scope)
        registration_delete(registration=visit.registrations.get(), user=author)
        after = _viewed(scope)
    assert with_late.totals.questions == before.totals.questions + 1
    assert after == before


def test_renaming_an_option_or_a_branch_keeps_the_stored_months(history):
    from plein.core.models import Branch
    from plein.questions.services.options import option_update

    scope = _scope(history)
    coordinator = UserFactory(library=history.library, coordinator=True)
    with time_machine.travel(NOW, tick=False):
        _viewed(scope)
        option_update(option=history.pas, user=coordinator, name="Lenerspas")
        # As the admin saves a branch: no call to reports.
        Branch.objects.filter(pk=history.south.pk).update(name="Zuidpunt")
        assert month_counts_fill(scope=scope) == 0  # still valid: stored by id
        after = report_dashboard(scope=scope)
        assert after == _live(scope)
    topics = dict(after.breakdowns["topic"])
    assert "Lenerspas" in topics and "Bibliotheekpas" not in topics
    assert "Zuidpunt" in dict(after.breakdowns["branch"])


def test_options_of_the_same_name_in_two_libraries_are_one_row(history):
    # The other library's "DigiD" has one question in June; the store holds both by id.
    scope = _scope(history)
    with time_machine.travel(NOW, tick=False):
        _viewed(scope)
        topics = report_breakdown(scope=scope, dimension="topic")
    labels = [label for label, _n in topics]
    assert labels.count("DigiD") == 1
    assert dict(topics)["DigiD"] == 7  # March, April, May, and 3 + 1 in June


def test_a_bulk_load_is_counted_without_a_call_to_reports(history):
    from plein.demo.registrations import registrations_generate

    scope = _scope(history, start=datetime.date(2025, 7, 1), end=datetime.date(2026, 7, 10))
    with time_machine.travel(NOW, tick=False):
        before = _viewed(scope)
        registrations_generate(library=history.library, count=300, seed=3, branches=2, years=1)
        after = report_dashboard(scope=scope)
        assert after.totals.questions == before.totals.questions + 300
        assert after == _live(scope)
        assert _viewed(scope) == after


def test_protection_applies_to_the_merged_counts(history):
    # Pas: 1 question in March, 1 in June (both stored months), none live: hidden in total.
    # DigiD: small in every month, but 7 over the period (both libraries): shown.
    scope = _scope(history, protected=True, threshold=5)
    with time_machine.travel(NOW, tick=False):
        table = breakdown_table(_viewed(scope), "topic")
    cells = {label: cell for label, [cell] in table.rows}
    assert cells["Bibliotheekpas"].text == "<5"
    assert cells["DigiD"].text == "7"


def test_a_repeated_year_view_needs_fewer_queries(history):
    scope = _scope(history, start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31))
    with time_machine.travel(NOW, tick=False):
        with CaptureQueriesContext(connection) as cold:
            _viewed(scope)
        with CaptureQueriesContext(connection) as warm:
            _viewed(scope)
    # Warm: one read of what is missing, then per table one read of the stored months and one
    # live count of July to December (totals: also 2025's months and visits; completeness and
    # the fill: the settings), and the names of options only stored months hold.
    assert len(warm) < len(cold)
    assert len(warm) <= 36
    assert _writes(warm) == []


def test_a_single_month_is_counted_live_without_stored_rows(history, django_assert_num_queries):
    june = _scope(history, start=datetime.date(2026, 6, 1), end=datetime.date(2026, 6, 30))
    with time_machine.travel(NOW, tick=False):
        assert month_counts_fill(scope=june) == 0
        with django_assert_num_queries(14):
            report_dashboard(scope=june)
    assert not MonthAggregate.objects.exists()


def test_changed_settings_give_completeness_a_new_key(history):
    scope = _scope(history)
    with time_machine.travel(NOW, tick=False):
        _viewed(scope)
        RegistrationSettings.objects.filter(library=history.library).update(record_gender=True)
        assert report_dashboard(scope=scope).completeness == _live(scope).completeness
        assert _viewed(scope).completeness == _live(scope).completeness


def test_the_views_store_missing_months_before_reading(client, history):
    coordinator = UserFactory(library=history.library, coordinator=True)
    client.force_login(coordinator)
    query = {"period": "custom", "start": "01-02-2026", "end": "30-06-2026"}
    with time_machine.travel(NOW, tick=False):
        assert client.get("/rapportage/", query).status_code == 200
        stored = MonthAggregate.objects.count()
        assert client.get("/rapportage/", query).status_code == 200
        assert client.get("/rapportage/export/topic.csv", query).status_code == 200
    assert stored > 0 and MonthAggregate.objects.count() == stored


def test_the_daily_task_fills_past_months_ahead_of_the_first_viewer(history):
    with time_machine.travel(NOW, tick=False):
        assert month_counts_fill_all(today=datetime.date(2026, 7, 10)) > 0
        scope = ReportScope(
            libraries=(history.library.pk,),
            start=datetime.date(2025, 7, 1),
            end=datetime.date(2026, 6, 30),
        )
        optional = ("age_band",)  # the library records age bands
        assert month_counts_fill(scope=scope, optional=optional) == 0
    months = set(MonthAggregate.objects.values_list("month", flat=True))
    assert datetime.date(2026, 6, 1) in months and datetime.date(2026, 3, 1) in months
    assert datetime.date(2026, 7, 1) not in months


def test_a_fixed_periods_single_months_are_read_from_stored_counts(history):
    # A funder's quarter also reads each of its months (periods.py): stored, not counted.
    quarter = _scope(history, datetime.date(2026, 4, 1), datetime.date(2026, 6, 30))
    quarter = replace(quarter, fixed=True)
    with time_machine.travel(NOW, tick=False):
        month_counts_fill(scope=quarter)
        april = quarter.months()[0]
        with CaptureQueriesContext(connection) as captured:
            stored = report_dashboard(scope=april)
        assert stored == _live(april)
        assert _scans_of(captured, "questions_registration") == []
        assert stored_months(replace(april, fixed=False)) == []  # others count a month live


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's extended statistics")
def test_the_question_cube_has_statistics_on_the_fills_month(history):
    # Without them PostgreSQL expects ten times the groups there are and sorts to disk.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_statisticsobjdef(oid) FROM pg_statistic_ext "
            "WHERE stxname = 'reports_question_cube_stats'"
        )
        (definition,) = cursor.fetchone()
    assert "(date_trunc('month'::text, date::timestamp without time zone)::date)" in definition
    for column in ("library_id", "branch_id", "desk_id", "channel_id", "outcome_id", "is_complex"):
        assert column in definition
