"""Stored counts of complete past months (reports.MonthAggregate): which are valid, and which
days of a period are left to count live. Reads only; services.month_counts_fill stores them.

Registrations of past days practically never change, so a long period is read as stored months
plus the days no valid stored month covers, counted live in one query. Each stored month carries
the questions app's data version of its library and month (questions.MonthVersion, bumped by
every write to a completed month); a row whose version is no longer the current one is ignored.
Counts are stored by option id, never by name, so renaming an option changes no stored row.

A missing month is derived from roll-ups (reports.MonthRollup, versioned the same way): the
rows of each shared scan over a library's whole month without filters, a few thousand rows for
three years instead of the registrations. A scan's `admits` says which filters its values can
apply; a scope with another filter counts that scan from the registrations.
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

from django.db.models import (
    Case,
    DateField,
    F,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from plein.questions.models import MonthVersion
from plein.reports.models import MonthAggregate, MonthCounts, MonthRollup

if TYPE_CHECKING:
    from plein.reports.selectors import ReportScope

# A single month is counted live (the current month's whole page takes a few hundred ms on 1M
# rows), so a month view neither reads nor needs stored rows.
MIN_MONTHS = 2
Pair = tuple[int, datetime.date]  # (library id, first day of a month)


@dataclass(frozen=True)
class Scan:
    """A grouped query the fill runs once for the months of several tallies.

    `rows(scope, part)` returns (library, day or month, value, ..., n); each tally that reads
    it turns the values into its own keys (Tally.scans).
    """

    # Stored roll-ups are found by the name: a new one when the rows' layout changes.
    name: str
    rows: Callable
    per_day: bool = False  # group by day (few rows a day; no month to compute) or month
    # A rolled-up scan: its rows over a library's whole month are stored (MonthRollup), and
    # `admits(scope)` returns a test of a stored row's values for the scope's filters, or None
    # when the values cannot tell (such a scope's months are counted from the registrations).
    admits: Callable | None = None
    # What a library's rows depend on besides its registrations: (library ids) -> {id: value}.
    extra: Callable | None = None

    def admitting(self, scope: ReportScope) -> Callable | None:
        return self.admits(scope) if self.admits else None

    def rollup_keys(self, library_ids: Iterable[int]) -> dict[int, str]:
        library_ids = list(library_ids)
        extra = self.extra(library_ids) if self.extra else {}
        return {
            library: hashlib.sha256(
                repr(("rollup", self.name, extra.get(library))).encode()
            ).hexdigest()
            for library in library_ids
        }


# A derivation adds a scan's rows, [(values, n), ...], to a tally's counts by key (the values
# are a list when they come from a roll-up: JSON has no tuples).
Derive = Callable[[list[tuple[tuple, int]], Counter], None]


def as_is(rows: list[tuple[tuple, int]], into: Counter) -> None:
    """The derivation of a tally counted by itself: the values are its key."""
    for values, n in rows:
        into[tuple(values)] += n


@dataclass(frozen=True)
class Tally:
    """One count a selector shows, stored per library and month: rows of [key, ..., n].

    `rows(scope, part, tally)` counts it over `part`: the live count, and the fill's unless
    `scans` names shared scans to derive its rows from: (scan, Derive). `extra` holds what a
    library's rows depend on besides the scope's filters (completeness: which fields the
    library records).
    """

    name: str
    rows: Callable
    args: tuple = ()
    extra: tuple = ()  # ((library id, value), ...)
    scans: tuple = ()
    per_day: bool = False  # the fill's own count groups by day (few rows a day) or month

    def key(self, scope: ReportScope, library_id: int) -> str:
        text = repr((self.name, self.args, _filters(scope), dict(self.extra).get(library_id)))
        return hashlib.sha256(text.encode()).hexdigest()

    def counted_alone(self) -> tuple:
        """The tally as its own scan: its rows are its keys."""
        scan = Scan(self.name, lambda scope, part: self.rows(scope, part, self), self.per_day)
        return ((scan, as_is),)


def _filters(scope: ReportScope) -> tuple:
    """The scope's filters other than libraries and dates (and how it is shown)."""
    skipped = {"libraries", "start", "end", "protected", "threshold", "fixed"}
    return tuple((f.name, getattr(scope, f.name)) for f in fields(scope) if f.name not in skipped)


@dataclass
class Part:
    """Where a count runs and what it groups on besides its keys."""

    where: Q  # the libraries and days counted
    group: dict  # extra GROUP BY columns, first in every row
    # Live counts also read the names of the options they count: (model, id) -> name.
    names: dict | None = field(default=None)


class MonthStart(Func):
    """The first day of a date's month, as a date (no time zone and no conversion per row in
    Python). PostgreSQL's DATE_TRUNC takes a date as a timestamp with time zone, converted for
    every row; a plain timestamp is cheaper (docs/benchmarks.md, "Cold report counts"), and the
    reports' extended statistics (migration 0004) name this very expression."""

    output_field = DateField()

    def as_sql(self, compiler, connection, **extra_context):
        return compiler.compile(TruncMonth(*self.get_source_expressions()))

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.get_source_expressions()[0])
        return f"DATE_TRUNC('month', ({sql})::timestamp)::date", params

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.get_source_expressions()[0])
        return f"DATE({sql}, 'start of month')", params


# The fill counts per library and day, or per library and month.
BY_DAY = {"g_library": F("library_id"), "g_period": F("date")}
BY_MONTH = {"g_library": F("library_id"), "g_period": MonthStart("date")}


def next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def month_end(month: datetime.date) -> datetime.date:
    return next_month(month) - datetime.timedelta(days=1)


def stored_months(scope: ReportScope) -> list[datetime.date]:
    """The complete months whose stored counts the scope reads; none when fewer than MIN_MONTHS.

    These are the months inside the scope and a month at either end that the scope covers for
    more than half: counting the few days outside it live and subtracting them is cheaper than
    counting the many days inside.

    A month is stored from the second day after it ended: a registration saved on its last
    evening that commits just after midnight did not bump the month's version (the month was
    not complete yet), so its counts must not be stored on the first day.
    """
    current = (timezone.localdate() - datetime.timedelta(days=1)).replace(day=1)
    month, months = scope.start.replace(day=1), []
    while month < current and month <= scope.end:
        inside = (min(month_end(month), scope.end) - max(month, scope.start)).days + 1
        if 2 * inside > month_end(month).day:
            months.append(month)
        month = next_month(month)
    # A fixed period's single months are read by its quarter or year (periods.py): stored too.
    return months if len(months) >= MIN_MONTHS or scope.fixed else []


def month_counts_valid(
    *, library_ids, months, keys, model: type[MonthCounts] = MonthAggregate
) -> QuerySet:
    """Stored month counts (or roll-ups) whose version is the current data version of their
    library and month (a month that never changed has no MonthVersion row: version 0)."""
    current = MonthVersion.objects.filter(
        library_id=OuterRef("library_id"), month=OuterRef("month")
    ).values("version")
    stored = model._default_manager.filter(
        library_id__in=library_ids, month__in=months, key__in=keys
    )
    return stored.annotate(current=Coalesce(Subquery(current), Value(0))).filter(
        version=F("current")
    )


def _stored(scopes: list[ReportScope], tally: Tally) -> list[dict[Pair, list]]:
    """Each scope's valid stored rows by (library, month), in one query."""
    wanted = [set(stored_months(scope)) for scope in scopes]
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
    """The day ranges from start to end that the given months leave uncovered."""
    gaps, day = [], start
    for month in sorted(months):
        if day < month:
            gaps.append((day, month - datetime.timedelta(days=1)))
        day = max(day, next_month(month))
    if day <= end:
        gaps.append((day, end))
    return gaps


def _beyond(start: datetime.date, end: datetime.date, months: Iterable[datetime.date]):
    """The day ranges of the given months outside start to end."""
    ranges = []
    for month in sorted(months):
        if month < start:
            ranges.append((month, start - datetime.timedelta(days=1)))
        if month_end(month) > end:
            ranges.append((end + datetime.timedelta(days=1), month_end(month)))
    return ranges


NOTHING = Q(pk__in=[])  # matches no row


def _where(ranges_by_library: dict[int, list]) -> Q:
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
    return reduce(or_, conditions) if conditions else NOTHING


def live_days(scope: ReportScope, stored: Iterable[Pair]) -> tuple[dict, dict]:
    """The day ranges per library to count live besides the stored months: to add (the
    scope's days no stored month covers) and to subtract (days of stored months outside it)."""
    months = defaultdict(list)
    for library, month in stored:
        months[library].append(month)
    start, end = scope.start, scope.end
    return (
        {library: _gaps(start, end, months[library]) for library in scope.libraries},
        {library: _beyond(start, end, months[library]) for library in scope.libraries},
    )


def _overlap(parts: list[tuple]) -> bool:
    days = [
        (library, a, b) for *_rest, ranges in parts for library, r in ranges.items() for a, b in r
    ]
    return any(
        x[0] == y[0] and x[1] <= y[2] and y[1] <= x[2]
        for i, x in enumerate(days)
        for y in days[i + 1 :]
    )


def counted(scopes: list[ReportScope], tally: Tally) -> tuple[list[Counter], dict]:
    """Counts by key for each scope (same filters, other dates), and the option names the live
    count read. Stored months come from one query, the days to add or subtract from one live
    query (one per scope when their days overlap)."""
    stored = _stored(scopes, tally)
    counts: list[Counter] = [Counter() for _scope in scopes]
    parts = []  # (scope's index, sign, day ranges per library)
    for i, scope in enumerate(scopes):
        for rows in stored[i].values():
            for *key, n in rows:
                counts[i][tuple(key)] += n
        add, subtract = live_days(scope, stored[i])
        parts += [(i, 1, add), (i, -1, subtract)]
    parts = [part for part in parts if any(part[2].values())]
    names: dict = {}
    batches = (
        [parts]
        if not _overlap(parts)
        else [[p for p in parts if p[0] == i] for i in range(len(scopes))]
    )
    for batch in filter(None, batches):
        _count_live(scopes, tally, batch, counts, names)
    # Keys whose subtracted days held all their rows are gone from the scope.
    return [+count for count in counts], names


def _count_live(scopes, tally: Tally, parts: list[tuple], counts: list[Counter], names) -> None:
    """Count disjoint parts in one query, told apart by their number when there are several."""
    wheres = [_where(ranges) for *_rest, ranges in parts]
    if len(parts) == 1:
        group = {}
    else:
        group = {"g_part": Case(*(When(where, then=Value(p)) for p, where in enumerate(wheres)))}
    part = Part(reduce(or_, wheres), group, names)
    for row in tally.rows(scopes[parts[0][0]], part, tally):
        p, key, n = (row[0], row[1:-1], row[-1]) if group else (0, row[:-1], row[-1])
        i, sign, _ranges = parts[p]
        counts[i][tuple(key)] += sign * n


# --- for services.month_counts_fill ------------------------------------------------------------


def month_counts_missing(
    *, tallies: list[tuple[tuple[ReportScope, ...], Tally]]
) -> list[tuple[ReportScope, Tally, list[Pair]]]:
    """For each tally, the (library, month) pairs of its scopes without a valid stored row."""
    wanted = []
    for scopes, tally in tallies:
        months = sorted(set().union(*(stored_months(scope) for scope in scopes)))
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


def every_row(values) -> bool:
    """The test of a roll-up's values for a scope without filters."""
    return True


Rollups = dict[tuple[Scan, Pair], list]  # a rolled-up scan's rows of a library's month


def month_counts_count(
    *, missing: list[tuple[ReportScope, Tally, list[Pair]]], rollups: Rollups
) -> list[dict[Pair, list]]:
    """Each missing tally's rows by (library, month). A scan with a roll-up that admits the
    scope's filters is read from `rollups` (month_rollups_wanted lists those needed); any other
    scan several tallies read runs once over all their months, grouped by library and day or
    month."""
    jobs = _jobs(missing)
    wanted = [set(pairs) for _scope, _tally, pairs in missing]
    counts: list[defaultdict[Pair, Counter]] = [defaultdict(Counter) for _tally in missing]
    for (scan, _same_filters), readers in jobs.items():
        pairs = set().union(*(wanted[i] for i, _derive in readers))
        scope = missing[readers[0][0]][0]
        admit = scan.admitting(scope)
        if admit is not None:
            by_pair = {pair: rollups[(scan, pair)] for pair in pairs}
            if admit is not every_row:
                by_pair = {
                    pair: [(values, n) for values, n in rows if admit(values)]
                    for pair, rows in by_pair.items()
                }
        else:
            by_pair = _scanned(scan, scope, pairs)
        for i, derive in readers:
            for pair in wanted[i] & by_pair.keys():
                derive(by_pair[pair], counts[i][pair])
    return [
        {pair: [[*key, n] for key, n in rows.items()] for pair, rows in tally_counts.items()}
        for tally_counts in counts
    ]


def _scanned(scan: Scan, scope: ReportScope, pairs: set[Pair]) -> dict[Pair, list]:
    """A scan's rows by (library, month) over those months, counted in one query."""
    months = defaultdict(list)
    for library, month in pairs:
        months[library].append(month)
    where = _where({library: _month_ranges(days) for library, days in months.items()})
    by_pair: dict[Pair, list] = defaultdict(list)
    for library, period, *values, n in scan.rows(
        scope, Part(where, BY_DAY if scan.per_day else BY_MONTH)
    ):
        by_pair[(library, period.replace(day=1))].append((tuple(values), n))
    return by_pair


def _jobs(missing: list[tuple[ReportScope, Tally, list[Pair]]]) -> dict:
    """(scan, filters) -> [(index of a tally reading it, derive)]. A tally reads its shared
    scans when one of them has a roll-up for the scope or another missing tally shares one of
    them, else it is counted alone (a shared scan counts more than any one tally needs)."""
    readers = defaultdict(set)
    for i, (scope, tally, _pairs) in enumerate(missing):
        for scan, _derive in tally.scans:
            readers[(scan, _filters(scope))].add(i)
    jobs = defaultdict(list)
    for i, (scope, tally, _pairs) in enumerate(missing):
        shared = any(
            len(readers[(scan, _filters(scope))]) > 1 or scan.admitting(scope) is not None
            for scan, _d in tally.scans
        )
        for scan, derive in tally.scans if shared else tally.counted_alone():
            jobs[(scan, _filters(scope))].append((i, derive))
    return jobs


def _month_ranges(months: list[datetime.date]) -> list[tuple[datetime.date, datetime.date]]:
    """Consecutive months merged into day ranges."""
    ranges: list[tuple[datetime.date, datetime.date]] = []
    for month in sorted(months):
        end = next_month(month) - datetime.timedelta(days=1)
        if ranges and ranges[-1][1] + datetime.timedelta(days=1) == month:
            ranges[-1] = (ranges[-1][0], end)
        else:
            ranges.append((month, end))
    return ranges


# --- roll-ups: a scan's rows over a library's whole month, without the scopes' filters ---------


def month_rollups_wanted(
    *, missing: list[tuple[ReportScope, Tally, list[Pair]]]
) -> dict[Scan, set[Pair]]:
    """The roll-ups month_counts_count reads for these missing tallies: scan -> months."""
    wanted: defaultdict[Scan, set[Pair]] = defaultdict(set)
    for (scan, _same_filters), readers in _jobs(missing).items():
        if scan.admitting(missing[readers[0][0]][0]) is not None:
            for i, _derive in readers:
                wanted[scan] |= set(missing[i][2])
    return wanted


RollupKeys = dict[Scan, dict[int, str]]  # scan -> library -> key of its roll-up rows


def month_rollups_keys(*, wanted: dict[Scan, set[Pair]]) -> RollupKeys:
    return {
        scan: scan.rollup_keys({library for library, _month in pairs})
        for scan, pairs in wanted.items()
    }


def month_rollups_valid(*, wanted: dict[Scan, set[Pair]], keys: RollupKeys) -> Rollups:
    """The wanted roll-ups stored with their month's current version, in one query."""
    if not wanted:
        return {}
    libraries = {library for pairs in wanted.values() for library, _month in pairs}
    scans = {(library, key): scan for scan in wanted for library, key in keys[scan].items()}
    rows = month_counts_valid(
        library_ids=libraries,
        months={month for pairs in wanted.values() for _library, month in pairs},
        keys={key for _library, key in scans},
        model=MonthRollup,
    ).values_list("library_id", "month", "key", "data")
    found: Rollups = {}
    for library, month, key, data in rows:
        scan = scans.get((library, key))
        if scan is not None and (library, month) in wanted[scan]:
            found[(scan, (library, month))] = data
    return found


def month_rollups_count(*, scope: ReportScope, todo: dict[Scan, set[Pair]]) -> Rollups:
    """Roll-ups counted from the registrations: each scan once over all its months, for every
    registration of the libraries (the scope's filters left out)."""
    counted: Rollups = {}
    for scan, pairs in todo.items():
        libraries = tuple(sorted({library for library, _month in pairs}))
        whole = scope.unfiltered(libraries=libraries)
        by_pair = _scanned(scan, whole, pairs)
        for pair in pairs:
            total: Counter = Counter()
            for values, n in by_pair.get(pair, []):
                total[values] += n
            counted[(scan, pair)] = [[list(values), n] for values, n in total.items()]
    return counted
