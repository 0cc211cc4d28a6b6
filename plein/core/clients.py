"""Who is asking: the client's address, as every rate limit counts it.

Behind a reverse proxy every request comes from the proxy, and the client's address is in
X-Forwarded-For, where the client can also write anything it likes. So the header is read only
when PLEIN_TRUSTED_PROXY_COUNT says how many proxies of our own stand in front (each appends the
address it saw): the client is then the Nth address from the right. Without it, the header is
ignored and the connection's address counts.
"""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's address; behind N trusted proxies, the Nth address from the right."""
    proxies = getattr(settings, "PLEIN_TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")
