"""Referral reports: counts and outcomes per partner organisation and per month, never personal
data (only the non-personal skeleton of each referral is read: never the encrypted fields).

Decisions where the issue is silent:
- A referral counts in the period in which it was made (created_at, Amsterdam dates).
  Referrals "entered in error" are left out: they were never real referrals.
- "Acknowledged within 2 working days" (fixed at 2 as in the issue, not the library's reminder
  setting, so libraries compare alike) is a share of the referrals whose two working days have
  passed or that were acknowledged in time; referrals still inside their two days do not count
  against the partner yet.
- Time to acknowledge is the median over acknowledged referrals, in working days
  (plein.core.workdays.working_days_elapsed: weekends and holidays left out).
- "Share completed" is completed out of the closed referrals (completed, rejected, not reached,
  cancelled), so referrals still running do not lower it.
- Reasons for rejection and failure are free text written by partners and may name a person
  despite instructions: they are shown only to the library's coordinators on screen, never to
  funders and never in exports.
- Small-cell protection as in the dashboard (plein.reports.protection): funders always, exports
  always; a median or share is hidden when the counts it rests on are hidden or below the
  threshold.
"""

from __future__ import annotations

import datetime
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from plein.core.workdays import AMSTERDAM, add_working_days, working_days_elapsed
from plein.referrals.models import CLOSED_STATUSES, ReasonCode, Referral, Status
from plein.reports import protection
from plein.reports.protection import SHOWN, Cell
from plein.reports.selectors import ReportScope
from plein.reports.tables import Table, grid_table, series_label

ACK_TARGET_WORKING_DAYS = 2
NO_VALUE = "none"
OPEN, COMPLETED, REJECTED, FAILED, CANCELLED = (
    "open",
    "completed",
    "rejected",
    "failed",
    "cancelled",
)
GROUPS = {
    OPEN: _("Loopt nog"),
    COMPLETED: _("Afgerond"),
    REJECTED: _("Afgewezen"),
    FAILED: _("Niet bereikt"),
    CANCELLED: _("Geannuleerd"),
}
REASONS_SHOWN = 50


def status_group(status: str) -> str:
    if status not in CLOSED_STATUSES:
        return OPEN
    groups: dict[str, str] = {
        Status.COMPLETED: COMPLETED,
        Status.REJECTED: REJECTED,
        Status.FAILED: FAILED,
    }
    return groups.get(status, CANCELLED)


@dataclass(frozen=True)
class Fact:
    """One referral's skeleton."""

    organization: str
    created_at: datetime.datetime
    acknowledged_at: datetime.datetime | None
    group: str
    reason: str


@dataclass(frozen=True)
class ReasonRow:
    organization: str
    group: str
    reason: str
    count: int


@dataclass(frozen=True)
class Measure(Cell[float]):
    """A share or a median: Dutch decimals, "–" when there is nothing to measure."""

    unit: str = ""

    @property
    def text(self) -> str:
        if self.state == NO_VALUE:
            return "–"
        if self.state != SHOWN:
            return super().text
        return f"{formats.number_format(self.value, 1)}{self.unit}"


@dataclass(frozen=True)
class ReferralReport:
    scope: ReportScope
    outcomes: Table
    timeliness: Table
    months: Table
    reasons: list[ReasonRow] | None  # None: not for this viewer

    def tables(self) -> dict[str, Table]:
        return {t.key: t for t in (self.outcomes, self.timeliness, self.months)}


def referral_facts(*, scope: ReportScope) -> list[Fact]:
    """The skeletons of the referrals made in the scope's period, in one query."""
    start, end = scope.moments()
    rows = (
        Referral.objects.filter(
            library_id__in=scope.libraries, created_at__gte=start, created_at__lt=end
        )
        .exclude(status=Status.ENTERED_IN_ERROR)
        .values_list(
            "organization__name",
            "created_at",
            "acknowledged_at",
            "status",
            "status_reason_code",
            "status_reason",
        )
        .order_by("created_at")
    )
    return [
        Fact(name, created, acknowledged, status_group(status), _reason(code, text))
        for name, created, acknowledged, status, code, text in rows
    ]


def _reason(code: str, text: str) -> str:
    """The coded reason as the report shows it; the free text only where there is no code yet
    (it is purged with the contact data, so it could not be counted over time)."""
    if code in ReasonCode.values and code != ReasonCode.OTHER:
        return str(ReasonCode(code).label)
    return text or (str(ReasonCode.OTHER.label) if code else "")


def _threshold(scope: ReportScope) -> int:
    return scope.threshold if scope.protected else 0


def _grid(key, title, header, facts: list[Fact], label_of, scope: ReportScope) -> Table:
    counts: dict[str, Counter] = defaultdict(Counter)
    for fact in facts:
        counts[label_of(fact)][fact.group] += 1
    labels = list(counts)
    cells = [[counts[label][group] for group in GROUPS] for label in labels]
    columns = [str(label) for label in GROUPS.values()]
    return grid_table(key, title, header, labels, columns, cells, scope)


def outcomes_table(facts: list[Fact], scope: ReportScope) -> Table:
    ordered = sorted(facts, key=lambda fact: fact.organization.lower())
    return _grid(
        "outcomes",
        _("Doorverwijzingen per organisatie en uitkomst"),
        _("Organisatie"),
        ordered,
        lambda fact: fact.organization,
        scope,
    )


def months_table(facts: list[Fact], scope: ReportScope) -> Table:
    def month(fact: Fact) -> str:
        local = fact.created_at.astimezone(AMSTERDAM).date().replace(day=1)
        return series_label(local, "month")

    return _grid(
        "months", _("Doorverwijzingen per maand en uitkomst"), _("Maand"), facts, month, scope
    )


def _in_time(fact: Fact, now: datetime.datetime) -> bool | None:
    """True/False once it can be judged; None while the referral is still inside its days."""
    deadline = add_working_days(fact.created_at, ACK_TARGET_WORKING_DAYS)
    if fact.acknowledged_at is not None and fact.acknowledged_at <= deadline:
        return True
    return False if deadline <= now else None


def _share(part: int, whole: int, scope: ReportScope) -> Measure:
    if whole == 0:
        return Measure(0, NO_VALUE)
    threshold = _threshold(scope)
    share = protection.share_of(
        protection.protect_value(part, threshold=threshold),
        protection.protect_value(whole, threshold=threshold),
        threshold=threshold,
        protected=scope.protected,
    )
    if share is None:
        return Measure(0, protection.SUPPRESSED, threshold)
    return Measure(share, unit="%")


def _median(facts: list[Fact], scope: ReportScope) -> Measure:
    times = [
        working_days_elapsed(f.created_at, f.acknowledged_at)
        for f in facts
        if f.acknowledged_at is not None
    ]
    if not times:
        return Measure(0, NO_VALUE)
    if scope.protected and len(times) < scope.threshold:
        return Measure(0, protection.SUPPRESSED, scope.threshold)
    return Measure(round(statistics.median(times), 1))


def _timeliness_cells(facts: list[Fact], referred: Cell, scope, now) -> list[Cell]:
    judged = [v for v in (_in_time(f, now) for f in facts) if v is not None]
    closed = [f for f in facts if f.group != OPEN]
    completed = sum(f.group == COMPLETED for f in closed)
    return [
        referred,
        _share(sum(judged), len(judged), scope),
        _median(facts, scope),
        _share(completed, len(closed), scope),
    ]


def timeliness_table(facts, outcomes: Table, scope: ReportScope, now) -> Table:
    """Per organisation: referred (as in the outcomes table), acknowledged in time, median time
    to acknowledge, share completed."""
    by_organization: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        by_organization[fact.organization].append(fact)
    rows = [
        (label, _timeliness_cells(by_organization[label], cells[-1], scope, now))
        for label, cells in outcomes.rows
    ]
    columns = [
        str(_("Doorverwezen")),
        str(_("Binnen %(n)s werkdagen ontvangen") % {"n": ACK_TARGET_WORKING_DAYS}),
        str(_("Tijd tot ontvangst (mediaan, werkdagen)")),
        str(_("Afgerond (van de afgesloten)")),
    ]
    footer = None
    if outcomes.footer:
        footer = (
            str(_("Alle organisaties")),
            _timeliness_cells(facts, outcomes.footer[1][-1], scope, now),
        )
    notes = [
        str(
            _(
                "Binnen %(n)s werkdagen ontvangen: van de doorverwijzingen waarvan die termijn "
                "voorbij is. Werkdagen tellen zonder weekenden en feestdagen."
            )
            % {"n": ACK_TARGET_WORKING_DAYS}
        )
    ]
    return Table(
        "timeliness",
        str(_("Ontvangst en afronding per organisatie")),
        str(_("Organisatie")),
        columns,
        rows,
        footer,
        notes=notes,
    )


def _normalised(text: str) -> str:
    return " ".join(text.split()).rstrip(".").capitalize()


def reason_rows(facts: list[Fact]) -> list[ReasonRow]:
    """Reasons for rejection and "not reached", identical texts grouped, most frequent first."""
    counts = Counter(
        (f.organization, f.group, _normalised(f.reason))
        for f in facts
        if f.group in (REJECTED, FAILED) and f.reason.strip()
    )
    rows = [
        ReasonRow(org, str(GROUPS[group]), reason, n) for (org, group, reason), n in counts.items()
    ]
    rows.sort(key=lambda row: (-row.count, row.organization.lower(), row.reason))
    return rows[:REASONS_SHOWN]


def referral_report(
    *, scope: ReportScope, with_reasons: bool, now: datetime.datetime | None = None
) -> ReferralReport:
    now = now or timezone.now()
    facts = referral_facts(scope=scope)
    outcomes = outcomes_table(facts, scope)
    return ReferralReport(
        scope=scope,
        outcomes=outcomes,
        timeliness=timeliness_table(facts, outcomes, scope, now),
        months=months_table(facts, scope),
        reasons=reason_rows(facts) if with_reasons else None,
    )
