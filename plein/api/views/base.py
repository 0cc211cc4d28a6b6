"""What every HSDS endpoint shares: anonymous read, CORS for any origin, throttling, JSON."""

from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from plein.core.clients import client_ip


class HsdsThrottle(AnonRateThrottle):
    """Counts per client in the default cache (the database: shared by every worker process).

    The client is who plein.core.clients says it is, so a forged X-Forwarded-For header does
    not give a fresh count (DRF would read the whole header without NUM_PROXIES)."""

    scope = "hsds"

    def get_ident(self, request) -> str:
        return client_ip(request)

    def get_rate(self) -> str | None:
        # Read at request time, so a changed setting (tests, reloads) takes effect.
        # The stubs type the rates as numbers; DRF's rates are strings such as "60/min".
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)  # type: ignore[return-value]


class JsonOnly(BaseContentNegotiation):
    """Always JSON. HSDS uses ?format= for ndjson, which DRF would take for a renderer name."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class HsdsView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [HsdsThrottle]
    renderer_classes = [JSONRenderer]
    content_negotiation_class = JsonOnly

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "Retry-After"
        if request.method == "OPTIONS":
            response["Access-Control-Allow-Methods"] = "GET, OPTIONS"
            response["Access-Control-Allow-Headers"] = "Accept, Accept-Language, Content-Type"
            response["Access-Control-Max-Age"] = "86400"
        return response
