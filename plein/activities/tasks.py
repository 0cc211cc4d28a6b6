"""Background tasks of activities (django-tasks); the logic lives in the services."""

from datetime import timedelta

from django_tasks import task

from plein.activities import services
from plein.core.periodic import periodic


@periodic("activities.offers_expire", every=timedelta(minutes=15))
@task
def offers_expire() -> int:
    """Offered seats not confirmed in time go to the next person on the waiting list."""
    return services.offers_expire()


@periodic("activities.reminders", every=timedelta(hours=1))
@task
def reminders_send() -> int:
    """Remind everyone with a seat tomorrow."""
    return services.reminders_send()


@periodic("activities.evaluations", every=timedelta(hours=1))
@task
def evaluations_send() -> int:
    """Ask everyone who came to a date that ended, once, how it was."""
    return services.evaluations_send()


@periodic("activities.purge", every=timedelta(hours=1))
@task
def signups_purge() -> int:
    """Empty the contact data of sign-ups the retention period has passed for."""
    return services.signups_purge()
