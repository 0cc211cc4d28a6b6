"""How the social map's entries read on a page: phone links, route links and opening hours.

Filters, so that views hand the templates model instances as they are.
"""

import datetime
import re
from urllib.parse import urlencode

from django import template

from plein.socialmap import hours
from plein.socialmap.models import Location, Service

register = template.Library()

# A plain link to route planning; the page itself never loads anything from a third party.
OSM_DIRECTIONS = "https://www.openstreetmap.org/directions?"


@register.filter
def tel(number: str) -> str:
    """A phone number as a tel: link target (digits and a leading +)."""
    return re.sub(r"[^\d+]", "", number)


@register.filter
def route_url(location: Location) -> str:
    """A route planner link to the location, or "" when it has neither coordinates nor address."""
    if location.latitude is not None and location.longitude is not None:
        destination = f"{location.latitude},{location.longitude}"
    else:
        address = next(iter(location.addresses.all()), None)
        if address is None:
            return ""
        destination = f"{address.address_1}, {address.postal_code} {address.city}"
    return OSM_DIRECTIONS + urlencode({"to": destination})


@register.filter
def current_hours(schedules) -> list[str]:
    """The current schedules in plain Dutch, one text each."""
    return [hours.schedule_describe(s) for s in schedules if hours.schedule_is_current(s)]


@register.filter
def next_opening(service: Service) -> str:
    """When the service is next available, over its own and its locations' schedules."""
    found = list(service.schedules.all())
    for service_at_location in service.service_at_locations.all():
        found.extend(service_at_location.schedules.all())
    return hours.next_describe(found)


@register.filter
def date_text(day: datetime.date | None) -> str:
    return hours.date_describe(day) if day else ""
