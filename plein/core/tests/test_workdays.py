import datetime

import pytest
from django.test import override_settings

from plein.core import workdays
from plein.core.workdays import AMSTERDAM

D = datetime.date


def at(year, month, day, hour=10, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=AMSTERDAM)


@pytest.mark.parametrize(
    ("year", "easter_monday"),
    [
        (2000, D(2000, 4, 24)),
        (2019, D(2019, 4, 22)),
        (2027, D(2027, 3, 29)),
        (2024, D(2024, 4, 1)),
    ],
)
def test_easter_monday_is_a_day_off_in_any_year(year, easter_monday):
    assert not workdays.is_working_day(easter_monday)
    assert workdays.is_working_day(easter_monday + datetime.timedelta(days=1))


def test_the_holidays_of_2026_are_the_dutch_national_holidays():
    assert workdays.public_holidays(2026) == {
        D(2026, 1, 1): "Nieuwjaarsdag",
        D(2026, 4, 5): "Eerste paasdag",
        D(2026, 4, 6): "Tweede paasdag",
        D(2026, 4, 27): "Koningsdag",
        D(2026, 5, 14): "Hemelvaartsdag",
        D(2026, 5, 24): "Eerste pinksterdag",
        D(2026, 5, 25): "Tweede pinksterdag",
        D(2026, 12, 25): "Eerste kerstdag",
        D(2026, 12, 26): "Tweede kerstdag",
    }


def test_kings_day_moves_to_the_26th_when_the_27th_is_a_sunday():
    assert D(2025, 4, 27).weekday() == 6
    assert D(2025, 4, 26) in workdays.public_holidays(2025)
    assert D(2025, 4, 27) not in workdays.public_holidays(2025)
    assert workdays.public_holidays(2031)[D(2031, 4, 26)] == "Koningsdag"


def test_good_friday_is_a_working_day():
    assert workdays.is_working_day(D(2026, 4, 3))


def test_ascension_day_and_whit_monday_are_days_off():
    assert not workdays.is_working_day(D(2025, 5, 29))
    assert not workdays.is_working_day(D(2025, 6, 9))


@override_settings(PLEIN_LIBERATION_DAY="lustrum")
def test_liberation_day_is_a_day_off_only_in_lustrum_years_by_default():
    assert not workdays.is_working_day(D(2025, 5, 5))
    assert workdays.is_working_day(D(2026, 5, 5))
    assert not workdays.is_working_day(D(2020, 5, 5))  # a Tuesday


@override_settings(PLEIN_LIBERATION_DAY="yearly")
def test_liberation_day_can_be_a_day_off_every_year():
    assert not workdays.is_working_day(D(2026, 5, 5))


@override_settings(PLEIN_LIBERATION_DAY="no")
def test_liberation_day_can_be_a_working_day_always():
    assert workdays.is_working_day(D(2026, 5, 5)) and workdays.is_working_day(D(2030, 5, 6))
    assert D(2025, 5, 5) not in workdays.public_holidays(2025)


@override_settings(PLEIN_LIBERATION_DAY="sometimes")
def test_an_unknown_liberation_day_rule_is_refused():
    with pytest.raises(ValueError, match="PLEIN_LIBERATION_DAY"):
        workdays.is_working_day(D(2026, 5, 4))


def test_weekends_are_not_working_days():
    assert workdays.is_working_day(D(2026, 3, 6))  # Friday
    assert not workdays.is_working_day(D(2026, 3, 7))
    assert not workdays.is_working_day(D(2026, 3, 8))


def test_friday_plus_two_working_days_is_tuesday_at_the_same_time():
    assert workdays.add_working_days(at(2026, 3, 6, 10, 30), 2) == at(2026, 3, 10, 10, 30)


def test_saturday_plus_one_working_day_is_monday():
    assert workdays.add_working_days(at(2026, 3, 7), 1) == at(2026, 3, 9)


def test_zero_working_days_is_the_moment_itself():
    assert workdays.add_working_days(at(2026, 3, 7), 0) == at(2026, 3, 7)


def test_adding_working_days_skips_christmas_and_new_year():
    # Wednesday 23 December 2026: Thursday 24 works, 25/26 holidays, 27 Sunday, Monday 28.
    assert workdays.add_working_days(at(2026, 12, 23), 2) == at(2026, 12, 28)
    assert workdays.add_working_days(at(2026, 12, 31), 1) == at(2027, 1, 4)


def test_adding_working_days_skips_easter_monday():
    # Good Friday 2026-04-03 is a working day; Easter Monday 6 April is not.
    assert workdays.add_working_days(at(2026, 4, 2), 2) == at(2026, 4, 7)


def test_adding_working_days_keeps_the_amsterdam_time_over_the_change_to_summer_time():
    result = workdays.add_working_days(at(2026, 3, 27, 9), 1)  # clocks go forward on 29 March
    assert result == at(2026, 3, 30, 9)
    assert result.utcoffset() == datetime.timedelta(hours=2)


def test_adding_working_days_to_a_utc_moment_counts_in_amsterdam():
    # 23:30 UTC on Friday is already Saturday 00:30 in Amsterdam (winter time).
    moment = datetime.datetime(2026, 3, 6, 23, 30, tzinfo=datetime.UTC)
    assert workdays.add_working_days(moment, 1) == at(2026, 3, 9, 0, 30)


def test_working_day_arithmetic_refuses_naive_datetimes_and_negative_counts():
    with pytest.raises(ValueError):
        workdays.add_working_days(datetime.datetime(2026, 3, 6, 10), 1)
    with pytest.raises(ValueError):
        workdays.add_working_days(at(2026, 3, 6), -1)


def test_working_days_between_counts_the_working_days_after_the_start():
    assert workdays.working_days_between(D(2026, 3, 6), D(2026, 3, 10)) == 2
    assert workdays.working_days_between(D(2026, 12, 23), D(2027, 1, 4)) == 6
    assert workdays.working_days_between(D(2026, 3, 10), D(2026, 3, 6)) == 0
    assert workdays.working_days_between(D(2026, 3, 6), D(2026, 3, 6)) == 0


def test_working_days_elapsed_leaves_out_weekends():
    assert workdays.working_days_elapsed(at(2026, 3, 6, 16), at(2026, 3, 9, 10)) == 0.75
    assert workdays.working_days_elapsed(at(2026, 3, 9, 10), at(2026, 3, 9, 16)) == 0.25
    assert workdays.working_days_elapsed(at(2026, 3, 6, 10), at(2026, 3, 10, 10)) == 2.0


def test_working_days_elapsed_leaves_out_holidays():
    assert workdays.working_days_elapsed(at(2026, 12, 24, 12), at(2026, 12, 28, 12)) == 1.0


def test_working_days_elapsed_is_zero_for_an_end_before_the_start():
    assert workdays.working_days_elapsed(at(2026, 3, 10), at(2026, 3, 6)) == 0.0
