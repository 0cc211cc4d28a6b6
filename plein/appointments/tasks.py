"""Background tasks of appointments (django-tasks); the logic lives in the services."""

from datetime import timedelta

from django_tasks import task

from plein.appointments import services
from plein.core.periodic import periodic


@periodic("appointments.reminders", every=timedelta(hours=1))
@task
def booking_reminders_send() -> int:
    """E-mail residents a reminder the day before their appointment."""
    return services.booking_reminders_send()


@periodic("appointments.purge", every=timedelta(hours=1))
@task
def bookings_expired_purge() -> int:
    """Empty the contact data of appointments past the library's retention period."""
    return services.bookings_expired_purge()
