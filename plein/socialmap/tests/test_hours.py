import datetime
import zoneinfo

import pytest
from django.utils import translation

from plein.socialmap.hours import next_describe, schedule_describe, schedule_next
from plein.socialmap.models import Schedule

TODAY = datetime.date(2026, 11, 23)  # a Monday
AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")


def _schedule(**fields) -> Schedule:
    defaults = {"freq": "WEEKLY", "interval": 1}
    return Schedule(**{**defaults, **fields})


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {"byday": "TU", "opens_at": datetime.time(10), "closes_at": datetime.time(12)},
            "dinsdag 10.00–12.00 uur",
        ),
        (
            {
                "byday": "MO,TU,WE,TH,FR",
                "opens_at": datetime.time(8, 30),
                "closes_at": datetime.time(17),
            },
            "maandag tot en met vrijdag 08.30–17.00 uur",
        ),
        (
            {
                "freq": "MONTHLY",
                "byday": "1WE",
                "opens_at": datetime.time(13, 30),
                "closes_at": datetime.time(15),
            },
            "elke eerste woensdag van de maand 13.30–15.00 uur",
        ),
        (
            {"freq": "MONTHLY", "byday": "-1SA", "opens_at": datetime.time(10)},
            "elke laatste zaterdag van de maand vanaf 10.00 uur",
        ),
        ({"byday": "TU,TH"}, "dinsdag en donderdag, op afspraak"),
        (
            {"byday": "MO,WE,FR", "opens_at": datetime.time(9), "closes_at": datetime.time(10)},
            "maandag, woensdag en vrijdag 09.00–10.00 uur",
        ),
        (
            {
                "byday": "MO,TU,WE,TH,FR,SA,SU",
                "opens_at": datetime.time(0),
                "closes_at": datetime.time(23, 59),
            },
            "elke dag 00.00–23.59 uur",
        ),
        (
            {
                "interval": 2,
                "byday": "TH",
                "opens_at": datetime.time(14),
                "closes_at": datetime.time(16),
            },
            "om de week op donderdag 14.00–16.00 uur",
        ),
        ({"freq": "", "byday": ""}, "op afspraak"),
    ],
)
def test_schedule_in_plain_dutch(fields, expected):
    assert schedule_describe(_schedule(**fields), on=TODAY) == expected


def test_validity_is_honoured():
    hours = {"byday": "TU", "opens_at": datetime.time(10), "closes_at": datetime.time(12)}
    expired = _schedule(valid_to=datetime.date(2026, 6, 30), **hours)
    assert schedule_describe(expired, on=TODAY).endswith("(niet meer geldig sinds 30 juni 2026)")
    future = _schedule(valid_from=datetime.date(2027, 1, 5), **hours)
    assert schedule_describe(future, on=TODAY) == "vanaf 5 januari 2027: dinsdag 10.00–12.00 uur"
    bounded = _schedule(valid_to=datetime.date(2026, 12, 31), **hours)
    assert schedule_describe(bounded, on=TODAY).endswith("(tot en met 31 december 2026)")


def test_bad_byday_values_are_ignored_not_fatal():
    assert schedule_describe(_schedule(byday="XX,9ZZ,", opens_at=datetime.time(9)), on=TODAY) == (
        "vanaf 09.00 uur"
    )


def test_next_opening_of_weekly_and_monthly_schedules():
    monday_noon = datetime.datetime(2026, 11, 23, 12, 0, tzinfo=AMS)
    tuesday = _schedule(byday="TU", opens_at=datetime.time(10), closes_at=datetime.time(12))
    assert schedule_next(tuesday, after=monday_noon).date() == datetime.date(2026, 11, 24)
    first_wednesday = _schedule(freq="MONTHLY", byday="1WE", opens_at=datetime.time(13, 30))
    assert schedule_next(first_wednesday, after=monday_noon).date() == datetime.date(2026, 12, 2)
    last_friday = _schedule(freq="MONTHLY", byday="-1FR", opens_at=datetime.time(17, 30))
    assert schedule_next(last_friday, after=monday_noon).date() == datetime.date(2026, 11, 27)
    expired = _schedule(byday="TU", opens_at=datetime.time(10), valid_to=datetime.date(2026, 1, 1))
    assert schedule_next(expired, after=monday_noon) is None
    assert next_describe([first_wednesday, tuesday], after=monday_noon) == (
        "dinsdag 24 november, 10.00–12.00 uur"
    )
    assert next_describe([expired], after=monday_noon) == ""


def test_hours_read_english_when_the_interface_is_english():
    schedule = Schedule(
        freq="MONTHLY",
        byday="1WE",
        opens_at=datetime.time(13, 30),
        closes_at=datetime.time(15, 0),
        valid_to=datetime.date(2026, 12, 31),
    )
    with translation.override("en"):
        text = schedule_describe(schedule, on=datetime.date(2026, 11, 1))
    assert text == "every first Wednesday of the month 13.30–15.00 (until 31 December 2026)"


def test_next_opening_follows_the_recurrence_rule_in_full():
    """python-dateutil's rrule reads the whole rule: every other week from its first day, a
    day of the month, a number of times, an end date."""
    monday_noon = datetime.datetime(2026, 11, 23, 12, 0, tzinfo=AMS)
    fortnightly = _schedule(
        interval=2, byday="TH", opens_at=datetime.time(14), dtstart=datetime.date(2026, 11, 19)
    )
    assert schedule_next(fortnightly, after=monday_noon).date() == datetime.date(2026, 12, 3)
    fifteenth = _schedule(freq="MONTHLY", bymonthday="15", opens_at=datetime.time(9))
    assert schedule_next(fifteenth, after=monday_noon).date() == datetime.date(2026, 12, 15)
    three_times = _schedule(
        byday="MO", opens_at=datetime.time(9), dtstart=datetime.date(2026, 11, 2), count=3
    )
    assert schedule_next(three_times, after=monday_noon) is None  # 2, 9 and 16 November
    until = _schedule(byday="FR", opens_at=datetime.time(9), until=datetime.date(2026, 11, 26))
    assert schedule_next(until, after=monday_noon) is None
    open_now = _schedule(byday="MO", opens_at=datetime.time(11), closes_at=datetime.time(13))
    assert schedule_next(open_now, after=monday_noon) == datetime.datetime(
        2026, 11, 23, 11, 0, tzinfo=AMS
    )
