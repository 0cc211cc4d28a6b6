"""Reads of the schedule app: who is on duty on which dates, a branch's opening periods and where
the presence rule is not met. Recurrence with python-dateutil's rrule, public holidays from the
`holidays` library (through plein.core.workdays)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, replace

from dateutil import rrule
from django.db.models import FilteredRelation, Prefetch, Q, QuerySet

from plein.core.models import Branch, Library
from plein.core.workdays import public_holidays
from plein.schedule.models import Display, PresenceRule, Shift, ShiftChange, StaffKind
from plein.socialmap.hours import schedule_rule
from plein.socialmap.models import Schedule

DEFAULT_MIN_VOLUNTEERS = 1
DEFAULT_MIN_PROFESSIONALS = 1
GAP_DAYS = 14


@dataclass(frozen=True)
class Duty:
    """One person on duty on one date: from a shift, or as the stand-in of someone else."""

    shift: Shift
    date: datetime.date
    person_name: str
    kind: str
    stand_in_for: str = ""  # the name of the person the stand-in replaces

    @property
    def starts_at(self) -> datetime.time:
        return self.shift.starts_at

    @property
    def kind_label(self) -> str:
        return str(StaffKind(self.kind).label)

    @property
    def ends_at(self) -> datetime.time:
        return self.shift.ends_at


@dataclass(frozen=True)
class Gap:
    """A stretch of opening hours on one date with fewer people on duty than the rule asks."""

    branch: Branch
    date: datetime.date
    starts_at: datetime.time
    ends_at: datetime.time
    volunteers: int
    professionals: int
    min_volunteers: int
    min_professionals: int

    @property
    def volunteers_missing(self) -> int:
        return max(0, self.min_volunteers - self.volunteers)

    @property
    def professionals_missing(self) -> int:
        return max(0, self.min_professionals - self.professionals)


def shift_list(*, library: Library, branch: Branch | None = None) -> QuerySet[Shift]:
    shifts = Shift.objects.for_library(library).select_related("branch", "desk", "person")
    return shifts.filter(branch=branch) if branch else shifts


def shift_dates(shift: Shift, *, start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """The dates from start to end (inclusive) on which the shift's rule falls."""
    first = datetime.datetime.combine(shift.valid_from, datetime.time())
    last = min(end, shift.valid_until) if shift.valid_until else end
    if last < start:
        return []
    rule = rrule.rrule(
        rrule.WEEKLY,
        dtstart=first,
        interval=shift.every_weeks,
        byweekday=shift.weekday,
        until=datetime.datetime.combine(last, datetime.time()),
        cache=False,
    )
    begin = datetime.datetime.combine(start, datetime.time())
    return [moment.date() for moment in rule.xafter(begin, inc=True)]


def _shifts_between(*, branches, start: datetime.date, end: datetime.date) -> QuerySet[Shift]:
    return (
        Shift.objects.filter(branch__in=branches, valid_from__lte=end)
        .exclude(valid_until__lt=start)
        .select_related("person", "desk", "branch")
    )


def _shifts_with_changes(
    *, branches, start: datetime.date, end: datetime.date
) -> list[tuple[Shift, dict[datetime.date, ShiftChange]]]:
    """The shifts with their changes per date: two queries, or one for a single date (a
    shift has at most one change a date, joined in the same query)."""
    shifts = _shifts_between(branches=branches, start=start, end=end)
    if start == end:
        on_date = shifts.annotate(
            change_on_date=FilteredRelation("changes", condition=Q(changes__date=start))
        ).select_related("change_on_date__stand_in")  # type: ignore[misc]  # the stubs miss it
        # Django leaves the attribute unset when the shift has no change that date.
        changed = [(shift, getattr(shift, "change_on_date", None)) for shift in on_date]
        return [(shift, {start: change} if change else {}) for shift, change in changed]
    changes = ShiftChange.objects.filter(date__gte=start, date__lte=end).select_related("stand_in")
    with_changes = shifts.prefetch_related(Prefetch("changes", queryset=changes))
    return [
        (shift, {change.date: change for change in shift.changes.all()}) for shift in with_changes
    ]


def duties_between(
    *, branches, start: datetime.date, end: datetime.date
) -> dict[int, dict[datetime.date, list[Duty]]]:
    """Per branch id and date: who is on duty, sorted by start time (two queries, one for a
    single date)."""
    found: dict[int, dict[datetime.date, list[Duty]]] = defaultdict(lambda: defaultdict(list))
    for shift, changes in _shifts_with_changes(branches=branches, start=start, end=end):
        for day in shift_dates(shift, start=start, end=end):
            duty = _duty(shift, day, changes.get(day))
            if duty is not None:
                found[shift.branch_id][day].append(duty)
    for days in found.values():
        for duties in days.values():
            duties.sort(key=lambda duty: (duty.starts_at, duty.person_name))
    return found


def _duty(shift: Shift, day: datetime.date, change: ShiftChange | None) -> Duty | None:
    if change is None:
        return Duty(shift, day, str(shift.person), shift.kind)
    if change.stand_in is None:
        return None  # cancelled this once
    return Duty(shift, day, str(change.stand_in), change.stand_in_kind, str(shift.person))


def presence_rule_minimums(branch: Branch) -> tuple[int, int]:
    """(volunteers, professionals) the branch needs during opening hours."""
    rule = PresenceRule.objects.filter(branch=branch).first()
    if rule is None:
        return DEFAULT_MIN_VOLUNTEERS, DEFAULT_MIN_PROFESSIONALS
    return rule.min_volunteers, rule.min_professionals


def _opening_hours(branch: Branch) -> list[Schedule]:
    if branch.location_id is None:
        return []
    return list(
        Schedule.objects.filter(
            location_id=branch.location_id, service__isnull=True, service_at_location__isnull=True
        )
    )


def opening_periods(
    *, branch: Branch, start: datetime.date, end: datetime.date
) -> dict[datetime.date, list[tuple[datetime.time, datetime.time]]]:
    """The branch's opening hours per date (its location's schedules on the social map); a
    library is closed on public holidays."""
    periods: dict[datetime.date, list[tuple[datetime.time, datetime.time]]] = defaultdict(list)
    holidays = {**public_holidays(start.year), **public_holidays(end.year)}
    begin = datetime.datetime.combine(start, datetime.time())
    finish = datetime.datetime.combine(end, datetime.time.max)
    for schedule in _opening_hours(branch):
        rule = schedule_rule(schedule, start=begin)
        if rule is None or schedule.opens_at is None or schedule.closes_at is None:
            continue
        for opens in rule.between(begin, finish, inc=True):
            day = opens.date()
            if day in holidays or (schedule.valid_from and day < schedule.valid_from):
                continue
            periods[day].append((schedule.opens_at, schedule.closes_at))
    return {day: sorted(times) for day, times in periods.items()}


def _day_gaps(branch, day, periods, duties, minimums) -> list[Gap]:
    """Split each opening period at every start and end of a duty, and count who is present
    in each piece; adjacent pieces with the same shortfall become one gap."""
    min_volunteers, min_professionals = minimums
    gaps: list[Gap] = []
    for opens, closes in periods:
        edges = {opens, closes} | {
            moment
            for duty in duties
            for moment in (duty.starts_at, duty.ends_at)
            if opens < moment < closes
        }
        points = sorted(edges)
        for begin, finish in zip(points, points[1:], strict=False):
            present = [d for d in duties if d.starts_at <= begin and d.ends_at >= finish]
            volunteers = sum(d.kind == StaffKind.VOLUNTEER for d in present)
            professionals = sum(d.kind == StaffKind.PROFESSIONAL for d in present)
            if volunteers >= min_volunteers and professionals >= min_professionals:
                continue
            last = gaps[-1] if gaps else None
            if (
                last
                and last.ends_at == begin
                and (last.volunteers, last.professionals) == (volunteers, professionals)
            ):
                gaps[-1] = replace(last, ends_at=finish)
            else:
                gaps.append(Gap(branch, day, begin, finish, volunteers, professionals, *minimums))
    return gaps


def presence_gaps(*, branch: Branch, start: datetime.date, days: int = GAP_DAYS) -> list[Gap]:
    """Where the branch's presence rule is not met during its opening hours, from start on."""
    end = start + datetime.timedelta(days=days - 1)
    minimums = presence_rule_minimums(branch)
    duties = duties_between(branches=[branch], start=start, end=end).get(branch.pk, {})
    gaps = []
    for day, periods in sorted(opening_periods(branch=branch, start=start, end=end).items()):
        gaps += _day_gaps(branch, day, periods, duties.get(day, []), minimums)
    return gaps


def library_presence_gaps(*, library: Library, start: datetime.date) -> list[Gap]:
    gaps = []
    branches = Branch.objects.for_library(library).filter(is_active=True).select_related("library")
    for branch in branches:
        gaps += presence_gaps(branch=branch, start=start)
    return gaps


def display_list(*, library: Library) -> QuerySet[Display]:
    return Display.objects.for_library(library).select_related("branch", "room")
