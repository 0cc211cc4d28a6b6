"""Activity and appointment reports (issue 13, §5): sign-ups, attendance, waiting lists and
no-shows per activity, theme and partner, and booked slots per partner. Counts of sign-ups and
bookings, never personal data: only status and attendance are read, which the activities and
appointments purges keep (docs/reports.md).

Decisions where the issue is silent:
- A sign-up counts in the period of its activity date (Occurrence.starts_at, Amsterdam dates);
  a booking in the period of its slot. Cancelled dates still count the sign-ups they had.
- Every sign-up falls in exactly one column, so the rows add up to a total that protection can
  treat like any other grid: present, absent ("niet gekomen" = no-show), attendance not
  recorded, waiting list (still waiting or the offered seat lapsed) and cancelled.
- The evaluation afterwards: the number of answers per activity, per theme and per partner is
  protected like any count (one table each, read from one query); the average score is hidden
  where that number is hidden or below the threshold. Comments are shown to the library's
  coordinators on screen only, never to funders or in downloads.
- Small-cell protection exactly as the other report pages (plein.reports.tables.grid_table):
  funders always, exports always; a funder's period of several months agrees with its months
  (plein.reports.periods), as in the referral report.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, replace

from django.utils.translation import gettext_lazy as _

from plein.activities.models import Attendance, Evaluation, SignUp, Status
from plein.appointments.models import Booking, BookingStatus
from plein.reports import periods, protection
from plein.reports.protection import Cell
from plein.reports.referrals import NO_VALUE, Measure
from plein.reports.selectors import ReportScope
from plein.reports.tables import Table, cells_for_list, grid_table

PRESENT, ABSENT, UNRECORDED, WAITING, CANCELLED = (
    "present",
    "absent",
    "unrecorded",
    "waiting",
    "cancelled",
)
SIGNUP_GROUPS = {
    PRESENT: _("Aanwezig"),
    ABSENT: _("Niet gekomen"),
    UNRECORDED: _("Aanwezigheid niet genoteerd"),
    WAITING: _("Wachtlijst"),
    CANCELLED: _("Afgemeld"),
}
BOOKING_GROUPS = {
    BookingStatus.ATTENDED: _("Geweest"),
    BookingStatus.NO_SHOW: _("Niet gekomen"),
    BookingStatus.BOOKED: _("Nog niet afgesloten"),
    BookingStatus.CANCELLED: _("Geannuleerd"),
}
WAITING_STATUSES = (Status.WAITING, Status.EXPIRED)
COMMENTS_SHOWN = 100
# What a sign-up's or an answer's row is labelled by: the activity, its theme and its partner.
LABEL_FIELDS = (
    "occurrence__activity__title",
    "occurrence__activity__theme__name",
    "occurrence__activity__organization__name",
)


def _labels(title: str, theme: str | None, partner: str | None) -> tuple[str, str, str]:
    """An activity without a theme shows "–"; one without a partner is the library's own."""
    return title, theme or "–", partner or str(_("De bibliotheek zelf"))


@dataclass(frozen=True)
class SignUpFact:
    """One sign-up's skeleton: where it belongs and in which column it counts."""

    activity: str
    theme: str
    partner: str
    group: str


@dataclass(frozen=True)
class ActivityReport:
    scope: ReportScope
    per_activity: Table
    per_theme: Table
    per_partner: Table
    bookings: Table
    evaluations: Table
    evaluation_themes: Table
    evaluation_partners: Table
    comments: list[tuple[str, str]] | None  # (activity, comment); None: not for this viewer

    def tables(self) -> dict[str, Table]:
        tables = (
            self.per_activity,
            self.per_theme,
            self.per_partner,
            self.bookings,
            self.evaluations,
            self.evaluation_themes,
            self.evaluation_partners,
        )
        return {t.key: t for t in tables}


def signup_group(status: str, attendance: str) -> str:
    if status == Status.CANCELLED:
        return CANCELLED
    if status in WAITING_STATUSES:
        return WAITING
    if attendance == Attendance.PRESENT:
        return PRESENT
    if attendance == Attendance.ABSENT:
        return ABSENT
    return UNRECORDED


def signup_facts(*, scope: ReportScope) -> list[SignUpFact]:
    """The skeletons of the sign-ups for activity dates in the period, in one query; purged
    sign-ups count like the others (the purge keeps status and attendance)."""
    start, end = scope.moments()
    rows = (
        SignUp.objects.filter(
            library_id__in=scope.libraries,
            occurrence__starts_at__gte=start,
            occurrence__starts_at__lt=end,
        )
        .values_list(*LABEL_FIELDS, "status", "attendance")
        .order_by()
    )
    return [
        SignUpFact(*_labels(title, theme, partner), signup_group(status, attendance))
        for title, theme, partner, status, attendance in rows
    ]


def _signup_table(key, title, header, facts: list[SignUpFact], label_of, scope) -> Table:
    counts: dict[str, Counter] = defaultdict(Counter)
    for fact in facts:
        counts[label_of(fact)][fact.group] += 1
    labels = sorted(counts, key=str.lower)
    cells = [[counts[label][group] for group in SIGNUP_GROUPS] for label in labels]
    columns = [str(label) for label in SIGNUP_GROUPS.values()]
    return grid_table(key, title, header, labels, columns, cells, scope)


def bookings_table(*, scope: ReportScope) -> Table:
    """Booked slots of consultation hours per partner and how they ended."""
    start, end = scope.moments()
    rows = (
        Booking.objects.filter(library_id__in=scope.libraries, start__gte=start, start__lt=end)
        .values_list("organization__name", "status")
        .order_by()
    )
    counts: dict[str, Counter] = defaultdict(Counter)
    for organization, status in rows:
        counts[organization][status] += 1
    labels = sorted(counts, key=str.lower)
    cells = [[counts[label][status] for status in BOOKING_GROUPS] for label in labels]
    columns = [str(label) for label in BOOKING_GROUPS.values()]
    return grid_table(
        "bookings",
        _("Afspraken per partner"),
        _("Partner"),
        labels,
        columns,
        cells,
        scope,
    )


def activity_report(*, scope: ReportScope) -> ActivityReport:
    """The report; a funder's period over several months shows only what each month shows
    (plein.reports.periods, as the referral report)."""
    report = _activity_report(scope=scope)
    if not periods.needs_months(scope):
        return report
    months = [_activity_report(scope=month).tables() for month in scope.months()]
    tables = {
        key: periods.table_consistent(table, [month[key] for month in months])
        for key, table in report.tables().items()
    }
    return replace(
        report,
        per_activity=tables["activities"],
        per_theme=tables["themes"],
        per_partner=tables["partners"],
        bookings=tables["bookings"],
        evaluations=tables["evaluations"],
        evaluation_themes=tables["evaluation_themes"],
        evaluation_partners=tables["evaluation_partners"],
    )


def _evaluations(scope: ReportScope):
    start, end = scope.moments()
    return Evaluation.objects.filter(
        library_id__in=scope.libraries,
        occurrence__starts_at__gte=start,
        occurrence__starts_at__lt=end,
    ).order_by()


def _average(scores: list[int], count: Cell, scope: ReportScope) -> Measure:
    """The average score; hidden where its number of answers is hidden or below the
    threshold (as the referral report's median)."""
    if not scores:
        return Measure(0, NO_VALUE)
    threshold = scope.threshold if scope.protected else 0
    if count.hidden or (scope.protected and len(scores) < threshold):
        return Measure(0, protection.SUPPRESSED, threshold)
    return Measure(round(sum(scores) / len(scores), 1))


@dataclass(frozen=True)
class ScoreFact:
    """One answer to the question afterwards: the activity's title, theme and partner."""

    activity: str
    theme: str
    partner: str
    score: int


def score_facts(*, scope: ReportScope) -> list[ScoreFact]:
    """The scores of the answers for activity dates in the period, in one query (the comments
    are not read here: they never go into a table)."""
    rows = _evaluations(scope).values_list(*LABEL_FIELDS, "score")
    return [
        ScoreFact(*_labels(title, theme, partner), score) for title, theme, partner, score in rows
    ]


def _evaluation_table(
    key: str, title, row_header, facts: list[ScoreFact], label_of, scope: ReportScope
) -> Table:
    """The number of answers and their average per label (activity, theme or partner)."""
    scores: dict[str, list[int]] = defaultdict(list)
    for fact in facts:
        scores[label_of(fact)].append(fact.score)
    labels = sorted(scores, key=str.lower)
    counts, total = cells_for_list([len(scores[label]) for label in labels], scope)
    body = [
        (label, [count, _average(scores[label], count, scope)])
        for label, count in zip(labels, counts, strict=True)
    ]
    everything = [fact.score for fact in facts]
    footer = (str(_("Alle activiteiten")), [total, _average(everything, total, scope)])
    return Table(
        key,
        str(title),
        str(row_header),
        [str(_("Antwoorden")), str(_("Gemiddeld cijfer (1–5)"))],
        body,
        footer if labels else None,
    )


def evaluation_tables(*, scope: ReportScope) -> tuple[Table, Table, Table]:
    """The answers to the question afterwards and their average per activity, per theme and
    per partner (an activity without a partner under "De bibliotheek zelf")."""
    facts = score_facts(scope=scope)
    return (
        _evaluation_table(
            "evaluations",
            _("Beoordeling na afloop per activiteit"),
            _("Activiteit"),
            facts,
            lambda f: f.activity,
            scope,
        ),
        _evaluation_table(
            "evaluation_themes",
            _("Beoordeling na afloop per thema"),
            _("Thema"),
            facts,
            lambda f: f.theme,
            scope,
        ),
        _evaluation_table(
            "evaluation_partners",
            _("Beoordeling na afloop per partner"),
            _("Partner"),
            facts,
            lambda f: f.partner,
            scope,
        ),
    )


def evaluation_comments(*, scope: ReportScope) -> list[tuple[str, str]]:
    """The comments, newest dates first: for the library's coordinators on screen only."""
    rows = (
        _evaluations(scope)
        .exclude(comment="")
        .order_by("-occurrence__starts_at", "pk")
        .values_list("occurrence__activity__title", "comment")
    )
    return list(rows[:COMMENTS_SHOWN])


def _activity_report(*, scope: ReportScope) -> ActivityReport:
    facts = signup_facts(scope=scope)
    evaluations, evaluation_themes, evaluation_partners = evaluation_tables(scope=scope)
    return ActivityReport(
        scope=scope,
        per_activity=_signup_table(
            "activities",
            _("Aanmeldingen per activiteit"),
            _("Activiteit"),
            facts,
            lambda f: f.activity,
            scope,
        ),
        per_theme=_signup_table(
            "themes", _("Aanmeldingen per thema"), _("Thema"), facts, lambda f: f.theme, scope
        ),
        per_partner=_signup_table(
            "partners",
            _("Aanmeldingen per partner"),
            _("Partner"),
            facts,
            lambda f: f.partner,
            scope,
        ),
        bookings=bookings_table(scope=scope),
        evaluations=evaluations,
        evaluation_themes=evaluation_themes,
        evaluation_partners=evaluation_partners,
        comments=None if scope.protected else evaluation_comments(scope=scope),
    )
