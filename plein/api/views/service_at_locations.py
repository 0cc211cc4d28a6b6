from functools import partial

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from plein.api import filters
from plein.api.pagination import listing
from plein.api.params import Params, path_uuid
from plein.api.views import docs
from plein.api.views.base import HsdsView
from plein.api.views.services import SERVICE_FILTERS, search_services
from plein.socialmap.hsds import serialize
from plein.socialmap.models import Service, ServiceAtLocation
from plein.socialmap.search import ServiceSearch

SERVICE_AT_LOCATION_NOT_FOUND = _("Er is geen dienst op locatie met id %(id)s.")
LIST_PARAMETERS = ("page", "per_page", "format", "full", *SERVICE_FILTERS)


def _search(params: Params):
    services = search_services(params, location_filters=False)
    if isinstance(services, ServiceSearch):
        services = services.matches()
    queryset = ServiceAtLocation.objects.filter(service_id__in=services.order_by().values("id"))
    postcode = params.postcode()
    asked = params.proximity(postcode=postcode)
    if postcode and not (asked and asked.latitude is None):
        at_address = filters.addresses_in(postcode).values("location_id")
        covered = filters.services_in_postcode(Service.objects.all(), postcode).values("id")
        queryset = queryset.filter(Q(location_id__in=at_address) | Q(service_id__in=covered))
    proximity = filters.resolve_proximity(asked, postcode)
    if proximity is None:
        return queryset.order_by("service__name", "location__name", "id")
    distance = filters.squared_distance(proximity.latitude, proximity.longitude, "location__")
    queryset = queryset.annotate(distance=distance)
    if proximity.radius is not None:
        limit = (proximity.radius / filters.METERS_PER_DEGREE) ** 2
        queryset = queryset.filter(distance__lte=limit)
    return queryset.order_by(F("distance").asc(nulls_last=True), "service__name", "id")


class ServiceAtLocationListView(HsdsView):
    @extend_schema(
        operation_id="hsds_service_at_locations_list",
        summary="Diensten op locatie",
        description=(
            "Waar en wanneer diensten te vinden zijn. Dezelfde filters als /services; postcode "
            "en proximity gelden hier voor de locatie zelf. full=true nest alles."
        ),
        parameters=docs.params(*LIST_PARAMETERS),
        responses=docs.page_of("service_at_location", "Een pagina diensten op locatie."),
    )
    def get(self, request):
        params = Params(request.query_params, LIST_PARAMETERS)
        full = params.boolean("full")
        queryset = _search(params)
        self.last_modified = filters.services_last_changed(library=params.library())
        if full:
            queryset = serialize.prefetch_service_at_locations(queryset)
        else:
            queryset = queryset.select_related(
                "location", "service__organization", "service__program"
            )
        return listing(params, queryset, partial(serialize.service_at_locations_to_hsds, full=full))


class ServiceAtLocationDetailView(HsdsView):
    @extend_schema(
        operation_id="hsds_service_at_locations_retrieve",
        summary="Eén dienst op locatie, volledig genest",
        parameters=[docs.PATH_ID],
        responses=docs.one("service_at_location", "De dienst op deze locatie."),
    )
    def get(self, request, id: str):
        Params(request.query_params, ())
        sal_id = path_uuid(id, SERVICE_AT_LOCATION_NOT_FOUND)
        queryset = ServiceAtLocation.objects.filter(id=sal_id)
        sal = serialize.prefetch_service_at_locations(queryset).first()
        if sal is None:
            raise NotFound(SERVICE_AT_LOCATION_NOT_FOUND % {"id": sal_id})
        return Response(serialize.service_at_location_to_hsds(sal))
