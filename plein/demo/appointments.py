"""The demo's appointments: two consultation hours of Beekveld bookable in slots of 20 minutes,
with a few bookings in the coming weeks. Called by the demo loader (`plein demo`); rows are made
only when missing, so loading the demo twice adds nothing."""

import uuid

from django.utils import timezone

from plein.appointments import selectors, services
from plein.appointments.models import BookableHour, Booking, BookingSource
from plein.core.models import Library
from plein.demo.load import demo_id
from plein.socialmap.models import Schedule

# (service, location, byday) of the demo's consultation hours that take appointments.
BOOKABLE = [
    ("belastingspreekuur", "bieb-centrum", "TU"),
    ("energiecoach", "bieb-centrum", "FR"),
]
# Residents with a booking: (name, phone, e-mail, question), on the first free slots.
RESIDENTS = [
    ("Yara", "06 11122233", "", "Brief over mijn voorlopige aanslag"),
    ("Mevrouw B.", "", "b.demo@voorbeeld.nl", ""),
    ("Karel", "0570 765432", "", "Hoge rekening na de verhuizing"),
]


def _hours(library: Library) -> list[BookableHour]:
    hours = []
    for parts in BOOKABLE:
        schedule = Schedule.objects.filter(pk=demo_id("consultation-hours", *parts)).first()
        if schedule is None or schedule.service_at_location is None:
            continue
        if schedule.service_at_location.service.library_id != library.pk:
            continue
        hours.append(
            services.bookable_hour_set(
                schedule=schedule, slot_minutes=20, horizon_weeks=6, is_active=True, user=None
            )
        )
    return hours


def demo_appointments_install(*, library: Library) -> None:
    if Booking.objects.for_library(library).exists():
        return
    hours = _hours(library)
    if not hours:
        return
    now = timezone.now()
    slots = selectors.bookable_slots(library=library, start=now, end=now + selectors.WINDOW)
    # Every other free slot, so that the agenda shows free time between bookings.
    for slot, (name, phone, email, question) in zip(slots[::2], RESIDENTS, strict=False):
        services.booking_create(
            hour=slot.hour,
            start=slot.start,
            contact=services.ContactInput(name=name, phone=phone, email=email, question=question),
            consent_given=True,
            source=BookingSource.DESK if phone else BookingSource.ONLINE,
            submission_key=uuid.uuid4(),
        )
