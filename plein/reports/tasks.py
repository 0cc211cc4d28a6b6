"""Background tasks of the reports (django-tasks); the periodic ones register themselves."""

from datetime import timedelta

from django_tasks import task

from plein.core.periodic import periodic
from plein.reports import services


@periodic("reports.monthly_email", every=timedelta(days=1))
@task
def monthly_email() -> int:
    """Daily: from the 1st of a month on, send last month's report once to each library."""
    return services.monthly_reports_send()


@periodic(services.MONTH_CACHE_FILL, every=timedelta(days=1))
@task
def month_cache_fill() -> int:
    """Daily: count the complete past months of every library ahead of the first viewer; also
    soon after `plein migrate` and after a view had to count roll-ups itself (apps.py,
    services.month_cache_fill_due)."""
    return services.month_counts_fill_all()
