from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.renderers import (
    OpenApiJsonRenderer,
    OpenApiJsonRenderer2,
    OpenApiYamlRenderer,
    OpenApiYamlRenderer2,
)
from drf_spectacular.utils import OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from plein.api.params import Params
from plein.api.views.base import HsdsView
from plein.socialmap.hsds.serialize import HSDS_VERSION

# Plein implements HSDS 3.0 itself, without a profile; this names the specification.
UNKNOWN_PATH = _("Deze API heeft geen adres '%(path)s'. Alle adressen staan in %(schema)s.")
TRAILING_SLASH = _("Gebruik '%(path)s' zonder / aan het eind.")

HSDS_PROFILE = "https://docs.openreferral.org/en/latest/hsds/"

ROOT_SCHEMA = {
    "type": "object",
    "properties": {
        "version": {"type": "string"},
        "profile": {"type": "string", "format": "uri"},
        "openapi_url": {"type": "string", "format": "uri"},
    },
}


class RootView(HsdsView):
    @extend_schema(
        operation_id="hsds_root",
        summary="Over deze API",
        description="De HSDS-versie van deze API en waar het OpenAPI-document staat.",
        responses={200: OpenApiResponse(response=ROOT_SCHEMA)},
    )
    def get(self, request):
        Params(request.query_params, ())
        return Response(
            {
                "version": HSDS_VERSION,
                "profile": HSDS_PROFILE,
                "openapi_url": request.build_absolute_uri(reverse("api:schema")),
            }
        )


class SchemaView(SpectacularAPIView):
    """The OpenAPI document: JSON unless YAML is asked for (?format=yaml or by Accept), with
    this server in `servers`, so that validators can run against Plein from the document."""

    renderer_classes = [
        OpenApiJsonRenderer,
        OpenApiJsonRenderer2,
        OpenApiYamlRenderer,
        OpenApiYamlRenderer2,
    ]

    def _get_schema_response(self, request):
        response = super()._get_schema_response(request)
        response.data["servers"] = [{"url": request.build_absolute_uri("/").rstrip("/")}]
        response["Access-Control-Allow-Origin"] = "*"
        return response


class UnknownPathView(HsdsView):
    """A JSON 404 (with CORS) for paths the HSDS API does not have, e.g. "services/"."""

    @extend_schema(exclude=True)
    def get(self, request, rest: str):
        message = UNKNOWN_PATH % {"path": rest, "schema": reverse("api:schema")}
        if rest.endswith("/"):
            message = f"{message} {TRAILING_SLASH % {'path': rest.rstrip('/')}}"
        raise NotFound(message)
