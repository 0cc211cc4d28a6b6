"""What a branch offers besides its consultation hours: dated activities with their seats and
bookable hours with their free slots, or "vol" when every slot still to come is booked.
"Vandaag", the screens and the public agenda read them here, through the selectors of the
activities and appointments apps (no rule restated).

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
from plein.appointments.selectors import bookable_hour_list, slots_with_taken
from plein.core.models import Branch, Library
from plein.socialmap.agenda.extras import AgendaOffer
from plein.socialmap.agenda.occurrences import Occurrence
from plein.socialmap.agenda.words import room_describe

# The JSON feeds' "type" of an activity's date (a consultation hour is "spreekuur").
ACTIVITY_KIND = "activiteit"


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
    """One occurrence of a bookable hour with slots still to come: its free ones, or none
    ("vol": every slot still to come is booked)."""

    hour: BookableHour
    occurrence: Occurrence
    free: int
    first_free: datetime.datetime | None

    @property
    def full(self) -> bool:
        return self.free == 0


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
    """The bookable hours held at the branch in [start, end) with slots still to come, one line
    per occurrence, in time order; a full one has free = 0. A cancelled occurrence, and one
    whose slots have all begun, has no line."""
    hours = list(bookable_hour_list(library=library))
    if not hours:
        return []
    slots = slots_with_taken(library=library, start=start, end=end, hours=hours, now=now)
    lines: dict[tuple, HourLine] = {}
    for slot, taken in slots:
        held_at = slot.occurrence.branch
        if held_at is None or held_at.pk != branch.pk:
            continue
        key = (slot.hour.pk, slot.occurrence.start)
        line = lines.get(key) or HourLine(
            hour=slot.hour, occurrence=slot.occurrence, free=0, first_free=None
        )
        if not taken:
            # Slots come in time order: the first free one is the earliest.
            line = dataclasses.replace(
                line, free=line.free + 1, first_free=line.first_free or slot.start
            )
        lines[key] = line
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


def free_text(line: HourLine) -> str:
    """ "2 vrije tijden", or "vol" when every slot still to come is booked."""
    if line.full:
        return _("vol")
    return ngettext("%(n)s vrije tijd", "%(n)s vrije tijden", line.free) % {"n": line.free}


def _activity_offer(library: Library, line: ActivityLine) -> AgendaOffer:
    activity = line.date.activity
    return AgendaOffer(
        start=line.date.starts_at,
        end=line.date.ends_at,
        title=line.title,
        organization=activity.organization.name if activity.organization else "",
        where=room_describe(activity.room),
        note=seats_text(line),
        url=reverse("activities:public", args=[library.slug, line.date.pk]),
        url_text=_("Aanmelden") if line.signup_required else _("Meer informatie"),
        uid=f"activity-{line.date.pk}@plein",
        kind=ACTIVITY_KIND,
        branch=activity.branch,
        room=activity.room,
        theme=activity.theme,
        signup_required=line.signup_required,
        seats_left=line.seats_left if line.signup_required else None,
        full=line.full,
    )


def _hour_offer(library: Library, line: HourLine) -> AgendaOffer:
    """A bookable hour's date; a full one keeps its time and partner, without a link."""
    bookable = not line.full
    return AgendaOffer(
        start=line.occurrence.start,
        end=line.occurrence.end,
        title=line.occurrence.service.name,
        organization=line.hour.organization.name,
        where=room_describe(line.occurrence.room),
        note=free_text(line),
        url=reverse("appointments:public_book", args=[library.slug, line.hour.pk])
        if bookable
        else "",
        url_text=_("Afspraak maken") if bookable else "",
        full=line.full,
    )


def agenda_offers(
    library: Library,
    branch: Branch,
    start: datetime.datetime,
    end: datetime.datetime,
    for_feed: bool = False,
) -> list[AgendaOffer]:
    """The public agenda's activities and bookable hours (full ones marked "vol"; registered
    in apps.py); a calendar feed gets the activities' dates of its whole window and no hours
    (it has them already)."""
    now = timezone.now()
    first = start if for_feed else max(start, now)
    found = [
        _activity_offer(library, line)
        for line in activity_lines(library=library, branch=branch, start=first, end=end)
    ]
    if for_feed:
        return found
    hours = hour_lines(library=library, branch=branch, start=max(start, now), end=end)
    return found + [_hour_offer(library, line) for line in hours]
