"""What a branch offers besides its consultation hours: dated activities with their seats and
bookable hours with their free slots. "Vandaag", the screens and the public agenda read them
here, through the selectors of the activities and appointments apps (no rule restated).

Queries, whatever the number of activities and hours: one for the activities; one for the
bookable hours, then the agenda's occurrences (three) and the taken slots (one) when the library
has any.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from plein.activities.models import Occurrence as ActivityDate
from plein.activities.selectors import activity_occurrences, seats_left
from plein.appointments.models import BookableHour
from plein.appointments.selectors import bookable_hour_list, bookable_slots
from plein.core.models import Branch, Library
from plein.socialmap.agenda.extras import AgendaOffer
from plein.socialmap.agenda.occurrences import Occurrence
from plein.socialmap.agenda.words import room_describe


@dataclass(frozen=True)
class ActivityLine:
    """One date of an activity: seats left, the waiting list, or no sign-up at all."""

    date: ActivityDate
    seats_left: int
    waiting: int

    @property
    def title(self) -> str:
        return self.date.activity.title

    @property
    def signup_required(self) -> bool:
        return self.date.activity.signup_required

    @property
    def full(self) -> bool:
        return self.signup_required and self.seats_left == 0


@dataclass(frozen=True)
class HourLine:
    """One occurrence of a bookable hour with its free slots still to come."""

    hour: BookableHour
    occurrence: Occurrence
    free: int
    first_free: datetime.datetime


def activity_lines(
    *, library: Library, branch: Branch, start: datetime.datetime, end: datetime.datetime
) -> list[ActivityLine]:
    """The branch's activity dates in [start, end); cancelled dates and activities left out."""
    dates = activity_occurrences(library=library, start=start, end=end).filter(
        activity__branch=branch
    )
    return [
        ActivityLine(date=date, seats_left=seats_left(date), waiting=date.waiting_count)  # type: ignore[attr-defined]
        for date in dates
    ]


def hour_lines(
    *,
    library: Library,
    branch: Branch,
    start: datetime.datetime,
    end: datetime.datetime,
    now: datetime.datetime | None = None,
) -> list[HourLine]:
    """The bookable hours held at the branch in [start, end) that still have a free slot, one
    line per occurrence, in time order. A full or cancelled occurrence has no line."""
    hours = list(bookable_hour_list(library=library))
    if not hours:
        return []
    slots = bookable_slots(library=library, start=start, end=end, hours=hours, now=now)
    lines: dict[tuple, HourLine] = {}
    for slot in slots:
        held_at = slot.occurrence.branch
        if held_at is None or held_at.pk != branch.pk:
            continue
        key = (slot.hour.pk, slot.occurrence.start)
        line = lines.get(key)
        if line is None:
            line = HourLine(
                hour=slot.hour, occurrence=slot.occurrence, free=0, first_free=slot.start
            )
        lines[key] = dataclasses.replace(line, free=line.free + 1)
    return sorted(lines.values(), key=lambda line: (line.occurrence.start, line.hour.pk))


def seats_text(line: ActivityLine) -> str:
    """ "nog 3 plaatsen", "vol – wachtlijst", or nothing for an activity without sign-up."""
    if not line.signup_required:
        return ""
    if line.full:
        return _("vol – wachtlijst")
    return ngettext("nog %(n)s plaats", "nog %(n)s plaatsen", line.seats_left) % {
        "n": line.seats_left
    }


def agenda_offers(
    library: Library,
    branch: Branch,
    start: datetime.datetime,
    end: datetime.datetime,
    for_feed: bool = False,
) -> list[AgendaOffer]:
    """The public agenda's activities and bookable hours (registered in apps.py); a calendar
    feed gets the activities' dates of its whole window and no hours (it has them already)."""
    now = timezone.now()
    found = []
    first = start if for_feed else max(start, now)
    for line in activity_lines(library=library, branch=branch, start=first, end=end):
        activity = line.date.activity
        found.append(
            AgendaOffer(
                start=line.date.starts_at,
                end=line.date.ends_at,
                title=line.title,
                organization=activity.organization.name if activity.organization else "",
                where=room_describe(activity.room),
                note=seats_text(line),
                url=reverse("activities:public", args=[library.slug, line.date.pk]),
                url_text=_("Aanmelden") if line.signup_required else _("Meer informatie"),
                uid=f"activity-{line.date.pk}@plein",
                room_id=activity.room_id,
                theme_id=activity.theme_id,
            )
        )
    if for_feed:
        return found
    for hour in hour_lines(library=library, branch=branch, start=max(start, now), end=end):
        found.append(
            AgendaOffer(
                start=hour.occurrence.start,
                end=hour.occurrence.end,
                title=hour.occurrence.service.name,
                organization=hour.hour.organization.name,
                where=room_describe(hour.occurrence.room),
                note=ngettext("%(n)s vrije tijd", "%(n)s vrije tijden", hour.free)
                % {"n": hour.free},
                url=reverse("appointments:public_book", args=[library.slug, hour.hour.pk]),
                url_text=_("Afspraak maken"),
            )
        )
    return found
