"""Month roll-ups (reports.MonthRollup): a cold view derives its complete months' counts from
the roll-ups instead of the registrations, and every figure equals the live count."""

import datetime
from dataclasses import replace
from typing import Any

import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plein.questions.models import VisitMode
from plein.reports.models import MonthAggregate, MonthRollup
from plein.reports.selectors import ReportScope, report_dashboard
from plein.reports.services import month_counts_fill, month_counts_fill_all

from .conftest import _question, _visit
from .test_month_cache import NOW, _late_entry, _live, _viewed, author, history  # noqa: F401

START, END = datetime.date(2026, 1, 20), datetime.date(2026, 7, 9)
# Options of the world fixture, by attribute name.
OPTIONS = {
    "branch_ids": ("north", "south"),
    "desk_ids": ("desk",),
    "channel_ids": ("balie", "phone"),
    "outcome_ids": ("answered", "referred"),
    "topic_ids": ("digid", "toeslagen", "pas"),
    "life_domain_ids": ("money",),
}
CROSSES = (("branch", "outcome"), ("topic", "branch"), ("branch", "topic"), ("desk", "channel"))


questions = st.fixed_dictionaries(
    {
        "topics": st.lists(st.sampled_from(OPTIONS["topic_ids"]), max_size=2, unique=True),
        "outcome": st.sampled_from((None, "answered", "referred")),
        "is_complex": st.booleans(),
        "money": st.booleans(),
        "referred_name": st.sampled_from(("", "Schuldhulp", "Juridisch loket")),
    }
)
visits = st.fixed_dictionaries(
    {
        "branch": st.sampled_from(("north", "south")),
        "channel": st.sampled_from(("balie", "phone")),
        "day": st.dates(START - datetime.timedelta(days=40), END),
        "hour": st.integers(8, 20),
        "tally": st.booleans(),
        "duration_band": st.sampled_from(("", "5_15")),
        "questions": st.lists(questions, min_size=1, max_size=3),
    }
)


def _filters(names) -> st.SearchStrategy:
    return st.fixed_dictionaries(
        {},
        optional={
            **{
                name: st.lists(st.sampled_from(OPTIONS[name]), min_size=1, unique=True)
                for name in names
            },
            "complex_only": st.just(True),
        },
    )


# Mostly filters a roll-up can tell (the options of the question itself), sometimes any.
CUBE_FILTERS = ("branch_ids", "desk_ids", "channel_ids", "outcome_ids")
filters = st.one_of(_filters(CUBE_FILTERS), _filters(CUBE_FILTERS), _filters(OPTIONS))


def _store(world, drawn: list[dict]) -> None:
    for v in drawn:
        branch = getattr(world, v["branch"])
        extra = {"desk": world.desk} if branch == world.north else {}
        mode = VisitMode.TALLY if v["tally"] else VisitMode.FULL
        visit = _visit(
            branch,
            getattr(world, v["channel"]),
            v["day"],
            v["hour"],
            mode=mode,
            duration_band=v["duration_band"],
            **extra,
        )
        for q in v["questions"]:
            outcome = getattr(world, q["outcome"]) if q["outcome"] else None
            _question(
                visit,
                [getattr(world, name) for name in q["topics"]],
                outcome=outcome,
                is_complex=q["is_complex"],
                life_domains=[world.money] if q["money"] else [],
                referred_name=q["referred_name"] if q["outcome"] == "referred" else "",
            )


def _scope(world, chosen: dict) -> ReportScope:
    libraries = (world.library.pk, world.other_library.pk)
    scope = ReportScope(libraries=libraries, start=START, end=END)
    values: dict[str, Any] = {
        name: tuple(getattr(world, option).pk for option in options)
        for name, options in chosen.items()
        if name != "complex_only"
    }
    return replace(scope, complex_only=chosen.get("complex_only", False), **values)


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    drawn=st.lists(visits, min_size=2, max_size=12), chosen=filters, cross=st.sampled_from(CROSSES)
)
def test_counts_from_the_rollups_equal_the_live_counts(world, drawn, chosen, cross):
    with transaction.atomic(), time_machine.travel(NOW, tick=False):
        _store(world, drawn)
        unfiltered, scope = _scope(world, {}), _scope(world, chosen)
        live = _live(scope, cross=cross)
        # The roll-ups are built by a first view (or the daily task) without filters; the view
        # with filters then counts its months from them.
        _viewed(unfiltered, cross=cross)
        MonthAggregate.objects.all().delete()
        assert MonthRollup.objects.exists()
        assert _viewed(scope, cross=cross) == live
        assert report_dashboard(scope=scope, cross=cross) == live  # warm
        transaction.set_rollback(True)


def _scans(captured, *tables: str) -> list[str]:
    return [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].startswith("SELECT") and any(f'FROM "{table}"' in q["sql"] for table in tables)
    ]


def _cube_scans(captured) -> list[str]:
    """Counts of the registrations by complexity: the question cube a roll-up spares."""
    return [sql for sql in _scans(captured, "questions_registration") if '"is_complex" AS' in sql]


def test_a_new_filter_reads_the_rollups_not_the_registrations(history):  # noqa: F811
    with time_machine.travel(NOW, tick=False):
        month_counts_fill_all()  # the daily task: the roll-ups and the default dashboard
        assert MonthRollup.objects.exists()
        scope = _scope(history, {"branch_ids": ("south",), "channel_ids": ("phone", "balie")})
        live = _live(scope)
        with CaptureQueriesContext(connection) as captured:
            month_counts_fill(scope=scope)
        # The cube and the visits come from the roll-ups; the series, the topics, the life
        # domains and the referrals are counted (their roll-ups hold no channel).
        assert not _cube_scans(captured)
        assert not _scans(captured, "questions_visit")
        assert _scans(captured, "questions_registration")
        assert report_dashboard(scope=scope) == live


def test_a_late_entry_makes_its_months_rollups_count_again(history, author):  # noqa: F811
    scope = _scope(history, {"channel_ids": ("balie",)})
    march = datetime.date(2026, 3, 1)
    with time_machine.travel(NOW, tick=False):
        month_counts_fill_all()
        assert not MonthRollup.objects.filter(version__gt=0).exists()
        _late_entry(history, author)
        live = _live(scope)
        assert _viewed(scope) == live
    # The question cube of March was counted again, with March's new version; nothing else.
    counted_again = MonthRollup.objects.filter(version__gt=0)
    assert set(counted_again.values_list("library_id", "month", "version")) == {
        (history.library.pk, march, 1)
    }


def test_topic_filters_are_counted_from_the_registrations(history):  # noqa: F811
    # A question with several topics counts once: the roll-ups cannot tell a topic filter.
    scope = _scope(history, {"topic_ids": ("digid", "toeslagen")})
    with time_machine.travel(NOW, tick=False):
        month_counts_fill_all()
        live = _live(scope)
        with CaptureQueriesContext(connection) as captured:
            assert _viewed(scope) == live
        assert _cube_scans(captured)


def test_the_topic_by_branch_table_of_a_branch_reads_the_rollups(history):  # noqa: F811
    scope = _scope(history, {"branch_ids": ("north",)})
    cross = ("topic", "branch")
    with time_machine.travel(NOW, tick=False):
        month_counts_fill_all()  # the daily task counts every roll-up, this one too
        live = _live(scope, cross=cross)
        with CaptureQueriesContext(connection) as captured:
            month_counts_fill(scope=scope, cross=cross)
        grouped = [sql for sql in _scans(captured, "questions_registration") if "GROUP BY" in sql]
        by_topic_and_branch = [sql for sql in grouped if '"topic_id" AS "k0"' in sql]
        assert not [sql for sql in by_topic_and_branch if '"branch_id" AS "k1"' in sql]
        assert report_dashboard(scope=scope, cross=cross) == live


def test_a_branchs_dashboard_reads_only_rollups_for_its_complete_months(history):  # noqa: F811
    scope = _scope(history, {"branch_ids": ("north",)})
    with time_machine.travel(NOW, tick=False):
        month_counts_fill_all()
        live = _live(scope)
        with CaptureQueriesContext(connection) as captured:
            month_counts_fill(scope=scope)
        tables = ("questions_registration", "questions_visit", "questions_registrationtopic")
        assert not _scans(captured, *tables, "questions_registrationlifedomain")
        assert report_dashboard(scope=scope) == live
