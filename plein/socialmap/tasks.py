"""Background tasks of the social map (django-tasks); the periodic ones register themselves."""

from datetime import timedelta

from django_tasks import task

from plein.core.periodic import periodic
from plein.socialmap import services


@periodic("socialmap.freshness_reminders", every=timedelta(days=30))
@task
def freshness_reminders_send() -> int:
    """Each month: e-mail every organisation with stale services a link to confirm them."""
    return services.freshness_reminders_send()
