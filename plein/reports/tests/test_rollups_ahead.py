"""The roll-ups are counted ahead of the first viewer: the daily fill becomes due at once after
`plein migrate` (an installation or an upgrade) and after a view had to count roll-ups itself,
so the scheduler enqueues it at its next check. A month without a roll-up is still counted
exactly, and the topic × branch table derived from its roll-up equals the live count."""

import datetime

import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from plein.accounts.tests.factories import UserFactory
from plein.core.models import PeriodicRun
from plein.core.periodic import periodic_enqueue_due, periodic_registry
from plein.reports.models import MonthAggregate, MonthRollup
from plein.reports.months import month_counts_valid, stored_months
from plein.reports.selectors import (
    ROLLUPS,
    ReportScope,
    dashboard_tallies,
    report_cross,
    report_dashboard,
)
from plein.reports.services import (
    MONTH_CACHE_FILL,
    month_counts_fill_all,
    month_counts_store,
)

from .test_month_cache import NOW, _live, _scope, _viewed, history  # noqa: F401
from .test_rollups import _scans

REGISTRATION_TABLES = (
    "questions_registration",
    "questions_visit",
    "questions_registrationtopic",
    "questions_registrationlifedomain",
)


def _every_task_ran_just_now() -> None:
    """As on a running installation: every periodic task was enqueued today."""
    for name in periodic_registry():
        PeriodicRun.objects.update_or_create(
            name=name, defaults={"last_enqueued_at": timezone.now()}
        )


def _valid_rollups(scope) -> int:
    """How many roll-ups of the scope's libraries and complete months are stored and valid."""
    keys = {key for scan in ROLLUPS for key in scan.rollup_keys(scope.libraries).values()}
    return month_counts_valid(
        library_ids=scope.libraries,
        months=stored_months(scope) + stored_months(scope.previous()),
        keys=keys,
        model=MonthRollup,
    ).count()


def _all_rollups(scope) -> int:
    months = set(stored_months(scope) + stored_months(scope.previous()))
    return len(ROLLUPS) * len(scope.libraries) * len(months)


def test_migrate_has_the_scheduler_count_every_rollup_at_its_next_check(history):  # noqa: F811
    scope = _scope(history)
    with time_machine.travel(NOW, tick=False):
        _every_task_ran_just_now()  # the daily fill ran this morning, before the upgrade
        assert periodic_enqueue_due() == []
        call_command("migrate", verbosity=0)  # nothing to apply: the end of every upgrade
        # The tests' task backend runs what is enqueued at once, as the worker would.
        assert periodic_enqueue_due() == [MONTH_CACHE_FILL]
        assert _valid_rollups(scope) == _all_rollups(scope) > 0
        assert periodic_enqueue_due() == []  # due again tomorrow


def test_the_topic_by_branch_table_counted_ahead_equals_the_live_one(history):  # noqa: F811
    scope, cross = _scope(history), ("topic", "branch")
    with time_machine.travel(NOW, tick=False):
        live = report_cross(scope=scope, rows="topic", columns="branch")
        month_counts_fill_all()  # the daily fill: its months' roll-up is among them
        MonthAggregate.objects.all().delete()
        # The table alone, for a period nobody viewed: derived from the roll-up.
        every = dashboard_tallies(scope=scope, cross=cross, optional=())
        tallies = [(s, t) for s, t in every if (t.name, t.args) == ("cross", cross)]
        with CaptureQueriesContext(connection) as captured:
            assert month_counts_store(tallies=tallies) > 0
        assert not _scans(captured, *REGISTRATION_TABLES)
        assert report_cross(scope=scope, rows="topic", columns="branch") == live
        assert report_dashboard(scope=scope, cross=cross) == _live(scope, cross=cross)


def test_a_month_without_a_rollup_is_counted_from_the_registrations(history):  # noqa: F811
    scope = _scope(history)
    march = datetime.date(2026, 3, 1)
    with time_machine.travel(NOW, tick=False):
        live = _live(scope)
        month_counts_fill_all()
        MonthAggregate.objects.all().delete()
        MonthRollup.objects.filter(library=history.library, month=march).delete()
        # Read before any fill (nothing stored for March): counted live.
        assert report_dashboard(scope=scope) == live
        with CaptureQueriesContext(connection) as captured:
            assert _viewed(scope) == live
        # The view counted March's roll-ups from the registrations, and only March's.
        assert _scans(captured, "questions_registration")
        assert MonthRollup.objects.filter(library=history.library, month=march).exists()
        assert report_dashboard(scope=scope) == live


def test_a_view_that_counts_rollups_itself_has_the_fill_count_the_rest(client, history):  # noqa: F811
    coordinator = UserFactory(coordinator=True, library=history.library)
    period = {"period": "custom", "start": "20-02-2026", "end": "09-07-2026"}
    scope = ReportScope(
        libraries=(history.library.pk,),
        start=datetime.date(2026, 2, 20),
        end=datetime.date(2026, 7, 9),
    )
    with time_machine.travel(NOW, tick=False):
        _every_task_ran_just_now()
        client.force_login(coordinator)
        assert client.get("/rapportage/", period).status_code == 200
        # The view counted the roll-ups its tables read, not all of them (the topic × branch
        # roll-up, for one, serves a table it does not show) ...
        assert 0 < _valid_rollups(scope) < _all_rollups(scope)
        # ... and made the daily fill due: the scheduler's next check counts the rest.
        assert periodic_enqueue_due() == [MONTH_CACHE_FILL]
        assert _valid_rollups(scope) == _all_rollups(scope)
        # A view that finds its roll-ups makes nothing due.
        MonthAggregate.objects.all().delete()
        assert client.get("/rapportage/", period).status_code == 200
        assert periodic_enqueue_due() == []
