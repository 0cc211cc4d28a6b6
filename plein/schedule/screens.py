"""What a display screen shows: today's consultation hours at its branch (or room) that are on
now or still to come, each with a QR code to the service's public page, and the alert the
coordinator set. One dictionary serves the page's first render and its JSON refresh."""

from __future__ import annotations

import datetime
from functools import lru_cache

import segno
from django.conf import settings
from django.core.cache import caches
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from plein.schedule.models import Display
from plein.socialmap.agenda.occurrences import Occurrence, Status
from plein.socialmap.agenda.selectors import occurrence_list
from plein.socialmap.agenda.words import room_describe

SHOWN = 6  # a 5-metre screen shows a few lines well rather than many badly


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


def _items_this_minute(display: Display, now: datetime.datetime) -> list[dict]:
    """The items are read once a minute per branch or room and process: every screen there
    shows the same, and a change (a cancelled hour) is on every screen within a minute."""
    key = f"{display.branch_id}:{display.room_id or 0}:{now:%Y%m%d%H%M}"
    items = caches["screens"].get(key)
    if items is None:
        items = _items(display, now)
        caches["screens"].set(key, items, 120)
    return items


def display_content(display: Display, *, now: datetime.datetime | None = None) -> dict:
    now = timezone.localtime(now)
    return {
        "title": display.room.name if display.room else display.branch.name,
        "day": formats.date_format(now.date(), "l j F"),
        "updated": f"{now:%H.%M}",
        "alert": display.alert,
        "items": _items_this_minute(display, now),
        "empty": _(
            "Vandaag geen spreekuren meer. Met uw vraag kunt u altijd terecht bij de "
            "balie van de bibliotheek."
        ),  # fmt: skip
    }
