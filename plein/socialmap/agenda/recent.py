"""What changed on the social map since a moment: for the desk's "Vandaag" page."""

import datetime
from dataclasses import dataclass

from django.db.models import DateField, F, IntegerField, Value

from plein.core.models import Library
from plein.socialmap.models import ExceptionKind, ScheduleException, Service, ServiceStatus

SERVICE_CHANGED = "service"


@dataclass(frozen=True)
class Change:
    """A consultation hour cancelled or moved (kind: the exception's kind, on `date`), or a
    service added or changed (kind SERVICE_CHANGED)."""

    kind: str
    name: str
    date: datetime.date | None
    changed_at: datetime.datetime | None


def changes_since(
    *, library: Library, since: datetime.datetime, from_day: datetime.date, limit: int = 16
) -> list[Change]:
    """Hours cancelled or moved since `since` for `from_day` or later (by date), then active
    services added or changed since `since` (newest first): one query."""
    hours = (
        ScheduleException.objects.filter(
            schedule__service_at_location__service__library=library,
            created_at__gte=since,
            date__gte=from_day,
            kind__in=[ExceptionKind.CANCELLED, ExceptionKind.MOVED],
        )
        .annotate(
            section=Value(0, output_field=IntegerField()),
            change_kind=F("kind"),
            change_name=F("schedule__service_at_location__service__name"),
            change_date=F("date"),
            changed_at=F("created_at"),
        )
        .values_list("section", "change_kind", "change_name", "change_date", "changed_at")
        .order_by()
    )
    services = (
        Service.objects.for_library(library)
        .filter(last_modified__gte=since, status=ServiceStatus.ACTIVE)
        .annotate(
            section=Value(1, output_field=IntegerField()),
            change_kind=Value(SERVICE_CHANGED),
            change_name=F("name"),
            change_date=Value(None, output_field=DateField()),
            changed_at=F("last_modified"),
        )
        .values_list("section", "change_kind", "change_name", "change_date", "changed_at")
        .order_by()
    )
    rows = hours.union(services, all=True).order_by("section", "change_date", "-changed_at")
    return [Change(*row[1:]) for row in rows[:limit]]
