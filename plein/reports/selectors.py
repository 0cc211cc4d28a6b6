"""Reads for the reports: every figure is aggregated in the database, one query per table.

Counts come from the flat `Registration` table (one row per question, repeating the visit's
library, branch, desk, channel, date, hour and weekday), so most tables need no join. The
numbers here are exact; small-cell protection is applied when they are shown (protection.py).
Complete past months are read from stored counts where valid (months.py); the rest of a period
is counted live. Selectors never write: services.month_counts_fill stores missing months.

Counting rules (documented on the dashboard):
- a question with several topics (or life domains) counts once under each of them, so the rows
  of those tables may add up to more than the number of questions;
- a question is a referral when its outcome is of the kind "Doorverwezen";
- visits are counted in the visit table; with a filter on questions (topic, life domain,
  outcome, complex) only visits with such a question count;
- without filters beyond the period, topic and life-domain counts are read from the link
  tables alone, which repeat their question's library and date (fast on large volumes);
- options are counted by id and labelled by their current name when read; options of the same
  name are one row (a funder sees one row for a topic several libraries share).
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field, replace
from operator import itemgetter

from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from plein.core.models import Branch
from plein.core.workdays import AMSTERDAM
from plein.questions.models import (
    AgeBand,
    Channel,
    Desk,
    Gender,
    IdoCategory,
    LifeDomain,
    Outcome,
    OutcomeKind,
    Registration,
    RegistrationLifeDomain,
    RegistrationSettings,
    RegistrationTopic,
    Topic,
    Visit,
    VisitMode,
)
from plein.reports.months import Derive, Part, Scan, Tally, as_is, counted, every_row


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
    # A funder's view: whole calendar months, whose numbers agree with the months inside
    # (reports.periods); its previous period is the same number of months before.
    fixed: bool = False
    # "Dit jaar" (1 January until today): compared with the same days of the year before.
    year_to_date: bool = False

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def moments(self) -> tuple[datetime.datetime, datetime.datetime]:
        """The period as moments [start, end) in Amsterdam time, for what is dated by a moment
        (referrals, activity dates, bookings) rather than by a day."""
        start = datetime.datetime.combine(self.start, datetime.time(), tzinfo=AMSTERDAM)
        end = datetime.datetime.combine(self.end, datetime.time(), tzinfo=AMSTERDAM)
        return start, end + datetime.timedelta(days=1)

    def previous(self) -> ReportScope:
        """The period of equal length just before this one, with the same filters (for a fixed
        period: as many calendar months; for "Dit jaar": the same days a year earlier)."""
        if self.year_to_date:
            return replace(self, start=year_earlier(self.start), end=year_earlier(self.end))
        end = self.start - datetime.timedelta(days=1)
        if self.fixed:
            start = self.start
            for _month in self.months():
                start = (start - datetime.timedelta(days=1)).replace(day=1)
            return replace(self, start=start, end=end)
        return replace(self, start=end - datetime.timedelta(days=self.days - 1), end=end)

    def unfiltered(self, *, libraries: tuple[int, ...]) -> ReportScope:
        """These libraries without any filter: what a roll-up counts (months.Scan)."""
        return ReportScope(libraries=libraries, start=self.start, end=self.end)

    def months(self) -> list[ReportScope]:
        """The calendar months of the period, each as a scope with the same filters."""
        scopes, start = [], self.start
        while start <= self.end:
            following = (start.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
            end = min(self.end, following - datetime.timedelta(days=1))
            scopes.append(replace(self, start=start, end=end))
            start = following
        return scopes


def year_earlier(day: datetime.date) -> datetime.date:
    """The same date a year earlier; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


@dataclass(frozen=True)
class Dimension:
    label: StrOrPromise
    path: str  # from Registration to the value counted
    option: type[models.Model] | None = None  # when the value is an option's id: its model
    empty: StrOrPromise = ""  # the label of rows without a value
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

DIMENSIONS: dict[str, Dimension] = {
    "branch": Dimension(_("Vestiging"), "branch", Branch),
    "desk": Dimension(_("Balie"), "desk", Desk, _("Geen balie")),
    "channel": Dimension(_("Kanaal"), "channel", Channel),
    "topic": Dimension(_("Onderwerp"), "topics", Topic, _("Geen onderwerp")),
    "life_domain": Dimension(_("Leefgebied"), "life_domains", LifeDomain, _("Geen leefgebied")),
    "outcome": Dimension(_("Uitkomst"), "outcome", Outcome, _("Geen uitkomst")),
    "referral": Dimension(_("Doorverwezen naar"), "referred_name", empty=_("Onbekend")),
    "age_band": Dimension(_("Leeftijdsgroep"), "visit__age_band", AgeBand, _("Niet ingevuld")),
    "gender": Dimension(
        _("Gender"), "visit__gender", empty=_("Niet ingevuld"), choices=dict(Gender.choices)
    ),
    "weekday": Dimension(_("Weekdag"), "weekday", choices=WEEKDAYS, ordered_by_key=True),
    "hour": Dimension(_("Uur"), "hour", ordered_by_key=True),
}
DAY = Dimension("", "date")
# The one-dimensional tables of the dashboard, in the order shown.
BREAKDOWNS = ("branch", "desk", "channel", "topic", "life_domain", "outcome", "referral")
OPTIONAL_DIMENSIONS = {"age_band": "record_age_band", "gender": "record_gender"}
# Topic and life-domain links repeat their question's library and date: (model, option field).
LINK_TABLES = {
    "topic": (RegistrationTopic, "topic"),
    "life_domain": (RegistrationLifeDomain, "life_domain"),
}

# The scope's filters on a question's own options, as `<name>_ids`.
OPTION_FILTERS = ("branch", "desk", "channel", "outcome")

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


TOTALS = ("visits", "questions", "referrals", "complex")


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


def _period(scope: ReportScope) -> Q:
    return Q(library_id__in=scope.libraries, date__gte=scope.start, date__lte=scope.end)


def registration_filter(*, scope: ReportScope, where: Q | None = None) -> QuerySet:
    """The questions in the scope, or with the scope's filters on the libraries and days of
    `where` (a condition on `library_id` and `date`)."""
    qs = Registration.objects.filter(_period(scope) if where is None else where)
    for name in OPTION_FILTERS:
        ids = getattr(scope, f"{name}_ids")
        if ids:
            qs = qs.filter(**{f"{name}_id__in": ids})
    # Exists keeps one row per question where a join through topics would repeat it.
    if scope.topic_ids:
        links = RegistrationTopic.objects.filter(topic_id__in=scope.topic_ids)
        qs = qs.filter(Exists(links.filter(registration_id=OuterRef("pk"))))
    if scope.life_domain_ids:
        domains = RegistrationLifeDomain.objects.filter(life_domain_id__in=scope.life_domain_ids)
        qs = qs.filter(Exists(domains.filter(registration_id=OuterRef("pk"))))
    if scope.complex_only:
        qs = qs.filter(is_complex=True)
    return qs


def _visit_filter(scope: ReportScope, where: Q) -> QuerySet:
    visits = Visit.objects.filter(where)
    for name in ("branch", "desk", "channel"):
        ids = getattr(scope, f"{name}_ids")
        if ids:
            visits = visits.filter(**{f"{name}_id__in": ids})
    if _has_question_filters(scope):
        questions = registration_filter(scope=scope, where=where)
        visits = visits.filter(pk__in=questions.values("visit_id"))
    return visits


def _has_question_filters(scope: ReportScope) -> bool:
    return bool(scope.topic_ids or scope.life_domain_ids or scope.outcome_ids or scope.complex_only)


def _only_period(scope: ReportScope) -> bool:
    filters = ("branch_ids", "desk_ids", "channel_ids", "outcome_ids")
    return not _has_question_filters(scope) and not any(getattr(scope, f) for f in filters)


# --- counting: each tally's rows over a part of a period (months.Part) --------------------------


def _rows(qs: QuerySet, part: Part, keys: list[Dimension], counts: dict) -> list[tuple]:
    """Grouped counts as rows: (group..., key..., n) for the count "n", else (..., name, n).

    Dates in keys become ISO text, as stored. Live counts (`part.names` set) also read the
    names of the options they count.
    """
    columns = {**part.group, **{f"k{i}": F(spec.path) for i, spec in enumerate(keys)}}
    names = {} if part.names is None else part.names
    named = [i for i, spec in enumerate(keys) if spec.option] if part.names is not None else []
    columns.update({f"name{i}": F(f"{keys[i].path}__name") for i in named})
    if not columns:
        found = [tuple(qs.aggregate(**counts).values())]
    else:
        found = qs.values(**columns).annotate(**counts).values_list(*columns, *counts).order_by()
    start, end = len(part.group), len(part.group) + len(keys)  # where the keys are
    days = [i for i, spec in enumerate(keys) if spec is DAY]
    rows = []
    for row in found:
        key = list(row[start:end])
        for position, i in enumerate(named):
            names[(keys[i].option, key[i])] = row[end + position]
        for i in days:
            key[i] = key[i].isoformat()
        values = row[len(columns) :]
        if list(counts) == ["n"]:
            rows.append((*row[:start], *key, values[0]))
        else:
            rows.extend(
                (*row[:start], *key, name, n) for name, n in zip(counts, values, strict=True)
            )
    return rows


def _totals_rows(scope: ReportScope, part: Part, tally: Tally) -> list[tuple]:
    counted = {
        "questions": Count("id"),
        "referrals": Count("id", filter=REFERRAL),
        "complex": Count("id", filter=Q(is_complex=True)),
    }
    if _has_question_filters(scope):
        counted["visits"] = Count("visit_id", distinct=True)
    rows = _rows(registration_filter(scope=scope, where=part.where), part, [], counted)
    if not _has_question_filters(scope):
        # The visit table's own index, much faster than distinct visits of the questions.
        rows += _rows(_visit_filter(scope, part.where), part, [], {"visits": Count("id")})
    return rows


def _series_rows(scope: ReportScope, part: Part, tally: Tally) -> list[tuple]:
    qs = registration_filter(scope=scope, where=part.where)
    return _rows(qs, part, [DAY], {"n": Count("id")})


def _breakdown_rows(scope: ReportScope, part: Part, tally: Tally) -> list[tuple]:
    (dimension,) = tally.args
    spec = DIMENSIONS[dimension]
    if dimension in LINK_TABLES and _only_period(scope):
        model, option = LINK_TABLES[dimension]
        links = model._default_manager.filter(part.where)
        return _rows(links, part, [replace(spec, path=option)], {"n": Count("registration_id")})
    qs = registration_filter(scope=scope, where=part.where)
    if dimension == "referral":
        qs = qs.filter(REFERRAL)
    if dimension in LINK_TABLES:
        qs = qs.filter(**{f"{spec.path}__isnull": False})
    return _rows(qs, part, [spec], {"n": Count("id")})


def _heatmap_rows(scope: ReportScope, part: Part, tally: Tally) -> list[tuple]:
    qs = registration_filter(scope=scope, where=part.where)
    keys = [DIMENSIONS["weekday"], DIMENSIONS["hour"]]
    return _rows(qs, part, keys, {"n": Count("id")})


def _cross_rows(scope: ReportScope, part: Part, tally: Tally) -> list[tuple]:
    rows, columns = tally.args
    qs = registration_filter(scope=scope, where=part.where)
    if "referral" in (rows, columns):
        qs = qs.filter(REFERRAL)
    return _rows(qs, part, [DIMENSIONS[rows], DIMENSIONS[columns]], {"n": Count("id")})


def _completeness_rows(scope: ReportScope, part: Part, tally: Tally) -> list[tuple]:
    return _visit_rows(scope, part, dict(tally.extra))


def _visit_rows(scope: ReportScope, part: Part, recorded: dict, keys=()) -> list[tuple]:
    """Visits in all and complete ones (by `keys`, dimensions of the visit); `recorded`:
    library -> (records age band, gender)."""
    complete = Q(mode=VisitMode.FULL) & ~Q(duration_band="")
    for i, name in enumerate(OPTIONAL_DIMENSIONS):
        libraries = [library for library, flags in recorded.items() if flags[i]]
        missing = Q(age_band__isnull=True) if name == "age_band" else Q(gender="")
        complete &= ~(Q(library_id__in=libraries) & missing)
    # Questions without an outcome are few (a partial index): one hashed list of their visits.
    open_visits = Registration.objects.filter(outcome__isnull=True).values("visit_id")
    complete &= ~Q(pk__in=open_visits)
    counts = {"complete": Count("id", filter=complete), "total": Count("id")}
    return _rows(_visit_filter(scope, part.where), part, list(keys), counts)


# --- labels ----------------------------------------------------------------------------------


def _label(dimension: Dimension, value) -> str:
    if value is None or value == "":
        return str(dimension.empty)
    return str(dimension.choices.get(value, value))


def _labels(spec: Dimension, keys, names: dict) -> dict:
    """Each key's label: an option by its current name (read now when no live row named it)."""
    if spec.option is None:
        return {key: _label(spec, key) for key in keys}
    unknown = {key for key in keys if key is not None and (spec.option, key) not in names}
    if unknown:
        found = spec.option._default_manager.filter(pk__in=unknown).values_list("pk", "name")
        names.update(((spec.option, pk), name) for pk, name in found)
    return {key: _label(spec, names.get((spec.option, key))) for key in keys}


def _by_key_order(keys):
    return sorted(keys, key=lambda key: (key is None, key or 0))


# --- the fill's shared scans: a cold long period costs a handful of scans, not one per table ---

CUBE_DIMENSIONS = OPTION_FILTERS


def _admits(positions: dict[str, int], complex_at: int | None = None):
    """A roll-up's test of its stored values for a scope's filters (months.Scan.admits):
    `positions` are where the values hold the filtered options' ids, `complex_at` where they
    hold the complexity. The filters mean what they mean in registration_filter; a scope with a
    filter the values do not hold gets None (counted from the registrations)."""

    def admits(scope: ReportScope):
        if scope.topic_ids or scope.life_domain_ids or (scope.complex_only and complex_at is None):
            return None
        wanted = []
        for name in OPTION_FILTERS:
            ids = getattr(scope, f"{name}_ids")
            if ids and name not in positions:
                return None
            if ids:
                wanted.append((positions[name], frozenset(ids)))
        complex_only = scope.complex_only
        if not wanted and not complex_only:
            return every_row

        def admit(values) -> bool:
            in_options = all(values[i] in ids for i, ids in wanted)
            return in_options and (not complex_only or bool(values[complex_at]))

        return admit

    return admits


def _cube_rows(scope: ReportScope, part: Part) -> list[tuple]:
    """Questions per branch, desk, channel, outcome and complexity (values: those five and
    whether the outcome is a referral): the one-table breakdowns, the question totals and the
    cross tables of those dimensions in one scan."""
    keys = [*(DIMENSIONS[name] for name in CUBE_DIMENSIONS), Dimension("", "is_complex")]
    qs = registration_filter(scope=scope, where=part.where)
    outcomes = Outcome.objects.filter(kind=OutcomeKind.REFERRED).order_by()
    referred = set(outcomes.values_list("id", flat=True))
    rows = []
    for *head, outcome, is_complex, n in _rows(qs, part, keys, {"n": Count("id")}):
        rows.append((*head, outcome, is_complex, outcome in referred, n))
    return rows


def _hours_rows(scope: ReportScope, part: Part) -> list[tuple]:
    """Questions per day, weekday and hour: the series and the heatmap in one scan."""
    keys = [DAY, DIMENSIONS["weekday"], DIMENSIONS["hour"]]
    return _rows(registration_filter(scope=scope, where=part.where), part, keys, {"n": Count("id")})


def _recorded(libraries) -> dict[int, tuple[bool, bool]]:
    """Per library, whether it records an age band and a gender (completeness depends on it)."""
    settings = RegistrationSettings.objects.filter(library_id__in=libraries)
    flags = {
        s.library_id: tuple(getattr(s, f) for f in OPTIONAL_DIMENSIONS.values()) for s in settings
    }
    return {library: flags.get(library, (False, False)) for library in libraries}


VISIT_DIMENSIONS = ("branch", "desk", "channel")


def _visits_rows(scope: ReportScope, part: Part) -> list[tuple]:
    """Visits, complete and in all, per branch, desk and channel: the visit totals and the
    completeness in one scan."""
    keys = [DIMENSIONS[name] for name in VISIT_DIMENSIONS]
    return _visit_rows(scope, part, _recorded(scope.libraries), keys)


def _topics_rows(scope: ReportScope, part: Part) -> list[tuple]:
    """Questions per topic (None: without a topic) and branch: the topic table and the
    topic × branch cross tables."""
    keys = [DIMENSIONS["topic"], DIMENSIONS["branch"]]
    return _rows(registration_filter(scope=scope, where=part.where), part, keys, {"n": Count("id")})


def _links_rows(dimension: str):
    """Questions per topic or life domain, from the link table alone."""

    def rows(scope: ReportScope, part: Part) -> list[tuple]:
        model, option = LINK_TABLES[dimension]
        links = model._default_manager.filter(part.where)
        spec = replace(DIMENSIONS[dimension], path=option)
        return _rows(links, part, [spec], {"n": Count("registration_id")})

    return rows


def _referrals_rows(scope: ReportScope, part: Part) -> list[tuple]:
    """Referred questions per organisation's name and branch."""
    qs = registration_filter(scope=scope, where=part.where).filter(REFERRAL)
    keys = [DIMENSIONS["referral"], DIMENSIONS["branch"]]
    return _rows(qs, part, keys, {"n": Count("id")})


def _by_branch_rows(*names: str):
    """Questions per these keys and branch (a branch's series, heatmap and life domains)."""

    def rows(scope: ReportScope, part: Part) -> list[tuple]:
        keys = [DAY if name == "day" else DIMENSIONS[name] for name in names]
        qs = registration_filter(scope=scope, where=part.where)
        return _rows(qs, part, [*keys, DIMENSIONS["branch"]], {"n": Count("id")})

    return rows


# Rolled up per library and month (reports.MonthRollup): a cold view derives its months' counts
# from these rows. The question cube and the visits admit the filters on their own columns, the
# scans per branch a branch filter; the others serve scopes without filters.
CUBE = Scan(
    "cube", _cube_rows, admits=_admits({name: i for i, name in enumerate(CUBE_DIMENSIONS)}, 4)
)
HOURS = Scan("hours", _hours_rows, per_day=True, admits=_admits({}))
VISITS = Scan(
    "visits",
    _visits_rows,
    admits=_admits({name: i for i, name in enumerate(VISIT_DIMENSIONS)}),
    extra=_recorded,
)
TOPICS = Scan("topics", _topics_rows, admits=_admits({"branch": 1}))
TOPIC_LINKS = Scan("topic_links", _links_rows("topic"), admits=_admits({}))
LIFE_DOMAINS = Scan("life_domains", _links_rows("life_domain"), admits=_admits({}))
REFERRALS = Scan("referrals_by_branch", _referrals_rows, admits=_admits({"branch": 1}))
# A branch's view reads these instead (more rows: each also per branch).
BRANCH_HOURS = Scan(
    "branch_hours",
    _by_branch_rows("day", "weekday", "hour"),
    per_day=True,
    admits=_admits({"branch": 3}),
)
BRANCH_LIFE_DOMAINS = Scan(
    "branch_life_domains", _by_branch_rows("life_domain"), admits=_admits({"branch": 1})
)
ROLLUPS = (
    CUBE, HOURS, VISITS, TOPICS, TOPIC_LINKS, LIFE_DOMAINS, REFERRALS, BRANCH_HOURS,
    BRANCH_LIFE_DOMAINS,
)  # fmt: skip


def _visit_totals(rows: list[tuple[tuple, int]], into: Counter) -> None:
    for values, n in rows:
        if values[-1] == "total":
            into[("visits",)] += n


def _question_totals(rows: list[tuple[tuple, int]], into: Counter) -> None:
    for (*_options, is_complex, referred), n in rows:
        into[("questions",)] += n
        if referred:
            into[("referrals",)] += n
        if is_complex:
            into[("complex",)] += n


def _picked(*positions: int) -> Derive:
    """A derivation that keeps the values at these positions as the key."""
    pick = itemgetter(*positions)

    def derive(rows: list[tuple[tuple, int]], into: Counter) -> None:
        for values, n in rows:
            into[pick(values)] += n

    def derive_one(rows: list[tuple[tuple, int]], into: Counter) -> None:
        (position,) = positions
        for values, n in rows:
            into[(values[position],)] += n

    return derive if len(positions) > 1 else derive_one


# Counted alone, the totals and the series have few rows a day: the fill groups them by day.
TOTALS_TALLY = Tally(
    "totals", _totals_rows, scans=((CUBE, _question_totals), (VISITS, _visit_totals)), per_day=True
)
SERIES_TALLY = Tally("series", _series_rows, scans=((HOURS, _picked(0)),), per_day=True)
HEATMAP_TALLY = Tally("heatmap", _heatmap_rows, scans=((HOURS, _picked(1, 2)),))


def _known(position: int) -> Derive:
    """A derivation keeping one value, without the rows where it is None (the topic and
    life-domain tables leave questions without one out)."""

    def derive(rows: list[tuple[tuple, int]], into: Counter) -> None:
        for values, n in rows:
            if values[position] is not None:
                into[(values[position],)] += n

    return derive


BREAKDOWN_SCANS: dict[str, tuple[Scan, Derive]] = {
    **{name: (CUBE, _picked(i)) for i, name in enumerate(CUBE_DIMENSIONS)},
    # The topics alone: 30 times fewer rows than per topic and branch.
    "topic": (TOPIC_LINKS, as_is),
    "life_domain": (LIFE_DOMAINS, as_is),
    "referral": (REFERRALS, _picked(0)),
}
# A view of some branches reads the roll-ups per branch (the others cannot tell a branch).
BRANCH_SCANS: dict[str, tuple[Scan, Derive]] = {
    "topic": (TOPICS, _known(0)),
    "life_domain": (BRANCH_LIFE_DOMAINS, _known(0)),
}


def _breakdown_tally(dimension: str, *, by_branch: bool = False) -> Tally:
    found = BRANCH_SCANS.get(dimension) if by_branch else None
    found = found or BREAKDOWN_SCANS.get(dimension)
    return Tally("breakdown", _breakdown_rows, (dimension,), scans=(found,) if found else ())


def _hours_tallies(*, by_branch: bool) -> tuple[Tally, Tally]:
    """The series and the heatmap; a view of some branches reads the hours per branch."""
    if not by_branch:
        return SERIES_TALLY, HEATMAP_TALLY
    return (
        replace(SERIES_TALLY, scans=((BRANCH_HOURS, _picked(0)),)),
        replace(HEATMAP_TALLY, scans=((BRANCH_HOURS, _picked(1, 2)),)),
    )


def _cross_tally(rows: str, columns: str) -> Tally:
    if {rows, columns} == {"topic", "branch"}:
        positions = (0, 1) if rows == "topic" else (1, 0)
        return Tally("cross", _cross_rows, (rows, columns), scans=((TOPICS, _picked(*positions)),))
    if rows in CUBE_DIMENSIONS and columns in CUBE_DIMENSIONS:
        positions = CUBE_DIMENSIONS.index(rows), CUBE_DIMENSIONS.index(columns)
        return Tally("cross", _cross_rows, (rows, columns), scans=((CUBE, _picked(*positions)),))
    return Tally("cross", _cross_rows, (rows, columns))


def _completeness_tally(libraries) -> Tally:
    # A library's flags decide what is complete: part of its rows' key.
    extra = tuple(_recorded(libraries).items())
    return Tally(
        "completeness",
        _completeness_rows,
        extra=extra,
        scans=((VISITS, _picked(len(VISIT_DIMENSIONS))),),
        per_day=True,
    )


# --- the selectors ---------------------------------------------------------------------------


def report_totals(*, scope: ReportScope) -> tuple[Totals, Totals]:
    """This period's totals and those of the previous period of equal length."""
    (this, before), _names = counted([scope, scope.previous()], TOTALS_TALLY)
    return (
        Totals(**{name: this[(name,)] for name in TOTALS}),
        Totals(**{name: before[(name,)] for name in TOTALS}),
    )


def series_unit_for(scope: ReportScope) -> str:
    if scope.fixed and scope.start.replace(day=1) != scope.end.replace(day=1):
        return "month"  # a fixed period's numbers are those of its months
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
    (daily,), _names = counted([scope], SERIES_TALLY)
    counts: Counter = Counter()
    for (day,), n in daily.items():
        counts[_bucket_start(datetime.date.fromisoformat(day), unit)] += n
    return unit, [(day, counts.get(day, 0)) for day in _buckets(scope, unit)]


def report_breakdown(*, scope: ReportScope, dimension: str) -> list[tuple[str, int]]:
    """Questions per value of one dimension, largest first (weekday and hour in their order).

    Questions without a topic or life domain are left out of those two tables.
    """
    spec = DIMENSIONS[dimension]
    (counts,), names = counted([scope], _breakdown_tally(dimension))
    labels = _labels(spec, [key for (key,) in counts], names)
    if spec.ordered_by_key:
        return [(labels[key], counts[(key,)]) for key in _by_key_order(k for (k,) in counts)]
    merged: Counter = Counter()
    for (key,), n in counts.items():
        merged[labels[key]] += n
    return sorted(merged.items(), key=lambda pair: (-pair[1], pair[0].lower()))


def report_heatmap(*, scope: ReportScope) -> dict[tuple[int, int], int]:
    (counts,), _names = counted([scope], HEATMAP_TALLY)
    return dict(counts)


def report_cross(*, scope: ReportScope, rows: str, columns: str) -> CrossTable:
    """Questions per pair of values of two dimensions; pairs without questions count 0."""
    row_spec, column_spec = DIMENSIONS[rows], DIMENSIONS[columns]
    (counts,), names = counted([scope], _cross_tally(rows, columns))
    row_labels = _labels(row_spec, {r for r, _c in counts}, names)
    column_labels = _labels(column_spec, {c for _r, c in counts}, names)
    merged: Counter = Counter()
    for (r, c), n in counts.items():
        merged[(row_labels[r], column_labels[c])] += n
    ordered_rows = _ordered_labels(row_spec, row_labels, merged, axis=0)
    ordered_columns = _ordered_labels(column_spec, column_labels, merged, axis=1)
    cells = [[merged.get((r, c), 0) for c in ordered_columns] for r in ordered_rows]
    return CrossTable(rows, columns, ordered_rows, ordered_columns, cells)


def _ordered_labels(spec: Dimension, labels: dict, counts: Counter, *, axis: int) -> list[str]:
    if spec.ordered_by_key:
        return [labels[key] for key in _by_key_order(labels)]
    totals: Counter = Counter()
    for pair, n in counts.items():
        totals[pair[axis]] += n
    return sorted(totals, key=lambda label: (-totals[label], label.lower()))


def report_completeness(*, scope: ReportScope) -> tuple[int, int]:
    """(complete visits, visits) in the scope.

    A visit is complete when it was registered in full (not tallied), has a duration band, an
    age band and a gender where its library records them, and every question has an outcome.
    """
    (counts,), _names = counted([scope], _completeness_tally(scope.libraries))
    return counts[("complete",)], counts[("total",)]


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


def dashboard_tallies(
    *, scope: ReportScope, cross: tuple[str, str] | None, optional: tuple[str, ...]
) -> list[tuple[tuple[ReportScope, ...], Tally]]:
    """The stored counts `report_dashboard` reads, with the scopes it reads them for."""
    by_branch = bool(scope.branch_ids)
    series, heatmap = _hours_tallies(by_branch=by_branch)
    tallies = [((scope, scope.previous()), TOTALS_TALLY), ((scope,), series)]
    tallies += [
        ((scope,), _breakdown_tally(name, by_branch=by_branch)) for name in (*BREAKDOWNS, *optional)
    ]
    tallies.append(((scope,), heatmap))
    if cross:
        tallies.append(((scope,), _cross_tally(*cross)))
    tallies.append(((scope,), _completeness_tally(scope.libraries)))
    return tallies


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
