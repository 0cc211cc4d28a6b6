"""Querysets behind the HSDS API: what is public, and the filters of its parameters."""

import datetime
import math
import uuid

from django.db.models import F, FloatField, Max, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Cast

from plein.api.exceptions import ParameterError
from plein.api.params import (
    POSTCODE_CENTRE_UNKNOWN,
    PROXIMITY_NEEDS_POSTCODE,
    Params,
    Point,
    Postcode,
    Proximity,
)
from plein.core.models import Library
from plein.socialmap.models import (
    Address,
    Attribute,
    Location,
    Neighbourhood,
    PostcodeArea,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

METERS_PER_DEGREE = 111_195
# Taxonomies are shallow; this bounds the walk down a term's children.
MAX_TERM_DEPTH = 6


def _for_library(queryset: QuerySet, library: Library | None, *, shared: bool = False):
    if library is None:
        return queryset
    if shared:
        return queryset.filter(Q(library=library) | Q(library__isnull=True))
    return queryset.filter(library=library)


def services_public(*, library: Library | None, statuses) -> QuerySet[Service]:
    return _for_library(Service.objects.filter(status__in=statuses), library)


def services_last_changed(*, library: Library | None) -> datetime.datetime | None:
    """When the social map's services last changed: Last-Modified of the service lists."""
    return _for_library(Service.objects.all(), library).aggregate(Max("last_modified"))[
        "last_modified__max"
    ]


def _term_with_descendants(term_ids: set[uuid.UUID]) -> set[uuid.UUID]:
    found, frontier = set(term_ids), set(term_ids)
    for _ in range(MAX_TERM_DEPTH):
        frontier = (
            set(TaxonomyTerm.objects.filter(parent_id__in=frontier).values_list("id", flat=True))
            - found
        )
        if not frontier:
            break
        found |= frontier
    return found


def _services_with_schedule(schedules: QuerySet[Schedule]) -> Q:
    at_locations = ServiceAtLocation.objects.filter(
        id__in=schedules.values("service_at_location_id")
    ).values("service_id")
    return Q(id__in=schedules.values("service_id")) | Q(id__in=at_locations)


def _neighbourhoods_of(postcode: Postcode) -> set[int]:
    codes = [postcode.pc4, postcode.full] if postcode.letters else None
    areas = PostcodeArea.objects.all()
    areas = (
        areas.filter(postcode__in=codes)
        if codes
        else areas.filter(postcode__startswith=postcode.pc4)
    )
    ids = set(areas.values_list("neighbourhood_id", flat=True))
    # A service area that names a wijk also covers the buurten inside it.
    parents = Neighbourhood.objects.filter(id__in=ids, parent__isnull=False)
    return ids | set(parents.values_list("parent_id", flat=True))


def addresses_in(postcode: Postcode) -> QuerySet[Address]:
    if postcode.letters:
        spaced = f"{postcode.pc4} {postcode.letters}"
        return Address.objects.filter(
            Q(postal_code__iexact=postcode.full) | Q(postal_code__iexact=spaced)
        )
    return Address.objects.filter(postal_code__startswith=postcode.pc4)


def services_in_postcode(queryset: QuerySet[Service], postcode: Postcode) -> QuerySet[Service]:
    locations = addresses_in(postcode).values("location_id")
    at_locations = ServiceAtLocation.objects.filter(location_id__in=locations).values("service_id")
    neighbourhoods = _neighbourhoods_of(postcode)
    covered = Service.objects.filter(service_areas__neighbourhoods__in=neighbourhoods).values("id")
    return queryset.filter(Q(id__in=at_locations) | Q(id__in=covered))


def postcode_centre(postcode: Postcode) -> tuple[float, float] | None:
    """The middle of the known locations in a postcode; HSDS measures proximity from there."""
    rows = Location.objects.filter(id__in=addresses_in(postcode).values("location_id")).values_list(
        "latitude", "longitude"
    )
    points = [(float(lat), float(lon)) for lat, lon in rows if lat is not None and lon is not None]
    if not points:
        return None
    return (
        sum(lat for lat, _ in points) / len(points),
        sum(lon for _, lon in points) / len(points),
    )


def squared_distance(latitude: float, longitude: float, prefix: str = ""):
    """Squared distance in degrees of latitude: exact enough at the scale of a municipality."""
    lat = Cast(F(f"{prefix}latitude"), FloatField()) - Value(latitude)
    lon = (Cast(F(f"{prefix}longitude"), FloatField()) - Value(longitude)) * Value(
        math.cos(math.radians(latitude))
    )
    return lat * lat + lon * lon


def services_by_distance(queryset: QuerySet[Service], point: Point) -> QuerySet[Service]:
    nearest = (
        Location.objects.filter(
            service_at_locations__service=OuterRef("pk"),
            latitude__isnull=False,
            longitude__isnull=False,
        )
        .annotate(distance=squared_distance(point.latitude, point.longitude))
        .order_by("distance")
        .values("distance")[:1]
    )
    queryset = queryset.annotate(distance=Subquery(nearest, output_field=FloatField()))
    if point.radius is not None:
        queryset = queryset.filter(distance__lte=(point.radius / METERS_PER_DEGREE) ** 2)
    return queryset.order_by(F("distance").asc(nulls_last=True), "name", "id")


def resolve_proximity(proximity: Proximity | None, postcode: Postcode | None) -> Point | None:
    """A point to measure from; an HSDS radius-only proximity uses the postcode's centre."""
    if proximity is None:
        return None
    if proximity.latitude is not None and proximity.longitude is not None:
        return Point(proximity.latitude, proximity.longitude, proximity.radius)
    if postcode is None:
        raise ParameterError("proximity", PROXIMITY_NEEDS_POSTCODE)
    centre = postcode_centre(postcode)
    if centre is None:
        raise ParameterError(
            "proximity", POSTCODE_CENTRE_UNKNOWN % {"postcode": postcode.pc4 + postcode.letters}
        )
    return Point(centre[0], centre[1], proximity.radius)


def filter_services(queryset: QuerySet[Service], params: Params) -> QuerySet[Service]:
    """Every service filter of /services and /service_at_locations except location ones.

    Several values of one parameter mean any of them (Open Referral UK)."""
    if organization_ids := params.uuids("organization_id"):
        queryset = queryset.filter(organization_id__in=organization_ids)
    if term_ids := params.uuids("taxonomy_term_id"):
        terms = _term_with_descendants(set(term_ids))
        linked = Attribute.objects.filter(taxonomy_term_id__in=terms).values("link_id")
        queryset = queryset.filter(id__in=linked)
    if taxonomy_ids := params.uuids("taxonomy_id"):
        linked = Attribute.objects.filter(
            taxonomy_term__taxonomy_detail_id__in=taxonomy_ids
        ).values("link_id")
        queryset = queryset.filter(id__in=linked)
    if modified_after := params.modified_after():
        queryset = queryset.filter(last_modified__gte=modified_after)
    overlap = params.boolean("x_overlap")
    queryset = _filter_ages(queryset, *params.ages(), overlap=overlap)
    days = params.days()
    start, end = params.time_window()
    if days or start or end:
        schedules = Schedule.objects.all()
        if days:
            on_a_day = Q(freq__iexact="DAILY")
            for day in days:
                on_a_day |= Q(byday__icontains=day)
            schedules = schedules.filter(on_a_day)
        schedules = _filter_times(schedules, start, end, overlap=overlap)
        queryset = queryset.filter(_services_with_schedule(schedules))
    return queryset


def _filter_times(schedules: QuerySet[Schedule], start, end, *, overlap: bool):
    """ORUK: open from start_time or later and until end_time or earlier. With x_overlap
    (Plein's meaning): open at some moment between start_time and end_time."""
    if overlap:
        if start:
            schedules = schedules.filter(closes_at__gt=start)
        if end:
            schedules = schedules.filter(opens_at__lt=end)
        return schedules
    if start:
        schedules = schedules.filter(opens_at__gte=start)
    if end:
        schedules = schedules.filter(closes_at__lte=end)
    return schedules


def _filter_ages(queryset: QuerySet[Service], low, high, *, overlap: bool):
    """ORUK: the service's minimum age is at least `low`, its maximum age at most `high`
    (no minimum is 0, no maximum is no limit). With x_overlap (Plein's meaning): the service's
    age range overlaps the asked range."""
    if overlap:
        if low is not None:
            queryset = queryset.filter(Q(maximum_age__isnull=True) | Q(maximum_age__gte=low))
        if high is not None:
            queryset = queryset.filter(Q(minimum_age__isnull=True) | Q(minimum_age__lte=high))
        return queryset
    if low is not None:
        at_least = Q(minimum_age__gte=low)
        queryset = queryset.filter(at_least | Q(minimum_age__isnull=True) if low <= 0 else at_least)
    if high is not None:
        queryset = queryset.filter(maximum_age__lte=high)
    return queryset


def taxonomies_public(*, library: Library | None) -> QuerySet[Taxonomy]:
    return _for_library(Taxonomy.objects.all(), library, shared=True).order_by("name", "id")


def taxonomy_terms_public(*, library: Library | None) -> QuerySet[TaxonomyTerm]:
    queryset = TaxonomyTerm.objects.select_related("taxonomy_detail")
    return _for_library(queryset, library, shared=True).order_by("code", "name", "id")
