from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from plein.api.pagination import listing
from plein.api.params import LISTED_STATUSES, Params, path_uuid
from plein.api.views import docs
from plein.api.views.base import HsdsView
from plein.socialmap.hsds import serialize
from plein.socialmap.models import Organization, Service

ORGANIZATION_NOT_FOUND = _("Er is geen organisatie met id %(id)s.")
LIST_PARAMETERS = ("search", "full_service", "full", "page", "per_page", "format", "library")


def _with_services(queryset, *, full: bool):
    services: QuerySet[Service] = Service.objects.filter(status__in=LISTED_STATUSES).order_by(
        "name", "id"
    )
    if full:
        services = serialize.prefetch_services(services)
    return queryset.prefetch_related(Prefetch("services", services, to_attr="hsds_services"))


class OrganizationListView(HsdsView):
    @extend_schema(
        operation_id="hsds_organizations_list",
        summary="Organisaties",
        description=(
            "Organisaties, op naam. full=true nest alles van de organisatie en haar actieve "
            "diensten (alleen hun eigen velden); full_service=true nest ook die diensten volledig."
        ),
        parameters=docs.params(*LIST_PARAMETERS),
        responses=docs.page_of("organization", "Een pagina organisaties."),
    )
    def get(self, request):
        params = Params(request.query_params, LIST_PARAMETERS)
        full, full_service = params.boolean("full"), params.boolean("full_service")
        library = params.library()
        queryset = Organization.objects.order_by("name", "id")
        if library is not None:
            queryset = queryset.filter(library=library)
        if query := params.search():
            queryset = queryset.filter(
                Q(name__icontains=query) | Q(alternate_name__icontains=query)
            )
        nested = full or full_service
        if nested:
            queryset = _with_services(serialize.prefetch_organizations(queryset), full=full_service)
        services = "full" if full_service else ("list" if full else "none")

        def to_hsds(rows):
            return serialize.organizations_to_hsds(rows, nested=nested, services=services)

        return listing(params, queryset, to_hsds)


class OrganizationDetailView(HsdsView):
    @extend_schema(
        operation_id="hsds_organizations_retrieve",
        summary="Eén organisatie, volledig genest",
        description=(
            "Met haar actieve diensten: hun eigen velden, of met full_service=true volledig genest."
        ),
        parameters=[docs.PATH_ID, docs.P["full_service"]],
        responses=docs.one("organization", "De organisatie met alles wat erbij hoort."),
    )
    def get(self, request, id: str):
        params = Params(request.query_params, ("full_service",))
        full_service = params.boolean("full_service")
        org_id = path_uuid(id, ORGANIZATION_NOT_FOUND)
        queryset = serialize.prefetch_organizations(Organization.objects.filter(id=org_id))
        org = _with_services(queryset, full=full_service).first()
        if org is None:
            raise NotFound(ORGANIZATION_NOT_FOUND % {"id": org_id})
        services = "full" if full_service else "list"
        return Response(serialize.organization_to_hsds(org, services=services))
