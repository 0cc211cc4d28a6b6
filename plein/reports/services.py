"""Writes of the reports app: the monthly report e-mail and its bookkeeping, and the stored
counts of complete past months (months.py)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import DEFAULT_DB_ALIAS, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from plein.accounts.models import Role, User
from plein.core.models import Library
from plein.core.periodic import periodic_due_now
from plein.questions.models import RegistrationSettings
from plein.questions.selectors import month_versions
from plein.reports.models import MonthAggregate, MonthlyReportSent, MonthRollup
from plein.reports.months import (
    Pair,
    Rollups,
    Scan,
    Tally,
    month_counts_count,
    month_counts_missing,
    month_rollups_count,
    month_rollups_keys,
    month_rollups_valid,
    month_rollups_wanted,
    stored_months,
)
from plein.reports.selectors import (
    OPTIONAL_DIMENSIONS,
    ROLLUPS,
    ReportScope,
    dashboard_tallies,
    report_completeness,
    report_dimensions,
    report_totals,
)

# The daily fill of the roll-ups and the default dashboard's months (tasks.month_cache_fill).
MONTH_CACHE_FILL = "reports.month_cache_fill"


def previous_month(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    end = today.replace(day=1) - datetime.timedelta(days=1)
    return end.replace(day=1), end


def monthly_report_libraries():
    """Libraries that want the monthly report (on unless their settings turn it off)."""
    off = RegistrationSettings.objects.filter(monthly_report=False).values("library_id")
    return Library.objects.exclude(pk__in=off).order_by("pk")


def monthly_report_recipients(*, library: Library) -> list[str]:
    users = User.objects.filter(library=library, role=Role.COORDINATOR, is_active=True).exclude(
        email=""
    )
    return sorted(set(users.values_list("email", flat=True)))


def monthly_reports_send(*, now: datetime.datetime | None = None) -> int:
    """Send last month's report to each library's coordinators, once per month and library.

    Runs daily; returns the number of libraries reported to in this run.
    """
    start, end = previous_month(timezone.localdate(now or timezone.now()))
    sent = 0
    for library in monthly_report_libraries():
        if monthly_report_send(library=library, start=start, end=end):
            sent += 1
    return sent


@transaction.atomic
def monthly_report_send(*, library: Library, start: datetime.date, end: datetime.date) -> bool:
    recipients = monthly_report_recipients(library=library)
    if not recipients:
        # Nobody to tell: try again tomorrow, a coordinator may have been added by then.
        return False
    # The row is the lock: a second run at the same time stops at the unique constraint.
    _record, created = MonthlyReportSent.objects.get_or_create(library=library, month=start)
    if not created:
        return False
    scope = ReportScope(libraries=(library.pk,), start=start, end=end, protected=False)
    totals, previous = report_totals(scope=scope)
    complete, visits = report_completeness(scope=scope)
    context = {
        "library": library.name,
        "start": start,
        "end": end,
        "totals": totals,
        "previous": previous,
        "completeness": round(100 * complete / visits, 1) if visits else None,
        "url": settings.SITE_URL
        + reverse("reports:dashboard")
        + f"?period=custom&start={start:%d-%m-%Y}&end={end:%d-%m-%Y}",
    }
    subject = render_to_string("reports/email/monthly_subject.txt", context).strip()
    body = render_to_string("reports/email/monthly_body.txt", context)
    # One message per address, so colleagues do not see each other's addresses.
    send_mass_mail([(subject, body, None, [email]) for email in recipients], fail_silently=False)
    MonthlyReportSent.objects.filter(pk=_record.pk).update(recipients=len(recipients))
    return True


def month_counts_fill(
    *,
    scope: ReportScope,
    cross: tuple[str, str] | None = ("branch", "outcome"),
    optional: tuple[str, ...] = (),
    rest_ahead: bool = False,
) -> int:
    """Count and store the complete months the dashboard of `scope` reads that have no valid
    stored counts (missing, or changed since); returns how many rows were stored.

    The report views call it before the selectors (with `rest_ahead`: month_rollups_store), the
    daily task ahead of the first viewer.
    """
    if not stored_months(scope) and not stored_months(scope.previous()):
        return 0  # a short period is counted live
    tallies = dashboard_tallies(scope=scope, cross=cross, optional=optional)
    return month_counts_store(tallies=tallies, rest_ahead=rest_ahead)


def month_counts_store(
    *, tallies: list[tuple[tuple[ReportScope, ...], Tally]], rest_ahead: bool = False
) -> int:
    """Store the tallies' complete months without valid stored counts: all months of a tally
    (or of a scan several tallies share) are counted in one query."""
    missing = month_counts_missing(tallies=tallies)
    if not missing:
        return 0
    # Versions first: a change committed while counting leaves the rows stale, never wrong.
    versions = month_versions(
        library_ids={library for *_rest, pairs in missing for library, _month in pairs},
        months={month for *_rest, pairs in missing for _library, month in pairs},
    )
    rollups = month_rollups_store(missing=missing, versions=versions, rest_ahead=rest_ahead)
    rows = []
    counted = month_counts_count(missing=missing, rollups=rollups)
    for (scope, tally, pairs), counts in zip(missing, counted, strict=True):
        keys = {library: tally.key(scope, library) for library, _month in pairs}
        rows += [
            MonthAggregate(
                library_id=library,
                month=month,
                key=keys[library],
                version=versions[(library, month)],
                data=counts.get((library, month), []),
            )
            for library, month in pairs
        ]
    # A concurrent request may store the same months: the last one wins, and a row counted
    # before a change carries the older version, so it is ignored.
    MonthAggregate.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["library", "month", "key"],
        update_fields=["version", "data", "computed_at"],
    )
    return len(rows)


def month_rollups_store(
    *,
    missing: list[tuple[ReportScope, Tally, list[Pair]]],
    versions: dict[Pair, int],
    rest_ahead: bool = False,
) -> Rollups:
    """The roll-ups the missing tallies read: the valid stored ones, and those missing or stale
    counted from the registrations and stored with the versions read before counting.

    With `rest_ahead` (a report view), having to count any makes the daily fill due: the
    scheduler then enqueues it within a minute, and it counts the roll-ups of the other scans
    and months before the next viewer needs them."""
    wanted = month_rollups_wanted(missing=missing)
    rollups, counted = _rollups_store(scope=missing[0][0], wanted=wanted, versions=versions)
    if counted and rest_ahead:
        month_cache_fill_due()
    return rollups


def month_cache_fill_due(*, using: str = DEFAULT_DB_ALIAS) -> None:
    """Have the scheduler enqueue the daily fill at its next check (after an upgrade, or when
    a view found roll-ups missing)."""
    periodic_due_now(name=MONTH_CACHE_FILL, using=using)


def _rollups_store(
    *, scope: ReportScope, wanted: dict[Scan, set[Pair]], versions: dict[Pair, int]
) -> tuple[Rollups, int]:
    """The wanted roll-ups, and how many of them were counted (missing or stale)."""
    keys = month_rollups_keys(wanted=wanted)
    found = month_rollups_valid(wanted=wanted, keys=keys)
    todo = {
        scan: {pair for pair in pairs if (scan, pair) not in found}
        for scan, pairs in wanted.items()
    }
    todo = {scan: pairs for scan, pairs in todo.items() if pairs}
    if not todo:
        return found, 0
    built = month_rollups_count(scope=scope, todo=todo)
    rows = []
    for scan, pairs in todo.items():
        rows += [
            MonthRollup(
                library_id=library,
                month=month,
                key=keys[scan][library],
                version=versions[(library, month)],
                data=built[(scan, (library, month))],
            )
            for library, month in pairs
        ]
    MonthRollup.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["library", "month", "key"],
        update_fields=["version", "data", "computed_at"],
    )
    return found | built, len(rows)


def month_rollups_fill(*, scope: ReportScope) -> int:
    """Count every roll-up of the scope's complete months that is missing or stale (the daily
    task, so that a table the default dashboard does not show is not the one to count them);
    returns how many (scan, library, month) roll-ups there are."""
    months = stored_months(scope)
    pairs = {(library, month) for library in scope.libraries for month in months}
    if not pairs:
        return 0
    versions = month_versions(library_ids=scope.libraries, months=months)
    found, _counted = _rollups_store(
        scope=scope, wanted=dict.fromkeys(ROLLUPS, pairs), versions=versions
    )
    return len(found)


def month_counts_fill_all(
    *,
    today: datetime.date | None = None,
    months: int = 36,
    library_ids: Iterable[int] | None = None,
) -> int:
    """Store the roll-ups and the main dashboard's counts of every library's (or these
    libraries') complete past months, so that long ranges open quickly (the daily task, and
    `plein demo` after loading registrations); returns how many rows were stored."""
    today = today or timezone.localdate()
    end = today.replace(day=1) - datetime.timedelta(days=1)
    start = (end.replace(day=1) - datetime.timedelta(days=31 * (months - 1))).replace(day=1)
    stored = 0
    libraries = Library.objects.all()
    if library_ids is not None:
        libraries = libraries.filter(pk__in=library_ids)
    for library in libraries.order_by("pk"):
        optional = tuple(
            name
            for name in report_dimensions(libraries=[library.pk])
            if name in OPTIONAL_DIMENSIONS
        )
        scope = ReportScope(libraries=(library.pk,), start=start, end=end)
        month_rollups_fill(scope=scope)
        stored += month_counts_fill(scope=scope, optional=optional)
    return stored
