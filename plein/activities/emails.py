"""The messages to a resident: confirmation, waiting list, offered seat, reminder, cancellation.

Each carries the signed cancel link; a confirmation and a reminder carry the date as .ics.
Personal data stays out of the body beyond the name the resident gave.
"""

import icalendar
from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone

from plein.activities import signing
from plein.activities.models import Occurrence, SignUp

CONFIRMED = "confirmed"
WAITLISTED = "waitlisted"
OFFERED = "offered"
REMINDER = "reminder"
CANCELLED = "cancelled"
EVALUATION = "evaluation"
WITH_CALENDAR = {CONFIRMED, REMINDER}


def occurrence_ics(occurrence: Occurrence) -> bytes:
    activity = occurrence.activity
    event = icalendar.Event()
    event.add("uid", f"activity-{occurrence.pk}@{settings.SITE_URL.split('//')[-1]}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", occurrence.starts_at)
    event.add("dtend", occurrence.ends_at)
    event.add("summary", activity.title)
    event.add("location", occurrence_place(occurrence))
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Plein//activiteiten//NL")
    calendar.add("version", "2.0")
    calendar.add_component(event)
    return calendar.to_ical()


def occurrence_place(occurrence: Occurrence) -> str:
    activity = occurrence.activity
    parts = [activity.branch.name] + ([activity.room.name] if activity.room else [])
    return ", ".join(parts)


def signup_mail_send(*, signup: SignUp, kind: str) -> bool:
    """Send one message to the sign-up's e-mail address; False when it has none."""
    if not signup.email or signup.is_purged:
        return False
    occurrence = signup.occurrence
    context = {
        "signup": signup,
        "occurrence": occurrence,
        "activity": occurrence.activity,
        "place": occurrence_place(occurrence),
        "cancel_url": signing.cancel_url(signup=signup),
        "confirm_url": signing.confirm_url(signup=signup) if kind == OFFERED else "",
        "evaluation_url": signing.evaluation_url(signup=signup) if kind == EVALUATION else "",
    }
    subject = render_to_string(f"activities/email/{kind}_subject.txt", context).strip()
    body = render_to_string(f"activities/email/{kind}.txt", context)
    message = EmailMessage(subject=subject, body=body, to=[signup.email])
    if kind in WITH_CALENDAR:
        message.attach("activiteit.ics", occurrence_ics(occurrence), "text/calendar")
    message.send()
    return True
