"""The public agenda of a branch: this week and next by day, a printable week folder, and the
iCalendar and JSON feeds per branch, room, theme and service. Anonymous, no JavaScript.

Responses may be kept by browsers and proxies for at most a minute, so a cancellation shows
everywhere within a minute; nothing is cached on the server.
"""

import datetime
from uuid import UUID

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from plein.core.models import Branch, Library
from plein.socialmap import selectors as socialmap_selectors
from plein.socialmap.agenda import extras, feeds, selectors
from plein.socialmap.agenda.feeds import how_describe
from plein.socialmap.agenda.occurrences import Occurrence
from plein.socialmap.agenda.words import room_describe
from plein.socialmap.hours import DAY_CODES, DAY_NAMES, date_describe
from plein.socialmap.models import Service, Theme

MAX_AGE = 60
# How many weeks ahead the week folder may be printed.
FOLDER_WEEKS_AHEAD = 12


def _library(slug: str) -> Library:
    try:
        return socialmap_selectors.library_get_public(slug=slug)
    except Library.DoesNotExist as error:
        raise Http404 from error


def _branch(library: Library, slug: str) -> Branch:
    try:
        return selectors.branch_get_public(library=library, slug=slug)
    except Branch.DoesNotExist as error:
        raise Http404 from error


def _fresh(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response


def _monday(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def _midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(), tzinfo=timezone.get_current_timezone())


def _day_label(day: datetime.date) -> str:
    return f"{DAY_NAMES[DAY_CODES[day.weekday()]]} {date_describe(day, year=False)}"


def _rows(occurrences: list[Occurrence]) -> list[dict]:
    return [
        {
            "occurrence": occurrence,
            "where": room_describe(occurrence.room),
            "how": how_describe(occurrence),
        }
        for occurrence in occurrences
    ]


def _days(
    *,
    first: datetime.date,
    count: int,
    occurrences: list[Occurrence],
    themes: list[Theme],
    offers: list[extras.AgendaOffer] | None = None,
) -> list[dict]:
    """One entry per day: its label, the branch's themes that day, its hours and the other
    apps' offers (activities, bookable hours)."""
    days = []
    for offset in range(count):
        day = first + datetime.timedelta(days=offset)
        items = [o for o in occurrences if o.start.date() == day]
        day_offers = [o for o in offers or [] if timezone.localtime(o.start).date() == day]
        day_themes = [theme for theme in themes if theme.weekday == day.weekday()]
        if not items and not day_themes and not day_offers and day.weekday() >= 5:
            continue  # an empty weekend day is left out
        days.append(
            {
                "date": day,
                "label": _day_label(day),
                "themes": day_themes,
                "rows": _rows(items),
                "offers": day_offers,
            }
        )
    return days


def agenda(request: HttpRequest, library_slug: str, branch_slug: str) -> HttpResponse:
    library = _library(library_slug)
    branch = _branch(library, branch_slug)
    today = timezone.localdate()
    monday = _monday(today)
    occurrences = selectors.occurrence_list(
        library=library,
        branch=branch,
        start=_midnight(monday),
        end=_midnight(monday + datetime.timedelta(days=14)),
    )
    themes = list(selectors.theme_list(library=library, branch=branch))
    offers = extras.offers_between(
        library=library,
        branch=branch,
        start=_midnight(monday),
        end=_midnight(monday + datetime.timedelta(days=14)),
    )
    weeks = [
        {
            "title": title,
            "days": _days(
                first=monday + datetime.timedelta(weeks=index),
                count=7,
                occurrences=occurrences,
                themes=themes,
                offers=offers,
            ),
        }
        for index, title in enumerate((_("Deze week"), _("Volgende week")))
    ]
    context = {
        "library": library,
        "branch": branch,
        "weeks": weeks,
        "today": today,
        "rooms": selectors.room_list(library=library, branch=branch),
        "themes": themes,
        "branches": selectors.branch_list_with_hours(library=library),
    }
    return _fresh(render(request, "socialmap/agenda/agenda.html", context))


def week_folder(request: HttpRequest, library_slug: str, branch_slug: str) -> HttpResponse:
    """All hours of one week on an A4 page (print CSS), to hand out or pin up."""
    library = _library(library_slug)
    branch = _branch(library, branch_slug)
    try:
        week = int(request.GET.get("week", "0"))
    except ValueError:
        week = 0
    week = min(max(week, 0), FOLDER_WEEKS_AHEAD)
    monday = _monday(timezone.localdate()) + datetime.timedelta(weeks=week)
    occurrences = selectors.occurrence_list(
        library=library,
        branch=branch,
        start=_midnight(monday),
        end=_midnight(monday + datetime.timedelta(days=7)),
    )
    context = {
        "library": library,
        "branch": branch,
        "monday": monday,
        "sunday": monday + datetime.timedelta(days=6),
        "week": week,
        "weeks": range(FOLDER_WEEKS_AHEAD + 1),
        "days": _days(
            first=monday,
            count=7,
            occurrences=occurrences,
            themes=list(selectors.theme_list(library=library, branch=branch)),
        ),
        "rooms": selectors.room_list(library=library, branch=branch),
        "printed_at": timezone.localtime(),
        "agenda_url": request.build_absolute_uri(
            reverse("socialmap:agenda", args=[library.slug, branch.slug])
        ),
    }
    return _fresh(render(request, "socialmap/agenda/week_folder.html", context))


def _feed(
    occurrences: list[Occurrence],
    *,
    name: str,
    fmt: str,
    filename: str,
    offers: list[extras.AgendaOffer] | None = None,
) -> HttpResponse:
    if fmt == "ics":
        response = HttpResponse(
            feeds.calendar_ics(occurrences=occurrences, name=name, offers=offers or []),
            content_type="text/calendar; charset=utf-8",
        )
        response["Content-Disposition"] = f'inline; filename="{filename}.ics"'
    else:
        response = HttpResponse(
            feeds.calendar_json(occurrences=occurrences, name=name, offers=offers or []),
            content_type="application/json; charset=utf-8",
        )
    return _fresh(response)


def _feed_occurrences(library: Library, **filters) -> list[Occurrence]:
    start, end = feeds.feed_window()
    return selectors.occurrence_list(library=library, start=start, end=end, **filters)


def feed_branch(request: HttpRequest, library_slug: str, branch_slug: str, fmt: str):
    library = _library(library_slug)
    branch = _branch(library, branch_slug)
    name = _("Spreekuren %(branch)s") % {"branch": branch.name}
    occurrences = _feed_occurrences(library, branch=branch)
    offers = _feed_offers(library, branch)
    return _feed(occurrences, name=name, fmt=fmt, filename=branch.slug, offers=offers)


def _feed_offers(library, branch) -> list[extras.AgendaOffer]:
    """The activities' dates for a branch's feeds, iCalendar and JSON (a room's and a theme's
    feed keep those held there)."""
    start, end = feeds.feed_window()
    return extras.offers_between(
        library=library, branch=branch, start=start, end=end, for_feed=True
    )


def feed_room(request: HttpRequest, library_slug: str, branch_slug: str, room_pk: int, fmt: str):
    library = _library(library_slug)
    branch = _branch(library, branch_slug)
    try:
        room = selectors.room_list(library=library, branch=branch).get(pk=room_pk)
    except ObjectDoesNotExist as error:
        raise Http404 from error
    name = _("Spreekuren %(branch)s, %(room)s") % {"branch": branch.name, "room": room.name}
    occurrences = _feed_occurrences(library, room=room)
    offers = [o for o in _feed_offers(library, branch) if o.room_id == room.pk]
    filename = f"{branch.slug}-ruimte-{room.pk}"
    return _feed(occurrences, name=name, fmt=fmt, filename=filename, offers=offers)


def feed_theme(request: HttpRequest, library_slug: str, branch_slug: str, theme_pk: int, fmt: str):
    library = _library(library_slug)
    branch = _branch(library, branch_slug)
    try:
        theme = selectors.theme_list(library=library, branch=branch).get(pk=theme_pk)
    except ObjectDoesNotExist as error:
        raise Http404 from error
    name = _("%(theme)s in %(branch)s") % {"theme": theme.name, "branch": branch.name}
    occurrences = _feed_occurrences(library, branch=branch, theme=theme)
    offers = [o for o in _feed_offers(library, branch) if o.theme_id == theme.pk]
    filename = f"{branch.slug}-thema-{theme.pk}"
    return _feed(occurrences, name=name, fmt=fmt, filename=filename, offers=offers)


def feed_service(request: HttpRequest, library_slug: str, pk: UUID, fmt: str):
    library = _library(library_slug)
    try:
        service = selectors.service_get_listed(library=library, pk=pk)
    except Service.DoesNotExist as error:
        raise Http404 from error
    name = _("Spreekuren %(service)s") % {"service": service.name}
    occurrences = _feed_occurrences(library, service=service)
    return _feed(occurrences, name=name, fmt=fmt, filename=f"dienst-{service.pk}")
