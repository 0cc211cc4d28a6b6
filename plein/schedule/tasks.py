"""Background tasks of the schedule app (django-tasks); the periodic ones register themselves."""

from datetime import timedelta

from django_tasks import task

from plein.core.periodic import periodic
from plein.schedule import services


@periodic("schedule.presence_gaps_mail", every=timedelta(days=7))
@task
def presence_gaps_mail() -> int:
    """Weekly: mail each library's coordinators the gaps in the duty roster of the next 14 days."""
    return services.presence_gaps_mail()
