"""Reads for the reports: every figure is aggregated in the database, one query per table.

Counts come from the flat `Registration` table (one row per question, repeating the visit's
library, branch, desk, channel, date, hour and weekday), so most tables need no join. The
numbers here are exact; small-cell protection is applied when they are shown (protection.py).

Counting rules (documented on the dashboard):
- a question with several topics (or life domains) counts once under each of them, so the rows
  of those tables may add up to more than the number of questions;
- a question is a referral when its outcome is of the kind "Doorverwezen" or it names the
  organisation it was referred to;
- visits are counted in the visit table; with a filter on questions (topic, life domain,
  outcome, complex) only visits with such a question count;
- without filters beyond the period, topic and life-domain counts are read from the link
  tables alone, which repeat their question's library and date (fast on large volumes).
"""

from __future__ import annotations

import datetime
import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace

from django.conf import settings as django_settings
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import TruncMonth, TruncWeek
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plein.questions.models import (
    Gender,
    IdoCategory,
    Outcome,
    OutcomeKind,
    Registration,
    RegistrationLifeDomain,
    RegistrationSettings,
    RegistrationTopic,
    Visit,
    VisitMode,
)
from plein.reports.models import MonthAggregate


@dataclass(frozen=True)
class ReportScope:
    libraries: tuple[int, ...]  # library ids the viewer may see
    start: datetime.date
    end: datetime.date  # inclusive
    branch_ids: tuple[int, ...] = ()
    desk_ids: tuple[int, ...] = ()
    channel_ids: tuple[int, ...] = ()
    topic_ids: tuple[int, ...] = ()
    life_domain_ids: tuple[int, ...] = ()
    outcome_ids: tuple[int, ...] = ()
    complex_only: bool = False
    protected: bool = True  # small-cell protection on
    threshold: int = 5

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> ReportScope:
        """The period of equal length just before this one, with the same filters."""
        end = self.start - datetime.timedelta(days=1)
        return replace(self, start=end - datetime.timedelta(days=self.days - 1), end=end)


@dataclass(frozen=True)
class Dimension:
    label: str
    field: str  # the value grouped on, from Registration
    empty: str = ""  # the label of rows without a value
    choices: dict = field(default_factory=dict)  # stored value -> label
    ordered_by_key: bool = False


WEEKDAYS = {
    1: _("maandag"),
    2: _("dinsdag"),
    3: _("woensdag"),
    4: _("donderdag"),
    5: _("vrijdag"),
    6: _("zaterdag"),
    7: _("zondag"),
}

# Options are grouped by name, so a funder sees one row for a topic several libraries share
# and archived options keep their own row under their name.
DIMENSIONS: dict[str, Dimension] = {
    "branch": Dimension(_("Vestiging"), "branch__name"),
    "desk": Dimension(_("Balie"), "desk__name", _("Geen balie")),
    "channel": Dimension(_("Kanaal"), "channel__name"),
    "topic": Dimension(_("Onderwerp"), "topics__name", _("Geen onderwerp")),
    "life_domain": Dimension(_("Leefgebied"), "life_domains__name", _("Geen leefgebied")),
    "outcome": Dimension(_("Uitkomst"), "outcome__name", _("Geen uitkomst")),
    "referral": Dimension(_("Doorverwezen naar"), "referred_name", _("Onbekend")),
    "age_band": Dimension(_("Leeftijdsgroep"), "visit__age_band__name", _("Niet ingevuld")),
    "gender": Dimension(
        _("Gender"), "visit__gender", _("Niet ingevuld"), choices=dict(Gender.choices)
    ),
    "weekday": Dimension(_("Weekdag"), "weekday", choices=WEEKDAYS, ordered_by_key=True),
    "hour": Dimension(_("Uur"), "hour", ordered_by_key=True),
}
# The one-dimensional tables of the dashboard, in the order shown.
BREAKDOWNS = ("branch", "desk", "channel", "topic", "life_domain", "outcome", "referral")
OPTIONAL_DIMENSIONS = {"age_band": "record_age_band", "gender": "record_gender"}

# A question is a referral when its outcome is of the kind "referred". (A referral target
# without that outcome is refused by the registration services, so the target needs no test.)
# As a subquery on the outcome id, the count stays an index-only scan of the covering index.
REFERRAL = Q(outcome_id__in=Outcome.objects.filter(kind=OutcomeKind.REFERRED).values("id"))


@dataclass(frozen=True)
class Totals:
    visits: int
    questions: int
    referrals: int
    complex: int


@dataclass(frozen=True)
class CrossTable:
    rows: str  # dimension names
    columns: str
    row_labels: list[str]
    column_labels: list[str]
    cells: list[list[int]]


@dataclass(frozen=True)
class Dashboard:
    scope: ReportScope
    totals: Totals
    previous: Totals
    series_unit: str  # "day", "week" or "month"
    series: list[tuple[datetime.date, int]]
    breakdowns: dict[str, list[tuple[str, int]]]
    heatmap: dict[tuple[int, int], int]  # (ISO weekday, hour) -> questions
    cross: CrossTable | None
    completeness: tuple[int, int]  # (complete visits, visits)


def registration_filter(*, scope: ReportScope, start=None) -> QuerySet:
    """The questions in the scope (from `start` when given, to widen it to the previous period)."""
    qs = Registration.objects.filter(
        library_id__in=scope.libraries, date__gte=start or scope.start, date__lte=scope.end
    )
    for name in ("branch", "desk", "channel", "outcome"):
        ids = getattr(scope, f"{name}_ids")
        if ids:
            qs = qs.filter(**{f"{name}_id__in": ids})
    # Exists keeps one row per question where a join through topics would repeat it.
    if scope.topic_ids:
        links = RegistrationTopic.objects.filter(topic_id__in=scope.topic_ids)
        qs = qs.filter(Exists(links.filter(registration_id=OuterRef("pk"))))
    if scope.life_domain_ids:
        links = RegistrationLifeDomain.objects.filter(life_domain_id__in=scope.life_domain_ids)
        qs = qs.filter(Exists(links.filter(registration_id=OuterRef("pk"))))
    if scope.complex_only:
        qs = qs.filter(is_complex=True)
    return qs


def _has_question_filters(scope: ReportScope) -> bool:
    return bool(scope.topic_ids or scope.life_domain_ids or scope.outcome_ids or scope.complex_only)


def report_totals(*, scope: ReportScope) -> tuple[Totals, Totals]:
    """This period's totals and those of the previous period of equal length.

    Without filters on questions, visits are counted in the visit table (its own index) rather
    than as distinct visits of the questions, which is much slower on a large table.
    """
    previous = scope.previous()
    cached = (
        _cached_counts("totals", scope, _totals_rows),
        _cached_counts("totals", previous, _totals_rows),
    )
    if cached != (None, None):
        # One period may span whole past months while the other does not: that one is live.
        return _merged_totals(cached[0], scope), _merged_totals(cached[1], previous)
    counted = {
        "questions": Count("id"),
        "referrals": Count("id", filter=REFERRAL),
        "complex": Count("id", filter=Q(is_complex=True)),
    }
    by_visits = _has_question_filters(scope)
    if by_visits:
        counted["visits"] = Count("visit_id", distinct=True)
    questions = registration_filter(scope=scope, start=previous.start)
    figures = _both_periods(questions, counted, split_at=scope.start)
    if not by_visits:
        visits = _visit_filter(scope, start=previous.start)
        figures |= _both_periods(visits, {"visits": Count("id")}, split_at=scope.start)
    names = ("visits", "questions", "referrals", "complex")
    return (
        Totals(**{name: figures[name] for name in names}),
        Totals(**{name: figures[f"prev_{name}"] for name in names}),
    )


TOTALS = ("visits", "questions", "referrals", "complex")


def _totals_rows(scope: ReportScope) -> list[list]:
    """The totals of one period as count rows (the month cache's form)."""
    counted = {
        "questions": Count("id"),
        "referrals": Count("id", filter=REFERRAL),
        "complex": Count("id", filter=Q(is_complex=True)),
    }
    if _has_question_filters(scope):
        counted["visits"] = Count("visit_id", distinct=True)
    figures = registration_filter(scope=scope).aggregate(**counted)
    if "visits" not in figures:
        figures["visits"] = _visit_filter(scope).count()
    return [[name, figures[name]] for name in TOTALS]


def _merged_totals(counts: Counter | None, scope: ReportScope) -> Totals:
    if counts is None:
        return Totals(**dict(_totals_rows(scope)))
    return Totals(**{name: counts[(name,)] for name in TOTALS})


def _both_periods(qs: QuerySet, counted: dict, *, split_at: datetime.date) -> dict:
    """Each count twice in one query: from `split_at` on (this period) and before it."""
    expressions = {}
    for name, count in counted.items():
        for prefix, when in (("", Q(date__gte=split_at)), ("prev_", Q(date__lt=split_at))):
            condition = when & count.filter if count.filter else when
            expressions[f"{prefix}{name}"] = Count(
                count.source_expressions[0], distinct=count.distinct, filter=condition
            )
    return qs.aggregate(**expressions)


def series_unit_for(scope: ReportScope) -> str:
    if scope.days <= 45:
        return "day"
    return "week" if scope.days <= 190 else "month"


def _bucket_start(day: datetime.date, unit: str) -> datetime.date:
    if unit == "week":
        return day - datetime.timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    return day


def _buckets(scope: ReportScope, unit: str) -> list[datetime.date]:
    buckets, day = [], _bucket_start(scope.start, unit)
    while day <= scope.end:
        buckets.append(day)
        if unit == "month":
            day = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        else:
            day += datetime.timedelta(days=7 if unit == "week" else 1)
    return buckets


def report_series(*, scope: ReportScope) -> tuple[str, list[tuple[datetime.date, int]]]:
    """Questions per day, week (starting Monday) or month; periods without questions count 0."""
    unit = series_unit_for(scope)
    daily = _cached_counts("series", scope, _daily_rows)
    if daily is not None:
        counts = Counter()
        for (day,), n in daily.items():
            counts[_bucket_start(datetime.date.fromisoformat(day), unit)] += n
        return unit, [(day, counts.get(day, 0)) for day in _buckets(scope, unit)]
    bucket = {"day": F("date"), "week": TruncWeek("date"), "month": TruncMonth("date")}[unit]
    rows = (
        registration_filter(scope=scope)
        .annotate(bucket=bucket)
        .values("bucket")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = {_as_date(row["bucket"]): row["n"] for row in rows}
    return unit, [(day, counts.get(day, 0)) for day in _buckets(scope, unit)]


def _daily_rows(scope: ReportScope) -> list[list]:
    rows = registration_filter(scope=scope).values("date").annotate(n=Count("id")).order_by()
    return [[_as_date(row["date"]).isoformat(), row["n"]] for row in rows]


def _as_date(value) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def _label(dimension: Dimension, value) -> str:
    if value is None or value == "":
        return str(dimension.empty)
    return str(dimension.choices.get(value, value))


LINK_TABLES = {
    "topic": (RegistrationTopic, "topic"),
    "life_domain": (RegistrationLifeDomain, "life_domain"),
}


def report_breakdown(*, scope: ReportScope, dimension: str) -> list[tuple[str, int]]:
    """Questions per value of one dimension, largest first (weekday and hour in their order).

    Questions without a topic or life domain are left out of those two tables.
    """
    spec = DIMENSIONS[dimension]
    cached = _cached_counts("breakdown", scope, _breakdown_rows, dimension)
    if cached is not None:
        counts = [(key, n) for (key,), n in cached.items()]
    else:
        counts = [tuple(row) for row in _breakdown_rows(scope, dimension)]
    if spec.ordered_by_key:
        counts.sort(key=lambda pair: (pair[0] is None, pair[0] or 0))
    else:
        counts.sort(key=lambda pair: (-pair[1], _label(spec, pair[0]).lower()))
    return [(_label(spec, key), n) for key, n in counts]


def _breakdown_rows(scope: ReportScope, dimension: str) -> list[list]:
    spec = DIMENSIONS[dimension]
    if dimension in LINK_TABLES and _only_period(scope):
        rows = _link_counts(scope, *LINK_TABLES[dimension])
    else:
        qs = registration_filter(scope=scope)
        if dimension == "referral":
            qs = qs.filter(REFERRAL)
        if dimension in LINK_TABLES:
            qs = qs.filter(**{f"{spec.field}__isnull": False})
        rows = qs.values(key=F(spec.field)).annotate(n=Count("id")).order_by()
    return [[row["key"], row["n"]] for row in rows]


def _only_period(scope: ReportScope) -> bool:
    filters = ("branch_ids", "desk_ids", "channel_ids", "outcome_ids")
    return not _has_question_filters(scope) and not any(getattr(scope, f) for f in filters)


def _link_counts(scope: ReportScope, model, option: str) -> QuerySet:
    """Counts read from a link table alone: it repeats its question's library and date."""
    links = model.objects.filter(
        library_id__in=scope.libraries, date__gte=scope.start, date__lte=scope.end
    )
    return links.values(key=F(f"{option}__name")).annotate(n=Count("registration_id")).order_by()


def report_heatmap(*, scope: ReportScope) -> dict[tuple[int, int], int]:
    cached = _cached_counts("heatmap", scope, _heatmap_rows)
    if cached is not None:
        return dict(cached)
    return {(weekday, hour): n for weekday, hour, n in _heatmap_rows(scope)}


def _heatmap_rows(scope: ReportScope) -> list[list]:
    rows = registration_filter(scope=scope).values("weekday", "hour").annotate(n=Count("id"))
    return [[row["weekday"], row["hour"], row["n"]] for row in rows.order_by()]


def report_cross(*, scope: ReportScope, rows: str, columns: str) -> CrossTable:
    """Questions per pair of values of two dimensions; pairs without questions count 0."""
    row_spec, column_spec = DIMENSIONS[rows], DIMENSIONS[columns]
    cached = _cached_counts("cross", scope, _cross_rows, rows, columns)
    if cached is None:
        cached = Counter({(r, c): n for r, c, n in _cross_rows(scope, rows, columns)})
    pairs = [{"r": r, "c": c, "n": n} for (r, c), n in cached.items()]
    counts = {(_label(row_spec, p["r"]), _label(column_spec, p["c"])): p["n"] for p in pairs}
    row_labels = _ordered_labels(row_spec, {p["r"] for p in pairs}, counts, axis=0)
    column_labels = _ordered_labels(column_spec, {p["c"] for p in pairs}, counts, axis=1)
    cells = [[counts.get((r, c), 0) for c in column_labels] for r in row_labels]
    return CrossTable(rows, columns, row_labels, column_labels, cells)


def _cross_rows(scope: ReportScope, rows: str, columns: str) -> list[list]:
    row_spec, column_spec = DIMENSIONS[rows], DIMENSIONS[columns]
    qs = registration_filter(scope=scope)
    if "referral" in (rows, columns):
        qs = qs.filter(REFERRAL)
    pairs = (
        qs.values(r=F(row_spec.field), c=F(column_spec.field)).annotate(n=Count("id")).order_by()
    )
    return [[p["r"], p["c"], p["n"]] for p in pairs]


def _ordered_labels(spec: Dimension, keys: set, counts: dict, *, axis: int) -> list[str]:
    if spec.ordered_by_key:
        return [_label(spec, k) for k in sorted(keys, key=lambda k: (k is None, k or 0))]
    totals: dict[str, int] = {}
    for pair, n in counts.items():
        totals[pair[axis]] = totals.get(pair[axis], 0) + n
    return sorted(totals, key=lambda label: (-totals[label], label.lower()))


def report_completeness(*, scope: ReportScope) -> tuple[int, int]:
    """(complete visits, visits) in the scope.

    A visit is complete when it was registered in full (not tallied), has a duration band, an
    age band and a gender where its library records them, and every question has an outcome.
    """
    settings = list(RegistrationSettings.objects.filter(library_id__in=scope.libraries))
    flags = {s.library_id: [getattr(s, f) for f in OPTIONAL_DIMENSIONS.values()] for s in settings}
    cached = _cached_counts(
        "completeness",
        scope,
        lambda part: _completeness_rows(part, settings),
        extra=flags.get,  # a library's flags decide what is complete: part of its key
    )
    if cached is None:
        cached = Counter({(name,): n for name, n in _completeness_rows(scope, settings)})
    return cached[("complete",)], cached[("total",)]


def _completeness_rows(scope: ReportScope, settings: list) -> list[list]:
    complete = Q(mode=VisitMode.FULL) & ~Q(duration_band="")
    for name, flag in OPTIONAL_DIMENSIONS.items():
        libraries = [s.library_id for s in settings if getattr(s, flag)]
        missing = Q(age_band__isnull=True) if name == "age_band" else Q(gender="")
        complete &= ~(Q(library_id__in=libraries) & missing)
    open_questions = Registration.objects.filter(visit_id=OuterRef("pk"), outcome__isnull=True)
    complete &= ~Exists(open_questions)
    figures = _visit_filter(scope).aggregate(
        total=Count("id"), complete=Count("id", filter=complete)
    )
    return [["complete", figures["complete"]], ["total", figures["total"]]]


def _visit_filter(scope: ReportScope, start=None) -> QuerySet:
    visits = Visit.objects.filter(
        library_id__in=scope.libraries, date__gte=start or scope.start, date__lte=scope.end
    )
    for name in ("branch", "desk", "channel"):
        ids = getattr(scope, f"{name}_ids")
        if ids:
            visits = visits.filter(**{f"{name}_id__in": ids})
    if _has_question_filters(scope):
        questions = registration_filter(scope=scope, start=start)
        visits = visits.filter(pk__in=questions.values("visit_id"))
    return visits


def report_dimensions(*, libraries) -> list[str]:
    """The dimension names a report may use: age band and gender only where recorded."""
    settings = RegistrationSettings.objects.filter(library_id__in=libraries)
    hidden = {
        name
        for name, flag in OPTIONAL_DIMENSIONS.items()
        if not any(getattr(s, flag) for s in settings)
    }
    return [name for name in DIMENSIONS if name not in hidden]


def report_dashboard(
    *,
    scope: ReportScope,
    cross: tuple[str, str] | None = ("branch", "outcome"),
    optional: tuple[str, ...] = (),
) -> Dashboard:
    """Every query of the main dashboard (the benchmark times this function).

    `optional`: age_band and/or gender, shown as tables only where a library records them.
    """
    totals, previous = report_totals(scope=scope)
    unit, series = report_series(scope=scope)
    return Dashboard(
        scope=scope,
        totals=totals,
        previous=previous,
        series_unit=unit,
        series=series,
        breakdowns={
            name: report_breakdown(scope=scope, dimension=name) for name in (*BREAKDOWNS, *optional)
        },
        heatmap=report_heatmap(scope=scope),
        cross=report_cross(scope=scope, rows=cross[0], columns=cross[1]) if cross else None,
        completeness=report_completeness(scope=scope),
    )


def report_threshold(*, libraries) -> int:
    """The highest threshold among the libraries, never below the minimum."""
    from plein.questions.models import SMALL_CELL_MINIMUM

    values = RegistrationSettings.objects.filter(library_id__in=libraries).values_list(
        "small_cell_threshold", flat=True
    )
    return max([SMALL_CELL_MINIMUM, *values])


@dataclass(frozen=True)
class IdoRow:
    branch: str
    visits: int
    digital_government: int
    library: int
    other: int
    referrals: int


def report_ido(*, scope: ReportScope) -> list[IdoRow]:
    """Per branch, the figures the KB's IDO form asks for.

    A question with several topics counts once: as digital government when any of its topics
    is, else as a library question when any topic is, else as other (also without topics).
    """
    in_category = RegistrationTopic.objects.filter(registration_id=OuterRef("pk"))
    rows = (
        registration_filter(scope=scope)
        .annotate(
            digital=Exists(in_category.filter(topic__ido_category=IdoCategory.DIGITAL_GOVERNMENT)),
            about_library=Exists(in_category.filter(topic__ido_category=IdoCategory.LIBRARY)),
        )
        .values(name=F("branch__name"))
        .annotate(
            visits=Count("visit_id", distinct=True),
            digital_government=Count("id", filter=Q(digital=True)),
            library=Count("id", filter=Q(digital=False, about_library=True)),
            other=Count("id", filter=Q(digital=False, about_library=False)),
            referrals=Count("id", filter=REFERRAL),
        )
        .order_by("name")
    )
    return [IdoRow(branch=row.pop("name"), **row) for row in rows]


# The month cache: complete past months are read from MonthAggregate, per library, and the
# partial months at the ends of a period are counted live. Only counts are cached, so they add
# up over months and libraries (a visit has one date and one library); protection and shares
# are applied to the merged counts, as before.


# A single month is counted live (the current month's whole page takes 0.37 s on 1M rows);
# the cache pays off from two complete months on, and a month view writes no cache rows.
MONTH_CACHE_MIN_MONTHS = 2


def month_cache_enabled() -> bool:
    return getattr(django_settings, "REPORTS_MONTH_CACHE", True)


def _next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def cacheable_months(scope: ReportScope) -> list[datetime.date]:
    """The whole months inside the scope that ended before the current month."""
    current = timezone.localdate().replace(day=1)
    month = scope.start if scope.start.day == 1 else _next_month(scope.start)
    months = []
    while month < current and _next_month(month) - datetime.timedelta(days=1) <= scope.end:
        months.append(month)
        month = _next_month(month)
    return months


def _cache_key(name: str, scope: ReportScope, args: tuple, extra) -> str:
    skipped = {"libraries", "start", "end", "protected", "threshold"}
    filters = [(f.name, getattr(scope, f.name)) for f in fields(scope) if f.name not in skipped]
    text = repr((name, args, filters, extra))
    return hashlib.sha256(text.encode()).hexdigest()


def _cached_counts(
    name: str, scope: ReportScope, compute: Callable, *args, extra: Callable | None = None
) -> Counter | None:
    """Counts by row key over the scope, or None when no month of it can come from the cache.

    `compute(scope, *args)` returns rows `[key, ..., count]`; `extra(library_id)` adds what a
    library's rows further depend on to its key.
    """
    months = cacheable_months(scope) if month_cache_enabled() else []
    if len(months) < MONTH_CACHE_MIN_MONTHS:
        return None
    counts: Counter = Counter()
    day = datetime.timedelta(days=1)
    live = [replace(scope, end=months[0] - day), replace(scope, start=_next_month(months[-1]))]
    for part in live:
        if part.start <= part.end:
            _add_rows(counts, compute(part, *args))
    for rows in _month_rows(name, scope, months, compute, args, extra):
        _add_rows(counts, rows)
    return counts


def _add_rows(counts: Counter, rows: list[list]) -> None:
    for row in rows:
        counts[tuple(row[:-1])] += row[-1]


def _month_rows(name, scope, months, compute, args, extra) -> list[list[list]]:
    """Each library's rows for each month: stored ones, and the missing ones computed and stored."""
    keys = {
        lib: _cache_key(name, scope, args, extra(lib) if extra else None) for lib in scope.libraries
    }
    stored = MonthAggregate.objects.filter(
        library_id__in=scope.libraries, month__in=months, key__in=set(keys.values())
    ).values_list("library_id", "month", "key", "data")
    found = {(lib, month, key): data for lib, month, key, data in stored}
    result, missing = [], []
    for lib in scope.libraries:
        for month in months:
            data = found.get((lib, month, keys[lib]))
            if data is None:
                end = _next_month(month) - datetime.timedelta(days=1)
                data = compute(replace(scope, libraries=(lib,), start=month, end=end), *args)
                missing.append(
                    MonthAggregate(library_id=lib, month=month, key=keys[lib], data=data)
                )
            result.append(data)
    # A concurrent request may have stored the same month: the unique constraint keeps one.
    MonthAggregate.objects.bulk_create(missing, ignore_conflicts=True)
    return result
