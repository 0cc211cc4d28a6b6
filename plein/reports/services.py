"""Writes of the reports app: the monthly report e-mail and its bookkeeping."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from plein.accounts.models import Role, User
from plein.core.models import Library
from plein.questions.models import RegistrationSettings
from plein.reports.models import MonthAggregate, MonthlyReportSent
from plein.reports.selectors import (
    ReportScope,
    report_completeness,
    report_dashboard,
    report_totals,
)


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


def month_aggregates_invalidate(*, library_id: int, dates=None) -> int:
    """Forget a library's cached month counts for the months of `dates` (all months when None).

    Call it after a write that touches a day of a past month (a late desk queue entry, an edit,
    a bulk load of history) and after renaming an option (the counts are stored by name).
    Returns the number of rows deleted.
    """
    rows = MonthAggregate.objects.filter(library_id=library_id)
    if dates is not None:
        months = {day.replace(day=1) for day in dates}
        if not months:
            return 0
        rows = rows.filter(month__in=months)
    return rows.delete()[0]


def month_aggregates_fill(*, today: datetime.date | None = None, months: int = 36) -> int:
    """Compute the main dashboard's counts of every library's complete past months, so that
    long ranges open quickly (the daily task); returns how many libraries were filled."""
    today = today or timezone.localdate()
    end = today.replace(day=1) - datetime.timedelta(days=1)
    start = (end.replace(day=1) - datetime.timedelta(days=31 * (months - 1))).replace(day=1)
    filled = 0
    for library in Library.objects.all():
        report_dashboard(scope=ReportScope(libraries=(library.pk,), start=start, end=end))
        filled += 1
    return filled
