"""What changed on the social map since a moment: for the desk's "Vandaag" page."""

import datetime

from django.db.models import QuerySet

from plein.core.models import Library
from plein.socialmap.models import ExceptionKind, ScheduleException, Service, ServiceStatus


def hour_changes_since(
    *, library: Library, since: datetime.datetime, from_day: datetime.date, limit: int = 8
) -> list[ScheduleException]:
    """Consultation hours cancelled or moved since `since`, for today or later."""
    changes: QuerySet[ScheduleException] = (
        ScheduleException.objects.filter(
            schedule__service_at_location__service__library=library,
            created_at__gte=since,
            date__gte=from_day,
            kind__in=[ExceptionKind.CANCELLED, ExceptionKind.MOVED],
        )
        .select_related("schedule__service_at_location__service")
        .order_by("date")
    )
    return list(changes[:limit])


def services_changed_since(
    *, library: Library, since: datetime.datetime, limit: int = 8
) -> list[Service]:
    """Active services of the library that were added or changed since `since`, newest first."""
    services = Service.objects.for_library(library).filter(
        last_modified__gte=since, status=ServiceStatus.ACTIVE
    )
    return list(services.order_by("-last_modified")[:limit])
