from functools import partial

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from plein.api import filters
from plein.api.pagination import listing
from plein.api.params import Params, path_uuid
from plein.api.views import docs
from plein.api.views.base import HsdsView
from plein.socialmap.hsds import serialize
from plein.socialmap.models import Location

LOCATION_NOT_FOUND = _("Er is geen locatie met id %(id)s.")
LIST_PARAMETERS = ("search", "postcode", "library", "full", "page", "per_page", "format")


class LocationListView(HsdsView):
    @extend_schema(
        operation_id="hsds_locations_list",
        summary="Locaties",
        description=(
            "Alle locaties, ook die zonder dienst (zoals Open Referral UK v1, LocalGov en Ohana "
            "ze hebben), op naam. search zoekt in naam en omschrijving; postcode geeft de "
            "locaties met een adres in die postcode. full=true nest adressen, tijden en meer."
        ),
        parameters=docs.params(*LIST_PARAMETERS),
        responses=docs.page_of("location", "Een pagina locaties."),
    )
    def get(self, request):
        params = Params(request.query_params, LIST_PARAMETERS)
        full = params.boolean("full")
        queryset = Location.objects.order_by("name", "id")
        if library := params.library():
            queryset = queryset.filter(library=library)
        if query := params.search():
            queryset = queryset.filter(Q(name__icontains=query) | Q(description__icontains=query))
        if postcode := params.postcode():
            queryset = queryset.filter(id__in=filters.addresses_in(postcode).values("location_id"))
        return listing(params, queryset, partial(serialize.locations_to_hsds, full=full))


class LocationDetailView(HsdsView):
    @extend_schema(
        operation_id="hsds_locations_retrieve",
        summary="Eén locatie, volledig genest",
        parameters=[docs.PATH_ID],
        responses=docs.one("location", "De locatie met adressen, tijden en meer."),
    )
    def get(self, request, id: str):
        Params(request.query_params, ())
        location_id = path_uuid(id, LOCATION_NOT_FOUND)
        location = Location.objects.filter(id=location_id).first()
        if location is None:
            raise NotFound(LOCATION_NOT_FOUND % {"id": location_id})
        return Response(serialize.locations_to_hsds([location])[0])
