from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response

from plein.api.params import Params
from plein.api.views.base import HsdsView
from plein.socialmap.hsds.serialize import HSDS_VERSION

# Plein implements HSDS 3.0 itself, without a profile; this names the specification.
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
