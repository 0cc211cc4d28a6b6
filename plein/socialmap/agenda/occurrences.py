"""One schedule expanded into dated occurrences between two moments.

The rule is the schedule's iCalendar recurrence as python-dateutil's rrule (hours.schedule_rule),
in the installation's time zone, so 10:00 stays 10:00 across a change to summer time. On top:
- Dutch public holidays (plein.core.workdays) are left out, unless the schedule says it goes on;
- a cancelled or moved exception takes its date out (an EXDATE), a moved one comes back at its
  new date and time, an extra one adds a date (an RDATE).
"""

import datetime
import enum
from dataclasses import dataclass

from django.utils import timezone

from plein.core.models import Branch
from plein.core.workdays import public_holidays
from plein.socialmap.hours import schedule_rule
from plein.socialmap.models import ExceptionKind, Room, Schedule, ScheduleException, Service

# How long an hour without a closing time is taken to last.
DEFAULT_LENGTH = datetime.timedelta(hours=1)


class Status(enum.StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"
    # At its new time (MOVED) and, for the agenda, a note at the time it left (MOVED_AWAY).
    MOVED = "moved"
    MOVED_AWAY = "moved_away"
    EXTRA = "extra"
    HOLIDAY = "holiday"


# What a calendar subscriber sees: moved-away notes and holidays are not events of their own.
IN_FEEDS = (Status.SCHEDULED, Status.CANCELLED, Status.MOVED, Status.EXTRA)


@dataclass(frozen=True, slots=True)
class Occurrence:
    schedule: Schedule
    start: datetime.datetime
    end: datetime.datetime
    status: Status
    room: Room | None
    # The regular date this occurrence stands for (for a moved one: the date it left).
    regular_date: datetime.date
    exception: ScheduleException | None = None
    holiday: str = ""
    # For MOVED: the regular start it replaces; for MOVED_AWAY: where it went.
    moved_from: datetime.datetime | None = None
    moved_to: datetime.datetime | None = None
    # Set by the selectors: the library branch the hour is held in.
    branch: Branch | None = None

    @property
    def service(self) -> Service:
        link = self.schedule.service_at_location
        service = link.service if link is not None else self.schedule.service
        assert service is not None
        return service

    @property
    def is_cancelled(self) -> bool:
        return self.status in (Status.CANCELLED, Status.HOLIDAY, Status.MOVED_AWAY)

    @property
    def uid(self) -> str:
        """Stable per regular date, so a calendar updates a moved or cancelled occurrence."""
        kind = "extra" if self.status == Status.EXTRA else "hour"
        return f"{kind}-{self.schedule.pk}-{self.regular_date:%Y%m%d}@plein"


def _span(
    day: datetime.date,
    opens: datetime.time,
    closes: datetime.time | None,
    tz: datetime.tzinfo,
) -> tuple[datetime.datetime, datetime.datetime]:
    start = datetime.datetime.combine(day, opens, tzinfo=tz)
    if closes is None or closes <= opens:
        return start, start + DEFAULT_LENGTH
    return start, datetime.datetime.combine(day, closes, tzinfo=tz)


def _holidays_between(start: datetime.datetime, end: datetime.datetime) -> dict[datetime.date, str]:
    """Public holidays from the day before `start` (see _regular_dates) up to `end`."""
    found: dict[datetime.date, str] = {}
    for year in range((start - datetime.timedelta(days=1)).year, end.year + 1):
        found.update(public_holidays(year))
    return found


def _regular_dates(
    schedule: Schedule, start: datetime.datetime, end: datetime.datetime
) -> list[datetime.date]:
    rule = schedule_rule(schedule, start=start)
    if rule is None:
        return []
    # A day early, so that an hour under way at `start` is found too.
    found = rule.between(start - datetime.timedelta(days=1), end, inc=True)
    return [
        moment.date()
        for moment in found
        if not (schedule.valid_from and moment.date() < schedule.valid_from)
        and not (schedule.valid_to and moment.date() > schedule.valid_to)
    ]


def schedule_occurrences(
    schedule: Schedule,
    *,
    start: datetime.datetime,
    end: datetime.datetime,
    exceptions: list[ScheduleException] | None = None,
    branch: Branch | None = None,
) -> list[Occurrence]:
    """The occurrences that overlap [start, end), in time order, cancelled ones included.

    `exceptions` are the schedule's exceptions (all, or at least those dated near the window);
    by default they are read from the schedule (prefetched by the selectors). `branch` is the
    library branch the hour is held in, for the pages and feeds that say where."""
    tz = timezone.get_default_timezone()
    start, end = start.astimezone(tz), end.astimezone(tz)
    if schedule.opens_at is None:
        return []
    if exceptions is None:
        exceptions = list(schedule.exceptions.all())
    by_date = {exception.date: exception for exception in exceptions}
    holidays = {} if schedule.on_public_holidays else _holidays_between(start, end)
    found: list[Occurrence] = []
    for day in _regular_dates(schedule, start, end):
        opens, closes = _span(day, schedule.opens_at, schedule.closes_at, tz)
        exception = by_date.get(day)
        status, holiday, moved_to = Status.SCHEDULED, "", None
        if exception is not None and exception.kind == ExceptionKind.CANCELLED:
            status = Status.CANCELLED
        elif exception is not None and exception.kind == ExceptionKind.MOVED:
            status, moved_to = Status.MOVED_AWAY, _exception_span(exception, schedule, tz)[0]
        elif day in holidays:
            status, holiday = Status.HOLIDAY, holidays[day]
        if status == Status.SCHEDULED:
            exception = None  # an extra time on a regular date is not this occurrence's
        found.append(
            Occurrence(
                schedule=schedule,
                start=opens,
                end=closes,
                status=status,
                room=schedule.room,
                regular_date=day,
                exception=exception,
                holiday=holiday,
                moved_to=moved_to,
                branch=branch,
            )
        )
    for exception in exceptions:
        if exception.kind == ExceptionKind.MOVED:
            regular = datetime.datetime.combine(exception.date, schedule.opens_at, tzinfo=tz)
            opens, closes = _exception_span(exception, schedule, tz)
            found.append(
                Occurrence(
                    schedule=schedule,
                    start=opens,
                    end=closes,
                    status=Status.MOVED,
                    room=exception.room or schedule.room,
                    regular_date=exception.date,
                    exception=exception,
                    moved_from=regular,
                    branch=branch,
                )
            )
        elif exception.kind == ExceptionKind.EXTRA:
            opens, closes = _exception_span(exception, schedule, tz)
            found.append(
                Occurrence(
                    schedule=schedule,
                    start=opens,
                    end=closes,
                    status=Status.EXTRA,
                    room=exception.room or schedule.room,
                    regular_date=exception.date,
                    exception=exception,
                    branch=branch,
                )
            )
    return sorted(
        (o for o in found if o.end > start and o.start < end), key=lambda o: (o.start, o.status)
    )


def _exception_span(
    exception: ScheduleException, schedule: Schedule, tz: datetime.tzinfo
) -> tuple[datetime.datetime, datetime.datetime]:
    day = exception.new_date or exception.date
    opens = exception.opens_at or schedule.opens_at
    assert opens is not None
    closes = exception.closes_at if exception.opens_at else schedule.closes_at
    return _span(day, opens, closes, tz)


def is_regular_date(schedule: Schedule, day: datetime.date) -> bool:
    """Whether the schedule's rule falls on this day (holidays and exceptions aside)."""
    tz = timezone.get_default_timezone()
    start = datetime.datetime.combine(day, datetime.time(), tzinfo=tz)
    return day in _regular_dates(schedule, start, start + datetime.timedelta(days=1))
