"""What every HSDS endpoint shares: anonymous read, CORS for any origin, throttling, JSON,
conditional GET (ETag, Last-Modified) and messages in the language the client asks for."""

import datetime
import hashlib

from django.conf import settings
from django.http import HttpResponseBase
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, quote_etag
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


def api_language(request) -> str:
    """The language of Accept-Language when Plein has it, else Dutch.

    Unlike the web pages (plein.core.middleware), an API client states what it can read."""
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    available = {code for code, _name in settings.LANGUAGES}
    for part in sorted(
        (piece.split(";") for piece in header.split(",") if piece.strip()),
        key=lambda piece: -_quality(piece[1:]),
    ):
        code = part[0].strip().lower().split("-")[0]
        if code in available and _quality(part[1:]) > 0:
            return code
    return settings.LANGUAGE_CODE


def _quality(params: list[str]) -> float:
    for param in params:
        name, _sep, value = param.strip().partition("=")
        if name.strip() == "q":
            try:
                return float(value)
            except ValueError:
                return 0.0
    return 1.0


def _conditional(request, response, last_modified: datetime.datetime | None):
    """ETag (a hash of the body) and Last-Modified; 304 Not Modified when the client has it."""
    response.render()
    response["ETag"] = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
    timestamp = None
    if last_modified is not None:
        timestamp = int(last_modified.timestamp())
        response["Last-Modified"] = http_date(timestamp)
    return get_conditional_response(
        request, etag=response["ETag"], last_modified=timestamp, response=response
    )


class HsdsView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [HsdsThrottle]
    renderer_classes = [JSONRenderer]
    content_negotiation_class = JsonOnly
    # Set by a view that knows when its answer last changed (for If-Modified-Since).
    last_modified: datetime.datetime | None = None

    def initial(self, request, *args, **kwargs):
        translation.activate(api_language(request))
        super().initial(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and not response.streaming
            and hasattr(response, "render")
        ):
            response = _conditional(request, response, self.last_modified)
        assert isinstance(response, HttpResponseBase)
        response["Content-Language"] = translation.get_language()
        patch_vary_headers(response, ("Accept-Language",))
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "Retry-After, ETag, Last-Modified"
        if request.method == "OPTIONS":
            response["Access-Control-Allow-Methods"] = "GET, OPTIONS"
            response["Access-Control-Allow-Headers"] = (
                "Accept, Accept-Language, Content-Type, If-None-Match, If-Modified-Since"
            )
            response["Access-Control-Max-Age"] = "86400"
        return response
