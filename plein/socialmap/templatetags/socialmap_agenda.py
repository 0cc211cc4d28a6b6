"""Where and when, in words, for consultation hours, rooms and themes."""

from django import template
from django.utils.translation import gettext as _

from plein.socialmap.agenda import words
from plein.socialmap.hours import DAY_CODES, DAY_NAMES, times_describe
from plein.socialmap.models import Room, Theme

register = template.Library()


@register.filter
def room_words(room: Room | None) -> str:
    """ "Spreekkamer 2, eerste verdieping, naast de leestafel"."""
    return words.room_describe(room)


@register.filter
def theme_when(theme: Theme) -> str:
    """ "dinsdag 13.00–17.00 uur"."""
    return f"{DAY_NAMES[DAY_CODES[theme.weekday]]} {times_describe(theme.starts_at, theme.ends_at)}"


@register.filter
def languages_words(codes: str) -> str:
    return ", ".join(words.languages_describe(codes))


@register.filter
def theme_label(theme: Theme | None) -> str:
    return _("Thema: %(name)s") % {"name": theme.name} if theme else ""


@register.filter
def floor_words(floor: int) -> str:
    return words.floor_describe(floor)
