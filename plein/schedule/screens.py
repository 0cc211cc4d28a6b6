"""What a display screen shows: today's consultation hours at its branch (or room) that are on
now or still to come, each with a QR code to the service's public page; the activities and
bookable hours of the coming days with seats or free slots left and a QR code to sign up or
book (a full bookable hour says "vol", without a QR code); and the alert the coordinator set.
One dictionary serves the page's first render and its JSON refresh."""

from __future__ import annotations

import datetime
from functools import lru_cache

import segno
from django.conf import settings
from django.core.cache import caches
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from plein.schedule import offers
from plein.schedule.models import Display
from plein.socialmap.agenda.occurrences import Occurrence, Status
from plein.socialmap.agenda.selectors import occurrence_list
from plein.socialmap.agenda.words import room_describe

SHOWN = 6  # a 5-metre screen shows a few lines well rather than many badly
OFFERS_SHOWN = 4  # activities and bookable hours, below today's hours
OFFERS_DAYS = 7  # today and the next days


@lru_cache(maxsize=512)
def qr_svg(url: str) -> str:
    """A QR code as inline SVG (no script, no request): the same text for the same link."""
    return segno.make(url, error="m").svg_inline(scale=5, light="#fff", border=2)


def _status(occurrence: Occurrence) -> str:
    if occurrence.status in (Status.CANCELLED, Status.HOLIDAY):
        return _("Gaat niet door")
    if occurrence.status == Status.MOVED_AWAY:
        return _("Verplaatst")
    return ""


def _item(display: Display, occurrence: Occurrence, now: datetime.datetime) -> dict:
    service = occurrence.service
    path = reverse("socialmap:service_detail", args=[display.branch.library.slug, service.pk])
    return {
        "time": f"{occurrence.start:%H.%M}–{occurrence.end:%H.%M}",
        "now": occurrence.start <= now < occurrence.end and not occurrence.is_cancelled,
        "service": service.name,
        "organization": service.organization.name if service.organization else "",
        "where": room_describe(occurrence.room),
        "status": _status(occurrence),
        "qr": "" if occurrence.is_cancelled else qr_svg(settings.SITE_URL + path),
    }


def _items(display: Display, now: datetime.datetime) -> list[dict]:
    start = now.replace(hour=0, minute=0, second=0, microsecond=0)
    hours = occurrence_list(
        library=display.branch.library,
        start=start,
        end=start + datetime.timedelta(days=1),
        branch=display.branch,
        room=display.room,
    )
    coming = [o for o in hours if o.end > now and o.status != Status.MOVED_AWAY]
    return [_item(display, occurrence, now) for occurrence in coming[:SHOWN]]


def _when(start: datetime.datetime, end: datetime.datetime, now: datetime.datetime) -> str:
    start, end = timezone.localtime(start), timezone.localtime(end)
    hours = f"{start:%H.%M}–{end:%H.%M}"
    if start.date() == now.date():
        return hours
    return f"{formats.date_format(start.date(), 'D j b')} {hours}"


def _activity_item(display: Display, line: offers.ActivityLine, now: datetime.datetime) -> dict:
    date = line.date
    path = reverse("activities:public", args=[display.branch.library.slug, date.pk])
    return {
        "time": _when(date.starts_at, date.ends_at, now),
        "service": line.title,
        "organization": date.activity.organization.name if date.activity.organization else "",
        "where": room_describe(date.activity.room),
        "seats": offers.seats_text(line),
        "qr": qr_svg(settings.SITE_URL + path) if line.signup_required else "",
    }


def _hour_item(display: Display, line: offers.HourLine, now: datetime.datetime) -> dict:
    """A bookable hour with its free slots and a QR code to book; a full one says "vol" and
    has no QR code (there is nothing to book)."""
    occurrence = line.occurrence
    item = {
        "time": _when(occurrence.start, occurrence.end, now),
        "service": occurrence.service.name,
        "organization": line.hour.organization.name,
        "where": room_describe(occurrence.room),
        "seats": offers.free_text(line),
        "qr": "",
    }
    if not line.full:
        path = reverse("appointments:public_book", args=[display.branch.library.slug, line.hour.pk])
        item["seats"] = ngettext(
            "%(n)s vrije tijd om een afspraak te maken",
            "%(n)s vrije tijden om een afspraak te maken",
            line.free,
        ) % {"n": line.free}
        item["qr"] = qr_svg(settings.SITE_URL + path)
    return item


def _offers(display: Display, now: datetime.datetime) -> list[dict]:
    """Activities (from now on) and bookable hours (with free slots, or full) in the coming
    days, at the screen's branch (or room), soonest first."""
    library, branch = display.branch.library, display.branch
    end = now + datetime.timedelta(days=OFFERS_DAYS)
    activities = offers.activity_lines(library=library, branch=branch, start=now, end=end)
    hours = offers.hour_lines(library=library, branch=branch, start=now, end=end, now=now)
    if display.room_id:
        activities = [a for a in activities if a.date.activity.room_id == display.room_id]
        hours = [h for h in hours if h.occurrence.room and h.occurrence.room.pk == display.room_id]
    dated = [(a.date.starts_at, _activity_item(display, a, now)) for a in activities]
    dated += [(h.occurrence.start, _hour_item(display, h, now)) for h in hours]
    dated.sort(key=lambda pair: pair[0])
    return [item for _start, item in dated[:OFFERS_SHOWN]]


def _lists_this_minute(display: Display, now: datetime.datetime) -> dict[str, list[dict]]:
    """The lists are read once a minute per branch or room and process: every screen there
    shows the same, and a change (a cancelled hour, a seat taken) is on every screen within a
    minute."""
    key = f"{display.branch_id}:{display.room_id or 0}:{now:%Y%m%d%H%M}"
    lists = caches["screens"].get(key)
    if lists is None:
        lists = {"items": _items(display, now), "offers": _offers(display, now)}
        caches["screens"].set(key, lists, 120)
    return lists


def display_content(display: Display, *, now: datetime.datetime | None = None) -> dict:
    now = timezone.localtime(now)
    lists = _lists_this_minute(display, now)
    return {
        "title": display.room.name if display.room else display.branch.name,
        "day": formats.date_format(now.date(), "l j F"),
        "updated": f"{now:%H.%M}",
        "alert": display.alert,
        "items": lists["items"],
        "offers": lists["offers"],
        "empty": _(
            "Vandaag geen spreekuren meer. Met uw vraag kunt u altijd terecht bij de "
            "balie van de bibliotheek."
        ),  # fmt: skip
    }
