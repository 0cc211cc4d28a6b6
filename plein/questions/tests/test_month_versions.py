"""Month versions: a change to a completed month's registrations bumps that month's version."""

import datetime
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from plein.accounts.tests.factories import UserFactory
from plein.core.tests.factories import BranchFactory, LibraryFactory
from plein.questions.models import MonthVersion
from plein.questions.selectors import month_versions
from plein.questions.services import registration as services
from plein.questions.services.registration import QuestionInput, VisitInput, months_changed
from plein.questions.tests.factories import ChannelFactory, TopicFactory

pytestmark = pytest.mark.django_db

NOVEMBER, OCTOBER, DECEMBER = (datetime.date(2026, m, 1) for m in (11, 10, 12))
# Wednesday 2 December 2026, at noon in Amsterdam.
NOW = datetime.datetime(2026, 12, 2, 11, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _december():
    with time_machine.travel(NOW, tick=False):
        yield


def _versions(library) -> dict:
    return dict(MonthVersion.objects.filter(library=library).values_list("month", "version"))


def test_completed_months_are_bumped_once_per_call_and_the_current_month_never():
    library = LibraryFactory()
    months_changed(
        library_id=library.pk,
        dates=[datetime.date(2026, 11, 3), datetime.date(2026, 11, 30), datetime.date(2026, 12, 1)],
    )
    months_changed(library_id=library.pk, dates=[datetime.date(2026, 11, 9), OCTOBER])
    assert _versions(library) == {NOVEMBER: 2, OCTOBER: 1}


def test_a_change_today_costs_no_query():
    library = LibraryFactory()
    with CaptureQueriesContext(connection) as queries:
        months_changed(library_id=library.pk, dates=[timezone.localdate()])
    assert len(queries) == 0


def test_month_versions_reads_every_pair_asked_in_one_query():
    library, other = LibraryFactory(), LibraryFactory()
    months_changed(library_id=library.pk, dates=[datetime.date(2026, 11, 14)])
    with CaptureQueriesContext(connection) as queries:
        versions = month_versions(library_ids=[library.pk, other.pk], months=[OCTOBER, NOVEMBER])
    assert len(queries) == 1
    assert versions == {
        (library.pk, OCTOBER): 0,
        (library.pk, NOVEMBER): 1,
        (other.pk, OCTOBER): 0,
        (other.pk, NOVEMBER): 0,
    }


@pytest.fixture
def entry():
    user = UserFactory()
    branch = BranchFactory(library=user.library)

    def data(started_at=None) -> VisitInput:
        channel: Any = ChannelFactory(library=user.library)
        topic: Any = TopicFactory(library=user.library)
        return VisitInput(
            branch=branch,
            channel=channel,
            started_at=started_at,
            questions=[QuestionInput(topics=[topic])],
        )

    return user, data


def test_registering_today_bumps_nothing_and_a_late_entry_bumps_its_month(entry):
    user, data = entry
    services.visit_register(data=data(), user=user)
    assert _versions(user.library) == {}
    late = datetime.datetime(2026, 11, 30, 15, tzinfo=datetime.UTC)
    services.visit_register(data=data(started_at=late), user=user)
    assert _versions(user.library) == {NOVEMBER: 1}


def test_editing_a_visit_into_another_month_bumps_that_month(entry):
    user, data = entry
    visit, _ = services.visit_register(data=data(), user=user)
    moved = data(started_at=datetime.datetime(2026, 10, 30, 15, tzinfo=datetime.UTC))
    services.visit_update(visit=visit, data=moved, user=user)
    assert _versions(user.library) == {OCTOBER: 1}


def test_deleting_a_late_entry_bumps_its_month(entry):
    user, data = entry
    late = datetime.datetime(2026, 11, 30, 15, tzinfo=datetime.UTC)
    visit, _ = services.visit_register(data=data(started_at=late), user=user)
    services.registration_delete(registration=visit.registrations.get(), user=user)
    assert _versions(user.library) == {NOVEMBER: 2}
