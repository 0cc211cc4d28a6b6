"""Working days in the Netherlands: weekends and the national public holidays are days off.

The holidays come from the `holidays` library (country NL, Dutch names): Nieuwjaarsdag, Eerste
en Tweede Paasdag, Koningsdag (26 April when the 27th is a Sunday), Bevrijdingsdag in lustrum
years, Hemelvaartsdag, Eerste en Tweede Pinksterdag, Eerste en Tweede Kerstdag.

Two days differ between employers, so they are decisions on top of the library's list:
- Goede Vrijdag is not a general day off (most libraries and care partners are open): it is a
  working day here.
- Bevrijdingsdag is a day off in every year, only in lustrum years (2025, 2030, ...) as in most
  collective agreements (and the library's list), or never: setting PLEIN_LIBERATION_DAY =
  "yearly" | "lustrum" | "no" (default "lustrum").

Timers count in Europe/Amsterdam: "two working days after Friday 10:00" is Tuesday 10:00.
"""

import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
LIBERATION_DAY_CHOICES = ("yearly", "lustrum", "no")
GOOD_FRIDAY = "Goede vrijdag"
LIBERATION_DAY = "Bevrijdingsdag"
_ONE_DAY = datetime.timedelta(days=1)


@lru_cache(maxsize=256)
def _holidays(year: int, liberation_rule: str) -> dict[datetime.date, str]:
    if liberation_rule not in LIBERATION_DAY_CHOICES:
        raise ValueError(f"PLEIN_LIBERATION_DAY must be one of {LIBERATION_DAY_CHOICES}")
    listed = holidays.country_holidays("NL", years=year, language="nl")
    days = {day: name for day, name in listed.items() if name != GOOD_FRIDAY}
    liberation = datetime.date(year, 5, 5)
    if liberation_rule == "yearly":
        days[liberation] = LIBERATION_DAY
    elif liberation_rule == "no":
        days.pop(liberation, None)
    return days


def public_holidays(year: int) -> dict[datetime.date, str]:
    """The public holidays of a year that are days off, date → Dutch name."""
    return dict(_holidays(year, getattr(settings, "PLEIN_LIBERATION_DAY", "lustrum")))


def is_working_day(day: datetime.date) -> bool:
    if day.weekday() >= 5:
        return False
    return day not in _holidays(day.year, getattr(settings, "PLEIN_LIBERATION_DAY", "lustrum"))


def _local(moment: datetime.datetime) -> datetime.datetime:
    if moment.tzinfo is None:
        raise ValueError("Working-day arithmetic needs an aware datetime.")
    return moment.astimezone(AMSTERDAM)


def add_working_days(moment: datetime.datetime, n: int) -> datetime.datetime:
    """The same wall-clock time n working days later (in Amsterdam), as an aware datetime.

    Each working day passed counts, so Friday 10:00 + 2 = Tuesday 10:00 and Saturday 10:00 + 1
    = Monday 10:00. The result keeps the Amsterdam time of day across a change to summer time.
    """
    if n < 0:
        raise ValueError("n must not be negative")
    local = _local(moment)
    day = local.date()
    remaining = n
    while remaining:
        day += _ONE_DAY
        if is_working_day(day):
            remaining -= 1
    return datetime.datetime.combine(day, local.time().replace(tzinfo=None), tzinfo=AMSTERDAM)


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    count = 0
    day = start
    while day < end:
        day += _ONE_DAY
        count += is_working_day(day)
    return count


def working_days_elapsed(start: datetime.datetime, end: datetime.datetime) -> float:
    """Time between two moments counted in working days, weekends and holidays left out.

    Measured on the Amsterdam clock (a working day counts 24 hours), so Friday 16:00 → Monday
    10:00 is 0.75: 8 hours of Friday plus 10 of Monday.
    """
    begin = _local(start).replace(tzinfo=None)
    finish = _local(end).replace(tzinfo=None)
    seconds = 0.0
    day = begin.date()
    while day <= finish.date():
        if is_working_day(day):
            day_start = datetime.datetime.combine(day, datetime.time())
            low, high = max(begin, day_start), min(finish, day_start + _ONE_DAY)
            seconds += max((high - low).total_seconds(), 0.0)
        day += _ONE_DAY
    return seconds / 86400
