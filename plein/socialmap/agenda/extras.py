"""What the public agenda shows besides consultation hours: dated offers of apps above the social
map (activities with seats left, bookable hours with free slots). The social map does not import
those apps; an app registers a reader here in its AppConfig.ready() (schedule does, see
plein/schedule/offers.py), as Django apps register with the admin or a signal."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from plein.core.models import Branch, Library
from plein.socialmap.models import Room, Theme


@dataclass(frozen=True)
class AgendaOffer:
    start: datetime.datetime
    end: datetime.datetime
    title: str
    organization: str
    where: str
    # "nog 3 plaatsen", "vol – wachtlijst", "2 vrije tijden", "vol"; empty: nothing to count.
    note: str
    # The page to sign up, read more or book; empty for a full bookable hour (nothing to book).
    url: str
    url_text: str
    # Stable per dated offer (an activity's date), for calendars; empty: not in the feeds
    # (bookable hours are in them already as the consultation hours they are).
    uid: str = ""
    # The JSON feeds' "type" of the item ("activiteit"); consultation hours are "spreekuur".
    kind: str = ""
    # Where and on what theme it is held, for the room's and the theme's feeds.
    branch: Branch | None = None
    room: Room | None = None
    theme: Theme | None = None
    # Places, for the JSON feeds: seats_left None without sign-up; when full, a sign-up goes
    # onto the waiting list.
    signup_required: bool = False
    seats_left: int | None = None
    full: bool = False

    @property
    def room_id(self) -> int | None:
        return self.room.pk if self.room else None

    @property
    def theme_id(self) -> int | None:
        return self.theme.pk if self.theme else None


Reader = Callable[[Library, Branch, datetime.datetime, datetime.datetime, bool], list[AgendaOffer]]
_readers: list[Reader] = []


def register(reader: Reader) -> None:
    if reader not in _readers:
        _readers.append(reader)


def offers_between(
    *,
    library: Library,
    branch: Branch,
    start: datetime.datetime,
    end: datetime.datetime,
    for_feed: bool = False,
) -> list[AgendaOffer]:
    """The offers in [start, end); for a feed only those with a uid (the activities)."""
    found = [
        offer for reader in _readers for offer in reader(library, branch, start, end, for_feed)
    ]
    return sorted(found, key=lambda offer: (offer.start, offer.title))
