"""E-mails to the resident: the confirmation (with an .ics) and the reminder the day before.

Both carry the signed link to cancel or move the appointment. They go only to the resident's own
address; a failure is logged, never raised (the booking stands, the slip has the same link).
"""

import logging

import icalendar
from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation

from plein.appointments import signing
from plein.appointments.models import Booking

logger = logging.getLogger(__name__)


def booking_context(booking: Booking) -> dict:
    schedule = booking.hour.schedule
    link = schedule.service_at_location
    return {
        "booking": booking,
        "service_name": link.service.name if link else "",
        "organization_name": booking.organization.name,
        "place": link.location.name if link else "",
        "room": schedule.room.name if schedule.room else "",
        "library_name": booking.library.name,
        "manage_url": signing.manage_url(booking=booking),
    }


def booking_ics(booking: Booking, context: dict) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Plein//afspraken//NL")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = icalendar.Event()
    event.add("uid", f"booking-{booking.pk}@plein")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", booking.start)
    event.add("dtend", booking.end)
    event.add("summary", f"{context['service_name']} ({context['organization_name']})")
    event.add("location", ", ".join(p for p in (context["place"], context["room"]) if p))
    event.add("url", context["manage_url"])
    calendar.add_component(event)
    return calendar.to_ical()


def _send(*, template: str, booking: Booking, with_ics: bool = True) -> int:
    if not booking.email:
        return 0
    context = booking_context(booking)
    with translation.override(booking.consent_language or settings.LANGUAGE_CODE):
        subject = " ".join(
            render_to_string(f"appointments/email/{template}_subject.txt", context).split()
        )
        body = render_to_string(f"appointments/email/{template}_body.txt", context)
    message = EmailMessage(subject, body, to=[booking.email])
    if with_ics:
        message.attach("afspraak.ics", booking_ics(booking, context), "text/calendar")
    try:
        return message.send()
    except Exception:
        logger.exception("Appointment e-mail %s could not be sent", template)
        return 0


def booking_confirmation(*, booking: Booking) -> int:
    return _send(template="confirmation", booking=booking)


def booking_reminder(*, booking: Booking) -> int:
    return _send(template="reminder", booking=booking)


def booking_cancelled(*, booking: Booking) -> int:
    return _send(template="cancelled", booking=booking, with_ics=False)
