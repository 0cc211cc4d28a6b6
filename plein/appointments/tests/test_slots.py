"""Free slots follow the hour's occurrences: holidays, cancellations and moves included."""

import datetime

import pytest
import time_machine

from plein.appointments import selectors
from plein.appointments.models import BookingStatus
from plein.appointments.tests.factories import (
    NOW,
    TUESDAY,
    BookableHourFactory,
    BookingFactory,
    at,
)
from plein.socialmap.models import ExceptionKind
from plein.socialmap.tests.factories import ScheduleExceptionFactory

pytestmark = pytest.mark.django_db
WEEK = datetime.timedelta(days=7)


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def _starts(hour, start=None, end=None):
    slots = selectors.bookable_slots(
        library=hour.library, start=start or at(0), end=end or at(23, 59)
    )
    return [slot.start for slot in slots if slot.hour == hour]


def test_an_hour_is_cut_into_slots_of_its_length():
    hour = BookableHourFactory()
    assert _starts(hour) == [at(10), at(10, 20), at(10, 40), at(11), at(11, 20), at(11, 40)]


def test_a_slot_that_does_not_fit_before_the_end_is_not_offered():
    hour = BookableHourFactory(slot_minutes=45)
    assert _starts(hour) == [at(10), at(10, 45)]


def test_a_booked_slot_is_not_free_and_a_cancelled_booking_frees_it():
    hour = BookableHourFactory()
    BookingFactory(hour=hour, start=at(10))
    BookingFactory(hour=hour, start=at(10, 20), status=BookingStatus.CANCELLED)
    assert at(10) not in _starts(hour)
    assert at(10, 20) in _starts(hour)


def test_a_cancelled_occurrence_has_no_slots():
    hour = BookableHourFactory()
    ScheduleExceptionFactory(schedule=hour.schedule, kind=ExceptionKind.CANCELLED, date=TUESDAY)
    assert _starts(hour) == []


def test_a_moved_occurrence_moves_its_slots():
    hour = BookableHourFactory()
    thursday = TUESDAY + datetime.timedelta(days=2)
    ScheduleExceptionFactory(
        schedule=hour.schedule,
        kind=ExceptionKind.MOVED,
        date=TUESDAY,
        new_date=thursday,
        opens_at=datetime.time(14, 0),
        closes_at=datetime.time(15, 0),
    )
    found = _starts(hour, end=at(23, 59, thursday))
    assert found == [at(14, 0, thursday), at(14, 20, thursday), at(14, 40, thursday)]


def test_a_public_holiday_has_no_slots():
    hour = BookableHourFactory()
    christmas_week = datetime.date(2026, 12, 22)
    assert _starts(hour, start=at(0, 0, christmas_week), end=at(23, 0, christmas_week))
    # Second Christmas Day falls on a Saturday in 2026; New Year's Day 2027 on a Friday, so the
    # hour is moved to a Friday to test a holiday.
    hour.schedule.byday = "FR"
    hour.schedule.save()
    new_year = datetime.date(2027, 1, 1)
    assert _starts(hour, start=at(0, 0, new_year), end=at(23, 0, new_year)) == []


def test_slots_beyond_the_horizon_are_not_offered():
    hour = BookableHourFactory(horizon_weeks=1)
    later = TUESDAY + WEEK
    assert _starts(hour, end=at(23, 0, later)) == _starts(hour)


def test_slots_that_have_begun_are_not_offered():
    hour = BookableHourFactory()
    with time_machine.travel(at(10, 30), tick=False):
        assert _starts(hour) == [at(10, 40), at(11), at(11, 20), at(11, 40)]


def test_an_inactive_hour_has_no_slots():
    hour = BookableHourFactory(is_active=False)
    assert _starts(hour) == []


def test_another_librarys_hours_are_not_among_the_slots():
    mine, theirs = BookableHourFactory(), BookableHourFactory()
    slots = selectors.bookable_slots(library=mine.library, start=at(0), end=at(23))
    assert {slot.hour for slot in slots} == {mine}
    assert theirs.library != mine.library


def test_the_free_slot_count_counts_free_slots():
    hour = BookableHourFactory()
    BookingFactory(hour=hour, start=at(10))
    assert selectors.free_slot_count(library=hour.library, start=at(0), end=at(23)) == 5


def test_a_booking_whose_occurrence_is_cancelled_afterwards_is_flagged():
    hour = BookableHourFactory()
    kept = BookingFactory(hour=hour, start=at(10))
    cancelled = BookingFactory(hour=hour, start=at(10), status=BookingStatus.CANCELLED)
    bookings = [kept, cancelled]
    assert selectors.bookings_off_schedule(library=hour.library, bookings=bookings) == set()
    ScheduleExceptionFactory(schedule=hour.schedule, kind=ExceptionKind.CANCELLED, date=TUESDAY)
    found = selectors.bookings_off_schedule(library=hour.library, bookings=bookings)
    assert found == {kept.pk}
