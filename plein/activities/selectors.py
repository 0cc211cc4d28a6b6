"""Reads of the activities app, each scoped to one library with `for_library`.

`activity_occurrences` is the one list of dated activities, with seats left, that pages (and
later "Vandaag", the screens, the agenda and the reports) read.
"""

from datetime import datetime

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from plein.activities.models import (
    SEAT_STATUSES,
    Activity,
    Attendance,
    Occurrence,
    SignUp,
    Status,
)
from plein.core.models import Library


def _with_counts(queryset: QuerySet[Occurrence]) -> QuerySet[Occurrence]:
    return queryset.annotate(
        seats_taken=Count("signups", filter=Q(signups__status__in=SEAT_STATUSES)),
        waiting_count=Count("signups", filter=Q(signups__status=Status.WAITING)),
    )


def seats_left(occurrence: Occurrence) -> int:
    """Free seats of an occurrence read through `activity_occurrences` (or counted now)."""
    taken = getattr(occurrence, "seats_taken", None)
    if taken is None:
        taken = occurrence.signups.filter(status__in=SEAT_STATUSES).count()
    return max(occurrence.capacity - taken, 0)


def activity_occurrences(
    *, library: Library, start: datetime, end: datetime, include_cancelled: bool = False
) -> QuerySet[Occurrence]:
    """The dates of activities between start and end, with seats_taken and waiting_count."""
    queryset = Occurrence.objects.for_library(library).filter(starts_at__lt=end, ends_at__gt=start)
    if not include_cancelled:
        queryset = queryset.filter(cancelled_at=None, activity__cancelled_at=None)
    related = ("activity__branch", "activity__room", "activity__theme", "activity__organization")
    return _with_counts(queryset.select_related(*related)).order_by("starts_at", "id")


def activities_for_library(*, library: Library) -> QuerySet[Activity]:
    return (
        Activity.objects.for_library(library)
        .select_related("branch", "room", "organization")
        .annotate(coming=Count("occurrences", filter=Q(occurrences__starts_at__gt=timezone.now())))
        .order_by("cancelled_at", "title")
    )


def coming_dates(*, activity: Activity) -> QuerySet[Occurrence]:
    """An activity's dates still to come, cancelled ones too (marked), with their counts."""
    queryset = activity.occurrences.filter(starts_at__gt=timezone.now())
    return _with_counts(queryset).order_by("starts_at", "id")


def activities_of_organization(*, library: Library, organization) -> QuerySet[Activity]:
    """A partner's own activities (it sees seat counts, never who signed up)."""
    return activities_for_library(library=library).filter(organization=organization)


def occurrence_get_public(*, library: Library, pk: int) -> Occurrence:
    """A dated activity a resident may see (404 for another library's)."""
    queryset = _with_counts(
        Occurrence.objects.for_library(library).select_related(
            "activity__branch", "activity__room", "activity__organization"
        )
    )
    return get_object_or_404(queryset, pk=pk)


def occurrence_signups(*, occurrence: Occurrence) -> QuerySet[SignUp]:
    """The people on the list of an occurrence: seats first, then the waiting list in order."""
    active = (Status.BOOKED, Status.OFFERED, Status.WAITING)
    return (
        SignUp.objects.for_library(occurrence.library_id)
        .filter(occurrence=occurrence, status__in=active, purged_at=None)
        .order_by("created_at", "id")
    )


def offers_to_phone(*, library: Library) -> QuerySet[SignUp]:
    """Seats offered to people without e-mail: the desk calls them ("bel deze persoon")."""
    return (
        SignUp.objects.for_library(library)
        .filter(status=Status.OFFERED, email="", purged_at=None)
        .select_related("occurrence__activity")
        .order_by("offer_expires_at")
    )


def occurrence_counts(*, occurrence: Occurrence) -> dict[str, int]:
    """What stays after the purge: signed up, attended, no-show, still waiting."""
    signups = SignUp.objects.for_library(occurrence.library_id).filter(occurrence=occurrence)
    return signups.aggregate(
        signed_up=Count("id", filter=Q(status=Status.BOOKED)),
        attended=Count("id", filter=Q(attendance=Attendance.PRESENT)),
        no_show=Count("id", filter=Q(attendance=Attendance.ABSENT)),
        waitlisted=Count("id", filter=Q(status=Status.WAITING)),
    )
