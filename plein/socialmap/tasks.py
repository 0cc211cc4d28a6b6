"""Background tasks of the social map (django-tasks); the periodic ones register themselves."""

from datetime import timedelta

from django_tasks import task

from plein.core.periodic import periodic
from plein.socialmap import services
from plein.socialmap.directory import services as directory_services


@periodic("socialmap.freshness_reminders", every=timedelta(days=30))
@task
def freshness_reminders_send() -> int:
    """Each month: e-mail every organisation with stale services a link to confirm them."""
    return services.freshness_reminders_send()


@periodic("socialmap.directory_digest", every=timedelta(days=1))
@task
def directory_digests_send() -> int:
    """Daily: from the 1st of a month on, send each library's "Ken je partners" digest once."""
    return directory_services.digests_send()
