"""The agenda as an iCalendar feed (Outlook, Google, signage such as Xibo) and as JSON.

The iCalendar feed publishes each consultation hour the standard way (RFC 5545): one VEVENT
with the schedule's RRULE (python-dateutil's rule from `hours.schedule_rule`, written as
iCalendar text), DTSTART and UNTIL bound to the feed's window, so that the holidays in the
window are all the EXDATEs it needs; a date skipped for a public holiday is an EXDATE; a
cancelled or moved date is an override of its own (same UID, RECURRENCE-ID = the regular start):
a cancelled one stays visible with STATUS:CANCELLED and "Vervalt:" in its title (Outlook shows
a cancelled event in a subscribed calendar as if it went ahead, so the title says it), a moved
one has its new time and room. An extra date, and a moved date whose regular slot is not in
this feed (another room, outside the window), is a VEVENT with a UID of its own. Times carry
TZID=Europe/Amsterdam with its VTIMEZONE, so 10:00 stays 10:00 across summer time.

The JSON feed lists every occurrence expanded, also holidays and moved-away slots, marked, and
(branch, room and theme feeds) the activities' dates, each item with its "type".
"""

import dataclasses
import datetime
import json
import uuid
from collections.abc import Iterator, Sequence

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from plein.socialmap.agenda.extras import AgendaOffer
from plein.socialmap.agenda.occurrences import Occurrence, Status
from plein.socialmap.agenda.words import languages_describe, room_describe
from plein.socialmap.hours import schedule_rule
from plein.socialmap.models import Room

FEED_PAST = datetime.timedelta(days=7)
FEED_AHEAD = datetime.timedelta(days=365)
PRODID = "-//Plein//Spreekuren//NL"
# The JSON feed's "type" of a consultation hour's occurrence (an activity's date: its offer's).
CONSULTATION_KIND = "spreekuur"


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


def _event(
    occurrence: Occurrence, stamp: datetime.datetime, texts: dict, uid: str = ""
) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", uid or occurrence.uid)
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


def series_uid(occurrence: Occurrence) -> str:
    """The UID of a consultation hour's recurring event and of its overrides."""
    return f"hour-{occurrence.schedule.pk}@plein"


# The dates of the schedule's own rule; a moved hour at its new time and an extra date are not.
REGULAR = (Status.SCHEDULED, Status.CANCELLED, Status.HOLIDAY, Status.MOVED_AWAY)


def _rule(first: Occurrence, last: Occurrence) -> icalendar.vRecur:
    """The schedule's rule from its first to its last regular date in the feed.

    DTSTART is a date of the rule itself, so every-other-week and every-other-month hours keep
    their weeks; COUNT and the schedule's own end become an UNTIL (in UTC, as RFC 5545 asks)."""
    rule = schedule_rule(first.schedule, start=first.start)
    assert rule is not None  # it produced the regular dates
    text = str(rule).split("RRULE:", 1)[1]
    recurrence = icalendar.vRecur.from_ical(text)
    recurrence.pop("COUNT", None)
    recurrence["UNTIL"] = [last.start.astimezone(datetime.UTC)]
    return recurrence


def _series_events(
    occurrences: list[Occurrence], stamp: datetime.datetime, texts: dict
) -> Iterator[icalendar.Event]:
    """One schedule's occurrences in the feed as a recurring event with its exceptions."""
    regular = [o for o in occurrences if o.status in REGULAR]
    moved = {o.regular_date: o for o in occurrences if o.status == Status.MOVED}
    overridden = set()
    if regular:
        uid = series_uid(regular[0])
        plain = dataclasses.replace(regular[0], status=Status.SCHEDULED, exception=None)
        master = _event(plain, stamp, texts, uid=uid)
        master.add("rrule", _rule(regular[0], regular[-1]))
        overrides, skipped = [], []
        for occurrence in regular:
            replacement = moved.get(occurrence.regular_date)
            if occurrence.status == Status.MOVED_AWAY and replacement is not None:
                overridden.add(occurrence.regular_date)
                overrides.append((occurrence.start, replacement))
            elif occurrence.status == Status.CANCELLED:
                overrides.append((occurrence.start, occurrence))
            elif occurrence.status != Status.SCHEDULED:
                skipped.append(occurrence.start)  # a holiday, or moved out of this feed
        if skipped:
            master.add("exdate", skipped)
        yield master
        for regular_start, occurrence in overrides:
            event = _event(occurrence, stamp, texts, uid=uid)
            event.add("recurrence-id", regular_start)
            yield event
    for occurrence in occurrences:
        if occurrence.status == Status.EXTRA or (
            occurrence.status == Status.MOVED and occurrence.regular_date not in overridden
        ):
            yield _event(occurrence, stamp, texts)


def _offer_event(offer: AgendaOffer, stamp: datetime.datetime) -> icalendar.Event:
    """An activity's date: a single event with its public page (no one's sign-up in it)."""
    event = icalendar.Event()
    event.add("uid", offer.uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", timezone.localtime(offer.start))
    event.add("dtend", timezone.localtime(offer.end))
    event.add("summary", offer.title)
    event.add("location", offer.where)
    event.add("description", "\n".join(line for line in (offer.organization, offer.note) if line))
    event.add("url", settings.SITE_URL + offer.url)
    event.add("status", "CONFIRMED")
    event.add("transp", "TRANSPARENT")
    return event


def calendar_ics(
    *, occurrences: Sequence[Occurrence], name: str, offers: Sequence[AgendaOffer] = ()
) -> bytes:
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
    by_schedule: dict[uuid.UUID, list[Occurrence]] = {}
    for occurrence in occurrences:
        by_schedule.setdefault(occurrence.schedule.pk, []).append(occurrence)
    for series in by_schedule.values():
        for event in _series_events(series, stamp, texts):
            calendar.add_component(event)
    for offer in offers:
        calendar.add_component(_offer_event(offer, stamp))
    spans = [(o.start, o.end) for o in occurrences] + [(o.start, o.end) for o in offers]
    if spans:
        # A VTIMEZONE for the feed's dates only (the default spans 1970-2038, ~4 KB).
        first = timezone.localtime(min(start for start, _end in spans)).date()
        last = timezone.localtime(max(end for _start, end in spans)).date()
        calendar.add_missing_timezones(
            first_date=first - datetime.timedelta(days=1),
            last_date=last + datetime.timedelta(days=1),
        )
    return calendar.to_ical()


def _room_data(room: Room | None) -> dict | None:
    if room is None:
        return None
    return {"id": room.pk, "name": room.name, "floor": room.floor, "route": room.route}


def occurrence_data(occurrence: Occurrence, urls: dict | None = None) -> dict:
    """One occurrence for the JSON feed; `urls` keeps service links worked out before."""
    urls = {} if urls is None else urls
    service = occurrence.service
    if service.pk not in urls:
        urls[service.pk] = _service_url(occurrence)
    theme = occurrence.schedule.theme
    schedule = occurrence.schedule
    return {
        "type": CONSULTATION_KIND,
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
        "room": _room_data(occurrence.room),
        "theme": {"id": theme.pk, "name": theme.name} if theme else None,
        "where": where_describe(occurrence),
        "by_appointment": schedule.by_appointment,
        "appointment_info": schedule.appointment_info,
        "appointment_url": schedule.schedule_link,
        "languages": [code for code in schedule.languages.split(",") if code],
        "description": schedule.description,
    }


def offer_data(offer: AgendaOffer) -> dict:
    """An activity's date for the JSON feed: when, where, on what theme, its places and its
    public sign-up page; counts only, never who signed up."""
    branch, theme = offer.branch, offer.theme
    where = [branch.name if branch else "", offer.where]
    return {
        "type": offer.kind,
        "id": offer.uid,
        "cancelled": False,  # cancelled dates are left out
        "start": timezone.localtime(offer.start).isoformat(),
        "end": timezone.localtime(offer.end).isoformat(),
        "title": offer.title,
        "organization": {"name": offer.organization} if offer.organization else None,
        "branch": {"slug": branch.slug, "name": branch.name} if branch else None,
        "room": _room_data(offer.room),
        "theme": {"id": theme.pk, "name": theme.name} if theme else None,
        "where": ", ".join(part for part in where if part),
        "signup_required": offer.signup_required,
        "seats_left": offer.seats_left,
        "full": offer.full,
        "waiting_list": offer.full and offer.signup_required,
        "seats_text": offer.note,
        "url": settings.SITE_URL + offer.url,
    }


def calendar_json(
    *, occurrences: Sequence[Occurrence], name: str, offers: Sequence[AgendaOffer] = ()
) -> str:
    """Every occurrence, also holidays and moved-away slots (marked), for pages and screens;
    with `offers`, the activities' dates among them in time order ("type" tells them apart)."""
    urls: dict = {}
    items = [(o.start, occurrence_data(o, urls)) for o in occurrences]
    # Stable: the hours keep their own order, an activity comes after the hours at its time.
    items += [(offer.start, offer_data(offer)) for offer in offers]
    items.sort(key=lambda item: item[0])
    payload = {
        "name": name,
        "generated_at": timezone.now().isoformat(),
        "time_zone": settings.TIME_ZONE,
        "occurrences": [data for _start, data in items],
    }
    return json.dumps(payload, ensure_ascii=False)
