"""The agenda as an iCalendar feed (Outlook, Google, signage such as Xibo) and as JSON.

Each occurrence is its own VEVENT; the feed holds no RRULE. Recurrence rules with EXDATEs and
RECURRENCE-ID overrides are read differently by Outlook, Google and signage players (Google
keeps a moved override's old slot until it refetches, several players ignore EXDATE with a
TZID, and a holiday list would be a long EXDATE), while expanded events are read the same by
every client. The UID stays the same per regular date, so a moved or cancelled occurrence
updates the event a subscriber already has; a cancelled one stays in the feed with
STATUS:CANCELLED and "Vervalt:" in its title (Outlook shows a cancelled event in a subscribed
calendar as if it went ahead). Holidays and the old slot of a moved hour are not events.
"""

import datetime
import json
from collections.abc import Sequence

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from plein.socialmap.agenda.occurrences import IN_FEEDS, Occurrence, Status
from plein.socialmap.agenda.words import languages_describe, room_describe

FEED_PAST = datetime.timedelta(days=7)
FEED_AHEAD = datetime.timedelta(days=365)
PRODID = "-//Plein//Spreekuren//NL"


def feed_window(
    now: datetime.datetime | None = None,
) -> tuple[datetime.datetime, datetime.datetime]:
    now = timezone.localtime(now)
    today = datetime.datetime.combine(now.date(), datetime.time(), tzinfo=now.tzinfo)
    return today - FEED_PAST, today + FEED_AHEAD


def _service_url(occurrence: Occurrence) -> str:
    service = occurrence.service
    path = reverse(
        "socialmap:service_detail",
        kwargs={"library_slug": service.library.slug, "pk": service.pk},
    )
    return settings.SITE_URL + path


def where_describe(occurrence: Occurrence) -> str:
    """ "Bibliotheek Centrum, Spreekkamer 2, eerste verdieping, naast de leestafel"."""
    parts = [occurrence.branch.name if occurrence.branch else "", room_describe(occurrence.room)]
    return ", ".join(part for part in parts if part)


def how_describe(occurrence: Occurrence) -> list[str]:
    """Lines on how to come: walk-in or appointment, languages, theme."""
    schedule = occurrence.schedule
    lines = []
    if schedule.by_appointment:
        lines.append(_("Alleen op afspraak."))
        if schedule.appointment_info:
            lines.append(schedule.appointment_info)
        if schedule.schedule_link:
            lines.append(schedule.schedule_link)
    else:
        lines.append(_("Inloop: u kunt zonder afspraak langskomen."))
    if schedule.languages:
        lines.append(
            _("Talen: %(languages)s")
            % {"languages": ", ".join(languages_describe(schedule.languages))}
        )
    if schedule.theme:
        lines.append(_("Thema: %(theme)s") % {"theme": schedule.theme.name})
    return lines


def _title(occurrence: Occurrence) -> str:
    service = occurrence.service
    title = f"{service.name} ({service.organization.name})"
    if occurrence.status == Status.CANCELLED:
        return _("Vervalt: %(title)s") % {"title": title}
    return title


def _event(occurrence: Occurrence, stamp: datetime.datetime, texts: dict) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", occurrence.uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", occurrence.start)
    event.add("dtend", occurrence.end)
    event.add("summary", _title(occurrence))
    event.add("location", where_describe(occurrence))
    # The same for every occurrence of a schedule: worked out once per feed.
    if occurrence.schedule.pk not in texts:
        lines = [occurrence.schedule.description] if occurrence.schedule.description else []
        texts[occurrence.schedule.pk] = (lines + how_describe(occurrence), _service_url(occurrence))
    lines, url = texts[occurrence.schedule.pk]
    if occurrence.exception is not None and occurrence.exception.reason:
        lines = [occurrence.exception.reason, *lines]
    event.add("description", "\n".join(lines))
    event.add("url", url)
    if occurrence.schedule.theme:
        event.add("categories", [occurrence.schedule.theme.name])
    event.add("status", "CANCELLED" if occurrence.status == Status.CANCELLED else "CONFIRMED")
    # A changed occurrence gets a higher sequence, so that clients take the new version.
    event.add("sequence", 0 if occurrence.exception is None else 1)
    event.add("transp", "TRANSPARENT")
    return event


def calendar_ics(*, occurrences: Sequence[Occurrence], name: str) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    # A hint to clients that may poll more often than their default.
    calendar.add(
        "refresh-interval", datetime.timedelta(minutes=15), parameters={"VALUE": "DURATION"}
    )
    calendar.add("x-published-ttl", "PT15M")
    stamp = timezone.now()
    texts: dict = {}
    for occurrence in occurrences:
        if occurrence.status in IN_FEEDS:
            calendar.add_component(_event(occurrence, stamp, texts))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def occurrence_data(occurrence: Occurrence, urls: dict | None = None) -> dict:
    """One occurrence for the JSON feed; `urls` keeps service links worked out before."""
    urls = {} if urls is None else urls
    service = occurrence.service
    if service.pk not in urls:
        urls[service.pk] = _service_url(occurrence)
    room = occurrence.room
    theme = occurrence.schedule.theme
    schedule = occurrence.schedule
    return {
        "id": occurrence.uid,
        "schedule_id": str(schedule.pk),
        "status": str(occurrence.status),
        "cancelled": occurrence.is_cancelled,
        "start": occurrence.start.isoformat(),
        "end": occurrence.end.isoformat(),
        "moved_from": occurrence.moved_from.isoformat() if occurrence.moved_from else None,
        "moved_to": occurrence.moved_to.isoformat() if occurrence.moved_to else None,
        "holiday": occurrence.holiday or None,
        "reason": occurrence.exception.reason if occurrence.exception else "",
        "service": {"id": str(service.pk), "name": service.name, "url": urls[service.pk]},
        "organization": {"id": str(service.organization_id), "name": service.organization.name},
        "branch": (
            {"slug": occurrence.branch.slug, "name": occurrence.branch.name}
            if occurrence.branch
            else None
        ),
        "room": (
            {"id": room.pk, "name": room.name, "floor": room.floor, "route": room.route}
            if room
            else None
        ),
        "theme": {"id": theme.pk, "name": theme.name} if theme else None,
        "where": where_describe(occurrence),
        "by_appointment": schedule.by_appointment,
        "appointment_info": schedule.appointment_info,
        "appointment_url": schedule.schedule_link,
        "languages": [code for code in schedule.languages.split(",") if code],
        "description": schedule.description,
    }


def calendar_json(*, occurrences: Sequence[Occurrence], name: str) -> str:
    """Every occurrence, also holidays and moved-away slots (marked), for pages and screens."""
    urls: dict = {}
    payload = {
        "name": name,
        "generated_at": timezone.now().isoformat(),
        "time_zone": settings.TIME_ZONE,
        "occurrences": [occurrence_data(occurrence, urls) for occurrence in occurrences],
    }
    return json.dumps(payload, ensure_ascii=False)
