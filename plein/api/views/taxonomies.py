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
from plein.socialmap.models import Taxonomy, TaxonomyTerm

TAXONOMY_NOT_FOUND = _("Er is geen taxonomie met id %(id)s.")
TERM_NOT_FOUND = _("Er is geen taxonomieterm met id %(id)s.")
TAXONOMY_PARAMETERS = ("search", "page", "per_page", "format", "library")
TERM_PARAMETERS = (*TAXONOMY_PARAMETERS, "taxonomy_id", "top_only", "parent_id")


def _matching(queryset, query: str):
    return queryset.filter(Q(name__icontains=query) | Q(description__icontains=query))


class TaxonomyListView(HsdsView):
    @extend_schema(
        operation_id="hsds_taxonomies_list",
        summary="Taxonomieën",
        description=(
            "Met library: de gedeelde taxonomieën (onderwerpen, leefgebieden) en die van de "
            "bibliotheek."
        ),
        parameters=docs.params(*TAXONOMY_PARAMETERS),
        responses=docs.page_of("taxonomy", "Een pagina taxonomieën."),
    )
    def get(self, request):
        params = Params(request.query_params, TAXONOMY_PARAMETERS)
        queryset = filters.taxonomies_public(library=params.library())
        if query := params.search():
            queryset = _matching(queryset, query)

        def to_hsds(rows):
            return [serialize.taxonomy_to_hsds(row) for row in rows]

        return listing(params, queryset, to_hsds)


class TaxonomyDetailView(HsdsView):
    @extend_schema(
        operation_id="hsds_taxonomies_retrieve",
        summary="Eén taxonomie",
        parameters=[docs.PATH_ID],
        responses=docs.one("taxonomy", "De taxonomie."),
    )
    def get(self, request, id: str):
        Params(request.query_params, ())
        taxonomy_id = path_uuid(id, TAXONOMY_NOT_FOUND)
        taxonomy = Taxonomy.objects.filter(id=taxonomy_id).first()
        if taxonomy is None:
            raise NotFound(TAXONOMY_NOT_FOUND % {"id": taxonomy_id})
        return Response(serialize.taxonomy_to_hsds(taxonomy))


class TaxonomyTermListView(HsdsView):
    @extend_schema(
        operation_id="hsds_taxonomy_terms_list",
        summary="Taxonomietermen",
        description="Op code en naam. top_only=true: alleen termen zonder bovenliggende term.",
        parameters=docs.params(*TERM_PARAMETERS),
        responses=docs.page_of("taxonomy_term", "Een pagina taxonomietermen."),
    )
    def get(self, request):
        params = Params(request.query_params, TERM_PARAMETERS)
        queryset = filters.taxonomy_terms_public(library=params.library())
        if taxonomy_id := params.uuid("taxonomy_id"):
            queryset = queryset.filter(taxonomy_detail_id=taxonomy_id)
        if parent_id := params.uuid("parent_id"):
            queryset = queryset.filter(parent_id=parent_id)
        if params.boolean("top_only"):
            queryset = queryset.filter(parent__isnull=True)
        if query := params.search():
            queryset = _matching(queryset, query)

        def to_hsds(rows):
            return [serialize.taxonomy_term_to_hsds(row) for row in rows]

        return listing(params, queryset, to_hsds)


class TaxonomyTermDetailView(HsdsView):
    @extend_schema(
        operation_id="hsds_taxonomy_terms_retrieve",
        summary="Eén taxonomieterm",
        parameters=[docs.PATH_ID],
        responses=docs.one("taxonomy_term", "De taxonomieterm."),
    )
    def get(self, request, id: str):
        Params(request.query_params, ())
        term_id = path_uuid(id, TERM_NOT_FOUND)
        term = TaxonomyTerm.objects.select_related("taxonomy_detail").filter(id=term_id).first()
        if term is None:
            raise NotFound(TERM_NOT_FOUND % {"id": term_id})
        return Response(serialize.taxonomy_term_to_hsds(term))
