"""Background tasks of referrals (django-tasks), registered to run every hour or every day.

The logic lives in the services (timers); these wrappers only schedule it. The "Bel mij terug"
attempts are deleted by core's clean-up of public forms (plein.core.tasks).
"""

from datetime import timedelta

from django_tasks import task

from plein.core.periodic import periodic
from plein.referrals.services import timers


@periodic("referrals.reminders", every=timedelta(hours=1))
@task
def referral_reminders_send() -> int:
    """Remind partners about referrals not acknowledged within the library's working days."""
    return timers.referral_reminders_send()


@periodic("referrals.escalations", every=timedelta(hours=1))
@task
def referral_escalations_send() -> int:
    """Tell coordinators about referrals still not acknowledged after the escalation time."""
    return timers.referral_escalations_send()


@periodic("referrals.purge", every=timedelta(hours=1))
@task
def referral_expired_purge() -> int:
    """Empty the personal data of referrals closed longer ago than the retention period."""
    return timers.referral_expired_purge()
