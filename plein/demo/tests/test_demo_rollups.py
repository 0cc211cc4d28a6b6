"""`plein demo` counts the reports' month roll-ups right after loading registrations, so the
first view of a long period reads them instead of counting the registrations."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from plein.core.models import Library
from plein.demo import data
from plein.reports.models import MonthRollup
from plein.reports.months import month_counts_valid, stored_months
from plein.reports.selectors import ROLLUPS, ReportScope

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 23, 15, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _dev(monkeypatch):
    monkeypatch.setenv("PLEIN_DEV", "1")
    with time_machine.travel(NOW, tick=False):
        yield


def _valid_rollups(library: Library, months: list[datetime.date]) -> int:
    keys = {key for scan in ROLLUPS for key in scan.rollup_keys([library.pk]).values()}
    return month_counts_valid(
        library_ids=[library.pk], months=months, keys=keys, model=MonthRollup
    ).count()


def test_demo_counts_every_rollup_of_its_registrations_months():
    call_command("demo", stdout=StringIO())  # a year of example registrations
    library = Library.objects.get(slug=data.LIBRARIES[0].slug)
    year = ReportScope(libraries=(library.pk,), start=datetime.date(2025, 11, 24), end=NOW.date())
    months = stored_months(year)
    assert len(months) == 11  # December 2025 to October 2026
    assert _valid_rollups(library, months) == len(ROLLUPS) * len(months)


def test_new_registrations_replace_the_rollups_of_the_old_ones():
    call_command("demo", stdout=StringIO())
    # A second set changes every month (their versions go up): counted again at once.
    call_command("demo", "--registrations", "500", "--years", "1", "--seed", "3", stdout=StringIO())
    library = Library.objects.get(slug=data.LIBRARIES[0].slug)
    months = stored_months(
        ReportScope(libraries=(library.pk,), start=datetime.date(2025, 11, 24), end=NOW.date())
    )
    assert _valid_rollups(library, months) == len(ROLLUPS) * len(months)
