"""Background tasks of core (django-tasks), registered to run periodically.

The logic lives in the modules (guard); these wrappers only schedule it.
"""

from datetime import timedelta

from django_tasks import task

from plein.core import guard
from plein.core.periodic import periodic


@periodic("core.public_form_attempts_prune", every=timedelta(days=1))
@task
def public_form_attempts_prune() -> int:
    """Delete the public forms' attempts that the rate limits no longer need."""
    return guard.attempts_prune()
