from collections.abc import Callable
from functools import partial

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from plein.api import filters
from plein.api.pagination import listing
from plein.api.params import MAX_PER_PAGE, MAX_PER_PAGE_MINIMAL, Params, path_uuid
from plein.api.views import docs
from plein.api.views.base import HsdsView
from plein.socialmap.hsds import serialize
from plein.socialmap.models import Service
from plein.socialmap.search import ServiceSearch

SERVICE_NOT_FOUND = _("Er is geen dienst met id %(id)s.")
SERVICE_FILTERS = (
    "search",
    "taxonomy_term_id",
    "taxonomy_id",
    "organization_id",
    "modified_after",
    "postcode",
    "proximity",
    "day",
    "start_time",
    "end_time",
    "minimum_age",
    "maximum_age",
    "library",
    "status",
    "x_overlap",
)
LIST_PARAMETERS = ("page", "per_page", "format", "minimal", "full", *SERVICE_FILTERS)
LIST_DESCRIPTION = (
    "Diensten van de sociale kaart. Standaard alleen diensten die actief of tijdelijk gesloten "
    "zijn (status=all toont ook inactieve en opgeheven diensten, voor wie synchroniseert); "
    "zonder search gesorteerd op naam, met search op relevantie, met proximity op afstand. "
    "Contactpersonen en nummers die alleen voor professionals zijn staan nooit in deze API."
)


def search_services(
    params: Params,
    *,
    location_filters: bool = True,
    load: Callable[[QuerySet[Service]], QuerySet[Service]] | None = None,
) -> QuerySet[Service] | ServiceSearch:
    """The public services that match every filter of the request, best match first.

    `load` adds what the caller reads of each service (select_related and the like). A search
    ordered by relevance is a `ServiceSearch`, which pages like a queryset (count and slices).
    """
    library = params.library()
    queryset = filters.services_public(library=library, statuses=params.statuses())
    queryset = filters.filter_services(queryset, params)
    postcode = params.postcode()
    asked = params.proximity(postcode=postcode)
    query = params.search()
    proximity = None
    if location_filters:
        if postcode and not (asked and asked.latitude is None):
            queryset = filters.services_in_postcode(queryset, postcode)
        proximity = filters.resolve_proximity(asked, postcode)
    if load is not None:
        queryset = load(queryset)
    search = ServiceSearch(query, library=library, services=queryset)
    if search.searchable:
        if not proximity:
            return search
        queryset = search.matches()
    if proximity:
        return filters.services_by_distance(queryset, proximity)
    return queryset.order_by("name", "id")


def _with_organization_and_program(queryset: QuerySet[Service]) -> QuerySet[Service]:
    return queryset.select_related("organization", "program")


class ServiceListView(HsdsView):
    @extend_schema(
        operation_id="hsds_services_list",
        summary="Diensten",
        description=LIST_DESCRIPTION,
        parameters=docs.params(*LIST_PARAMETERS),
        responses=docs.page_of("service", "Een pagina diensten."),
    )
    def get(self, request):
        params = Params(request.query_params, LIST_PARAMETERS)
        minimal, full = params.boolean("minimal"), params.boolean("full")
        if minimal:
            load, to_hsds = None, partial(serialize.services_to_hsds, minimal=True)
        elif full:
            load, to_hsds = serialize.prefetch_services, serialize.services_to_hsds
        else:
            load = _with_organization_and_program
            to_hsds = partial(serialize.services_to_hsds, full=False)
        queryset = search_services(params, load=load)
        self.last_modified = filters.services_last_changed(library=params.library())
        limit = MAX_PER_PAGE_MINIMAL if minimal else MAX_PER_PAGE
        return listing(params, queryset, to_hsds, limit=limit)


class ServiceDetailView(HsdsView):
    @extend_schema(
        operation_id="hsds_services_retrieve",
        summary="Eén dienst, volledig genest",
        description="Ook inactieve of opgeheven diensten, zodat wie een id bewaarde dat ziet.",
        parameters=[docs.PATH_ID],
        responses=docs.one("service", "De dienst met alles wat erbij hoort."),
    )
    def get(self, request, id: str):
        Params(request.query_params, ())
        service_id = path_uuid(id, SERVICE_NOT_FOUND)
        service = serialize.prefetch_services(Service.objects.filter(id=service_id)).first()
        if service is None:
            raise NotFound(SERVICE_NOT_FOUND % {"id": service_id})
        self.last_modified = service.last_modified
        return Response(serialize.service_to_hsds(service))
