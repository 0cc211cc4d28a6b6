"""The iCalendar feed publishes recurring hours as RRULE + EXDATE + RECURRENCE-ID overrides:
expanded by an independent reader (recurring_ical_events), it holds exactly the occurrences
Plein's own expansion (`occurrence_list`) has for the feed's year."""

import datetime
import re
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
import time_machine
from django.urls import reverse

from plein.socialmap.agenda import feeds
from plein.socialmap.agenda.occurrences import IN_FEEDS, Status
from plein.socialmap.agenda.selectors import occurrence_list
from plein.socialmap.models import ExceptionKind
from plein.socialmap.tests.factories import (
    BranchWithLocationFactory,
    ConsultationHourFactory,
    RoomFactory,
    ScheduleExceptionFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")
# Tuesday 10 March 2026, 08:30: the feed runs from 3 March 2026 to 10 March 2027, across both
# changes of summer time (29 March and 25 October 2026).
NOW = datetime.datetime(2026, 3, 10, 8, 30, tzinfo=AMS)
UID_SCHEDULE = re.compile(r"[0-9a-f]{8}-[0-9a-f-]{27}")


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def branch():
    return BranchWithLocationFactory(name="Bibliotheek Centrum", slug="centrum")


@pytest.fixture
def rooms(branch):
    return RoomFactory(branch=branch, name="Spreekkamer 1"), RoomFactory(
        branch=branch, name="Zaal", floor=0, route="achter de balie"
    )


@pytest.fixture
def hours(branch, rooms):
    """A branch's year: weekly, every other week on two days, the last Monday of the month,
    a limited number of dates, one that starts later and ends, one on holidays too; cancelled,
    moved (to another room, across summer time, into the window from before it) and extra
    dates."""
    small, hall = rooms
    theme = ThemeFactory(branch=branch, weekday=0, name="Geldzaken")
    monday = ConsultationHourFactory(
        branch=branch, byday="MO", room=small, theme=theme, service__name="Geldloket"
    )
    ScheduleExceptionFactory(schedule=monday, date=datetime.date(2026, 3, 16), reason="ziek")
    ScheduleExceptionFactory(
        schedule=monday,
        kind=ExceptionKind.MOVED,
        date=datetime.date(2026, 3, 23),
        new_date=datetime.date(2026, 4, 1),  # Wednesday, after the change to summer time
        opens_at=datetime.time(14, 0),
        closes_at=datetime.time(15, 30),
        room=hall,
        reason="verplaatst",
    )
    ScheduleExceptionFactory(
        schedule=monday, kind=ExceptionKind.EXTRA, date=datetime.date(2026, 6, 6), room=hall
    )
    fortnightly = ConsultationHourFactory(
        branch=branch,
        byday="WE,TH",
        interval=2,
        dtstart=datetime.date(2025, 9, 3),
        opens_at=datetime.time(13, 30),
        closes_at=datetime.time(16, 0),
        room=hall,
    )
    # Moved from before the window into it: not an override of a date in the feed.
    ScheduleExceptionFactory(
        schedule=fortnightly,
        kind=ExceptionKind.MOVED,
        date=datetime.date(2026, 2, 26),
        new_date=datetime.date(2026, 3, 6),
    )
    ConsultationHourFactory(
        branch=branch, freq="MONTHLY", byday="-1MO", opens_at=datetime.time(19, 0), room=None
    )
    ConsultationHourFactory(branch=branch, byday="FR", count=12, room=small)
    ConsultationHourFactory(
        branch=branch,
        byday="TH",
        valid_from=datetime.date(2026, 4, 9),
        valid_to=datetime.date(2026, 11, 26),
        closes_at=None,
        room=small,
    )
    ConsultationHourFactory(branch=branch, byday="MO", on_public_holidays=True, room=hall)
    return monday, fortnightly


def _expanded(content: bytes) -> set[tuple]:
    calendar = icalendar.Calendar.from_ical(content)
    found = set()
    for event in recurring_ical_events.of(calendar).between(
        datetime.datetime(2025, 1, 1, tzinfo=AMS), datetime.datetime(2028, 1, 1, tzinfo=AMS)
    ):
        match = UID_SCHEDULE.search(str(event["uid"]))
        assert match is not None
        found.add(
            (
                match.group(0),
                event.decoded("dtstart"),
                event.decoded("dtend"),
                str(event["status"]),
                str(event["summary"]),
                str(event["location"]),
            )
        )
    return found


def _plein(library, **filters) -> set[tuple]:
    start, end = feeds.feed_window()
    return {
        (
            str(o.schedule.pk),
            o.start,
            o.end,
            "CANCELLED" if o.status == Status.CANCELLED else "CONFIRMED",
            feeds._title(o),
            feeds.where_describe(o),
        )
        for o in occurrence_list(library=library, start=start, end=end, **filters)
        if o.status in IN_FEEDS
    }


def _ics(client, branch, *extra: object) -> bytes:
    name = "socialmap:agenda_feed_room" if extra else "socialmap:agenda_feed_branch"
    response = client.get(reverse(name, args=[branch.library.slug, branch.slug, *extra, "ics"]))
    assert response.status_code == 200
    return response.content


def test_the_expanded_branch_feed_holds_exactly_plein_s_occurrences(client, branch, hours):
    content = _ics(client, branch)
    expected = _plein(branch.library, branch=branch)
    assert _expanded(content) == expected
    # Published as rules, not as one event per date.
    events = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert len(events) < 15 < len(expected)
    assert sum(1 for event in events if "RRULE" in event) == 6


def test_holidays_are_exdates_and_changed_dates_are_overrides(client, branch, hours):
    monday, _fortnightly = hours
    events = icalendar.Calendar.from_ical(_ics(client, branch)).walk("VEVENT")
    uid = f"hour-{monday.pk}@plein"
    master = next(e for e in events if str(e["uid"]) == uid and "RECURRENCE-ID" not in e)
    skipped = {moment.dt.date() for exdate in _as_list(master["exdate"]) for moment in exdate.dts}
    # Tweede Paasdag, Koningsdag, Tweede Pinksterdag (Tweede Kerstdag is a Saturday).
    assert skipped == {
        datetime.date(2026, 4, 6),
        datetime.date(2026, 4, 27),
        datetime.date(2026, 5, 25),
    }
    assert master["rrule"]["BYDAY"] == ["MO"]
    overrides = {e.decoded("recurrence-id"): e for e in events if "RECURRENCE-ID" in e}
    cancelled = overrides[datetime.datetime(2026, 3, 16, 10, 0, tzinfo=AMS)]
    assert str(cancelled["uid"]) == uid and str(cancelled["status"]) == "CANCELLED"
    assert str(cancelled["summary"]).startswith("Vervalt:") and "ziek" in cancelled["description"]
    moved = overrides[datetime.datetime(2026, 3, 23, 10, 0, tzinfo=AMS)]
    assert moved.decoded("dtstart") == datetime.datetime(2026, 4, 1, 14, 0, tzinfo=AMS)
    assert "Zaal" in str(moved["location"]) and int(moved["sequence"]) == 1
    # 10:00 in Amsterdam is 09:00 UTC in winter and 08:00 UTC in summer.
    expanded = recurring_ical_events.of(icalendar.Calendar.from_ical(_ics(client, branch)))
    starts = [e.decoded("dtstart") for e in expanded.at((2026, 3, 30)) if str(e["uid"]) == uid]
    assert [start.astimezone(datetime.UTC).hour for start in starts] == [8]


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def test_a_room_feed_and_a_service_feed_expand_to_their_own_occurrences(
    client, branch, rooms, hours
):
    small, hall = rooms
    monday, _fortnightly = hours
    for room in rooms:
        assert _expanded(_ics(client, branch, room.pk)) == _plein(branch.library, room=room)
    # The hour moved into the hall is an event of its own there: its regular date is not.
    hall_events = icalendar.Calendar.from_ical(_ics(client, branch, hall.pk)).walk("VEVENT")
    moved_in = [e for e in hall_events if str(monday.pk) in str(e["uid"])]
    assert {e.decoded("dtstart").date() for e in moved_in} == {
        datetime.date(2026, 4, 1),
        datetime.date(2026, 6, 6),
    }
    assert all("RRULE" not in e and "RECURRENCE-ID" not in e for e in moved_in)
    service = monday.service_at_location.service
    url = reverse("socialmap:agenda_feed_service", args=[branch.library.slug, service.pk, "ics"])
    assert _expanded(client.get(url).content) == _plein(branch.library, service=service)


def test_an_empty_feed_is_a_valid_calendar(client, branch):
    calendar = icalendar.Calendar.from_ical(_ics(client, branch))
    assert calendar.walk("VEVENT") == [] and str(calendar["version"]) == "2.0"
