"""The month cache: complete past months come from MonthAggregate, the rest is counted live."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plein.questions.models import RegistrationSettings
from plein.reports.models import MonthAggregate
from plein.reports.selectors import ReportScope, cacheable_months, report_dashboard
from plein.reports.services import month_aggregates_invalidate
from plein.reports.tables import breakdown_table

from .conftest import _question, _visit

# "Today" in these tests: the months up to June 2026 are complete.
NOW = datetime.datetime(2026, 7, 10, 12, tzinfo=datetime.UTC)
CROSSES = [("branch", "outcome"), ("topic", "weekday"), ("life_domain", "hour"), None]


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


def _live(scope, settings, **kwargs):
    settings.REPORTS_MONTH_CACHE = False
    try:
        return report_dashboard(scope=scope, **kwargs)
    finally:
        settings.REPORTS_MONTH_CACHE = True


@pytest.fixture
def history(world):
    _history(world)
    RegistrationSettings.objects.create(library=world.library, record_age_band=True)
    return world


@pytest.mark.parametrize("cross", CROSSES)
def test_cached_dashboard_equals_the_live_one_cold_and_warm(history, settings, cross):
    scope = _scope(history)
    with time_machine.travel(NOW, tick=False):
        live = _live(scope, settings, cross=cross)
        assert report_dashboard(scope=scope, cross=cross) == live  # cold: fills the cache
        assert MonthAggregate.objects.exists()
        assert report_dashboard(scope=scope, cross=cross) == live  # warm: reads it


@pytest.mark.parametrize(
    "filters",
    [
        {"branch_ids": "south"},
        {"topic_ids": "digid"},
        {"complex_only": True},
        {"channel_ids": "phone"},
    ],
)
def test_cached_dashboard_with_filters_equals_the_live_one(history, settings, filters):
    values = {
        name: (getattr(history, value).pk,) if isinstance(value, str) else value
        for name, value in filters.items()
    }
    unfiltered, scope = _scope(history), _scope(history, **values)
    with time_machine.travel(NOW, tick=False):
        report_dashboard(scope=unfiltered)  # other keys in the cache must not leak in
        for _run in range(2):
            assert report_dashboard(scope=scope) == _live(scope, settings)


def test_ranges_on_month_boundaries_and_in_the_current_month_agree(history, settings):
    ranges = [
        (datetime.date(2026, 2, 1), datetime.date(2026, 6, 30)),
        (datetime.date(2026, 3, 1), datetime.date(2026, 4, 30)),
        (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)),
        (datetime.date(2026, 5, 2), datetime.date(2026, 7, 31)),
    ]
    with time_machine.travel(NOW, tick=False):
        for start, end in ranges:
            scope = _scope(history, start=start, end=end)
            assert report_dashboard(scope=scope) == _live(scope, settings)


def test_only_complete_past_months_are_cached(history):
    with time_machine.travel(NOW, tick=False):
        months = cacheable_months(_scope(history))
    assert months == [datetime.date(2026, month, 1) for month in (3, 4, 5, 6)]
    with time_machine.travel(datetime.datetime(2026, 6, 20, 12, tzinfo=datetime.UTC)):
        assert datetime.date(2026, 6, 1) not in cacheable_months(_scope(history))


def test_a_late_registration_in_a_past_month_is_counted_after_invalidation(history, settings):
    scope = _scope(history)
    with time_machine.travel(NOW, tick=False):
        before = report_dashboard(scope=scope)
        # A desk queue delivers a visit of 20 March in July.
        late_day = datetime.date(2026, 3, 20)
        visit = _visit(history.north, history.balie, late_day, 11, duration_band="5_15")
        _question(visit, [history.pas], outcome=history.answered)
        assert report_dashboard(scope=scope) == before  # stale until invalidated
        deleted = month_aggregates_invalidate(library_id=history.library.pk, dates=[late_day])
        assert deleted > 0
        after = report_dashboard(scope=scope)
    assert after == _live(scope, settings)
    assert after.totals.questions == before.totals.questions + 1
    assert after.totals.visits == before.totals.visits + 1


def test_invalidation_without_dates_forgets_all_months_of_one_library(history):
    with time_machine.travel(NOW, tick=False):
        report_dashboard(scope=_scope(history))
    other = MonthAggregate.objects.filter(library=history.other_library).count()
    assert month_aggregates_invalidate(library_id=history.library.pk) > 0
    assert not MonthAggregate.objects.filter(library=history.library).exists()
    assert MonthAggregate.objects.filter(library=history.other_library).count() == other
    assert month_aggregates_invalidate(library_id=history.library.pk, dates=[]) == 0


def test_protection_applies_to_the_merged_counts(history):
    # Pas: 1 question in March, 1 in June (both cached months), none live: hidden in total.
    # DigiD: small in every month, but 7 over the period: shown.
    scope = _scope(history, protected=True, threshold=5)
    with time_machine.travel(NOW, tick=False):
        report_dashboard(scope=scope)
        table = breakdown_table(report_dashboard(scope=scope), "topic")
    cells = {label: cell for label, [cell] in table.rows}
    assert cells["Bibliotheekpas"].text == "<5"
    assert cells["DigiD"].text == "7"


def test_a_repeated_year_view_needs_fewer_queries(history):
    scope = _scope(history, start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31))
    with time_machine.travel(NOW, tick=False):
        with CaptureQueriesContext(connection) as cold:
            report_dashboard(scope=scope)
        with CaptureQueriesContext(connection) as warm:
            report_dashboard(scope=scope)
    # Warm: per table one read of the cache and one live count of July to December (totals:
    # two live counts, and one read for 2025; completeness: one more for the settings).
    assert len(warm) < len(cold)
    assert len(warm) <= 27
    assert not any("INSERT" in query["sql"] for query in warm.captured_queries)


def test_a_single_month_is_counted_live_without_cache_rows(history, django_assert_num_queries):
    june = _scope(history, start=datetime.date(2026, 6, 1), end=datetime.date(2026, 6, 30))
    with time_machine.travel(NOW, tick=False), django_assert_num_queries(14):
        report_dashboard(scope=june)
    assert not MonthAggregate.objects.exists()


def test_changed_settings_give_completeness_a_new_key(history, settings):
    scope = _scope(history)
    with time_machine.travel(NOW, tick=False):
        report_dashboard(scope=scope)
        RegistrationSettings.objects.filter(library=history.library).update(record_gender=True)
        assert report_dashboard(scope=scope).completeness == _live(scope, settings).completeness


def test_a_late_desk_queue_entry_through_the_services_is_counted_at_once(history, settings):
    from plein.accounts.tests.factories import UserFactory
    from plein.questions.services.registration import QuestionInput, VisitInput, visit_register

    scope = _scope(history)
    user = UserFactory(library=history.library)
    with time_machine.travel(NOW, tick=False):
        before = report_dashboard(scope=scope)
        late = datetime.datetime(2026, 3, 20, 10, tzinfo=datetime.UTC)
        data = VisitInput(
            branch=history.north,
            channel=history.balie,
            started_at=late,
            questions=[QuestionInput(topics=[history.pas], outcome=history.answered)],
        )
        visit_register(data=data, user=user)
        after = report_dashboard(scope=scope)
    assert after.totals.questions == before.totals.questions + 1
    assert after == _live(scope, settings)


def test_renaming_an_option_shows_the_new_name_in_cached_months(history, settings):
    from plein.accounts.tests.factories import UserFactory
    from plein.questions.services.options import option_update

    scope = _scope(history)
    coordinator = UserFactory(library=history.library, coordinator=True)
    with time_machine.travel(NOW, tick=False):
        report_dashboard(scope=scope)
        option_update(option=history.pas, user=coordinator, name="Lenerspas")
        after = report_dashboard(scope=scope)
    assert after == _live(scope, settings)


def test_the_daily_task_fills_past_months_ahead_of_the_first_viewer(history):
    from plein.reports.services import month_aggregates_fill

    with time_machine.travel(NOW, tick=False):
        assert month_aggregates_fill(today=datetime.date(2026, 7, 10)) >= 1
    months = set(MonthAggregate.objects.values_list("month", flat=True))
    assert datetime.date(2026, 6, 1) in months and datetime.date(2026, 3, 1) in months
    assert datetime.date(2026, 7, 1) not in months
