"""What the public pages show of a service, a location or a phone, in words and links."""

import datetime
import re
from collections.abc import Iterable
from urllib.parse import urlencode

from django import template

from plein.core.links import link_is_safe
from plein.socialmap import hours
from plein.socialmap.models import Location, Schedule, Service

register = template.Library()

# A plain link to route planning; the page itself never loads anything from a third party.
OSM_DIRECTIONS = "https://www.openstreetmap.org/directions?"


@register.filter
def safe_link(value: str) -> str:
    """The link when its scheme is one Plein allows, else nothing (the page shows no link)."""
    return value if value and link_is_safe(value) else ""


@register.filter
def tel(number: str) -> str:
    """The number for a tel: link: digits and a plus only."""
    return re.sub(r"[^\d+]", "", number)


@register.filter
def current_hours(schedules: Iterable[Schedule]) -> list[str]:
    return [hours.schedule_text(s) for s in schedules if hours.schedule_is_current(s)]


@register.filter
def next_opening(service: Service) -> str:
    """The next time the service is open, at the service itself or at one of its locations."""
    schedules = list(service.schedules.all())
    for service_at_location in service.service_at_locations.all():
        schedules.extend(service_at_location.schedules.all())
    return hours.next_describe(schedules)


@register.filter
def date_words(value: datetime.date | None) -> str:
    return hours.date_describe(value) if value else ""


@register.filter
def route_url(location: Location) -> str:
    if location.latitude is not None and location.longitude is not None:
        destination = f"{location.latitude},{location.longitude}"
    else:
        address = next(iter(location.addresses.all()), None)
        if address is None:
            return ""
        destination = f"{address.address_1}, {address.postal_code} {address.city}"
    return OSM_DIRECTIONS + urlencode({"to": destination})


@register.filter
def reasons_for(reasons: dict, service) -> list[str]:
    """The concepts a search result matched (see selectors.search_reasons)."""
    return reasons.get(service.pk, [])
