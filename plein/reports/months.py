"""Stored counts of complete past months (reports.MonthAggregate): which are valid, and which
days of a period are left to count live. Reads only; services.month_counts_fill stores them.

Registrations of past days practically never change, so a long period is read as stored months
plus the days no valid stored month covers, counted live in one query. Each stored month carries
the questions app's data version of its library and month (questions.MonthVersion, bumped by
every write to a completed month); a row whose version is no longer the current one is ignored.
Counts are stored by option id, never by name, so renaming an option changes no stored row.
"""

from __future__ import annotations

import datetime
import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING

from django.db.models import Case, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from plein.questions.models import MonthVersion
from plein.reports.models import MonthAggregate

if TYPE_CHECKING:
    from plein.reports.selectors import ReportScope

# A single month is counted live (the current month's whole page takes a few hundred ms on 1M
# rows), so a month view neither reads nor needs stored rows.
MIN_MONTHS = 2
Pair = tuple[int, datetime.date]  # (library id, first day of a month)


@dataclass(frozen=True)
class Tally:
    """One count a selector shows, stored per library and month: rows of [key, ..., n].

    `rows(scope, part, tally)` counts it over `part`; `extra` holds what a library's rows depend
    on besides the scope's filters (completeness: which fields the library records).
    """

    name: str
    rows: Callable
    args: tuple = ()
    extra: tuple = ()  # ((library id, value), ...)

    def key(self, scope: ReportScope, library_id: int) -> str:
        skipped = {"libraries", "start", "end", "protected", "threshold"}
        filters = [(f.name, getattr(scope, f.name)) for f in fields(scope) if f.name not in skipped]
        text = repr((self.name, self.args, filters, dict(self.extra).get(library_id)))
        return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class Part:
    """Where a count runs and what it groups on besides its keys."""

    where: Q  # the libraries and days counted
    group: dict  # extra GROUP BY columns, first in every row
    # Live counts also read the names of the options they count: (model, id) -> name.
    names: dict | None = field(default=None)


# Stored rows are counted per library and month.
BY_MONTH = {"g_library": F("library_id"), "g_month": TruncMonth("date")}


def next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def complete_months(scope: ReportScope) -> list[datetime.date]:
    """The whole months inside the scope that may be stored; none when fewer than MIN_MONTHS.

    A month is stored from the second day after it ended: a registration saved on its last
    evening that commits just after midnight did not bump the month's version (the month was
    not complete yet), so its counts must not be stored on the first day.
    """
    current = (timezone.localdate() - datetime.timedelta(days=1)).replace(day=1)
    month = scope.start if scope.start.day == 1 else next_month(scope.start)
    months = []
    while month < current and next_month(month) - datetime.timedelta(days=1) <= scope.end:
        months.append(month)
        month = next_month(month)
    return months if len(months) >= MIN_MONTHS else []


def month_counts_valid(*, library_ids, months, keys) -> QuerySet[MonthAggregate]:
    """Stored month counts whose version is the current data version of their library and month
    (a month that never changed has no MonthVersion row: version 0)."""
    current = MonthVersion.objects.filter(
        library_id=OuterRef("library_id"), month=OuterRef("month")
    ).values("version")
    stored = MonthAggregate.objects.filter(
        library_id__in=library_ids, month__in=months, key__in=keys
    )
    return stored.annotate(current=Coalesce(Subquery(current), Value(0))).filter(
        version=F("current")
    )


def _stored(scopes: list[ReportScope], tally: Tally) -> list[dict[Pair, list]]:
    """Each scope's valid stored rows by (library, month), in one query."""
    wanted = [set(complete_months(scope)) for scope in scopes]
    months = set().union(*wanted)
    if not months:
        return [{} for _scope in scopes]
    keys = {library: tally.key(scopes[0], library) for library in scopes[0].libraries}
    rows = month_counts_valid(library_ids=keys, months=months, keys=set(keys.values()))
    found = {
        (library, month): data
        for library, month, key, data in rows.values_list("library_id", "month", "key", "data")
        if keys[library] == key
    }
    return [{pair: data for pair, data in found.items() if pair[1] in w} for w in wanted]


def _gaps(start: datetime.date, end: datetime.date, months: Iterable[datetime.date]):
    """The day ranges from start to end that the given whole months leave uncovered."""
    gaps, day = [], start
    for month in sorted(months):
        if day < month:
            gaps.append((day, month - datetime.timedelta(days=1)))
        day = max(day, next_month(month))
    if day <= end:
        gaps.append((day, end))
    return gaps


def _where(ranges_by_library: dict[int, list]) -> Q | None:
    """A filter on library and date; libraries with the same ranges share one condition."""
    libraries_by_ranges = defaultdict(list)
    for library, ranges in ranges_by_library.items():
        if ranges:
            libraries_by_ranges[tuple(ranges)].append(library)
    conditions = [
        Q(library_id__in=libraries)
        & reduce(or_, (Q(date__gte=start, date__lte=end) for start, end in ranges))
        for ranges, libraries in libraries_by_ranges.items()
    ]
    return reduce(or_, conditions) if conditions else None


def remaining(scope: ReportScope, stored: Iterable[Pair]) -> Q | None:
    """The libraries and days of the scope that no stored month covers (None: nothing left)."""
    months = defaultdict(list)
    for library, month in stored:
        months[library].append(month)
    return _where(
        {library: _gaps(scope.start, scope.end, months[library]) for library in scope.libraries}
    )


def _add(counts: Counter, rows) -> None:
    for row in rows:
        counts[tuple(row[:-1])] += row[-1]


def counted(scopes: list[ReportScope], tally: Tally) -> tuple[list[Counter], dict]:
    """Counts by key for each scope (same filters, other dates), and the option names the live
    count read. Stored months come from one query, every other day from one live query."""
    stored = _stored(scopes, tally)
    counts = [Counter() for _scope in scopes]
    for count, months in zip(counts, stored, strict=True):
        for rows in months.values():
            _add(count, rows)
    live = [(i, remaining(scope, stored[i])) for i, scope in enumerate(scopes)]
    live = [(i, where) for i, where in live if where is not None]
    names: dict = {}
    if len(live) == 1:
        i, where = live[0]
        _add(counts[i], tally.rows(scopes[i], Part(where, {}, names), tally))
    elif live:
        # Several periods (this one and the one before) in one query, told apart by a number.
        period = Case(*(When(where, then=Value(i)) for i, where in live))
        part = Part(reduce(or_, (where for _i, where in live)), {"g_period": period}, names)
        for row in tally.rows(scopes[0], part, tally):
            counts[row[0]][tuple(row[1:-1])] += row[-1]
    return counts, names


# --- for services.month_counts_fill ------------------------------------------------------------


def month_counts_missing(
    *, tallies: list[tuple[tuple[ReportScope, ...], Tally]]
) -> list[tuple[ReportScope, Tally, list[Pair]]]:
    """For each tally, the (library, month) pairs of its scopes without a valid stored row."""
    wanted = []
    for scopes, tally in tallies:
        months = sorted(set().union(*(complete_months(scope) for scope in scopes)))
        keys = {library: tally.key(scopes[0], library) for library in scopes[0].libraries}
        if months:
            wanted.append((scopes[0], tally, months, keys))
    if not wanted:
        return []
    present = set(
        month_counts_valid(
            library_ids={lib for *_rest, keys in wanted for lib in keys},
            months={month for _s, _t, months, _k in wanted for month in months},
            keys={key for *_rest, keys in wanted for key in keys.values()},
        ).values_list("library_id", "month", "key")
    )
    missing = []
    for scope, tally, months, keys in wanted:
        pairs = [
            (lib, m) for lib, key in keys.items() for m in months if (lib, m, key) not in present
        ]
        if pairs:
            missing.append((scope, tally, pairs))
    return missing


def month_counts_count(*, scope: ReportScope, tally: Tally, pairs: list[Pair]) -> dict[Pair, list]:
    """The rows of the given months, counted in one query grouped by library and month."""
    months = defaultdict(list)
    for library, month in pairs:
        months[library].append(month)
    where = _where({library: _month_ranges(days) for library, days in months.items()})
    result: dict[Pair, list] = defaultdict(list)
    for library, month, *row in tally.rows(scope, Part(where, BY_MONTH), tally):
        result[(library, _as_date(month))].append(row)
    return result


def _month_ranges(months: list[datetime.date]) -> list[tuple[datetime.date, datetime.date]]:
    """Consecutive months merged into day ranges."""
    ranges = []
    for month in sorted(months):
        end = next_month(month) - datetime.timedelta(days=1)
        if ranges and ranges[-1][1] + datetime.timedelta(days=1) == month:
            ranges[-1] = (ranges[-1][0], end)
        else:
            ranges.append((month, end))
    return ranges


def _as_date(value) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value
