"""Reads of bookable hours, their free slots and the bookings.

Slots are derived, never stored: each bookable hour's occurrences (socialmap.agenda, with
holidays, cancellations and moves) are cut into slots of the hour's length, and the slots that a
booking holds are taken. `bookable_slots` and `free_slot_count` can feed other pages as they are;
`slots_with_taken` keeps the taken ones, marked, for pages that show a full hour as "vol"
(Vandaag, the screens and the public agenda, through schedule/offers.py).
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.utils import timezone

from plein.appointments.models import (
    HOLDS_SLOT,
    AppointmentSettings,
    BookableHour,
    Booking,
    BookingStatus,
)
from plein.core.models import Library
from plein.socialmap.agenda.occurrences import Occurrence
from plein.socialmap.agenda.selectors import consultation_hour_list, occurrence_list
from plein.socialmap.models import Organization, Schedule

# How far ahead the pages look for free slots.
WINDOW = datetime.timedelta(weeks=26)


@dataclass(frozen=True)
class Slot:
    hour: BookableHour
    start: datetime.datetime
    end: datetime.datetime
    occurrence: Occurrence

    @property
    def key(self) -> str:
        """The slot as a form value: the hour's id and the start in seconds."""
        return slot_key(hour_id=self.hour.pk, start=self.start)

    @property
    def service_name(self) -> str:
        return self.occurrence.service.name


def slot_key(*, hour_id: int, start: datetime.datetime) -> str:
    return f"{hour_id}-{int(start.timestamp())}"


def appointment_settings_get(*, library: Library) -> AppointmentSettings:
    row = AppointmentSettings.objects.for_library(library).first()
    return row or AppointmentSettings(library=library)


def bookable_hour_list(*, library: Library) -> QuerySet[BookableHour]:
    return (
        BookableHour.objects.for_library(library)
        .filter(is_active=True)
        .select_related("schedule", "organization")
    )


def bookable_hour_get(*, library: Library, pk) -> BookableHour | None:
    return bookable_hour_list(library=library).filter(pk=pk).first()


def hours_for_setup(*, library: Library, organization: Organization | None) -> list[Schedule]:
    """The consultation hours a partner (its own) or a coordinator (all) may make bookable,
    each with its BookableHour when there is one (`schedule.bookable_or_none`)."""
    hours = consultation_hour_list(library=library, listed_only=False)
    if organization is not None:
        hours = hours.filter(service_at_location__service__organization=organization)
    found = {b.schedule_id: b for b in BookableHour.objects.for_library(library)}
    schedules = list(hours)
    for schedule in schedules:
        schedule.bookable_or_none = found.get(schedule.pk)  # type: ignore[attr-defined]
    return schedules


def _cut(occurrence: Occurrence, hour: BookableHour) -> list[Slot]:
    length = datetime.timedelta(minutes=hour.slot_minutes)
    slots, start = [], occurrence.start
    while start + length <= occurrence.end:
        slots.append(Slot(hour=hour, start=start, end=start + length, occurrence=occurrence))
        start += length
    return slots


def _taken(*, library: Library, start: datetime.datetime, end: datetime.datetime) -> set:
    bookings = Booking.objects.for_library(library).filter(
        status__in=HOLDS_SLOT, start__gte=start, start__lt=end
    )
    return {(hour_id, moment) for hour_id, moment in bookings.values_list("hour_id", "start")}


def all_slots(
    *,
    library: Library,
    start: datetime.datetime,
    end: datetime.datetime,
    hours: list[BookableHour] | None = None,
    now: datetime.datetime | None = None,
) -> list[Slot]:
    """Every slot of the bookable hours in [start, end) that lies ahead and within each hour's
    horizon, free or not. Cancelled and holiday occurrences have none; a moved one has its
    slots at its new time."""
    now = now or timezone.now()
    by_schedule = {
        h.schedule_id: h
        for h in (hours if hours is not None else bookable_hour_list(library=library))
    }
    if not by_schedule:
        return []
    slots = []
    for occurrence in occurrence_list(library=library, start=max(start, now), end=end):
        hour = by_schedule.get(occurrence.schedule.pk)
        if hour is None or occurrence.is_cancelled:
            continue
        horizon = now + datetime.timedelta(weeks=hour.horizon_weeks)
        slots += [s for s in _cut(occurrence, hour) if now < s.start < horizon]
    return sorted(slots, key=lambda s: (s.start, s.service_name, s.hour.pk))


def slots_with_taken(
    *,
    library: Library,
    start: datetime.datetime,
    end: datetime.datetime,
    hours: list[BookableHour] | None = None,
    now: datetime.datetime | None = None,
) -> list[tuple[Slot, bool]]:
    """Every slot of `all_slots`, each with whether a booking holds it: a page can tell an
    occurrence whose slots are all taken ("vol") from one that has none left to come."""
    slots = all_slots(library=library, start=start, end=end, hours=hours, now=now)
    taken = _taken(library=library, start=start, end=end)
    return [(s, (s.hour.pk, s.start) in taken) for s in slots]


def bookable_slots(
    *,
    library: Library,
    start: datetime.datetime,
    end: datetime.datetime,
    hours: list[BookableHour] | None = None,
    now: datetime.datetime | None = None,
) -> list[Slot]:
    """The free slots of the library's bookable hours in [start, end)."""
    pairs = slots_with_taken(library=library, start=start, end=end, hours=hours, now=now)
    return [slot for slot, taken in pairs if not taken]


def free_slot_count(*, library: Library, start: datetime.datetime, end: datetime.datetime) -> int:
    return len(bookable_slots(library=library, start=start, end=end))


def slot_find(*, library: Library, hour: BookableHour, start: datetime.datetime) -> Slot | None:
    """The slot of this hour that starts at `start` (free or not), if it is bookable now."""
    window_end = start + datetime.timedelta(minutes=hour.slot_minutes)
    for slot in all_slots(library=library, start=start, end=window_end, hours=[hour]):
        if slot.start == start:
            return slot
    return None


def upcoming_slots(
    *, library: Library, hours: list[BookableHour] | None = None, limit: int = 200
) -> list[Slot]:
    now = timezone.now()
    return bookable_slots(library=library, start=now, end=now + WINDOW, hours=hours)[:limit]


def _with_hour(bookings: QuerySet[Booking]) -> QuerySet[Booking]:
    return bookings.select_related(
        "hour__schedule__service_at_location__service", "organization", "library"
    )


CONTACT_FIELDS = ("name", "phone", "email", "question")


def booking_agenda(
    *,
    library: Library,
    organization: Organization | None,
    since: datetime.datetime,
    with_contact: bool = False,
) -> QuerySet[Booking]:
    """Bookings from `since` on, of one organisation (a partner) or of the whole library; the
    contact fields stay in the database (undecrypted) unless asked for."""
    bookings = _with_hour(Booking.objects.for_library(library).filter(end__gte=since))
    if organization is not None:
        bookings = bookings.filter(organization=organization)
    if not with_contact:
        bookings = bookings.defer(*CONTACT_FIELDS)
    return bookings.order_by("start")


def bookings_off_schedule(*, library: Library, bookings: list[Booking]) -> set:
    """The ids of booked appointments ahead whose hour no longer takes place at their time
    (cancelled, a holiday, moved after the booking): someone lets the resident know."""
    now = timezone.now()
    ahead = [b for b in bookings if b.status == BookingStatus.BOOKED and b.end > now]
    if not ahead:
        return set()
    start, end = min(b.start for b in ahead), max(b.end for b in ahead)
    held: dict = {}
    for occurrence in occurrence_list(library=library, start=start, end=end):
        if not occurrence.is_cancelled:
            held.setdefault(occurrence.schedule.pk, []).append(occurrence)
    return {
        b.pk
        for b in ahead
        if not any(o.start <= b.start and b.end <= o.end for o in held.get(b.hour.schedule_id, []))
    }


def booking_get(*, library: Library, pk) -> Booking | None:
    return _with_hour(Booking.objects.for_library(library)).filter(pk=pk).first()


def booking_counts(*, library: Library, organization: Organization | None = None) -> dict:
    """Bookings per status (also after the purge): booked, attended, no-show, cancelled."""
    bookings = Booking.objects.for_library(library)
    if organization is not None:
        bookings = bookings.filter(organization=organization)
    counts = {status: 0 for status in BookingStatus.values}
    for row in bookings.values("status").annotate(n=Count("id")).order_by():
        counts[row["status"]] = row["n"]
    return counts
