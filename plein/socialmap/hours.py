"""Opening and consultation hours in plain words, from HSDS schedules (iCalendar recurrences).

Dutch first; every word goes through gettext so the English interface reads English.
"""

import datetime
import re
from collections.abc import Sequence

from dateutil import rrule
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

DAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
DAY_NAMES = {
    "MO": gettext_lazy("maandag"),
    "TU": gettext_lazy("dinsdag"),
    "WE": gettext_lazy("woensdag"),
    "TH": gettext_lazy("donderdag"),
    "FR": gettext_lazy("vrijdag"),
    "SA": gettext_lazy("zaterdag"),
    "SU": gettext_lazy("zondag"),
}
ORDINALS = {
    1: gettext_lazy("eerste"),
    2: gettext_lazy("tweede"),
    3: gettext_lazy("derde"),
    4: gettext_lazy("vierde"),
    5: gettext_lazy("vijfde"),
    -1: gettext_lazy("laatste"),
}
NEXT_SEARCH_DAYS = 70

_BYDAY_RE = re.compile(r"^([+-]?\d)?(MO|TU|WE|TH|FR|SA|SU)$")


def _byday(schedule) -> list[tuple[int | None, str]]:
    parsed = []
    for part in (schedule.byday or "").upper().replace(" ", "").split(","):
        match = _BYDAY_RE.match(part)
        if match:
            parsed.append((int(match.group(1)) if match.group(1) else None, match.group(2)))
    return parsed


def _join(words: Sequence[StrOrPromise]) -> str:
    if len(words) == 1:
        return str(words[0])
    return _("%(list)s en %(last)s") % {"list": ", ".join(map(str, words[:-1])), "last": words[-1]}


def _days_phrase(codes: list[str]) -> str:
    indexes = sorted({DAY_CODES.index(code) for code in codes})
    if len(indexes) == 7:
        return _("elke dag")
    consecutive = indexes == list(range(indexes[0], indexes[-1] + 1))
    if consecutive and len(indexes) >= 3:
        first, last = DAY_NAMES[DAY_CODES[indexes[0]]], DAY_NAMES[DAY_CODES[indexes[-1]]]
        return _("%(first)s tot en met %(last)s") % {"first": first, "last": last}
    return _join([DAY_NAMES[DAY_CODES[index]] for index in indexes])


def _time(value: datetime.time) -> str:
    return f"{value.hour:02d}.{value.minute:02d}"


def times_describe(opens_at: datetime.time | None, closes_at: datetime.time | None) -> str:
    if opens_at and closes_at:
        return _("%(opens)s–%(closes)s uur") % {
            "opens": _time(opens_at),
            "closes": _time(closes_at),
        }
    if opens_at:
        return _("vanaf %(time)s uur") % {"time": _time(opens_at)}
    if closes_at:
        return _("tot %(time)s uur") % {"time": _time(closes_at)}
    return ""


def _when(schedule) -> str:
    days = _byday(schedule)
    freq = (schedule.freq or "").upper()
    interval = schedule.interval or 1
    if freq == "DAILY":
        return _("elke dag") if interval == 1 else _("om de %(n)s dagen") % {"n": interval}
    nth_days = [(ordinal, code) for ordinal, code in days if ordinal]
    if freq == "MONTHLY" and days and len(nth_days) == len(days):
        return _nth_days_phrase(nth_days)
    if freq == "MONTHLY" and schedule.bymonthday:
        month_days = [day.strip() for day in schedule.bymonthday.split(",") if day.strip()]
        return _("elke maand op de %(days)s") % {
            "days": _join([_day_number(d) for d in month_days])
        }
    if days:
        phrase = _days_phrase([code for _, code in days])
        if freq == "WEEKLY" and interval == 2:
            return _("om de week op %(days)s") % {"days": phrase}
        if freq == "WEEKLY" and interval > 2:
            return _("om de %(n)s weken op %(days)s") % {"n": interval, "days": phrase}
        return phrase
    return ""


def _nth_days_phrase(days: list[tuple[int, str]]) -> str:
    if len({code for _, code in days}) == 1:
        ordinals = _join([_ordinal(ordinal) for ordinal, _code in days])
        return _("elke %(ordinals)s %(day)s van de maand") % {
            "ordinals": ordinals,
            "day": DAY_NAMES[days[0][1]],
        }
    parts = [f"{_ordinal(ordinal)} {DAY_NAMES[code]}" for ordinal, code in days]
    return _("elke %(days)s van de maand") % {"days": _join(parts)}


def _ordinal(number: int) -> str:
    return str(ORDINALS[number]) if number in ORDINALS else _("%(n)se") % {"n": number}


def _day_number(day: str) -> str:
    return _("%(n)se") % {"n": day}


def date_describe(value: datetime.date, *, year: bool = True) -> str:
    """A date in words, as on every page (plein/core/formats): "12 maart 2026", "12 maart"."""
    return formats.date_format(value, "DATE_FORMAT" if year else "MONTH_DAY_FORMAT")


def schedule_is_current(schedule, *, on: datetime.date | None = None) -> bool:
    """False when the schedule has ended (valid_to or until lies in the past)."""
    today = on or timezone.localdate()
    ends = [value for value in (schedule.valid_to, schedule.until) if value]
    return not any(end < today for end in ends)


def schedule_describe(schedule, *, on: datetime.date | None = None) -> str:
    """E.g. "dinsdag 10.00–12.00 uur" or "elke eerste woensdag van de maand 13.30–15.00 uur"."""
    today = on or timezone.localdate()
    when = _when(schedule)
    times = times_describe(schedule.opens_at, schedule.closes_at)
    if times:
        text = f"{when} {times}".strip()
    elif when:
        text = _("%(when)s, op afspraak") % {"when": when}
    else:
        text = _("op afspraak")
    if not schedule_is_current(schedule, on=today):
        end = min(value for value in (schedule.valid_to, schedule.until) if value)
        return _("%(text)s (niet meer geldig sinds %(date)s)") % {
            "text": text,
            "date": date_describe(end),
        }
    if schedule.valid_from and schedule.valid_from > today:
        text = _("vanaf %(date)s: %(text)s") % {
            "date": date_describe(schedule.valid_from),
            "text": text,
        }
    if schedule.valid_to:
        text = _("%(text)s (tot en met %(date)s)") % {
            "text": text,
            "date": date_describe(schedule.valid_to),
        }
    return text


def schedule_text(schedule, *, on: datetime.date | None = None) -> str:
    """The schedule in words with its explanation, wherever Plein shows a schedule:
    "dinsdag en donderdag 09.30–12.00 uur (Inloop zonder afspraak)"."""
    text = schedule_describe(schedule, on=on)
    description = (schedule.description or "").strip()
    if not description:
        return text
    return _("%(text)s (%(description)s)") % {"text": text, "description": description}


FREQUENCIES = {"DAILY": rrule.DAILY, "WEEKLY": rrule.WEEKLY, "MONTHLY": rrule.MONTHLY}
WEEKDAYS = dict(
    zip(
        DAY_CODES,
        (rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA, rrule.SU),
        strict=True,
    )
)


def _month_days(schedule) -> list[int]:
    days = []
    for part in (schedule.bymonthday or "").split(","):
        part = part.strip()
        if re.fullmatch(r"-?\d{1,2}", part) and 1 <= abs(int(part)) <= 31:
            days.append(int(part))
    return days


def schedule_rule(schedule, *, start: datetime.datetime) -> rrule.rrule | None:
    """The schedule's iCalendar recurrence as python-dateutil's rrule, at its opening time, from
    its first day (or `start` when it names none); None when it has no recurrence we read."""
    freq = FREQUENCIES.get((schedule.freq or "").upper())
    if freq is None or schedule.opens_at is None:
        return None
    first = schedule.dtstart or schedule.valid_from or start.date()
    weekdays = [
        WEEKDAYS[code](ordinal) if ordinal else WEEKDAYS[code] for ordinal, code in _byday(schedule)
    ]
    month_days = _month_days(schedule)
    if freq != rrule.DAILY and not weekdays and not month_days:
        return None  # a weekly or monthly rule without its days: nothing to expand
    ends = [value for value in (schedule.valid_to, schedule.until) if value]
    return rrule.rrule(
        freq,
        dtstart=datetime.datetime.combine(first, schedule.opens_at, tzinfo=start.tzinfo),
        interval=schedule.interval or 1,
        byweekday=weekdays or None,
        bymonthday=month_days if month_days and not weekdays else None,
        count=schedule.count or None,
        until=(
            datetime.datetime.combine(min(ends), datetime.time.max, tzinfo=start.tzinfo)
            if ends and not schedule.count
            else None
        ),
        cache=False,
    )


def _days_off(schedule) -> set[datetime.date]:
    """Dates a consultation hour was cancelled or moved away from (its exceptions, prefetched
    by the pages that list many); an unsaved schedule has none."""
    if getattr(schedule, "_state", None) is None or schedule._state.adding:
        return set()
    return {e.date for e in schedule.exceptions.all() if e.kind in ("cancelled", "moved")}


def schedule_next(schedule, *, after: datetime.datetime | None = None) -> datetime.datetime | None:
    """The next time the schedule opens (local time), or None when that is not known.

    An opening that has begun and not yet closed counts as the next one (it is open now)."""
    moment = timezone.localtime(after) if after else timezone.localtime()
    if not schedule.opens_at or not schedule_is_current(schedule, on=moment.date()):
        return None
    rule = schedule_rule(schedule, start=moment)
    if rule is None:
        return None
    # From the start of today, so that an opening under way now is found.
    today = datetime.datetime.combine(moment.date(), datetime.time(), tzinfo=moment.tzinfo)
    horizon = moment + datetime.timedelta(days=NEXT_SEARCH_DAYS)
    days_off = _days_off(schedule)
    for opens in rule.between(today, horizon, inc=True):
        if schedule.valid_to and opens.date() > schedule.valid_to:
            return None
        if schedule.valid_from and opens.date() < schedule.valid_from or opens.date() in days_off:
            continue
        if opens >= moment or (
            schedule.closes_at
            and moment.time() < schedule.closes_at
            and opens.date() == moment.date()
        ):
            return opens
    return None


def next_describe(schedules, *, after: datetime.datetime | None = None) -> str:
    """The earliest next opening among schedules, e.g. "dinsdag 24 november, 10.00–12.00 uur"."""
    upcoming = [
        (moment, schedule)
        for schedule in schedules
        if (moment := schedule_next(schedule, after=after)) is not None
    ]
    if not upcoming:
        return ""
    moment, schedule = min(upcoming, key=lambda pair: pair[0])
    day = f"{DAY_NAMES[DAY_CODES[moment.weekday()]]} {date_describe(moment.date(), year=False)}"
    return f"{day}, {times_describe(schedule.opens_at, schedule.closes_at)}"
