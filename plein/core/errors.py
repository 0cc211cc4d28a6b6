"""Error answers: JSON with a Dutch message for scripts, Django's HTML pages for browsers.

A script that sends ``Accept: application/json`` (or ``X-Requested-With``) reads the answer;
an HTML error page would look to it like a broken connection.
"""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from django.views.csrf import csrf_failure as html_csrf_failure

CSRF_FAILED = _("Uw beveiligingssleutel is verlopen. Vernieuw de pagina en probeer het opnieuw.")
SERVER_ERROR = _("Door een fout aan onze kant lukte dit niet. Probeer het zo opnieuw.")
NOT_FOUND = _("Dit adres bestaat niet (meer).")


def wants_json(request: HttpRequest) -> bool:
    return (
        "application/json" in request.META.get("HTTP_ACCEPT", "")
        or "HTTP_X_REQUESTED_WITH" in request.META
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    if wants_json(request):
        return JsonResponse({"ok": False, "csrf": True, "error": str(CSRF_FAILED)}, status=403)
    return html_csrf_failure(request, reason=reason)


def server_error(request: HttpRequest) -> HttpResponse:
    if wants_json(request):
        return JsonResponse({"ok": False, "error": str(SERVER_ERROR)}, status=500)
    return defaults.server_error(request)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if wants_json(request):
        return JsonResponse({"ok": False, "error": str(NOT_FOUND)}, status=404)
    return defaults.page_not_found(request, exception)
