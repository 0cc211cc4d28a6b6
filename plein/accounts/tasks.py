"""Background tasks of accounts (django-tasks), registered to run periodically."""

from datetime import timedelta

from django.contrib.sessions.backends.db import SessionStore
from django_tasks import task

from plein.core.periodic import periodic


@periodic("accounts.sessions_clear_expired", every=timedelta(days=1))
@task
def sessions_clear_expired() -> None:
    """Daily: delete expired sessions, as Django's `clearsessions` does."""
    SessionStore.clear_expired()
