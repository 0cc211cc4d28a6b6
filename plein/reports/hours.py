"""The consultation-hours report (issue 12, §7): hours held, cancelled, moved and added per
partner and theme, and per branch how much of its opening time met the presence rule. Counts
of hours, never of people; read through the socialmap and schedule selectors."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.utils import timezone

from plein.core.models import Branch, Library
from plein.schedule.selectors import opening_periods, presence_gaps
from plein.socialmap.agenda.occurrences import Status
from plein.socialmap.agenda.selectors import occurrence_list

COUNTED = {
    Status.SCHEDULED: "held",
    Status.MOVED: "moved",
    Status.EXTRA: "extra",
    Status.CANCELLED: "cancelled",
    Status.HOLIDAY: "holiday",
}


@dataclass
class HoursRow:
    organization: str
    theme: str
    held: int = 0
    moved: int = 0
    extra: int = 0
    cancelled: int = 0
    holiday: int = 0

    @property
    def offered(self) -> int:
        return self.held + self.moved + self.extra


@dataclass
class CoverageRow:
    branch: str
    open_minutes: int
    short_minutes: int

    @property
    def open_hours(self) -> float:
        return self.open_minutes / 60

    @property
    def short_hours(self) -> float:
        return self.short_minutes / 60

    @property
    def percent(self) -> int | None:
        if not self.open_minutes:
            return None
        return round(100 * (self.open_minutes - self.short_minutes) / self.open_minutes)


def _bounds(start: datetime.date, end: datetime.date):
    zone = timezone.get_current_timezone()
    first = datetime.datetime.combine(start, datetime.time(), tzinfo=zone)
    after = datetime.datetime.combine(
        end + datetime.timedelta(days=1), datetime.time(), tzinfo=zone
    )
    return first, after


def hours_by_partner_and_theme(
    *, library: Library, start: datetime.date, end: datetime.date
) -> list[HoursRow]:
    """Per organisation and theme: how often its hours were held, moved, added or dropped."""
    counts: dict[tuple[str, str], Counter] = {}
    first, last = _bounds(start, end)
    for occurrence in occurrence_list(library=library, start=first, end=last):
        column = COUNTED.get(occurrence.status)
        if column is None:
            continue  # a moved hour is counted once, at its new time
        organization = occurrence.service.organization
        theme = occurrence.schedule.theme
        key = (organization.name if organization else "", theme.name if theme else "")
        counts.setdefault(key, Counter())[column] += 1
    return [HoursRow(org, theme, **counter) for (org, theme), counter in sorted(counts.items())]


def _minutes(begin: datetime.time, finish: datetime.time) -> int:
    return (finish.hour * 60 + finish.minute) - (begin.hour * 60 + begin.minute)


def presence_coverage(
    *, library: Library, start: datetime.date, end: datetime.date
) -> list[CoverageRow]:
    """Per active branch: its opening minutes in the period and how many fell short of the
    presence rule."""
    rows = []
    days = (end - start).days + 1
    for branch in (
        Branch.objects.for_library(library).filter(is_active=True).select_related("library")
    ):
        periods = opening_periods(branch=branch, start=start, end=end)
        open_minutes = sum(_minutes(a, b) for times in periods.values() for a, b in times)
        gaps = presence_gaps(branch=branch, start=start, days=days)
        short = sum(_minutes(gap.starts_at, gap.ends_at) for gap in gaps)
        rows.append(CoverageRow(branch.name, open_minutes, short))
    return rows
