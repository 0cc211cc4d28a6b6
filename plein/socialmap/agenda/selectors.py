"""Reads of consultation hours: which schedules are a library's hours, and their occurrences.

`occurrence_list` is the one reader of "who is where, when" that the agenda page, the week
folder, the feeds (and later the daily overview and the screens) share. Nothing is cached, so a
cancellation is shown on the next request.
"""

import datetime

from django.db.models import Prefetch, Q, QuerySet

from plein.core.models import Branch, Library
from plein.socialmap.agenda.occurrences import Occurrence, schedule_occurrences
from plein.socialmap.models import Room, Schedule, ScheduleException, Service, Theme
from plein.socialmap.selectors import LISTED_STATUSES


def branch_list_with_hours(*, library: Library) -> QuerySet[Branch]:
    """The library's active branches that are on the social map (they have a location)."""
    return Branch.objects.for_library(library).filter(is_active=True, location__isnull=False)


def branch_locations(*, library: Library) -> QuerySet:
    """The ids of the locations of the library's branches (a subquery)."""
    return Branch.objects.for_library(library).filter(location__isnull=False).values("location")


def branch_get_public(*, library: Library, slug: str) -> Branch:
    return branch_list_with_hours(library=library).select_related("location").get(slug=slug)


def service_get_listed(*, library: Library, pk) -> Service:
    """A listed service of the library (raises Service.DoesNotExist otherwise)."""
    return Service.objects.for_library(library).get(pk=pk, status__in=LISTED_STATUSES)


def service_list_for_hours(*, library: Library) -> QuerySet[Service]:
    """The library's services a coordinator may plan hours for, by name."""
    return Service.objects.for_library(library).select_related("organization").order_by("name")


def room_list(*, library: Library, branch: Branch | None = None) -> QuerySet[Room]:
    rooms = Room.objects.for_library(library).select_related("branch")
    return rooms.filter(branch=branch) if branch is not None else rooms


def theme_list(*, library: Library, branch: Branch | None = None) -> QuerySet[Theme]:
    themes = Theme.objects.for_library(library).select_related("branch")
    return themes.filter(branch=branch) if branch is not None else themes


def consultation_hour_list(
    *,
    library: Library,
    branch: Branch | None = None,
    theme: Theme | None = None,
    service: Service | None = None,
    listed_only: bool = True,
) -> QuerySet[Schedule]:
    """Consultation hours: schedules of a library's services at the location of one of its
    branches (HSDS service_at_location), with what the pages show loaded."""
    services = Service.objects.for_library(library)
    if listed_only:
        services = services.filter(status__in=LISTED_STATUSES)
    locations = branch_locations(library=library)
    if branch is not None:
        locations = locations.filter(pk=branch.pk)
    hours = Schedule.objects.filter(
        service_at_location__service__in=services,
        service_at_location__location__in=locations,
    )
    if theme is not None:
        hours = hours.filter(theme=theme)
    if service is not None:
        hours = hours.filter(service_at_location__service=service)
    return hours.select_related(
        "service_at_location__service__organization",
        "service_at_location__service__library",
        "service_at_location__location",
        "room",
        "theme",
    ).order_by("pk")


def _exceptions_near(start: datetime.datetime, end: datetime.datetime) -> Prefetch:
    # Exceptions that can touch the window: dated in it, or moved into it.
    low, high = (start - datetime.timedelta(days=1)).date(), end.date()
    return Prefetch(
        "exceptions",
        queryset=ScheduleException.objects.filter(
            Q(date__range=(low, high)) | Q(new_date__range=(low, high))
        ).select_related("room"),
    )


def occurrence_list(
    *,
    library: Library,
    start: datetime.datetime,
    end: datetime.datetime,
    branch: Branch | None = None,
    room: Room | None = None,
    theme: Theme | None = None,
    service: Service | None = None,
) -> list[Occurrence]:
    """Occurrences of a library's consultation hours that overlap [start, end), in time order,
    for one branch, room (also an hour moved into it), theme or service, or all of them.

    Cancelled, holiday and moved-away occurrences are included, marked by their status: pages
    show them crossed out, feeds mark or skip them (occurrences.IN_FEEDS). Three queries, two
    for one branch or room."""
    if room is not None:
        branch = room.branch
    hours = consultation_hour_list(library=library, branch=branch, theme=theme, service=service)
    schedules = list(hours.prefetch_related(_exceptions_near(start, end)))
    if not schedules:
        return []
    if branch is not None:
        # Only the branch's own hours were selected: they are all held there.
        branches = {branch.location_id: branch}
    else:
        branches = {
            b.location_id: b
            for b in Branch.objects.for_library(library).filter(location__isnull=False)
        }
    items = []
    for schedule in schedules:
        assert schedule.service_at_location is not None
        place = branches[schedule.service_at_location.location_id]
        for occurrence in schedule_occurrences(schedule, start=start, end=end, branch=place):
            if room is None or (occurrence.room and occurrence.room.pk == room.pk):
                items.append(occurrence)
    return sorted(items, key=lambda item: (item.start, item.service.name, item.regular_date))
