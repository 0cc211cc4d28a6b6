import datetime

import pytest
from django.urls import reverse

from plein.accounts.tests.factories import UserFactory
from plein.reports import hours
from plein.schedule.tests.factories import ShiftFactory
from plein.socialmap.models import ExceptionKind, Schedule
from plein.socialmap.tests.factories import (
    BranchWithLocationFactory,
    ConsultationHourFactory,
    ScheduleExceptionFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

DECEMBER = (datetime.date(2026, 12, 1), datetime.date(2026, 12, 31))


@pytest.fixture
def branch():
    branch = BranchWithLocationFactory(name="Centrum")
    assert branch.location is not None
    # Open Tuesdays 10:00–12:00.
    Schedule.objects.create(
        location=branch.location,
        freq="WEEKLY",
        byday="TU",
        opens_at=datetime.time(10),
        closes_at=datetime.time(12),
    )
    return branch


def test_hours_are_counted_per_partner_and_theme(branch):
    theme = ThemeFactory(branch=branch, name="Werk & inkomen")
    hour = ConsultationHourFactory(
        branch=branch, theme=theme, service__organization__name="Raadslieden", byday="TU"
    )
    ScheduleExceptionFactory(schedule=hour, date=datetime.date(2026, 12, 8))
    ScheduleExceptionFactory(
        schedule=hour, date=datetime.date(2026, 12, 15), kind=ExceptionKind.EXTRA,
        opens_at=datetime.time(14), closes_at=datetime.time(15),
    )  # fmt: skip
    (row,) = hours.hours_by_partner_and_theme(
        library=branch.library, start=DECEMBER[0], end=DECEMBER[1]
    )
    # Tuesdays 1, 8, 15, 22, 29 December: the 8th cancelled; an extra hour on the 15th.
    assert (row.organization, row.theme) == ("Raadslieden", "Werk & inkomen")
    assert (row.held, row.cancelled, row.extra, row.offered) == (4, 1, 1, 5)


def test_coverage_is_the_share_of_opening_time_that_met_the_rule(branch):
    ShiftFactory(branch=branch, weekday=1, starts_at=datetime.time(10), ends_at=datetime.time(12))
    ShiftFactory(
        branch=branch, weekday=1, professional=True,
        starts_at=datetime.time(10), ends_at=datetime.time(11),
    )  # fmt: skip
    (row,) = hours.presence_coverage(library=branch.library, start=DECEMBER[0], end=DECEMBER[1])
    # Five Tuesdays of two hours; each lacks a professional from 11 to 12.
    assert (row.open_minutes, row.short_minutes, row.percent) == (600, 300, 50)


def test_the_report_page_shows_both_tables_to_the_coordinator(client, branch):
    ConsultationHourFactory(branch=branch, service__organization__name="Raadslieden")
    client.force_login(UserFactory(coordinator=True, library=branch.library))
    response = client.get(reverse("reports:hours"), {"start": "2026-12-01", "end": "2026-12-31"})
    page = response.content.decode()
    assert "Raadslieden" in page and "Bezettingsregel per vestiging" in page


def test_the_report_page_refuses_desk_workers_and_bad_dates(client, branch):
    client.force_login(UserFactory(library=branch.library))
    assert client.get(reverse("reports:hours")).status_code == 403
    client.force_login(UserFactory(coordinator=True, library=branch.library))
    response = client.get(reverse("reports:hours"), {"start": "gisteren"})
    assert response.status_code == 200 and "sections" not in response.context
