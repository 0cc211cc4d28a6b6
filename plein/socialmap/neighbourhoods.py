"""Neighbourhoods (wijken, buurten, dorpen): from postcodes to neighbourhoods, and back."""

import re

from django.db import transaction

from plein.core.models import Library
from plein.socialmap.models import Location, Neighbourhood, PostcodeArea, ServiceArea
from plein.socialmap.search import text

POSTCODE_RE = re.compile(r"^\s*(\d{4})\s*([A-Za-z]{2})?\s*$")
# Service areas that cover every neighbourhood besides the municipality itself.
NATIONWIDE_AREAS = {"nederland", "heel nederland", "landelijk", "heel het land"}


def postcode_normalize(value: str) -> str | None:
    """ "7731 bk" -> "7731BK", "7731" -> "7731"; None when it is not a Dutch postcode."""
    match = POSTCODE_RE.match(value or "")
    if not match or match.group(1).startswith("0"):
        return None
    return match.group(1) + (match.group(2) or "").upper()


def neighbourhood_for_postcode(*, library: Library, postcode: str) -> Neighbourhood | None:
    """The neighbourhood of a postcode: a full (PC6) match beats the four digits (PC4)."""
    normalized = postcode_normalize(postcode)
    if not normalized:
        return None
    areas = PostcodeArea.objects.filter(
        library=library, postcode__in={normalized, normalized[:4]}
    ).select_related("neighbourhood")
    by_postcode = {area.postcode.replace(" ", "").upper(): area.neighbourhood for area in areas}
    return by_postcode.get(normalized) or by_postcode.get(normalized[:4])


def neighbourhood_family_ids(neighbourhood: Neighbourhood) -> set[int]:
    """The neighbourhood, what lies in it and what it lies in: all count for a filter."""
    family = {neighbourhood.pk}
    children = list(
        Neighbourhood.objects.filter(parent_id=neighbourhood.pk).values_list("pk", flat=True)
    )
    while children:
        family.update(children)
        children = list(
            Neighbourhood.objects.filter(parent_id__in=children)
            .exclude(pk__in=family)
            .values_list("pk", flat=True)
        )
    parent_id = neighbourhood.parent_id
    while parent_id and parent_id not in family:
        family.add(parent_id)
        parent_id = (
            Neighbourhood.objects.filter(pk=parent_id).values_list("parent_id", flat=True).first()
        )
    return family


def neighbourhood_in_query(*, library: Library, query: str) -> tuple[Neighbourhood | None, str]:
    """A neighbourhood named in a question ("taalles in Hoogdonk"), and the question without
    its name; (None, query) when it names none. The longest name wins ("De Elzen" over a
    neighbourhood "Elzen")."""
    words = text.tokens(query)
    if not words:
        return None, query
    names = [
        (tuple(text.tokens(neighbourhood.name)), neighbourhood)
        for neighbourhood in Neighbourhood.objects.filter(library=library)
    ]
    for name, neighbourhood in sorted(names, key=lambda item: -len(item[0])):
        size = len(name)
        for start in range(len(words) - size + 1):
            if size and tuple(words[start : start + size]) == name:
                rest = words[:start] + words[start + size :]
                return neighbourhood, " ".join(rest)
    return None, query


def _name_key(name: str) -> str:
    return " ".join(text.tokens(name))


def _area_neighbourhoods(
    area_name: str, by_name: dict[str, Neighbourhood], everywhere: set[str], municipality: str
) -> list[Neighbourhood]:
    key = _name_key(area_name)
    if not key:
        return []
    if key in everywhere:
        return list(by_name.values())
    if key in by_name:
        return [by_name[key]]
    # "Lindendal Oost" or "Wijk Oost" for the neighbourhood "Oost".
    for prefix in (municipality, "wijk", "buurt", "dorp", "gemeente"):
        if prefix and key.startswith(prefix + " ") and key[len(prefix) + 1 :] in by_name:
            return [by_name[key[len(prefix) + 1 :]]]
    return []


@transaction.atomic
def neighbourhoods_link(*, library: Library) -> None:
    """Set each location's neighbourhood from its postcode and link service areas by name.

    Links are only added, so links a coordinator made by hand are kept.
    """
    areas = {
        area.postcode.replace(" ", "").upper(): area.neighbourhood_id
        for area in PostcodeArea.objects.filter(library=library)
    }
    changed = []
    locations = Location.objects.filter(library=library).prefetch_related("addresses")
    for location in locations:
        neighbourhood_id = None
        for address in location.addresses.all():
            postcode = postcode_normalize(address.postal_code)
            if postcode:
                neighbourhood_id = areas.get(postcode) or areas.get(postcode[:4])
            if neighbourhood_id:
                break
        if neighbourhood_id and neighbourhood_id != location.neighbourhood_id:
            location.neighbourhood_id = neighbourhood_id
            changed.append(location)
    Location.objects.bulk_update(changed, ["neighbourhood"])

    by_name = {_name_key(n.name): n for n in Neighbourhood.objects.filter(library=library)}
    municipality = _name_key(library.municipality)
    everywhere = set(NATIONWIDE_AREAS)
    if municipality:
        everywhere |= {municipality, f"gemeente {municipality}"}
    through = ServiceArea.neighbourhoods.through
    links = []
    service_areas = ServiceArea.objects.filter(service__library=library).only("id", "name")
    for area in service_areas:
        for neighbourhood in _area_neighbourhoods(area.name, by_name, everywhere, municipality):
            links.append(through(servicearea_id=area.pk, neighbourhood_id=neighbourhood.pk))
    through.objects.bulk_create(links, ignore_conflicts=True)
