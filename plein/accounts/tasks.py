"""Background tasks of accounts (django-tasks), registered to run periodically."""

from datetime import timedelta

from django_tasks import task

from plein.core.periodic import periodic


@periodic("accounts.sessions_clear_expired", every=timedelta(days=1))
@task
def sessions_clear_expired() -> int:
    """Daily: delete expired sessions (they name the user they belonged to)."""
    from plein.accounts.sessions import sessions_clear_expired as clear

    return clear()
