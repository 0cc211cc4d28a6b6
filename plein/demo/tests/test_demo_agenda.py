"""The demo ships a realistic week of consultation hours: rooms, themes, a cancelled, a moved
and an extra date, all within the agenda's two weeks, whatever day it is loaded."""

import datetime

import pytest
from django.utils import timezone

from plein.core.models import Branch
from plein.demo.load import demo_load
from plein.socialmap.agenda.occurrences import Status
from plein.socialmap.agenda.selectors import occurrence_list
from plein.socialmap.models import Room, Theme

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("weekday", range(7))
def test_the_demo_week_has_rooms_themes_and_changed_dates(weekday):
    today = datetime.date(2026, 6, 1) + datetime.timedelta(days=weekday)  # Monday + weekday
    demo_load(today=today)
    branch = Branch.objects.get(slug="centrum")
    assert Room.objects.filter(branch=branch).count() >= 3
    assert Theme.objects.filter(branch=branch, name="Werk & inkomen", weekday=1).exists()
    tz = timezone.get_default_timezone()
    monday = today - datetime.timedelta(days=today.weekday())
    start = datetime.datetime.combine(monday, datetime.time(), tzinfo=tz)
    found = occurrence_list(
        library=branch.library, start=start, end=start + datetime.timedelta(days=14)
    )
    statuses = {o.status for o in found}
    assert {Status.CANCELLED, Status.MOVED, Status.EXTRA, Status.SCHEDULED} <= statuses
    centrum = [o for o in found if o.branch == branch and o.status == Status.SCHEDULED]
    assert centrum and all(o.room is not None for o in centrum)
    assert any(o.schedule.theme is not None for o in centrum)
