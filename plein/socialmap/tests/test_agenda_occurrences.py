"""Consultation hours expanded into occurrences: recurrences, holidays, exceptions, summer time."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from plein.socialmap.agenda.occurrences import Status, is_regular_date, schedule_occurrences
from plein.socialmap.models import ExceptionKind
from plein.socialmap.tests.factories import (
    ConsultationHourFactory,
    RoomFactory,
    ScheduleExceptionFactory,
)

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")
UTC = datetime.UTC


def _window(first: datetime.date, last: datetime.date) -> dict:
    return {
        "start": datetime.datetime.combine(first, datetime.time(), tzinfo=AMS),
        "end": datetime.datetime.combine(last, datetime.time(23, 59), tzinfo=AMS),
    }


def _dates(schedule, first, last, *, status=None) -> list[datetime.date]:
    return [
        o.start.date()
        for o in schedule_occurrences(schedule, **_window(first, last))
        if status is None or o.status == status
    ]


def test_a_weekly_hour_falls_on_each_of_its_days():
    hour = ConsultationHourFactory(byday="TU,TH", dtstart=datetime.date(2026, 2, 1))
    assert _dates(hour, datetime.date(2026, 2, 2), datetime.date(2026, 2, 15)) == [
        datetime.date(2026, 2, 3),
        datetime.date(2026, 2, 5),
        datetime.date(2026, 2, 10),
        datetime.date(2026, 2, 12),
    ]


def test_every_other_week_keeps_its_phase_from_the_first_date_whatever_the_window():
    hour = ConsultationHourFactory(byday="TU", interval=2, dtstart=datetime.date(2026, 1, 6))
    # A window that starts in an "off" week still finds the weeks counted from 6 January.
    assert _dates(hour, datetime.date(2026, 1, 12), datetime.date(2026, 2, 28)) == [
        datetime.date(2026, 1, 20),
        datetime.date(2026, 2, 3),
        datetime.date(2026, 2, 17),
    ]
    assert is_regular_date(hour, datetime.date(2026, 3, 3))
    assert not is_regular_date(hour, datetime.date(2026, 3, 10))


def test_the_first_thursday_of_the_month_skips_new_years_day():
    hour = ConsultationHourFactory(freq="MONTHLY", byday="1TH", dtstart=datetime.date(2026, 1, 1))
    occurrences = schedule_occurrences(
        hour, **_window(datetime.date(2026, 1, 1), datetime.date(2026, 4, 30))
    )
    assert [(o.start.date(), o.status) for o in occurrences] == [
        (datetime.date(2026, 1, 1), Status.HOLIDAY),
        (datetime.date(2026, 2, 5), Status.SCHEDULED),
        (datetime.date(2026, 3, 5), Status.SCHEDULED),
        (datetime.date(2026, 4, 2), Status.SCHEDULED),
    ]
    assert occurrences[0].holiday == "Nieuwjaarsdag"
    assert occurrences[0].is_cancelled


def test_public_holidays_are_skipped_unless_the_hour_goes_on():
    first, last = datetime.date(2026, 5, 11), datetime.date(2026, 5, 17)
    skipped = ConsultationHourFactory(byday="TH")  # Hemelvaartsdag, 14 May 2026
    kept = ConsultationHourFactory(byday="TH", on_public_holidays=True)
    assert _dates(skipped, first, last, status=Status.SCHEDULED) == []
    assert _dates(skipped, first, last, status=Status.HOLIDAY) == [datetime.date(2026, 5, 14)]
    assert _dates(kept, first, last, status=Status.SCHEDULED) == [datetime.date(2026, 5, 14)]


def test_good_friday_is_a_working_day_and_the_hour_goes_on():
    hour = ConsultationHourFactory(byday="FR")
    friday = datetime.date(2026, 4, 3)
    assert _dates(hour, friday, friday, status=Status.SCHEDULED) == [friday]


def test_a_cancelled_date_stays_listed_as_cancelled_and_the_others_remain():
    hour = ConsultationHourFactory(byday="TU")
    ScheduleExceptionFactory(schedule=hour, date=datetime.date(2026, 3, 10), reason="ziek")
    found = schedule_occurrences(
        hour, **_window(datetime.date(2026, 3, 9), datetime.date(2026, 3, 22))
    )
    assert [(o.start.date(), o.status) for o in found] == [
        (datetime.date(2026, 3, 10), Status.CANCELLED),
        (datetime.date(2026, 3, 17), Status.SCHEDULED),
    ]
    assert found[0].exception.reason == "ziek"


def test_a_moved_hour_leaves_a_note_and_comes_back_at_its_new_time_and_room():
    hour = ConsultationHourFactory(byday="TU")
    other_room = RoomFactory(branch=hour.service_at_location.location.branches.get())
    ScheduleExceptionFactory(
        schedule=hour,
        kind=ExceptionKind.MOVED,
        date=datetime.date(2026, 3, 10),
        new_date=datetime.date(2026, 3, 12),
        opens_at=datetime.time(14, 0),
        closes_at=datetime.time(15, 30),
        room=other_room,
    )
    found = schedule_occurrences(
        hour, **_window(datetime.date(2026, 3, 9), datetime.date(2026, 3, 15))
    )
    away, moved = found
    assert away.status == Status.MOVED_AWAY
    assert away.moved_to == datetime.datetime(2026, 3, 12, 14, 0, tzinfo=AMS)
    assert moved.status == Status.MOVED
    assert (moved.start, moved.end) == (
        datetime.datetime(2026, 3, 12, 14, 0, tzinfo=AMS),
        datetime.datetime(2026, 3, 12, 15, 30, tzinfo=AMS),
    )
    assert moved.room == other_room
    assert moved.moved_from == datetime.datetime(2026, 3, 10, 10, 0, tzinfo=AMS)
    # A calendar keeps one event for the regular date, now at its new time.
    assert moved.uid == away.uid


def test_a_moved_hour_is_found_from_a_window_that_holds_only_its_new_date():
    hour = ConsultationHourFactory(byday="TU")
    ScheduleExceptionFactory(
        schedule=hour,
        kind=ExceptionKind.MOVED,
        date=datetime.date(2026, 3, 10),
        new_date=datetime.date(2026, 3, 20),
    )
    assert _dates(hour, datetime.date(2026, 3, 18), datetime.date(2026, 3, 22)) == [
        datetime.date(2026, 3, 20)
    ]


def test_an_extra_date_is_added_also_on_a_holiday():
    hour = ConsultationHourFactory(byday="TU")
    ScheduleExceptionFactory(
        schedule=hour, kind=ExceptionKind.EXTRA, date=datetime.date(2026, 4, 6)
    )
    assert _dates(hour, datetime.date(2026, 4, 6), datetime.date(2026, 4, 7)) == [
        datetime.date(2026, 4, 6),
        datetime.date(2026, 4, 7),
    ]
    extra = schedule_occurrences(
        hour, **_window(datetime.date(2026, 4, 6), datetime.date(2026, 4, 6))
    )[0]
    assert extra.status == Status.EXTRA
    assert extra.uid.startswith("extra-")


def test_the_hour_keeps_its_wall_clock_time_across_the_change_to_summer_time():
    hour = ConsultationHourFactory(byday="TU,MO")
    found = schedule_occurrences(
        hour, **_window(datetime.date(2026, 3, 23), datetime.date(2026, 4, 1))
    )
    local = [o.start.strftime("%a %H:%M") for o in found]
    assert local == ["Mon 10:00", "Tue 10:00", "Mon 10:00", "Tue 10:00"]
    assert [o.start.astimezone(UTC).hour for o in found] == [9, 9, 8, 8]
    # Winter time again in the week of 25 October.
    autumn = schedule_occurrences(
        hour, **_window(datetime.date(2026, 10, 19), datetime.date(2026, 10, 27))
    )
    assert [o.start.astimezone(UTC).hour for o in autumn] == [8, 8, 9, 9]


def test_valid_from_and_until_bound_the_hours():
    hour = ConsultationHourFactory(
        byday="TU",
        dtstart=datetime.date(2026, 1, 6),
        valid_from=datetime.date(2026, 2, 1),
        valid_to=datetime.date(2026, 2, 17),
    )
    assert _dates(hour, datetime.date(2026, 1, 1), datetime.date(2026, 3, 31)) == [
        datetime.date(2026, 2, 3),
        datetime.date(2026, 2, 10),
        datetime.date(2026, 2, 17),
    ]


def test_an_hour_under_way_at_the_start_of_the_window_is_included():
    hour = ConsultationHourFactory(byday="TU")
    found = schedule_occurrences(
        hour,
        start=datetime.datetime(2026, 3, 10, 11, 0, tzinfo=AMS),
        end=datetime.datetime(2026, 3, 10, 11, 30, tzinfo=AMS),
    )
    assert [o.start for o in found] == [datetime.datetime(2026, 3, 10, 10, 0, tzinfo=AMS)]
